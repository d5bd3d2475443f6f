export interface AssertHttpsUrlOptions {
  /** Used in error messages, e.g. `'originalContentUrl'`. Default `'URL'`. */
  name?: string;
  /** Longest accepted URL; LINE caps media URLs at 2000 characters. Default 2000. */
  maxLength?: number;
}

/**
 * Returns `url` unchanged when it is an absolute `https:` URL, for the fields where LINE only fetches
 * over HTTPS (image/video/audio/preview URLs, imagemap `baseUrl`, Flex image/video/icon `url`,
 * thumbnails, quick-reply and sender icons). URI *actions* may use other schemes; do not use this there.
 *
 * @throws TypeError naming the problem: not a string, not a parseable absolute URL, wrong scheme, or too long.
 */
export function assertHttpsUrl(url: string, options: AssertHttpsUrlOptions = {}): string {
  const name = options.name ?? 'URL';
  const maxLength = options.maxLength ?? 2000;
  if (typeof url !== 'string') throw new TypeError(`${name} must be a string, got ${typeof url}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${name} is not a valid absolute URL`);
  }
  if (parsed.protocol !== 'https:') {
    // Only the scheme is echoed: the rest of a media URL may carry signed query parameters.
    throw new TypeError(`${name} must use the https: scheme (got ${parsed.protocol})`);
  }
  if (url.length > maxLength) {
    throw new TypeError(`${name} is ${url.length} characters long; the limit is ${maxLength}`);
  }
  return url;
}
