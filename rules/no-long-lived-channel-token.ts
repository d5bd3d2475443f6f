import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { sharedHttpCalls } from '../src/analysis/http-calls.js';
import { sharedTokenAnalysis, type StaticTokenUse } from '../src/analysis/tokens.js';

const SOURCES: Record<StaticTokenUse['via'], string> = {
  literal: 'a literal',
  env: 'an environment variable',
  'config-file': 'a configuration file',
  'secret-manager': 'a secret manager',
  firebase: 'Firebase configuration',
  'env-binding': 'a platform environment binding',
};

export default defineRule({
  meta: {
    id: 'no-long-lived-channel-token',
    description: 'Disallow authenticating with a static (long-lived) channel access token when the codebase never issues tokens at run time',
    category: 'security',
    recommended: 'warning',
    guideline: guidelineRef('issue-channel-token'),
    auditItems: ['issue-channel-token'],
    precision: 'high',
    securitySeverity: 4.3,
    tags: ['security', 'external/cwe/cwe-262'],
    runtimeHelper: 'ChannelTokenManager',
    messages: {
      staticClient:
        'This client authenticates with a static channel access token from {{source}}, and this package never issues tokens at run time. LINE does not recommend long-lived tokens: issue short-lived, v2.1 or stateless tokens and reissue them (ChannelTokenManager from line-bot-guard/runtime does this).',
      staticHeader:
        'This request to the LINE API sends a static channel access token from {{source}}, and this package never issues tokens at run time. LINE does not recommend long-lived tokens: issue short-lived, v2.1 or stateless tokens and reissue them (ChannelTokenManager from line-bot-guard/runtime does this).',
    },
  },
  check({ file, facts, report, inFile }) {
    const tokens = sharedTokenAnalysis(facts, sharedHttpCalls(facts));
    const uses = tokens.staticTokenUses();
    if (!uses.some((use) => inFile(use.node))) return;
    if (tokens.packageIssues(file.package)) return;
    for (const use of uses) {
      if (!inFile(use.node)) continue;
      report({ node: use.node, messageId: use.site.client === 'header' ? 'staticHeader' : 'staticClient', data: { source: SOURCES[use.via] } });
    }
  },
});
