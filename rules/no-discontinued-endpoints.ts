import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { DISCONTINUED_REPLACEMENTS } from '../src/platform/endpoints.js';
import { sendingFacts } from '../src/analysis/sending.js';
import type { DiscontinuedReason } from '../src/analysis/discontinued.js';

const MESSAGE: Record<DiscontinuedReason, string> = {
  notify: 'notify',
  'audience-match': 'audienceMatch',
  'liff-v1': 'liffV1',
  'line-scheme': 'lineScheme',
  'moved-to-data-host': 'dataHost',
  'sdk-method-removed': 'sdkMethodRemoved',
  'sdk-legacy-removed': 'sdkLegacyRemoved',
  'sdk-legacy-deprecated': 'sdkLegacyDeprecated',
};

export default defineRule({
  meta: {
    id: 'no-discontinued-endpoints',
    description: 'Disallow LINE endpoints, URL schemes and SDK APIs that were discontinued or removed',
    category: 'compliance',
    recommended: 'error',
    guideline: guidelineRef('notices'),
    auditItems: ['notices', 'url-schemes'],
    precision: 'very-high',
    tags: ['compliance', 'external/cwe/cwe-477'],
    messages: {
      notify: 'LINE Notify ended on 2025-03-31, so this call fails; {{replacement}}.',
      audienceMatch: 'Audience match by phone number was discontinued on 2023-10-31; {{replacement}}.',
      liffV1: 'This loads the LIFF v1 SDK, discontinued on 2021-10-01; {{replacement}}.',
      lineScheme: 'The line:// URL scheme is deprecated because other apps can hijack it; {{replacement}}.',
      dataHost: 'Message content and rich-menu images are no longer served by api.line.me (moved on 2020-04-30); {{replacement}}.',
      sdkMethodRemoved: '{{what}} calls audience match, discontinued on 2023-10-31 (the SDK removed it in 9.6); {{replacement}}.',
      sdkLegacyRemoved:
        "The legacy {{what}} no longer exists in @line/bot-sdk 11, which this package depends on: this fails at run time. Use LineBotClient (or messagingApi.MessagingApiClient, channelAccessToken.ChannelAccessTokenClient) and pass retry keys as the 2nd argument.",
      sdkLegacyDeprecated:
        'The legacy {{what}} is deprecated since @line/bot-sdk 10.8 and removed in 11. Move to LineBotClient (or messagingApi.MessagingApiClient) before upgrading.',
    },
  },
  check({ facts, report, inFile }) {
    const s = sendingFacts(facts);
    for (const use of s.discontinued.all()) {
      if (!inFile(use.node)) continue;
      const replacement =
        use.reason === 'sdk-method-removed' ? DISCONTINUED_REPLACEMENTS['audience-match'] : DISCONTINUED_REPLACEMENTS[use.reason as keyof typeof DISCONTINUED_REPLACEMENTS] ?? '';
      report({
        node: use.node,
        messageId: MESSAGE[use.reason],
        data: { what: use.what, replacement },
        severity: use.reason === 'sdk-legacy-deprecated' ? 'warning' : undefined,
      });
    }
  },
});
