/**
 * Channel access tokens as data (LINE-PLATFORM.md §1.2, §1.7, §2.4, §5.1–5.3, §5.7): the token endpoints,
 * the SDK methods that issue and revoke tokens, the clients that take a token, and where credentials come
 * from. The domain layer (src/analysis/tokens.ts) asks these tables; rules never name them.
 */
import { LINE_SDK, RUNTIME_MODULE } from './sdk.js';

/**
 * How an import of line-bot-guard/runtime appears as an external origin: the origin service keys bare
 * specifiers by package name (`line-bot-guard`), so both spellings are accepted.
 */
export const RUNTIME_MODULES: readonly string[] = [RUNTIME_MODULE, 'line-bot-guard'];

/** Hosts of the Messaging API (channel access tokens are sent there as `Authorization: Bearer`). */
export const LINE_API_HOSTS = new Set(['api.line.me', 'api-data.line.me']);

/** The kinds of channel access token a codebase can issue at run time. */
export type IssuedTokenKind = 'short-lived' | 'v2.1' | 'stateless';

export interface TokenEndpoint {
  path: string;
  /** What a `client_credentials` (or assertion) request to this path issues. */
  issues?: IssuedTokenKind;
  /** Revokes tokens of these kinds (the v2.1 revoke path also revokes LINE Login access tokens). */
  revokes?: readonly ('long-lived' | 'short-lived' | 'v2.1' | 'login')[];
  /** The same path also serves LINE Login's `authorization_code`/`refresh_token` grants. */
  sharedWithLogin?: boolean;
}

/** Channel-token endpoints on api.line.me (LINE-PLATFORM.md §2.4). */
export const TOKEN_ENDPOINTS: readonly TokenEndpoint[] = [
  // LINE Login v2.0 also used this path with grant_type=authorization_code.
  { path: '/v2/oauth/accessToken', issues: 'short-lived', sharedWithLogin: true },
  { path: '/oauth2/v2.1/token', issues: 'v2.1', sharedWithLogin: true },
  { path: '/oauth2/v3/token', issues: 'stateless' },
  { path: '/v2/oauth/revoke', revokes: ['long-lived', 'short-lived'] },
  { path: '/oauth2/v2.1/revoke', revokes: ['v2.1', 'login'] },
];

/** `grant_type` values that issue a channel access token (vs. LINE Login's user grants). */
export const CHANNEL_TOKEN_GRANT = 'client_credentials';
export const LOGIN_GRANTS = new Set(['authorization_code', 'refresh_token']);
/** Form parameters that only a channel-token request carries. */
export const CHANNEL_TOKEN_PARAMS = new Set(['client_assertion', 'client_assertion_type']);

/** Paths on api.line.me called with a LINE Login *user* access token, not a channel token. */
export const USER_TOKEN_PATHS: readonly string[] = ['/v2/profile', '/oauth2/v2.1/userinfo', '/friendship/v1/status', '/oauth2/v2.1/verify', '/v2/oauth/verify'];

export interface TokenMethod {
  /** Method name on the SDK client. */
  name: string;
  /** The class the method belongs to (SDK export key path). */
  owner: readonly string[];
  action: 'issue' | 'revoke';
  kind: IssuedTokenKind | 'any';
}

/** SDK methods that issue or revoke channel access tokens (LINE-PLATFORM.md §1.7). */
export const SDK_TOKEN_METHODS: readonly TokenMethod[] = [
  { name: 'issueAccessToken', owner: ['OAuth'], action: 'issue', kind: 'short-lived' },
  { name: 'issueChannelAccessTokenV2_1', owner: ['OAuth'], action: 'issue', kind: 'v2.1' },
  { name: 'revokeAccessToken', owner: ['OAuth'], action: 'revoke', kind: 'short-lived' },
  { name: 'revokeChannelAccessTokenV2_1', owner: ['OAuth'], action: 'revoke', kind: 'v2.1' },
  { name: 'issueChannelToken', owner: ['channelAccessToken', 'ChannelAccessTokenClient'], action: 'issue', kind: 'short-lived' },
  { name: 'issueChannelTokenByJWT', owner: ['channelAccessToken', 'ChannelAccessTokenClient'], action: 'issue', kind: 'v2.1' },
  { name: 'issueStatelessChannelToken', owner: ['channelAccessToken', 'ChannelAccessTokenClient'], action: 'issue', kind: 'stateless' },
  { name: 'issueStatelessChannelTokenByJWTAssertion', owner: ['channelAccessToken', 'ChannelAccessTokenClient'], action: 'issue', kind: 'stateless' },
  { name: 'issueStatelessChannelTokenByClientSecret', owner: ['channelAccessToken', 'ChannelAccessTokenClient'], action: 'issue', kind: 'stateless' },
  { name: 'revokeChannelToken', owner: ['channelAccessToken', 'ChannelAccessTokenClient'], action: 'revoke', kind: 'short-lived' },
  { name: 'revokeChannelTokenByJWT', owner: ['channelAccessToken', 'ChannelAccessTokenClient'], action: 'revoke', kind: 'v2.1' },
];

