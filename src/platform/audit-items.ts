/**
 * The pre-release audit's items as data: one per entry of the guideline's release checklist ("Items to
 * check before releasing the LINE bot") and one per guideline section a bot can be held to. Rules feed an
 * item through `meta.auditItems`, which lists guideline section keys: a section item's id IS its section
 * key, so the catalogue's mapping is the single source. Checklist entries summarise section items
 * (`covers`). Wording is the project's own; the guideline link comes from `guideline.ts`.
 */
import type { GuidelineKey } from './guideline.js';

export type AuditItemKind = 'checklist' | 'section';

/** Chapters of the guideline, in the order the report shows them. */
export type AuditGroup = 'checklist' | 'webhook' | 'sending' | 'login' | 'liff' | 'other' | 'notices';

export const AUDIT_GROUPS: readonly { id: AuditGroup; title: string }[] = [
  { id: 'checklist', title: 'Items to check before releasing the LINE bot' },
  { id: 'webhook', title: 'Receiving webhook events' },
  { id: 'sending', title: 'Sending API requests' },
  { id: 'login', title: 'LINE Login' },
  { id: 'liff', title: 'LINE Front-end Framework (LIFF)' },
  { id: 'other', title: 'Other features' },
  { id: 'notices', title: 'Notices for corporate customers' },
];

/**
 * How an item is decided:
 * - `code`: rules (and the probe) decide it: pass without findings, fail with them;
 * - `code+confirm`: rules can fail it, but part of it lives outside the code, so a clean run still asks a
 *   person to confirm that part;
 * - `confirm`: only a person can decide it (console settings, hosting, documents); findings still fail it.
 */
export type AuditDecision = 'code' | 'code+confirm' | 'confirm';

/**
 * When an item applies, from the inventory of the code: `always`; `webhook` (the code has a LINE webhook
 * endpoint, or a server was probed); `messaging-api` (the code calls the Messaging API or holds a channel
 * token); `send` (the code sends messages); `login` (LINE Login flows); `liff` (a LIFF app).
 */
export type AuditScope = 'always' | 'webhook' | 'messaging-api' | 'send' | 'login' | 'liff';

/** Inventory facts an item's evidence is drawn from (src/audit/inventory.ts). */
export type InventoryFact = 'webhook-endpoints' | 'signature-checks' | 'send-calls' | 'tokens' | 'login' | 'liff' | 'packages';

export interface AuditItem {
  /** Stable id. For section items, the guideline section key that rules name in `meta.auditItems`. */
  id: string;
  kind: AuditItemKind;
  group: AuditGroup;
  /** Key into GUIDELINE_SECTIONS: where the report links to. */
  section: GuidelineKey;
  /** Short title, in the project's words. */
  title: string;
  /** What the guideline asks for, in one sentence (paraphrased). */
  asks: string;
  decision: AuditDecision;
  appliesTo: AuditScope;
  /** Facts that decide the item (besides rules) or give evidence for it. */
  facts?: readonly InventoryFact[];
  /** What a person checks, when code cannot decide (all of it, or the part outside the code). */
  confirm?: string;
  /** Checklist entries: the section items whose results this entry summarises. */
  covers?: readonly string[];
}

const SENDING_ITEMS = [
  'issue-channel-token',
  'reissue-channel-token',
  'max-token-issuance',
  'message-delivery-request',
  'retry-key',
  'request-limits',
  'how-to-send',
  'https-tls',
  'high-volume-access',
] as const;

