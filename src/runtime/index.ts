/**
 * `line-bot-guard/runtime`: small helpers that do what LINE's development guidelines ask, for bots in
 * production. Only Node built-ins and Web APIs are imported, so it adds no dependency to a bot.
 */
export {
  SIGNATURE_HEADER,
  importChannelSecret,
  verifySignature,
  verifySignatureAsync,
  verifySignatureWithKey,
} from './signature.js';
export {
  createWebhookHandler,
  type EventContext,
  type WaitUntil,
  type WebhookEvent,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from './webhook-handler.js';
export { DEFAULT_MAX_BODY_BYTES, type NodeWebhookRequest } from './body.js';
export {
  createMemoryDedupeStore,
  DEFAULT_DEDUPE_TTL_MS,
  type DedupeStore,
  type MemoryDedupeStoreOptions,
} from './dedupe.js';
export {
  createRetryKey,
  isAlreadyAccepted,
  parseRetryAfter,
  RETRY_KEY_HEADER,
  sendWithRetry,
  type AlreadyAccepted,
  type AttemptContext,
  type RetryInfo,
  type SendWithRetryOptions,
} from './retry.js';
export {
  ALT_TEXT_MAX_LENGTH,
  chunkMessages,
  MAX_MESSAGES_PER_REQUEST,
  splitText,
  TEXT_MESSAGE_MAX_LENGTH,
  truncateText,
} from './text.js';
export { ChannelTokenManager, type ChannelTokenKind, type ChannelTokenManagerOptions } from './token-manager.js';
export { createClientAssertion, type ClientAssertionOptions, type PrivateKeyInput } from './jwt.js';
export {
  createLoginRequest,
  exchangeLoginCode,
  verifyIdToken,
  type ExchangeLoginCodeOptions,
  type IdTokenPayload,
  type LoginRequest,
  type LoginRequestOptions,
  type LoginTokenResponse,
  type VerifyIdTokenOptions,
} from './login.js';
export { assertHttpsUrl, type AssertHttpsUrlOptions } from './url.js';
export {
  AttemptTimeoutError,
  IdTokenVerificationError,
  LineApiError,
  LoginStateMismatchError,
  SendFailedError,
  type IdTokenRejectReason,
} from './errors.js';
export type { FetchLike } from './http.js';
