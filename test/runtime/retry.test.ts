import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import {
  AttemptTimeoutError,
  createRetryKey,
  isAlreadyAccepted,
  parseRetryAfter,
  SendFailedError,
  sendWithRetry,
  type AttemptContext,
} from '../../src/runtime/index.js';
import { FakeLineApi, listen, closeServer } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PUSH = 'POST /v2/bot/message/push';

describe('createRetryKey', () => {
  it('returns a fresh random UUID each time', () => {
    const keys = new Set(Array.from({ length: 100 }, () => createRetryKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(UUID);
  });
});

describe('sendWithRetry against a fake LINE API', () => {
  const api = new FakeLineApi();
  const sleeps: number[] = [];
  /** Records waits instead of waiting: keeps the suite fast and deterministic. */
  const fastSleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };

  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => {
    api.reset();
    sleeps.length = 0;
  });

  const push = (retryKey: string, { signal }: AttemptContext): Promise<Response> =>
    fetch(`${api.baseUrl}/v2/bot/message/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-retry-key': retryKey },
      body: JSON.stringify({ to: `U${'0'.repeat(32)}`, messages: [{ type: 'text', text: 'hi' }] }),
      signal,
    });
  const keysSent = (): Array<string | string[] | undefined> => api.requestsTo(PUSH).map((r) => r.headers['x-line-retry-key']);

  it('retries 5xx with the same key until success and resolves the ok Response', async () => {
    api.route(PUSH, (_req, n) => (n < 3 ? { status: 500, json: { message: 'boom' } } : { status: 200, json: { sentMessages: [{ id: '1' }] } }));
    const result = await sendWithRetry(push, { sleep: fastSleep });
    expect(isAlreadyAccepted(result)).toBe(false);
    const response = result as Response;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sentMessages: [{ id: '1' }] });
    const keys = keysSent();
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(UUID);
  });

  it('uses the caller-supplied key on every attempt', async () => {
    const retryKey = createRetryKey();
    api.route(PUSH, (_req, n) => (n === 1 ? { status: 503 } : { status: 200, json: {} }));
    await sendWithRetry(push, { retryKey, sleep: fastSleep });
    expect(keysSent()).toEqual([retryKey, retryKey]);
  });

  it('honours Retry-After seconds on 429, capped by maxDelayMs', async () => {
    api.route(PUSH, (_req, n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '2' } }
        : n === 2
          ? { status: 429, headers: { 'retry-after': '120' } }
          : { status: 200, json: {} },
    );
    await sendWithRetry(push, { sleep: fastSleep, maxDelayMs: 5_000 });
    expect(sleeps).toEqual([2_000, 5_000]);
    expect(new Set(keysSent()).size).toBe(1);
  });

  it('honours an HTTP-date Retry-After', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    api.route(PUSH, (_req, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' } } : { status: 200, json: {} },
    );
    await sendWithRetry(push, { sleep: fastSleep, now: () => now });
    expect(sleeps).toEqual([7_000]);
    expect(parseRetryAfter('garbage', now)).toBeUndefined();
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });

  it('backs off exponentially with full jitter, capped', async () => {
    api.route(PUSH, () => ({ status: 502 }));
    const error = await sendWithRetry(push, {
      sleep: fastSleep,
      random: () => 0.5,
      baseDelayMs: 100,
      maxDelayMs: 300,
      maxAttempts: 5,
    }).catch((e: unknown) => e);
    expect(sleeps).toEqual([50, 100, 150, 150]); // 0.5 × min(300, 100·2^n)
    expect(error).toBeInstanceOf(SendFailedError);
    expect((error as SendFailedError).status).toBe(502);
    expect((error as SendFailedError).attempts).toBe(5);
    expect((error as SendFailedError).retryKey).toBe(keysSent()[0]);
    expect(new Set(keysSent()).size).toBe(1);
  });

  it('times out an attempt that never answers and retries it with the same key', async () => {
    api.route(PUSH, (_req, n) => (n === 1 ? 'hang' : { status: 200, json: {} }));
    const retries: unknown[] = [];
    const result = await sendWithRetry(push, {
      sleep: fastSleep,
      timeoutMs: 100,
      onRetry: (info) => retries.push(info.error),
    });
    expect((result as Response).status).toBe(200);
    expect(retries[0]).toBeInstanceOf(AttemptTimeoutError);
    const keys = keysSent();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('treats 409 on a retried key as delivered by the earlier attempt', async () => {
    api.route(PUSH, (_req, n) =>
      n === 1
        ? { status: 500 }
        : { status: 409, json: { message: 'The retry key is already accepted' }, headers: { 'x-line-accepted-request-id': 'req-123' } },
    );
    const result = await sendWithRetry(push, { sleep: fastSleep });
    expect(isAlreadyAccepted(result)).toBe(true);
    if (!isAlreadyAccepted(result)) return;
    expect(result.acceptedRequestId).toBe('req-123');
    expect(result.retryKey).toBe(keysSent()[0]);
  });

  it('treats 409 as delivered for a caller-supplied key, but as an error for a fresh key', async () => {
    api.route(PUSH, () => ({ status: 409, headers: { 'x-line-accepted-request-id': 'req-9' } }));
    const own = await sendWithRetry(push, { retryKey: createRetryKey(), sleep: fastSleep });
    expect(own).toMatchObject({ alreadyAccepted: true, acceptedRequestId: 'req-9' });
    const fresh = await sendWithRetry(push, { sleep: fastSleep }).catch((e: unknown) => e);
    expect(fresh).toBeInstanceOf(SendFailedError);
    expect((fresh as SendFailedError).status).toBe(409);
    expect(api.requestsTo(PUSH)).toHaveLength(2);
  });

  it('never retries other 4xx', async () => {
    for (const status of [400, 401, 403, 404, 413]) {
      api.reset();
      api.route(PUSH, () => ({ status, json: { message: 'nope' } }));
      const error = await sendWithRetry(push, { sleep: fastSleep }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SendFailedError);
      expect((error as SendFailedError).status).toBe(status);
      expect(await (error as SendFailedError).response.json()).toEqual({ message: 'nope' });
      expect(api.requestsTo(PUSH)).toHaveLength(1);
    }
    expect(sleeps).toEqual([]);
  });

  it('retries a refused connection (network error) and rethrows it when attempts run out', async () => {
    const closed = createServer();
    const base = await listen(closed);
    await closeServer(closed); // nothing listens there any more
    const keys: string[] = [];
    const error = await sendWithRetry(
      (key, { signal }) => {
        keys.push(key);
        return fetch(`${base}/v2/bot/message/push`, { method: 'POST', headers: { 'x-line-retry-key': key }, signal });
      },
      { sleep: fastSleep, maxAttempts: 3 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError); // undici's "fetch failed", rethrown unchanged
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('stops at once when the caller aborts', async () => {
    api.route(PUSH, () => ({ status: 500 }));
    const controller = new AbortController();
    const error = await sendWithRetry(push, {
      signal: controller.signal,
      sleep: async () => {
        controller.abort(new Error('shutting down'));
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('shutting down');
    expect(api.requestsTo(PUSH)).toHaveLength(1);
  });
});

describe('sendWithRetry with @line/bot-sdk error shapes', () => {
  const noSleep = async (): Promise<void> => undefined;

  /** Shape of the SDK's v9+ `HTTPFetchError`. */
  class HTTPFetchError extends Error {
    constructor(
      readonly status: number,
      readonly statusText: string,
      readonly headers: Headers,
      readonly body: string,
    ) {
      super(`${status} - ${statusText}`);
    }
  }

  /** Shape of the legacy axios-based `HTTPError` (v6/v7 `Client`). */
  function legacyHttpError(status: number, headers: Record<string, string> = {}): Error {
    return Object.assign(new Error(`Request failed with status code ${status}`), {
      statusCode: status,
      statusMessage: 'x',
      originalError: { response: { status, headers, data: {} } },
    });
  }

  it('retries HTTPFetchError 5xx/429 and reads its fetch Headers', async () => {
    const keys: string[] = [];
    const sleeps: number[] = [];
    const result = await sendWithRetry(
      async (key) => {
        keys.push(key);
        if (keys.length === 1) throw new HTTPFetchError(500, 'Internal Server Error', new Headers(), '{}');
        if (keys.length === 2) throw new HTTPFetchError(429, 'Too Many Requests', new Headers({ 'Retry-After': '3' }), '{}');
        return { sentMessages: [{ id: '42' }] };
      },
      { sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(result).toEqual({ sentMessages: [{ id: '42' }] });
    expect(sleeps[1]).toBe(3_000);
    expect(new Set(keys).size).toBe(1);
  });

  it('treats HTTPFetchError 409 on a retry as delivered, with the accepted request id', async () => {
    let n = 0;
    const result = await sendWithRetry(
      async () => {
        n++;
        if (n === 1) throw new HTTPFetchError(503, 'Unavailable', new Headers(), '');
        throw new HTTPFetchError(409, 'Conflict', new Headers({ 'x-line-accepted-request-id': 'acc-1' }), '');
      },
      { sleep: noSleep },
    );
    expect(result).toEqual({ alreadyAccepted: true, retryKey: expect.stringMatching(UUID), acceptedRequestId: 'acc-1' });
  });

  it('rethrows an HTTPFetchError 400 unchanged after one attempt', async () => {
    let n = 0;
    const thrown = new HTTPFetchError(400, 'Bad Request', new Headers(), '{"message":"bad"}');
    const error = await sendWithRetry(
      async () => {
        n++;
        throw thrown;
      },
      { sleep: noSleep },
    ).catch((e: unknown) => e);
    expect(error).toBe(thrown);
    expect(n).toBe(1);
  });

  it('understands the legacy axios-based HTTPError (statusCode, originalError.response.headers)', async () => {
    const sleeps: number[] = [];
    let n = 0;
    await sendWithRetry(
      async () => {
        n++;
        if (n === 1) throw legacyHttpError(429, { 'retry-after': '4' });
        if (n === 2) throw legacyHttpError(502);
        return 'ok';
      },
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    );
    expect(sleeps).toEqual([4_000, 0]);
    let m = 0;
    const error = await sendWithRetry(
      async () => {
        m++;
        throw legacyHttpError(403);
      },
      { sleep: noSleep },
    ).catch((e: unknown) => e);
    expect((error as { statusCode: number }).statusCode).toBe(403);
    expect(m).toBe(1);
  });

  it('does not retry programming errors that carry no status', async () => {
    let n = 0;
    const error = await sendWithRetry(
      async () => {
        n++;
        throw new TypeError('client.pushMessage is not a function');
      },
      { sleep: noSleep },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/not a function/);
    expect(n).toBe(1);
  });

  it('retries connection errors reported through `code` or `cause`', async () => {
    let n = 0;
    await sendWithRetry(
      async () => {
        n++;
        if (n === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        if (n === 2) throw new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }) });
        return 'ok';
      },
      { sleep: noSleep },
    );
    expect(n).toBe(3);
  });
});
