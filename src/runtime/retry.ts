import { randomUUID } from 'node:crypto';
import { AttemptTimeoutError, SendFailedError } from './errors.js';

/** Name of the header LINE uses to recognise retries of one send. */
export const RETRY_KEY_HEADER = 'X-Line-Retry-Key';

/**
 * A new retry key: a random UUID. Create one per logical send (one message to one audience), before
 * the first attempt, and reuse it for every retry of that send. Only push, multicast, narrowcast and
 * broadcast accept it; reply and validate answer 400.
 */
export function createRetryKey(): string {
  return randomUUID();
}

/** What a `send` function receives besides the retry key. */
export interface AttemptContext {
  /** Aborted when the attempt times out or the caller's `signal` aborts; pass it to `fetch`. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
}

/**
 * Result of a send that LINE reported as already accepted: an attempt got `409 Conflict` for a key an
 * earlier attempt (or an earlier run with the same caller-supplied key) had delivered. The messages
 * were sent once; the earlier attempt's own result is not available.
 */
export interface AlreadyAccepted {
  readonly alreadyAccepted: true;
  readonly retryKey: string;
  /** `x-line-accepted-request-id`: the request id of the attempt LINE accepted, when present. */
  readonly acceptedRequestId: string | undefined;
}

export function isAlreadyAccepted(value: unknown): value is AlreadyAccepted {
  return (
    typeof value === 'object' && value !== null && (value as { alreadyAccepted?: unknown }).alreadyAccepted === true
  );
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  retryKey: string;
  /** HTTP status when the attempt got an answer, otherwise undefined (network error or timeout). */
  status: number | undefined;
  error: unknown;
}

export interface SendWithRetryOptions {
  /** Your own key (e.g. stored with a job so a re-run after a crash reuses it). Default: a new UUID. */
  retryKey?: string;
  /** Total attempts including the first. Default 5. */
  maxAttempts?: number;
  /** Backoff base: attempt n waits up to `baseDelayMs * 2^(n-1)`. Default 500. */
  baseDelayMs?: number;
  /** Cap for any single wait, including a server-sent `Retry-After`. Default 30 000. */
  maxDelayMs?: number;
  /** Per-attempt limit; the attempt's signal aborts and the attempt counts as a timeout. Default 30 000. */
  timeoutMs?: number;
  /** Aborts the whole send (no further attempts). */
  signal?: AbortSignal;
  /** Overrides the transient/permanent decision for errors without an HTTP status. */
  isRetryable?: (error: unknown) => boolean | undefined;
  /** Called before each wait; handy for logs and metrics. */
  onRetry?: (info: RetryInfo) => void;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests; must return a number in [0, 1). */
  random?: () => number;
  /** Clock used to interpret an HTTP-date `Retry-After`. */
  now?: () => number;
}

interface Failure {
  status: number | undefined;
  retryAfter: string | undefined;
  acceptedRequestId: string | undefined;
}

type HeaderSource = unknown;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') {
    const value = (headers as Headers).get(name);
    return value == null ? undefined : String(value);
  }
  // Plain objects (axios) may use any casing.
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : value == null ? undefined : String(value);
  }
  return undefined;
}

function asStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    asStatus((value as Response).status) !== undefined &&
    typeof (value as Response).ok === 'boolean' &&
    typeof (value as Response).headers?.get === 'function'
  );
}

/**
 * Extracts status and headers from what the SDK versions throw:
 * v9+ `HTTPFetchError` (`status`, fetch `headers`), legacy axios-based `HTTPError`
 * (`statusCode`, `originalError.response`), raw axios errors (`response`).
 */
export function describeFailure(error: unknown): Failure {
  const e = (error ?? {}) as Record<string, unknown>;
  const original = (e.originalError ?? {}) as Record<string, unknown>;
  const response = (e.response ?? original.response) as Record<string, unknown> | undefined;
  const status =
    asStatus(e.status) ?? asStatus(e.statusCode) ?? asStatus(response?.status) ?? asStatus(response?.statusCode);
  const headers = (typeof e.headers === 'object' && e.headers) || response?.headers;
  return {
    status,
    retryAfter: readHeader(headers, 'retry-after'),
    acceptedRequestId: readHeader(headers, 'x-line-accepted-request-id'),
  };
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'ERR_NETWORK', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Network failures and timeouts: the request may or may not have reached LINE. */
function isTransientError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  if (typeof e.code === 'string' && (TRANSIENT_CODES.has(e.code) || e.code.startsWith('UND_ERR'))) return true;
  if (e.name === 'TypeError' && e.message === 'fetch failed') return true; // undici wraps the cause
  return isTransientError(e.cause, depth + 1) || isTransientError(e.originalError, depth + 1);
}

