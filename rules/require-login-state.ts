import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { sharedHttpCalls } from '../src/analysis/http-calls.js';
import { sharedLoginAnalysis, type StateProblem } from '../src/analysis/login.js';

const MESSAGES: Record<StateProblem['problem'], string> = {
  'missing-state': 'missingState',
  'predictable-state': 'predictableState',
  'no-state-check': 'noStateCheck',
  'fail-open': 'failOpen',
  'library-weakened': 'libraryWeakened',
};

export default defineRule({
  meta: {
    id: 'require-login-state',
    description: 'Require LINE Login requests to carry a random per-session state that the callback checks before exchanging the code',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('login-state'),
    auditItems: ['login-state'],
    precision: 'high',
    securitySeverity: 6.5,
    tags: ['security', 'external/cwe/cwe-352'],
    runtimeHelper: 'createLoginRequest',
    messages: {
      missingState:
        'This LINE Login authorization request has no state parameter, so the callback cannot tell a login the user started from one an attacker planted (CSRF). Generate a random state per session, store it, and compare it on the callback (createLoginRequest and exchangeLoginCode from line-bot-guard/runtime).',
      predictableState:
        'The state of this LINE Login authorization request is predictable (a constant, a timestamp, Math.random() or a user id), so an attacker can forge a matching callback. Use crypto.randomBytes or crypto.randomUUID per session (createLoginRequest from line-bot-guard/runtime).',
      noStateCheck:
        'This LINE Login callback exchanges the authorization code without first comparing the received state with the one stored for the session. Reject the callback when they differ (exchangeLoginCode from line-bot-guard/runtime checks it).',
      failOpen:
        'This state comparison passes when both the received and the stored state are missing, so a callback without any state is accepted. Check that both are present before comparing (exchangeLoginCode from line-bot-guard/runtime does).',
      libraryWeakened:
        'This LINE Login configuration turns off the library\'s state check, so the callback cannot be tied to the session that started the login. Keep the default checks (state, PKCE).',
    },
  },
  check({ facts, report, inFile }) {
    const login = sharedLoginAnalysis(facts, sharedHttpCalls(facts));
    for (const problem of login.stateProblems()) {
      if (inFile(problem.node)) report({ node: problem.node, messageId: MESSAGES[problem.problem] });
    }
  },
});
