import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { sharedHttpCalls } from '../src/analysis/http-calls.js';
import { sharedLoginAnalysis, type IdTokenProblem } from '../src/analysis/login.js';

const MESSAGES: Record<IdTokenProblem['problem'], string> = {
  'decoded-only': 'decodedOnly',
  'unchecked-verify': 'uncheckedVerify',
  'incomplete-verify': 'incompleteVerify',
  'verify-ignored': 'verifyIgnored',
};

export default defineRule({
  meta: {
    id: 'verify-id-token',
    description: 'Require LINE ID tokens to be verified before their claims are used',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('login-verify-id-token'),
    auditItems: ['login-verify-id-token'],
    precision: 'high',
    securitySeverity: 7.4,
    tags: ['security', 'external/cwe/cwe-347'],
    runtimeHelper: 'verifyIdToken',
    messages: {
      decodedOnly:
        'This ID token is only decoded, never verified, so anyone can send a token with any user id in it. Verify it with POST https://api.line.me/oauth2/v2.1/verify (id_token, client_id, nonce) or with verifyIdToken from line-bot-guard/runtime.',
      uncheckedVerify:
        'The answer of this ID token verification is used without checking its HTTP status, so a rejected token still passes. Stop unless the response is OK (verifyIdToken from line-bot-guard/runtime does).',
      incompleteVerify:
        'This verifies the ID token\'s signature but not its audience or issuer. Pass audience (your LINE Login channel ID) and issuer (https://access.line.me), or use verifyIdToken from line-bot-guard/runtime.',
      verifyIgnored:
        'A failed ID token verification is caught here and the flow goes on. Stop the request when verification fails.',
    },
  },
  textHint: /id_?token|getIDToken/i,
  check({ facts, report, inFile }) {
    const login = sharedLoginAnalysis(facts, sharedHttpCalls(facts));
    for (const problem of login.idTokenProblems()) {
      if (inFile(problem.node)) report({ node: problem.node, messageId: MESSAGES[problem.problem] });
    }
  },
});
