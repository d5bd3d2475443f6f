/**
 * LINE API hosts and endpoints as data (LINE-PLATFORM.md §2.1–§2.3, §2.6, §2.7): which operation a
 * method + path is, whether it accepts `X-Line-Retry-Key`, which host serves it, and what was
 * discontinued. The send-call model matches URLs against this table; rules never spell paths.
 */

export type LineHost = 'api' | 'api-data' | 'access' | 'manager' | 'notify-api' | 'notify-bot';

/** Host names by role. */
export const LINE_HOSTS: Readonly<Record<LineHost, string>> = {
  api: 'api.line.me',
  'api-data': 'api-data.line.me',
  access: 'access.line.me',
  manager: 'manager.line.biz',
  'notify-api': 'notify-api.line.me',
  'notify-bot': 'notify-bot.line.me',
};

export const DEFAULT_API_BASE_URL = 'https://api.line.me';
export const DEFAULT_DATA_API_BASE_URL = 'https://api-data.line.me';

/** What an endpoint does, as far as the rules care. */
export type EndpointKind =
  | 'reply'
  | 'push'
  | 'multicast'
  | 'narrowcast'
  | 'broadcast'
  | 'validate'
  | 'pnp'
  | 'content'
  | 'richmenu-image'
  | 'audience-upload-file'
  | 'webhook-endpoint'
  | 'webhook-test'
  | 'loading'
  | 'mark-as-read'
  | 'audience-match'
  | 'mission-sticker'
  | 'token'
  | 'login'
  | 'notify'
  | 'other';

/** The endpoints that accept `X-Line-Retry-Key` (every other endpoint answers 400 to it). */
export const RETRY_KEY_KINDS: ReadonlySet<EndpointKind> = new Set(['push', 'multicast', 'narrowcast', 'broadcast']);

/** Endpoints that make LINE deliver messages (their `messages` are judged by the message rules). */
export const MESSAGE_KINDS: ReadonlySet<EndpointKind> = new Set(['reply', 'push', 'multicast', 'narrowcast', 'broadcast', 'validate', 'pnp']);

/** Why a surface is flagged by `no-discontinued-endpoints`. */
export type DiscontinuedReason = 'audience-match' | 'moved-to-data-host' | 'notify';

export interface LineEndpoint {
  /** Upper-case HTTP methods. */
  methods: readonly string[];
  /** Path with `{param}` placeholders. */
  path: string;
  kind: EndpointKind;
  /** The host that serves it today. */
  host: LineHost;
  /** Discontinued or moved (§2.7). */
  discontinued?: DiscontinuedReason;
}

function ep(methods: string, path: string, kind: EndpointKind, host: LineHost = 'api', discontinued?: DiscontinuedReason): LineEndpoint {
  return { methods: methods.split('|'), path, kind, host, ...(discontinued ? { discontinued } : {}) };
}

