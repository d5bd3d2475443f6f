/**
 * LINE's "Development guidelines for corporate customers": the sections findings cite and the audit
 * items (release checklist entries and guideline sections) the audit reports on. Titles are LINE's
 * section headings; anchors marked `verified` appear in LINE's own links to the page.
 */
export const GUIDELINE_URL = 'https://developers.line.biz/en/docs/partner-docs/development-guidelines/';

export interface GuidelineSection {
  key: string;
  title: string;
  anchor: string;
  /** The anchor is used by LINE's own pages; others follow the site's heading-slug convention. */
  verified?: boolean;
}

function section(key: string, title: string, anchor: string, verified = false): GuidelineSection {
  return { key, title, anchor, verified };
}

export const GUIDELINE_SECTIONS = {
  'release-checklist': section('release-checklist', 'Items to check before releasing the LINE bot', 'items-to-check-before-release'),
  'webhook-https': section('webhook-https', 'HTTPS communication compatible with TLS 1.2 or later', 'https-communication-compatible', true),
  'security-guidelines': section('security-guidelines', 'Build an environment that complies with security guidelines', 'security-guidelines'),
  'webhook-signature': section('webhook-signature', 'Verification of received webhook events', 'verify-webhook-signature'),
  'mass-webhook-delivery': section('mass-webhook-delivery', 'Support for mass and intensive webhook event delivery', 'support-for-mass-webhook-delivery'),
  'webhook-settings': section('webhook-settings', 'Webhook ON/OFF setting', 'webhook-on-off-setting'),
  'webhook-processing-flow': section('webhook-processing-flow', 'Processing flow when receiving a webhook request', 'processing-flow-when-receiving-webhook'),
  'multiple-webhook-events': section('multiple-webhook-events', 'One webhook can contain multiple webhook event objects', 'multiple-webhook-event-objects'),
  'webhook-structure-changes': section('webhook-structure-changes', 'Responding to structural changes in webhook event objects', 'structural-changes-in-webhook-event-objects'),
  'send-api-requests': section('send-api-requests', 'Notes on sending API requests', 'send-api-requests', true),
  'issue-channel-token': section('issue-channel-token', 'Issuing channel access tokens', 'issuing-channel-access-tokens'),
  'reissue-channel-token': section('reissue-channel-token', 'Reissuing channel access tokens', 'reissuing-channel-access-tokens'),
  'max-token-issuance': section('max-token-issuance', 'Max channel access token issuance limit', 'max-channel-access-token-issuance-limit'),
  'message-delivery-request': section('message-delivery-request', 'Message delivery request', 'message-delivery-request'),
  'retry-key': section('retry-key', 'Retry message delivery request', 'retry-message-delivery-request'),
  'request-limits': section('request-limits', 'Request limits', 'request-limits'),
  'how-to-send': section('how-to-send', 'How to send messages', 'how-to-send-messages'),
  'https-tls': section('https-tls', 'Use HTTPS (TLS 1.2 or later)', 'use-higher-TLS1-2', true),
  'high-volume-access': section('high-volume-access', 'Dealing with high volume access', 'dealing-with-high-volume-access'),
  'login-flow': section('login-flow', 'LINE Login authorization and verification process', 'line-login-authorization-and-verification'),
  'login-callback-url': section('login-callback-url', 'About callback URLs', 'about-callback-urls'),
  'login-issue-token': section('login-issue-token', 'Issue an access token', 'issue-access-token'),
  'login-verify-id-token': section('login-verify-id-token', 'Verify the ID token', 'verify-id-token'),
  'login-id-linking': section('login-id-linking', 'Linking information obtained through LINE Login with information managed by your company (ID linking)', 'line-login-id-connect', true),
  'login-add-friend': section('login-add-friend', 'Add friend option', 'add-friend-option'),
  'login-state': section('login-state', 'state verification', 'state-verification'),
  liff: section('liff', 'LINE Front-end Framework (LIFF)', 'liff'),
  'url-schemes': section('url-schemes', 'About URL schemes', 'about-url-schemes'),
  notices: section('notices', 'Notice for corporate customers', ''),
  'notice-delivery-source': section('notice-delivery-source', 'Source property in the webhook event of LINE notification messages has been removed', ''),
} satisfies Record<string, GuidelineSection>;

export type GuidelineKey = keyof typeof GUIDELINE_SECTIONS;

export const NOTICES_URL = 'https://developers.line.biz/en/docs/partner-docs/notice/';

export function guidelineUrl(key: GuidelineKey): string {
  if (key === 'notices' || key === 'notice-delivery-source') return NOTICES_URL;
  return GUIDELINE_URL + '#' + GUIDELINE_SECTIONS[key].anchor;
}

export function guidelineRef(key: GuidelineKey): { section: string; title: string; url: string } {
  return { section: key, title: GUIDELINE_SECTIONS[key].title, url: guidelineUrl(key) };
}