/** Method names (with at least this many arguments) that are specific enough to recognise without the receiver. */
export const UNAMBIGUOUS_TOKEN_METHODS = new Set(
  SDK_TOKEN_METHODS.map((m) => m.name).filter((name) => name !== 'issueAccessToken' && name !== 'revokeAccessToken'),
);

/** line-bot-guard/runtime's token manager: issues, caches, reissues and revokes (`kind` option). */
export const RUNTIME_TOKEN_MANAGER = { module: RUNTIME_MODULES, path: ['ChannelTokenManager'], kindOption: 'kind' } as const;

export interface TokenClient {
  module: string;
  /** Export path of the class or factory. */
  path: readonly string[];
  /** `new` (class), `call` (factory function) or a static method (last path segment). */
  construct: 'new' | 'call';
  /** Where the token goes: a property of the first argument object, or a positional argument. */
  token: { property: string } | { argument: number };
}

/** Clients that take a channel access token (LINE-PLATFORM.md §1.2, §5.1, §5.2). */
export const TOKEN_CLIENTS: readonly TokenClient[] = [
  { module: LINE_SDK, path: ['Client'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['messagingApi', 'MessagingApiClient'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['messagingApi', 'MessagingApiBlobClient'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['insight', 'InsightClient'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['liff', 'LiffClient'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['manageAudience', 'ManageAudienceClient'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['manageAudience', 'ManageAudienceBlobClient'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['moduleOperation', 'LineModuleClient'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['shop', 'ShopClient'], construct: 'new', token: { property: 'channelAccessToken' } },
  { module: LINE_SDK, path: ['LineBotClient', 'fromChannelAccessToken'], construct: 'call', token: { property: 'channelAccessToken' } },
  { module: 'linebot', path: [], construct: 'call', token: { property: 'channelAccessToken' } },
  { module: 'messaging-api-line', path: ['LineClient'], construct: 'new', token: { property: 'accessToken' } },
  { module: 'messaging-api-line', path: ['LineClient', 'connect'], construct: 'call', token: { argument: 0 } },
];

/** Bottender's config file holds the token at `channels.line.accessToken` (LINE-PLATFORM.md §5.3). */
export const BOTTENDER_CONFIG_FILE = /(^|\/)bottender\.config\.[cm]?[jt]s$/;

/** Where configuration values come from that are set once by an operator (not issued at run time). */
export const ENV_SOURCES: readonly { module: string; path: readonly string[] }[] = [
  { module: '<global>', path: ['process', 'env'] },
  { module: 'process', path: ['env'] },
  { module: '<global>', path: ['Bun', 'env'] },
];

/** Firebase config: `functions.config().line.token` (v1), `defineSecret('X').value()` / `defineString` (v2). */
export const FIREBASE_CONFIG = { module: 'firebase-functions', config: ['config'], params: ['defineSecret', 'defineString'], paramsModule: 'firebase-functions/params' } as const;

/** Secret-manager reads (AWS, Google Cloud, Azure, Vault): the value is set by an operator. */
export const SECRET_MANAGER_METHODS = new Set(['accessSecretVersion', 'getSecretValue', 'getSecret', 'getParameter', 'getParameters']);
export const SECRET_MANAGER_COMMANDS = new Set(['GetSecretValueCommand', 'GetParameterCommand']);

/** The header a channel access token travels in. */
export const AUTHORIZATION_HEADER = 'authorization';