/** Parses `Retry-After` (delta seconds or HTTP-date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type AttemptOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: unknown; response?: Response; failure: Failure; timedOut: boolean };

async function runAttempt<T>(
  send: (retryKey: string, context: AttemptContext) => Promise<T>,
  retryKey: string,
  attempt: number,
  timeoutMs: number,
  outer: AbortSignal | undefined,
): Promise<AttemptOutcome<T>> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Races the send against the timer, because SDK clients do not take an AbortSignal: a late answer
  // is harmless since the next attempt carries the same key.
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new AttemptTimeoutError(timeoutMs));
      resolve('timeout');
    }, timeoutMs);
  });
  const sending = Promise.resolve().then(() => send(retryKey, { signal: controller.signal, attempt }));
  sending.catch(() => undefined); // a late rejection after a timeout must not go unhandled
  try {
    const winner = await Promise.race([sending.then((value) => ({ value })), timeout]);
    if (winner === 'timeout') {
      const error = new AttemptTimeoutError(timeoutMs);
      return { ok: false, error, failure: { status: undefined, retryAfter: undefined, acceptedRequestId: undefined }, timedOut: true };
    }
    const value = winner.value;
    if (isResponse(value) && !value.ok) {
      const failure: Failure = {
        status: value.status,
        retryAfter: value.headers.get('retry-after') ?? undefined,
        acceptedRequestId: value.headers.get('x-line-accepted-request-id') ?? undefined,
      };
      return { ok: false, error: undefined, response: value, failure, timedOut: false };
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error, failure: describeFailure(error), timedOut: false };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Sends with LINE's retry-key protocol: one key per logical send, reused unchanged by every attempt,
 * so LINE delivers the messages at most once however many attempts reach it.
 *
 * Retries network errors, per-attempt timeouts, 5xx and 429 (honouring `Retry-After`, capped by
 * `maxDelayMs`) with capped exponential backoff and full jitter; any other 4xx fails at once.
 * `send` may throw SDK errors (`HTTPFetchError` of v9+, the axios-based errors of v7) or return a
 * fetch `Response` (an ok Response resolves, a non-ok one is judged by its status).
 *
 * @returns the value of the successful attempt; or an {@link AlreadyAccepted} marker when LINE answers
 * 409 to a key that was already used (a retried attempt, or a caller-supplied `retryKey`): the messages
 * were delivered once by the earlier attempt. A 409 on the first attempt of a fresh key is an error.
 * @throws the last thrown error unchanged; {@link SendFailedError} when the last answer was a non-ok
 * `Response`; the `signal`'s reason when aborted.
 */
export async function sendWithRetry<T>(
  send: (retryKey: string, context: AttemptContext) => Promise<T>,
  options: SendWithRetryOptions = {},
): Promise<T | AlreadyAccepted> {
  const retryKey = options.retryKey ?? createRetryKey();
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
  if (typeof retryKey !== 'string' || retryKey === '') throw new TypeError('retryKey must be a non-empty string');

  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    const outcome = await runAttempt(send, retryKey, attempt, timeoutMs, options.signal);
    if (outcome.ok) return outcome.value;
    options.signal?.throwIfAborted();

    const { status, retryAfter, acceptedRequestId } = outcome.failure;
    if (status === 409 && (attempt > 1 || options.retryKey !== undefined)) {
      return { alreadyAccepted: true, retryKey, acceptedRequestId };
    }
    const retryable =
      status !== undefined
        ? status === 429 || status >= 500
        : outcome.timedOut || (options.isRetryable?.(outcome.error) ?? isTransientError(outcome.error));

    if (!retryable || attempt >= maxAttempts) {
      if (outcome.response) throw new SendFailedError(outcome.response, retryKey, attempt);
      throw outcome.error;
    }

    const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const serverDelay = status === 429 || status === 503 ? parseRetryAfter(retryAfter, now()) : undefined;
    const delayMs = Math.min(maxDelayMs, serverDelay ?? Math.floor(random() * backoff));
    options.onRetry?.({ attempt, delayMs, retryKey, status, error: outcome.error ?? outcome.response });
    // Drain an unused error body so the connection can be reused.
    await outcome.response?.body?.cancel().catch(() => undefined);
    await sleep(delayMs, options.signal);
  }
}
