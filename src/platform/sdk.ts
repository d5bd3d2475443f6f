/**
 * The `@line/bot-sdk` surface per major version, as data (LINE-PLATFORM.md §1). Rules and the domain
 * layer ask these tables; they never hard-code SDK names.
 */
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
