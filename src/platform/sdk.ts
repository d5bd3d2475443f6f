/**
 * The `@line/bot-sdk` surface per major version, as data (LINE-PLATFORM.md §1). Rules and the domain
 * layer ask these tables; they never hard-code SDK names.
 */
import type { EndpointKind } from './endpoints.js';

export const LINE_SDK = '@line/bot-sdk';
export const RUNTIME_MODULE = 'line-bot-guard/runtime';

/** Header LINE signs webhooks with (Node lower-cases incoming header names). */
export const SIGNATURE_HEADER = 'x-line-signature';
export const RETRY_KEY_HEADER = 'X-Line-Retry-Key';

/** Export paths of the SDK (relative to the package) with the majors that have them. */
export interface SdkExport {
  path: readonly string[];
  /** Inclusive first major with the export. */
  since: number;
  /** Exclusive major where it was removed. */
  removedIn?: number;
  /** Minor version of `deprecatedSince[0]` from which it is marked deprecated. */
  deprecatedSince?: readonly [number, number];
}

export const SDK_EXPORTS = {
  middleware: { path: ['middleware'], since: 6 },
  validateSignature: { path: ['validateSignature'], since: 6 },
  Client: { path: ['Client'], since: 6, removedIn: 11, deprecatedSince: [10, 8] },
  OAuth: { path: ['OAuth'], since: 6, removedIn: 11, deprecatedSince: [10, 8] },
  MessagingApiClient: { path: ['messagingApi', 'MessagingApiClient'], since: 8 },
  MessagingApiBlobClient: { path: ['messagingApi', 'MessagingApiBlobClient'], since: 8 },
  ChannelAccessTokenClient: { path: ['channelAccessToken', 'ChannelAccessTokenClient'], since: 8 },
  ShopClient: { path: ['shop', 'ShopClient'], since: 8 },
  LineBotClient: { path: ['LineBotClient'], since: 10 },
  signatureHeaderConstant: { path: ['LINE_SIGNATURE_HTTP_HEADER_NAME'], since: 7 },
} as const satisfies Record<string, SdkExport>;

export type SdkExportName = keyof typeof SDK_EXPORTS;

/** Type names that mark a value as a LINE webhook request body. */
export const WEBHOOK_BODY_TYPES = new Set(['WebhookRequestBody', 'CallbackRequest']);
export const WEBHOOK_EVENT_TYPES = new Set(['WebhookEvent', 'Event', 'MessageEvent', 'EventBase']);

/** Third-party packages that verify LINE signatures correctly when used as middleware. */
export const VERIFYING_MIDDLEWARE_PACKAGES: readonly { module: string; path: readonly string[] }[] = [
  { module: '@nakanoaas/hono-linebot-middleware', path: ['lineBotMiddleware'] },
];

// ---------------------------------------------------------------- clients and send methods (§1.2, §1.6, §1.11)

/**
 * How a client's methods take their arguments: `legacy` is the hand-written `Client` of v6–v10
 * (positional `pushMessage(to, messages, ...)`, retry key through `setRequestOptionOnce`); `request` are
 * the generated clients of v8+ and `LineBotClient` (one request object, retry key as 2nd argument).
 */
export type SdkClientStyle = 'legacy' | 'request';

export type SdkClientName = 'Client' | 'MessagingApiClient' | 'MessagingApiBlobClient' | 'LineBotClient' | 'ShopClient' | 'ChannelAccessTokenClient' | 'OAuth';

export interface SdkClientClass {
  name: SdkClientName;
  export: SdkExportName;
  style: SdkClientStyle;
  /** Static factory methods that create it (`LineBotClient.fromChannelAccessToken`). */
  factories?: readonly string[];
  /** The class can be constructed with `new` (LineBotClient's constructor is private). */
  constructible: boolean;
}

export const SDK_CLIENT_CLASSES: readonly SdkClientClass[] = [
  { name: 'Client', export: 'Client', style: 'legacy', constructible: true },
  { name: 'OAuth', export: 'OAuth', style: 'legacy', constructible: true },
  { name: 'MessagingApiClient', export: 'MessagingApiClient', style: 'request', constructible: true },
  { name: 'MessagingApiBlobClient', export: 'MessagingApiBlobClient', style: 'request', constructible: true },
  { name: 'ShopClient', export: 'ShopClient', style: 'request', constructible: true },
  { name: 'ChannelAccessTokenClient', export: 'ChannelAccessTokenClient', style: 'request', constructible: true },
  { name: 'LineBotClient', export: 'LineBotClient', style: 'request', factories: ['fromChannelAccessToken'], constructible: false },
];

/** A method of an SDK client that calls a LINE endpoint the rules care about. */
export interface SdkMethod {
  kind: EndpointKind;
  /** Clients that have it. */
  clients: readonly SdkClientName[];
  /** Legacy positional arguments: index of the recipient(s) and of the messages. */
  toArgument?: number;
  messagesArgument?: number;
  /** Request style: the 2nd argument is `xLineRetryKey` (only on push/multicast/narrowcast/broadcast). */
  retryKeyArgument?: number;
  /** Argument (legacy) holding a URL the method sends to LINE, e.g. the webhook endpoint. */
  urlArgument?: number;
  /** Request style: property of the request object holding a URL (`endpoint`). */
  urlProperty?: string;
  /** Removed from the SDK (with the first major without it) because the endpoint was discontinued. */
  discontinued?: { removedIn: readonly [number, number] };
}

