import { describe, expect, it } from 'vitest';
import {
  assertHttpsUrl,
  createMemoryDedupeStore,
  createWebhookHandler,
  verifyIdToken,
  type DedupeStore,
} from '../../src/runtime/index.js';

describe('assertHttpsUrl', () => {
  it('returns https URLs unchanged', () => {
    for (const url of ['https://cdn.example.com/a.png', 'https://example.com/a%20b.jpg?sig=1#x', 'HTTPS://EXAMPLE.COM/x']) {
      expect(assertHttpsUrl(url)).toBe(url);
    }
  });

  it('throws a TypeError naming the problem', () => {
    expect(() => assertHttpsUrl('http://example.com/a.png', { name: 'originalContentUrl' })).toThrow(
      /originalContentUrl must use the https: scheme \(got http:\)/,
    );
    expect(() => assertHttpsUrl('//example.com/a.png')).toThrow(/not a valid absolute URL/);
    expect(() => assertHttpsUrl('not a url')).toThrow(TypeError);
    expect(() => assertHttpsUrl('line://ti/p/@bot')).toThrow(/https:/);
    expect(() => assertHttpsUrl('ftp://example.com/a.png')).toThrow(/got ftp:/);
    expect(() => assertHttpsUrl(`https://example.com/${'a'.repeat(2000)}`)).toThrow(/limit is 2000/);
    expect(() => assertHttpsUrl(undefined as unknown as string)).toThrow(/must be a string/);
  });

  it('does not echo the URL (it may carry signed query parameters)', () => {
    try {
      assertHttpsUrl('http://example.com/a.png?token=SECRET');
    } catch (error) {
      expect((error as Error).message).not.toContain('SECRET');
    }
    expect.assertions(1);
  });
});

describe('createMemoryDedupeStore', () => {
  it('remembers ids until their TTL passes', () => {
    let now = 0;
    const store = createMemoryDedupeStore({ now: () => now });
    expect(store.markIfNew('a', 1_000)).toBe(true);
    expect(store.markIfNew('a', 1_000)).toBe(false);
    now = 999;
    expect(store.markIfNew('a', 1_000)).toBe(false);
    now = 1_000;
    expect(store.markIfNew('a', 1_000)).toBe(true);
  });

  it('stays within maxEntries by forgetting the oldest ids', () => {
    const store = createMemoryDedupeStore({ maxEntries: 3, now: () => 0 });
    for (const id of ['a', 'b', 'c', 'd']) expect(store.markIfNew(id, 60_000)).toBe(true);
    expect(store.markIfNew('a', 60_000)).toBe(true); // evicted
    expect(store.markIfNew('d', 60_000)).toBe(false);
  });
});

describe('webhook handler options', () => {
  it('refuses an empty channel secret at creation (fail closed)', () => {
    expect(() => createWebhookHandler({ channelSecret: '', onEvent: () => undefined })).toThrow(TypeError);
    expect(() => createWebhookHandler({ channelSecret: 'x', onEvent: undefined as never })).toThrow(TypeError);
    expect(() => createWebhookHandler({ channelSecret: 'x', onEvent: () => undefined, concurrency: 0 })).toThrow(RangeError);
  });

  it('accepts an async store (Redis-style adapter) and processes events if the store fails', async () => {
    const calls: Array<[string, number]> = [];
    const redisLike: DedupeStore = {
      markIfNew: async (id, ttlMs) => {
        calls.push([id, ttlMs]);
        if (id === 'broken') throw new Error('store down');
        return id !== 'dup';
      },
    };
    const seen: string[] = [];
    const errors: unknown[] = [];
    const processing: Array<Promise<unknown>> = [];
    const { createHmac } = await import('node:crypto');
    const handler = createWebhookHandler({
      channelSecret: 's3cret',
      dedupe: { store: redisLike, ttlMs: 5_000 },
      onEvent: (e) => void seen.push(e.webhookEventId as string),
      onError: (e) => errors.push(e),
      waitUntil: (p) => processing.push(p),
    });
    const body = JSON.stringify({ events: ['new', 'dup', 'broken'].map((id) => ({ type: 'follow', webhookEventId: id })) });
    const request = new Request('http://127.0.0.1/webhook', {
      method: 'POST',
      headers: { 'x-line-signature': createHmac('sha256', 's3cret').update(body).digest('base64') },
      body,
    });
    expect((await handler.fetch(request)).status).toBe(200);
    await Promise.all(processing);
    expect(seen.sort()).toEqual(['broken', 'new']);
    expect(calls.map(([, ttl]) => ttl)).toEqual([5_000, 5_000, 5_000]);
    expect(errors).toHaveLength(1);
  });
});

describe('injected fetch', () => {
  it('is used instead of the global one', async () => {
    const urls: string[] = [];
    const fakeFetch = async (url: string): Promise<Response> => {
      urls.push(url);
      return new Response(JSON.stringify({ iss: 'https://access.line.me', aud: 'c', sub: 'U', exp: 4_102_444_800, iat: 0 }), {
        status: 200,
      });
    };
    await verifyIdToken({ idToken: 't', channelId: 'c', fetch: fakeFetch, baseUrl: 'https://api.example.test/' });
    expect(urls).toEqual(['https://api.example.test/oauth2/v2.1/verify']);
  });
});