export const AUDIT_ITEMS: readonly AuditItem[] = [
  // ------------------------------------------------------------------ the release checklist (4 entries)
  {
    id: 'checklist-console-roles',
    kind: 'checklist',
    group: 'checklist',
    section: 'release-checklist',
    title: 'Console and Official Account Manager permissions',
    asks: 'Everyone who works on the channel has the LINE Developers Console channel role and the LINE Official Account Manager permission they need, and no more.',
    decision: 'confirm',
    appliesTo: 'always',
    confirm:
      'In the LINE Developers Console (channel > Roles) and in LINE Official Account Manager (Settings > Permissions), list who has which role; remove people who left and testers who no longer need access. A channel still in "Developing" status only lets admins and testers log in.',
  },
  {
    id: 'checklist-webhook-url',
    kind: 'checklist',
    group: 'checklist',
    section: 'release-checklist',
    title: 'Webhook URL set and webhook events processed properly',
    asks: 'The production webhook URL is the one set in the console, and the bot server handles the webhook events it receives.',
    decision: 'confirm',
    appliesTo: 'always',
    facts: ['webhook-endpoints'],
    covers: ['webhook-signature', 'webhook-processing-flow', 'multiple-webhook-events', 'webhook-structure-changes'],
    confirm:
      'In the LINE Developers Console (Messaging API > Webhook settings) check that Webhook URL points at the production server route listed in the inventory, that "Use webhook" is on, and that the Verify button succeeds. Run `line-bot-guard audit --probe <url>` against a staging server for the behaviour.',
  },
  {
    id: 'checklist-sending-notes',
    kind: 'checklist',
    group: 'checklist',
    section: 'send-api-requests',
    title: 'Notes on sending API requests are followed',
    asks: 'The implementation takes the precautions of the guideline chapter on sending API requests into account.',
    decision: 'code',
    appliesTo: 'messaging-api',
    covers: SENDING_ITEMS,
  },
  {
    id: 'checklist-security',
    kind: 'checklist',
    group: 'checklist',
    section: 'release-checklist',
    title: 'LINE bot security guidelines and checklist met',
    asks: "The bot meets the standards of LINE's bot security guidelines and security checklist (Japanese documents), or equivalent ones.",
    decision: 'confirm',
    appliesTo: 'always',
    covers: ['webhook-https', 'security-guidelines', 'webhook-signature'],
    confirm:
      'Work through the LINE BOT security checklist (Excel, Japanese) with the security guidelines (PDF, Japanese) linked from the guideline, and keep the filled-in checklist with the release records.',
  },

  // ------------------------------------------------------------------ receiving webhooks
  {
    id: 'webhook-https',
    kind: 'section',
    group: 'webhook',
    section: 'webhook-https',
    title: 'Webhook server on HTTPS with TLS 1.2 or later',
    asks: 'The webhook URL is served over HTTPS (TLS 1.2 or later) with a certificate from a public certificate authority.',
    decision: 'confirm',
    appliesTo: 'webhook',
    facts: ['webhook-endpoints'],
    confirm:
      'TLS is set up by the hosting (load balancer, CDN, platform), not by this code. Check the production webhook host with e.g. `openssl s_client -connect <host>:443 -tls1_2` and that its certificate chain comes from a public CA (self-signed certificates are refused).',
  },
  {
    id: 'security-guidelines',
    kind: 'section',
    group: 'webhook',
    section: 'security-guidelines',
    title: 'Bot server built to the security guidelines',
    asks: "The bot server environment meets LINE's bot security guidelines and checklist, or an equal standard.",
    decision: 'confirm',
    appliesTo: 'always',
    confirm:
      'Review the server environment (patching, access control, secret storage, logging) against the LINE BOT security checklist. Code checks cover only the parts listed under the other items.',
  },
  {
    id: 'webhook-signature',
    kind: 'section',
    group: 'webhook',
    section: 'webhook-signature',
    title: 'Webhook signatures verified (not IP addresses)',
    asks: 'Every webhook request is checked against its x-line-signature (HMAC-SHA256 of the raw body with the channel secret) before it is used; access control by source IP is not a substitute, since LINE does not publish its addresses.',
    decision: 'code',
    appliesTo: 'webhook',
    facts: ['signature-checks'],
  },
  {
    id: 'mass-webhook-delivery',
    kind: 'section',
    group: 'webhook',
    section: 'mass-webhook-delivery',
    title: 'Ready for bursts of webhook events',
    asks: 'The bot server copes with sudden peaks of webhook traffic (campaigns, broadcasts, media coverage), and large audiences are messaged in stages.',
    decision: 'code+confirm',
    appliesTo: 'webhook',
    facts: ['webhook-endpoints'],
    confirm:
      'Size the webhook server for peaks (auto-scaling, a queue between receiving and processing) and load-test it without the LINE Platform (LINE forbids load tests through it). For accounts with more than a million friends, plan campaign messages in stages.',
  },
  {
    id: 'webhook-settings',
    kind: 'section',
    group: 'webhook',
    section: 'webhook-settings',
    title: 'Webhook switched on, with a valid auto-reply combination',
    asks: '"Use webhook" is switched on deliberately after testing with a verification account, and webhooks are not off together with both response mode and greeting message.',
    decision: 'confirm',
    appliesTo: 'always',
    confirm:
      'In the console (Messaging API > Webhook settings) or LINE Official Account Manager (Settings > Response settings) check "Use webhook", and that the response mode / greeting message combination is an allowed one. Try the settings on a verification account first.',
  },
  {
    id: 'webhook-processing-flow',
    kind: 'section',
    group: 'webhook',
    section: 'webhook-processing-flow',
    title: 'Webhook answered with 200 within 2 seconds, events processed asynchronously',
    asks: 'The bot server answers every webhook request with status 200 within 2 seconds and processes the events afterwards, keeping each event\'s context.',
    decision: 'code',
    appliesTo: 'webhook',
    facts: ['webhook-endpoints'],
  },
  {
    id: 'multiple-webhook-events',
    kind: 'section',
    group: 'webhook',
    section: 'multiple-webhook-events',
    title: 'Every event of a webhook handled',
    asks: 'A webhook may carry several events, from different users; all of them are handled.',
    decision: 'code',
    appliesTo: 'webhook',
    facts: ['webhook-endpoints'],
  },
  {
    id: 'webhook-structure-changes',
    kind: 'section',
    group: 'webhook',
    section: 'webhook-structure-changes',
    title: 'New properties and event types tolerated',
    asks: 'Webhook events with properties or types the bot does not know yet are accepted without errors.',
    decision: 'code',
    appliesTo: 'webhook',
    facts: ['webhook-endpoints'],
  },

  // ------------------------------------------------------------------ sending API requests
  {
    id: 'issue-channel-token',
    kind: 'section',
    group: 'sending',
    section: 'issue-channel-token',
    title: 'Channel access tokens with an expiry',
    asks: 'The bot uses short-lived, user-specified-expiry (v2.1) or stateless channel access tokens rather than a long-lived one.',
    decision: 'code',
    appliesTo: 'messaging-api',
    facts: ['tokens'],
  },
  {
    id: 'reissue-channel-token',
    kind: 'section',
    group: 'sending',
    section: 'reissue-channel-token',
    title: 'Tokens reissued before they expire, old ones revoked',
    asks: 'Tokens are reissued in time, each server or system manages its own tokens, and superseded short-lived / v2.1 tokens are revoked.',
    decision: 'code',
    appliesTo: 'messaging-api',
    facts: ['tokens'],
  },
  {
    id: 'max-token-issuance',
    kind: 'section',
    group: 'sending',
    section: 'max-token-issuance',
    title: 'Token issuance limits respected',
    asks: 'Token issuance stays within the per-type limits (30 short-lived, 30 v2.1, 1 long-lived), so tokens in use are not invalidated or refused.',
    decision: 'code',
    appliesTo: 'messaging-api',
    facts: ['tokens'],
  },
  {
    id: 'message-delivery-request',
    kind: 'section',
    group: 'sending',
    section: 'message-delivery-request',
    title: 'Send errors handled by status code',
    asks: 'Failed sends are handled by their HTTP status code, not by the error message text, and requests and responses are logged for a while.',
    decision: 'code',
    appliesTo: 'send',
    facts: ['send-calls'],
  },
  {
    id: 'retry-key',
    kind: 'section',
    group: 'sending',
    section: 'retry-key',
    title: 'Sends retried safely with X-Line-Retry-Key',
    asks: 'Push, multicast, narrowcast and broadcast requests carry a retry key, reused by every retry of the same send, so a retry never delivers twice.',
    decision: 'code',
    appliesTo: 'send',
    facts: ['send-calls'],
  },
  {
    id: 'request-limits',
    kind: 'section',
    group: 'sending',
    section: 'request-limits',
    title: 'Request limits (text length, request size, rate)',
    asks: 'Text messages stay within 5000 characters, requests within 2 MB and 5 messages, and calls within the rate limits; no mass requests for testing.',
    decision: 'code',
    appliesTo: 'send',
    facts: ['send-calls'],
  },
  {
    id: 'how-to-send',
    kind: 'section',
    group: 'sending',
    section: 'how-to-send',
    title: 'Reply and push used as intended',
    asks: 'Replies answer events with their reply token while it is valid; push and the other send types are used for messages at any other time.',
    decision: 'confirm',
    appliesTo: 'send',
    facts: ['send-calls'],
    confirm:
      'Look at the send call sites in the inventory: replies should use the event\'s reply token once and promptly (it expires); messages not answering an event go through push, multicast, narrowcast or broadcast.',
  },
  {
    id: 'https-tls',
    kind: 'section',
    group: 'sending',
    section: 'https-tls',
    title: 'HTTPS (TLS 1.2+) to LINE and for message media',
    asks: 'Calls to the LINE API use HTTPS with TLS 1.2 or later, and images and other media referenced by messages are served over HTTPS (TLS 1.2 or later).',
    decision: 'code+confirm',
    appliesTo: 'messaging-api',
    facts: ['send-calls'],
    confirm: 'Check that the hosts serving message images, videos and Flex images accept TLS 1.2 or later (the URLs in code are checked; the servers behind them are not).',
  },
  {
    id: 'high-volume-access',
    kind: 'section',
    group: 'sending',
    section: 'high-volume-access',
    title: 'Content servers ready for high-volume access',
    asks: 'Servers behind URLs and images in messages are protected against the traffic a large send generates (CDN, load balancer, sending in stages).',
    decision: 'confirm',
    appliesTo: 'send',
    facts: ['send-calls'],
    confirm: 'Serve message media and linked pages from a CDN or behind a load balancer, or send to large audiences in stages.',
  },

  // ------------------------------------------------------------------ LINE Login
  {
    id: 'login-flow',
    kind: 'section',
    group: 'login',
    section: 'login-flow',
    title: 'LINE Login follows the authorization code flow',
    asks: 'Web login uses the OAuth 2.0 authorization code flow with OpenID Connect, handling both the authorization response and the error response.',
    decision: 'code',
    appliesTo: 'login',
    facts: ['login'],
  },
  {
    id: 'login-callback-url',
    kind: 'section',
    group: 'login',
    section: 'login-callback-url',
    title: 'Callback URLs registered',
    asks: 'The redirect_uri of every authorization request matches a callback URL registered for the LINE Login channel.',
    decision: 'confirm',
    appliesTo: 'login',
    facts: ['login'],
    confirm:
      'In the console (LINE Login channel > LINE Login > Callback URL), check that the production callback URLs used by the code are registered, and remove development URLs that are no longer used.',
  },
  {
    id: 'login-issue-token',
    kind: 'section',
    group: 'login',
    section: 'login-issue-token',
    title: 'Token request uses the same redirect_uri',
    asks: 'The access token request sends the same redirect_uri as the authorization request, and each authorization code is used once.',
    decision: 'code',
    appliesTo: 'login',
    facts: ['login'],
  },
  {
    id: 'login-verify-id-token',
    kind: 'section',
    group: 'login',
    section: 'login-verify-id-token',
    title: 'ID tokens verified',
    asks: 'The user\'s identity is taken from an ID token only after verifying it (signature, audience, issuer, expiry, nonce).',
    decision: 'code',
    appliesTo: 'login',
    facts: ['login'],
  },
  {
    id: 'login-id-linking',
    kind: 'section',
    group: 'login',
    section: 'login-id-linking',
    title: 'ID linking resistant to spoofing, with an unlink flow',
    asks: 'Linking LINE user IDs to member records trusts only verified tokens, and users can unlink (unlinking the app in LINE does not remove the link).',
    decision: 'code+confirm',
    appliesTo: 'login',
    facts: ['login'],
    confirm: 'Check that the service offers an unlink flow that removes the link between the LINE user ID and the member record.',
  },
  {
    id: 'login-add-friend',
    kind: 'section',
    group: 'login',
    section: 'login-add-friend',
    title: 'Add friend option links a related official account',
    asks: 'The add friend option of the LINE Login channel links only an official account related to that channel.',
    decision: 'confirm',
    appliesTo: 'login',
    facts: ['login'],
    confirm:
      'In the console (LINE Login channel > Basic settings > Linked LINE Official Account) check that the linked account belongs to the same service; changes apply at once, so do not switch it for tests.',
  },
  {
    id: 'login-state',
    kind: 'section',
    group: 'login',
    section: 'login-state',
    title: 'state generated per session and verified',
    asks: 'Each authorization request carries a random state tied to the session, and the callback checks it before using the code (CSRF protection).',
    decision: 'code',
    appliesTo: 'login',
    facts: ['login'],
  },

  // ------------------------------------------------------------------ LIFF
  {
    id: 'liff',
    kind: 'section',
    group: 'liff',
    section: 'liff',
    title: 'LIFF app identity handled on the server',
    asks: 'A LIFF app sends ID tokens or access tokens (not bare user IDs) to the server, which verifies them before trusting the user.',
    decision: 'code+confirm',
    appliesTo: 'liff',
    facts: ['liff'],
    confirm: 'Check that the LIFF app runs on the current LIFF SDK (v2) and that its LINE Login channel is published (a "Developing" channel only admits admins and testers).',
  },

  // ------------------------------------------------------------------ other features
  {
    id: 'url-schemes',
    kind: 'section',
    group: 'other',
    section: 'url-schemes',
    title: 'LINE URL schemes in their current form',
    asks: 'Links into LINE use the current URL schemes (https://line.me/R/..., https://liff.line.me/...), not the deprecated line:// scheme.',
    decision: 'code',
    appliesTo: 'always',
  },

  // ------------------------------------------------------------------ notices
  {
    id: 'notices',
    kind: 'section',
    group: 'notices',
    section: 'notices',
    title: 'No discontinued APIs',
    asks: 'The code does not call APIs LINE has discontinued (audience match, mission stickers v2, LINE Notify, content on api.line.me, LIFF v1, SDK classes removed in the version in use).',
    decision: 'code',
    appliesTo: 'always',
    facts: ['packages'],
  },
  {
    id: 'notice-delivery-source',
    kind: 'section',
    group: 'notices',
    section: 'notice-delivery-source',
    title: 'Delivery events read without source',
    asks: 'Delivery-completion events of LINE notification messages are read through delivery.data, since their source property was removed on 2025-01-28.',
    decision: 'code',
    appliesTo: 'webhook',
    facts: ['webhook-endpoints'],
  },
];

export const AUDIT_ITEMS_BY_ID: ReadonlyMap<string, AuditItem> = new Map(AUDIT_ITEMS.map((item) => [item.id, item]));

/**
 * Hosts the probe never sends to, even with `--allow-remote`: the LINE Platform itself (the probe
 * exercises the bot, never LINE; LINE forbids load and behaviour tests through its servers).
 */
export const PROBE_FORBIDDEN_HOST_SUFFIXES: readonly string[] = ['line.me', 'line.biz', 'line-apps.com', 'line-scdn.net'];

/** The answer deadline LINE sets for webhook requests (guideline "Processing flow"). */
export const WEBHOOK_ANSWER_DEADLINE_MS = 2000;
