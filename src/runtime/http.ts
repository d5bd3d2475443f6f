import { LineApiError } from './errors.js';

/** The subset of `fetch` the helpers need; lets tests and edge runtimes inject their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export const DEFAULT_API_BASE_URL = 'https://api.line.me';

/** Joins a base URL (with or without trailing slash) and an absolute path. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

export function resolveFetch(fetchImpl: FetchLike | undefined): FetchLike {
  if (fetchImpl) return fetchImpl;
  if (typeof globalThis.fetch !== 'function') {
    throw new TypeError('no global fetch available: pass the `fetch` option');
  }
  // Bound so that runtimes whose fetch checks its receiver (browsers, Workers) accept the call.
  return globalThis.fetch.bind(globalThis);
}

export interface PostFormOptions {
  fetch: FetchLike;
  baseUrl: string;
  path: string;
  form: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * POSTs an `application/x-www-form-urlencoded` body (every LINE OAuth endpoint uses this) and
 * returns the parsed JSON answer; non-2xx answers become `LineApiError` carrying the status.
 */
export async function postForm<T>(options: PostFormOptions): Promise<T> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(options.form)) {
    if (value !== undefined) body.set(key, value);
  }
  const response = await options.fetch(joinUrl(options.baseUrl, options.path), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new LineApiError(response.status, options.path, text, response.headers.get('x-line-request-id'));
  }
  if (text === '') return {} as T; // revoke endpoints answer 200 with an empty body
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LineApiError(response.status, options.path, text, response.headers.get('x-line-request-id'));
  }
}
