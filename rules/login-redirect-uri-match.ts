import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { HTTP_CALL_HINT, sharedHttpCalls } from '../src/analysis/http-calls.js';
import { sharedLoginAnalysis, type CodeExchange } from '../src/analysis/login.js';

export default defineRule({
  meta: {
    id: 'login-redirect-uri-match',
    description: 'Require the redirect_uri of the LINE Login token request to equal the one of the authorization request',
    category: 'reliability',
    recommended: 'warning',
    guideline: guidelineRef('login-issue-token'),
    auditItems: ['login-issue-token'],
    precision: 'high',
    tags: ['reliability'],
    runtimeHelper: 'exchangeLoginCode',
    messages: {
      mismatch:
        'The redirect_uri sent with this code exchange differs from the one of the authorization request, so LINE rejects the exchange. Use one shared constant or config value for both.',
    },
  },
  textHint: new RegExp(`${HTTP_CALL_HINT.source}|exchangeLoginCode`),
  check({ file, facts, report, inFile }) {
    const login = sharedLoginAnalysis(facts, sharedHttpCalls(facts));
    const mismatches = facts.shared('login-redirect-mismatches', () => {
      const result: CodeExchange[] = [];
      const requests = login.authorizeRequests();
      for (const exchange of login.exchanges()) {
        const exchangeShape = login.redirectShape(exchange.redirectUri);
        if (exchangeShape === undefined) continue;
        const sameRequests = requests.filter((r) => r.file.package === exchange.file.package);
        if (sameRequests.length === 0) continue;
        const shapes = sameRequests.map((r) => login.authorizeRedirectShape(r));
        if (shapes.some((s) => s === undefined)) continue;
        if (!shapes.includes(exchangeShape)) result.push(exchange);
      }
      return result;
    });
    void file;
    for (const exchange of mismatches) {
      if (inFile(exchange.node)) report({ node: exchange.node, messageId: 'mismatch' });
    }
  },
});
