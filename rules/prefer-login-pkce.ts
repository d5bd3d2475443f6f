import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { sharedHttpCalls } from '../src/analysis/http-calls.js';
import { sharedLoginAnalysis } from '../src/analysis/login.js';
import { AUTHORIZE_PARAMS, PKCE_METHOD } from '../src/platform/login.js';

export default defineRule({
  meta: {
    id: 'prefer-login-pkce',
    description: 'Require LINE Login authorization requests to use PKCE (code_challenge with S256)',
    category: 'security',
    recommended: 'warning',
    guideline: guidelineRef('login-flow'),
    auditItems: ['login-flow'],
    precision: 'high',
    securitySeverity: 4.8,
    tags: ['security', 'external/cwe/cwe-294'],
    runtimeHelper: 'createLoginRequest',
    messages: {
      missingPkce:
        'This LINE Login authorization request has no code_challenge, so a stolen authorization code can be exchanged by anyone holding the channel secret. Send a per-session PKCE pair (code_challenge with S256, code_verifier on the exchange), e.g. with createLoginRequest from line-bot-guard/runtime.',
      plainPkce: 'LINE Login supports only the S256 code_challenge_method. Send the SHA-256 of the code verifier with code_challenge_method=S256.',
      pkceDisabled: 'PKCE is switched off for this LINE Login request. Leave createLoginRequest\'s pkce option on and pass the code verifier to exchangeLoginCode.',
      libraryNoPkce: 'This LINE Login configuration does not use PKCE. Enable it (passport-oauth2 `pkce: true`, Auth.js checks including "pkce").',
    },
  },
  check({ facts, report, inFile }) {
    const login = sharedLoginAnalysis(facts, sharedHttpCalls(facts));
    for (const request of login.authorizeRequests()) {
      if (!inFile(request.node)) continue;
      if (request.builtBy === 'runtime') {
        if (request.pkceDisabled) report({ node: request.node, messageId: 'pkceDisabled' });
        continue;
      }
      const params = request.params;
      const challenge = params.entries.get(AUTHORIZE_PARAMS.codeChallenge);
      if (!challenge) {
        if (params.complete && params.entries.has(AUTHORIZE_PARAMS.clientId)) report({ node: request.node, messageId: 'missingPkce' });
        continue;
      }
      const method = params.entries.get(AUTHORIZE_PARAMS.codeChallengeMethod);
      const methodText = method?.text ?? (method?.expression ? facts.origins.staticString(method.expression) : undefined);
      if (methodText !== undefined && methodText !== PKCE_METHOD) report({ node: request.node, messageId: 'plainPkce' });
    }
    for (const library of login.libraryLogins()) {
      if (library.pkceMissing && inFile(library.node)) report({ node: library.node, messageId: 'libraryNoPkce' });
    }
  },
});