/** The endpoints the rules need to tell apart; other `/v2/bot/...` paths are `other`. */
export const LINE_ENDPOINTS: readonly LineEndpoint[] = [
  ep('POST', '/v2/bot/message/reply', 'reply'),
  ep('POST', '/v2/bot/message/push', 'push'),
  ep('POST', '/v2/bot/message/multicast', 'multicast'),
  ep('POST', '/v2/bot/message/narrowcast', 'narrowcast'),
  ep('POST', '/v2/bot/message/broadcast', 'broadcast'),
  ep('POST', '/v2/bot/message/validate/{type}', 'validate'),
  ep('POST', '/bot/pnp/push', 'pnp'),
  ep('POST', '/v2/bot/message/pnp/templated/push', 'pnp'),
  ep('POST', '/v2/bot/chat/loading/start', 'loading'),
  ep('POST', '/v2/bot/chat/markAsRead', 'mark-as-read'),
  // The old mark-as-read API is still served to existing applications: not discontinued.
  ep('POST', '/v2/bot/message/markAsRead', 'mark-as-read'),
  ep('GET', '/v2/bot/message/{messageId}/content', 'content', 'api-data'),
  ep('GET', '/v2/bot/message/{messageId}/content/preview', 'content', 'api-data'),
  ep('GET', '/v2/bot/message/{messageId}/content/transcoding', 'content', 'api-data'),
  ep('GET|POST', '/v2/bot/richmenu/{richMenuId}/content', 'richmenu-image', 'api-data'),
  ep('POST|PUT', '/v2/bot/audienceGroup/upload/byFile', 'audience-upload-file', 'api-data'),
  ep('PUT|GET', '/v2/bot/channel/webhook/endpoint', 'webhook-endpoint'),
  ep('POST', '/v2/bot/channel/webhook/test', 'webhook-test'),
  ep('POST', '/bot/ad/multicast/phone', 'audience-match', 'api', 'audience-match'),
  ep('GET', '/v2/bot/message/delivery/ad_phone', 'audience-match', 'api', 'audience-match'),
  ep('POST', '/shop/v3/mission', 'mission-sticker'),
  ep('POST', '/v2/oauth/accessToken', 'token'),
  ep('POST', '/v2/oauth/verify', 'token'),
  ep('POST', '/v2/oauth/revoke', 'token'),
  ep('POST', '/oauth2/v2.1/token', 'token'),
  ep('GET|POST', '/oauth2/v2.1/verify', 'token'),
  ep('POST', '/oauth2/v2.1/revoke', 'token'),
  ep('GET', '/oauth2/v2.1/tokens/kid', 'token'),
  ep('POST', '/oauth2/v3/token', 'token'),
  ep('GET|POST', '/oauth2/v2.1/userinfo', 'login'),
  ep('GET', '/v2/profile', 'login'),
  ep('GET', '/friendship/v1/status', 'login'),
  ep('POST', '/api/notify', 'notify', 'notify-api', 'notify'),
  ep('GET', '/api/status', 'notify', 'notify-api', 'notify'),
  ep('POST', '/api/revoke', 'notify', 'notify-api', 'notify'),
];

/** Path prefixes that only LINE serves; a URL with an unknown base and one of these paths is a LINE call. */
export const LINE_ONLY_PATH_PREFIXES: readonly string[] = ['/v2/bot/', '/bot/pnp/', '/bot/ad/', '/shop/v3/'];

/** Discontinued surface found in string literals (§2.7). Documentation stubs ending in `...` are skipped by callers. */
export interface DiscontinuedLiteral {
  reason: 'notify' | 'audience-match' | 'line-scheme' | 'liff-v1' | 'moved-to-data-host';
  test: RegExp;
}

export const DISCONTINUED_LITERALS: readonly DiscontinuedLiteral[] = [
  { reason: 'notify', test: /\bnotify-(?:api|bot)\.line\.me\b/ },
  { reason: 'audience-match', test: /\/bot\/ad\/multicast\/phone\b|\/v2\/bot\/message\/delivery\/ad_phone\b/ },
  { reason: 'liff-v1', test: /\bd\.line-scdn\.net\/liff\/1\.0\/sdk\.js\b/ },
  // `line://` followed by something: the bare scheme alone is usually a check for it, not a use.
  { reason: 'line-scheme', test: /^line:\/\/[^\s]/ },
  // Content and rich-menu images moved to api-data.line.me.
  { reason: 'moved-to-data-host', test: /\bapi\.line\.me\/v2\/bot\/(?:message\/[^/\s]+\/content|richmenu\/[^/\s]+\/content|audienceGroup\/upload\/byFile)\b/ },
];

/** What to use instead of each discontinued surface, for messages. */
export const DISCONTINUED_REPLACEMENTS: Readonly<Record<DiscontinuedLiteral['reason'], string>> = {
  notify: 'send with the Messaging API (push to the user or group) instead',
  'audience-match': 'use LINE notification messages (POST /bot/pnp/push) instead',
  'liff-v1': 'load the LIFF v2 SDK instead (@line/liff, or https://static.line-scdn.net/liff/edge/2/sdk.js)',
  'line-scheme': 'use https://line.me/R/... or https://liff.line.me/... URLs instead',
  'moved-to-data-host': 'call https://api-data.line.me instead (the SDK\'s blob client or LineBotClient does)',
};

