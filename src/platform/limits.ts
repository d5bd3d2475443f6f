/**
 * Statically checkable limits of the Messaging API (LINE-PLATFORM.md §3), as data. Lengths are UTF-16
 * code units (JavaScript `.length`), which is how LINE counts characters.
 */

/** `text` of a text or textV2 message. */
export const TEXT_MAX_LENGTH = 5000;
/** `altText` of template, flex and imagemap messages. */
export const ALT_TEXT_MAX_LENGTH = 1500;
/** Message objects per reply/push/multicast/narrowcast/broadcast/validate request. */
export const MAX_MESSAGES_PER_REQUEST = 5;
/** Recipients of one multicast. */
export const MULTICAST_MAX_RECIPIENTS = 500;
/** Request body size. */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
/** Media URLs (image, video, audio, thumbnails, icons). */
export const MEDIA_URL_MAX_LENGTH = 2000;

/** Message `type`s whose `text` is limited to TEXT_MAX_LENGTH. */
export const TEXT_MESSAGE_TYPES: ReadonlySet<string> = new Set(['text', 'textV2']);
/** Message `type`s whose `altText` is limited to ALT_TEXT_MAX_LENGTH. */
export const ALT_TEXT_MESSAGE_TYPES: ReadonlySet<string> = new Set(['template', 'flex', 'imagemap']);

/**
 * Properties of message objects that LINE fetches itself and that must be HTTPS (TLS 1.2+). The value
 * says in which objects the property is a media URL: `any` for names used only for media, or the `type`
 * values of the object (Flex components) for the generic `url`.
 */
export const MEDIA_URL_PROPERTIES: ReadonlyMap<string, 'any' | ReadonlySet<string>> = new Map<string, 'any' | ReadonlySet<string>>([
  ['originalContentUrl', 'any'],
  ['previewImageUrl', 'any'],
  ['baseUrl', new Set(['imagemap'])],
  ['thumbnailImageUrl', 'any'],
  ['imageUrl', 'any'],
  ['iconUrl', 'any'],
  ['url', new Set(['image', 'video', 'icon'])],
  ['previewUrl', new Set(['video'])],
]);

/** URI actions may use these schemes (http is allowed there; media URLs are not). */
export const URI_ACTION_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'line', 'tel']);

/** TLS protocol versions below 1.2, as Node's `minVersion`/`maxVersion` and `secureProtocol` spell them. */
export const INSECURE_TLS_VERSIONS: ReadonlySet<string> = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);
export const INSECURE_SECURE_PROTOCOLS: ReadonlySet<string> = new Set([
  'TLSv1_method',
  'TLSv1_client_method',
  'TLSv1_server_method',
  'TLSv1_1_method',
  'TLSv1_1_client_method',
  'TLSv1_1_server_method',
  'SSLv3_method',
  'SSLv2_method',
]);

/** Error texts LINE returns (they may change without notice, which is why branching on them is a finding). */
export const LINE_ERROR_PHRASES: readonly RegExp[] = [
  /retry key/i,
  /monthly limit/i,
  /reply ?token/i,
  /request body has/i,
  /authentication failed/i,
  /access token/i,
  /failed to send messages/i,
  /the property, '/i,
  /must be (?:non-empty|specified)/i,
  /not found/i,
  /too many requests/i,
  /rate limit/i,
];