const LEGACY: readonly SdkClientName[] = ['Client'];
const GENERATED: readonly SdkClientName[] = ['MessagingApiClient', 'LineBotClient'];

/** Legacy `Client` (v6–v10) methods. */
export const SDK_LEGACY_METHODS: Readonly<Record<string, SdkMethod>> = {
  replyMessage: { kind: 'reply', clients: LEGACY, messagesArgument: 1 },
  pushMessage: { kind: 'push', clients: LEGACY, toArgument: 0, messagesArgument: 1 },
  multicast: { kind: 'multicast', clients: LEGACY, toArgument: 0, messagesArgument: 1 },
  narrowcast: { kind: 'narrowcast', clients: LEGACY, messagesArgument: 0 },
  broadcast: { kind: 'broadcast', clients: LEGACY, messagesArgument: 0 },
  validatePushMessageObjects: { kind: 'validate', clients: LEGACY, messagesArgument: 0 },
  validateReplyMessageObjects: { kind: 'validate', clients: LEGACY, messagesArgument: 0 },
  validateMulticastMessageObjects: { kind: 'validate', clients: LEGACY, messagesArgument: 0 },
  validateNarrowcastMessageObjects: { kind: 'validate', clients: LEGACY, messagesArgument: 0 },
  validateBroadcastMessageObjects: { kind: 'validate', clients: LEGACY, messagesArgument: 0 },
  setWebhookEndpointUrl: { kind: 'webhook-endpoint', clients: LEGACY, urlArgument: 0 },
  testWebhookEndpoint: { kind: 'webhook-test', clients: LEGACY, urlArgument: 0 },
  getMessageContent: { kind: 'content', clients: LEGACY },
  showLoadingAnimation: { kind: 'loading', clients: LEGACY },
};

/** Generated clients (v8+) and `LineBotClient` (v10.8+); each also has a `…WithHttpInfo` twin (v9+). */
export const SDK_REQUEST_METHODS: Readonly<Record<string, SdkMethod>> = {
  replyMessage: { kind: 'reply', clients: GENERATED },
  pushMessage: { kind: 'push', clients: GENERATED, retryKeyArgument: 1 },
  multicast: { kind: 'multicast', clients: GENERATED, retryKeyArgument: 1 },
  narrowcast: { kind: 'narrowcast', clients: GENERATED, retryKeyArgument: 1 },
  broadcast: { kind: 'broadcast', clients: GENERATED, retryKeyArgument: 1 },
  // The 2nd parameter is X-Line-Delivery-Tag, not a retry key.
  pushMessagesByPhone: { kind: 'pnp', clients: GENERATED },
  validatePush: { kind: 'validate', clients: GENERATED },
  validateReply: { kind: 'validate', clients: GENERATED },
  validateMulticast: { kind: 'validate', clients: GENERATED },
  validateNarrowcast: { kind: 'validate', clients: GENERATED },
  validateBroadcast: { kind: 'validate', clients: GENERATED },
  setWebhookEndpoint: { kind: 'webhook-endpoint', clients: GENERATED, urlProperty: 'endpoint' },
  testWebhookEndpoint: { kind: 'webhook-test', clients: GENERATED, urlProperty: 'endpoint' },
  showLoadingAnimation: { kind: 'loading', clients: GENERATED },
  markMessagesAsRead: { kind: 'mark-as-read', clients: GENERATED },
  markMessagesAsReadByToken: { kind: 'mark-as-read', clients: GENERATED },
  getMessageContent: { kind: 'content', clients: ['MessagingApiBlobClient', 'LineBotClient'] },
  setRichMenuImage: { kind: 'richmenu-image', clients: ['MessagingApiBlobClient', 'LineBotClient'] },
  missionStickerV3: { kind: 'mission-sticker', clients: ['ShopClient', 'LineBotClient'] },
  audienceMatch: { kind: 'audience-match', clients: ['MessagingApiClient'], discontinued: { removedIn: [9, 6] } },
  getAdPhoneMessageStatistics: { kind: 'audience-match', clients: ['MessagingApiClient'], discontinued: { removedIn: [9, 6] } },
};

/** The legacy `Client` method that stores the retry key for its next request (v7–v10; gone in v11). */
export const SET_REQUEST_OPTION_ONCE = 'setRequestOptionOnce';
/** Majors of the legacy `Client`: no retry key before v7. */
export const RETRY_KEY_SINCE_MAJOR = 7;
/** The legacy surface is deprecated from this version and removed in the next major. */
export const LEGACY_DEPRECATED_SINCE: readonly [number, number] = [10, 8];
export const LEGACY_REMOVED_IN_MAJOR = 11;

/** Name of a request-style method without its `WithHttpInfo` suffix. */
export function baseMethodName(name: string): string {
  return name.endsWith('WithHttpInfo') ? name.slice(0, -'WithHttpInfo'.length) : name;
}