// Audience match by mobile advertising ID (IFA, ended 2021-12-31) and "Send mission stickers (v2)"
// (ended 2023-05-31) have no path in any source we could verify, so they are not matched by URL.

export interface EndpointMatch {
  endpoint?: LineEndpoint;
  /** Every endpoint the (partially known) URL can be; `endpoint` is set when they agree on one kind. */
  candidates: LineEndpoint[];
  /** Known host role, when the host part is static. */
  host?: LineHost;
  /** Scheme when static (`http`, `https`, `//` for protocol-relative). */
  scheme?: string;
  /** The static path (holes kept as HOLE). */
  path: string;
}

/** The placeholder partial strings use for a part that is not statically known. */
export const HOLE = '\u0000';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const HOST_BY_NAME = new Map(Object.entries(LINE_HOSTS).map(([role, name]) => [name, role as LineHost]));

/**
 * Matches a URL (absolute, or a path; parts not statically known as HOLE) against the endpoint table.
 * Undefined when it is not recognisably a LINE API URL.
 */
export function matchLineUrl(url: string, method?: string): EndpointMatch | undefined {
  let rest = url.replace(/[?#].*$/s, '');
  let scheme: string | undefined;
  let host: LineHost | undefined;
  const absolute = /^(https?:)?\/\/([^/]*)(.*)$/is.exec(rest);
  if (absolute) {
    scheme = absolute[1] ? absolute[1].slice(0, -1).toLowerCase() : '//';
    const hostText = absolute[2]!.toLowerCase().replace(/:\d+$/, '');
    if (hostText.includes(HOLE)) return undefined;
    host = HOST_BY_NAME.get(hostText);
    if (!host) return undefined;
    rest = absolute[3] ?? '';
  } else if (rest.startsWith(HOLE)) {
    // `${base}/v2/bot/...`: an unknown base in front of a LINE-only path.
    rest = rest.replace(/^\u0000+/, '');
  } else if (!rest.startsWith('/')) {
    return undefined;
  }
  const path = rest.length > 1 ? rest.replace(/\/+$/, '') : rest || '/';
  if (!host) {
    const staticHead = path.split(HOLE)[0]!;
    if (!LINE_ONLY_PATH_PREFIXES.some((prefix) => staticHead.startsWith(prefix))) return undefined;
  }
  const notifyHost = host === 'notify-api' || host === 'notify-bot';
  // Holes in the URL match anything; `{param}`s of the table match one segment.
  const pattern = new RegExp('^' + path.split(HOLE).map(escapeRegExp).join('[^?#]*') + '/?$');
  const concrete = path.split(HOLE).join('X1');
  const upper = method?.toUpperCase();
  const candidates = LINE_ENDPOINTS.filter((e) => {
    if (upper && !e.methods.includes(upper)) return false;
    if ((e.kind === 'notify') !== notifyHost) return false;
    if (pattern.test(e.path.replace(/\{[^}]+\}/g, 'X1'))) return true;
    const template = new RegExp('^' + e.path.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/?#]+') + '/?$');
    return template.test(concrete);
  });
  const kinds = new Set(candidates.map((c) => c.kind));
  let endpoint = kinds.size === 1 ? candidates[0] : undefined;
  if (!endpoint && candidates.length === 0 && !path.includes(HOLE)) {
    // A LINE URL that is none of the endpoints the rules tell apart.
    endpoint = { methods: [], path, kind: notifyHost ? 'notify' : host === 'access' ? 'login' : 'other', host: host ?? 'api' };
  }
  return { ...(endpoint ? { endpoint } : {}), candidates, ...(host ? { host } : {}), ...(scheme ? { scheme } : {}), path };
}

/** True when the endpoint is served by api-data.line.me but the URL calls api.line.me. */
export function isOnWrongHost(match: EndpointMatch): boolean {
  return match.host === 'api' && match.endpoint?.host === 'api-data';
}
