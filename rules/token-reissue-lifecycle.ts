import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { HTTP_CALL_HINT, sharedHttpCalls } from '../src/analysis/http-calls.js';
import { sharedTokenAnalysis, type LifecycleProblem } from '../src/analysis/tokens.js';

const MESSAGES: Record<LifecycleProblem['problem'], string> = {
  'per-request': 'perRequest',
  'expiry-ignored': 'expiryIgnored',
  'no-revoke': 'noRevoke',
};

const KIND_NAMES: Record<string, string> = { 'short-lived': 'short-lived', 'v2.1': 'v2.1', stateless: 'stateless' };

export default defineRule({
  meta: {
    id: 'token-reissue-lifecycle',
    description: 'Require channel access tokens to be issued once, cached until shortly before expiry, reissued and the superseded ones revoked',
    category: 'reliability',
    recommended: 'warning',
    guideline: guidelineRef('reissue-channel-token'),
    auditItems: ['reissue-channel-token', 'max-token-issuance'],
    precision: 'medium',
    tags: ['reliability'],
    runtimeHelper: 'ChannelTokenManager',
    messages: {
      perRequest:
        'A {{kind}} channel access token is issued for every request or send here. At most 30 such tokens live at once, so older ones get invalidated (short-lived) or issuing fails (v2.1). Issue once, cache until shortly before expiry and reuse it (ChannelTokenManager from line-bot-guard/runtime).',
      expiryIgnored:
        'This channel access token is issued once and kept, but its expires_in is never used and it is never reissued, so the bot stops working when it expires. Reissue it before expiry (ChannelTokenManager from line-bot-guard/runtime).',
      noRevoke:
        '{{kind}} channel access tokens are reissued here but the superseded ones are never revoked. Revoke the old token once the new one is in use (ChannelTokenManager from line-bot-guard/runtime does this).',
    },
  },
  textHint: new RegExp(`${HTTP_CALL_HINT.source}|issue`),
  check({ facts, report, inFile }) {
    const tokens = sharedTokenAnalysis(facts, sharedHttpCalls(facts));
    for (const problem of tokens.lifecycleProblems()) {
      if (!inFile(problem.node)) continue;
      const kind = problem.kind ? KIND_NAMES[problem.kind]! : 'channel access token';
      report({ node: problem.node, messageId: MESSAGES[problem.problem], data: { kind: problem.problem === 'no-revoke' ? kind.charAt(0).toUpperCase() + kind.slice(1) : kind } });
    }
  },
});
