/**
 * Behaviour every transport of the webhook handler must show (node:http, Express, Hono/fetch). Each
 * test file mounts handlers on its own real HTTP server and runs this suite against it.
 */
import { expect, it, vi } from 'vitest';
import { createWebhookHandler, type WebhookHandler, type WebhookHandlerOptions, type WebhookEvent } from '../../src/runtime/index.js';
import { deferred, macrotask, sign } from './helpers.js';

export const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
export const DESTINATION = `U${'1'.repeat(32)}`;

export interface WebhookTransport {
  /** Mounts `handler` and returns the absolute URL to POST to. */
  mount(handler: WebhookHandler, ctx?: { waitUntil(promise: Promise<unknown>): void }): string;
  /** Whether `ctx` reaches `handler.fetch` (fetch-style transports only). */
  readonly passesCtx: boolean;
}

export function messageEvent(id: string, text: string, extra: Record<string, unknown> = {}): WebhookEvent {
  return {
    type: 'message',
    mode: 'active',
    timestamp: 1_700_000_000_000,
    source: { type: 'user', userId: `U${'a'.repeat(32)}` },
    webhookEventId: id,
    deliveryContext: { isRedelivery: false },
    replyToken: `reply-${id}`,
    message: { id: `m-${id}`, type: 'text', quoteToken: 'q', text },
    ...extra,
  };
}

export function webhookBody(events: unknown[]): string {
  return JSON.stringify({ destination: DESTINATION, events });
}

export async function post(
  url: string,
  body: string,
  init: { signature?: string | null; headerName?: string; method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  const signature = init.signature === undefined ? sign(body, SECRET) : init.signature;
  if (signature !== null) headers[init.headerName ?? 'x-line-signature'] = signature;
  const method = init.method ?? 'POST';
  const response = await fetch(url, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
  return { status: response.status, text: await response.text() };
}

interface Harness {
  url: string;
  events: unknown[];
  errors: Array<{ error: unknown; event: unknown }>;
  processing: Array<Promise<unknown>>;
  settle(): Promise<void>;
}

export function harness(
  transport: WebhookTransport,
  options: Partial<WebhookHandlerOptions> = {},
): Harness {
  const events: unknown[] = [];
  const errors: Array<{ error: unknown; event: unknown }> = [];
  const processing: Array<Promise<unknown>> = [];
  const handler = createWebhookHandler({
    channelSecret: SECRET,
    onEvent: (event) => {
      events.push(event);
    },
    onError: (error, event) => errors.push({ error, event }),
    waitUntil: (promise) => processing.push(promise),
    ...options,
  });
  return {
    url: transport.mount(handler),
    events,
    errors,
    processing,
    settle: async () => {
      await Promise.all(processing);
    },
  };
}

export function runWebhookSuite(getTransport: () => WebhookTransport): void {
  const t = (): WebhookTransport => getTransport();

  it('answers 200 to a signed body and dispatches every event', async () => {
    const h = harness(t());
    const sent = [messageEvent('01A', 'hello'), messageEvent('01B', 'world')];
    const res = await post(h.url, webhookBody(sent));
    expect(res.status).toBe(200);
    await h.settle();
    expect(h.events).toEqual(sent);
    expect(h.errors).toEqual([]);
  });

  it('answers before a slow onEvent settles', async () => {
    const gate = deferred();
    const started = deferred();
    let finished = false;
    const h = harness(t(), {
      onEvent: async () => {
        started.resolve();
        await gate.promise;
        finished = true;
      },
    });
    const res = await post(h.url, webhookBody([messageEvent('01C', 'slow')]));
    expect(res.status).toBe(200);
    expect(finished).toBe(false);
    await started.promise; // processing did start, and is still pending
    expect(finished).toBe(false);
    gate.resolve();
    await h.settle();
    expect(finished).toBe(true);
  });

  it('rejects a bad signature with 401 and runs no event', async () => {
    const h = harness(t());
    const body = webhookBody([messageEvent('01D', 'forged')]);
    const res = await post(h.url, body, { signature: sign(body, 'another-secret') });
    expect(res.status).toBe(401);
    await macrotask();
    expect(h.processing).toHaveLength(0);
    expect(h.events).toEqual([]);
  });

  it('rejects a missing signature with 401', async () => {
    const h = harness(t());
    const res = await post(h.url, webhookBody([messageEvent('01E', 'x')]), { signature: null });
    expect(res.status).toBe(401);
    await macrotask();
    expect(h.events).toEqual([]);
  });

  it('rejects a malformed signature header with 401', async () => {
    const h = harness(t());
    const res = await post(h.url, webhookBody([messageEvent('01E2', 'x')]), { signature: 'not base64 at all!' });
    expect(res.status).toBe(401);
  });

  it('reads the signature header case-insensitively', async () => {
    const h = harness(t());
    const res = await post(h.url, webhookBody([messageEvent('01F', 'x')]), { headerName: 'X-Line-Signature' });
    expect(res.status).toBe(200);
    await h.settle();
    expect(h.events).toHaveLength(1);
  });

  it('answers 400 to malformed JSON or a body without events, even when signed', async () => {
    const h = harness(t());
    expect((await post(h.url, '{"events": [')).status).toBe(400);
    expect((await post(h.url, '{"destination":"U1"}')).status).toBe(400);
    expect((await post(h.url, '[]')).status).toBe(400);
    expect((await post(h.url, '{"events": {}}')).status).toBe(400);
    expect(h.processing).toHaveLength(0);
  });

  it('answers 413 to a body over maxBodyBytes', async () => {
    const h = harness(t(), { maxBodyBytes: 1024 });
    const body = webhookBody([messageEvent('01G', 'x'.repeat(2048))]);
    const res = await post(h.url, body);
    expect(res.status).toBe(413);
    expect(h.processing).toHaveLength(0);
  });

  it('answers 200 to an empty events array without calling onEvent', async () => {
    const h = harness(t());
    const res = await post(h.url, webhookBody([]));
    expect(res.status).toBe(200);
    await macrotask();
    expect(h.events).toEqual([]);
  });

  it('drops an event whose webhookEventId was already processed', async () => {
    const h = harness(t());
    const body = webhookBody([messageEvent('01H', 'a'), messageEvent('01J', 'b')]);
    expect((await post(h.url, body)).status).toBe(200);
    expect((await post(h.url, body)).status).toBe(200);
    await h.settle();
    expect(h.events.map((e) => (e as WebhookEvent).webhookEventId)).toEqual(['01H', '01J']);
  });

  it('processes every event when dedupe is off', async () => {
    const h = harness(t(), { dedupe: false });
    const body = webhookBody([messageEvent('01K', 'a')]);
    await post(h.url, body);
    await post(h.url, body);
    await h.settle();
    expect(h.events).toHaveLength(2);
  });

  it('isolates failing events and reports them to onError', async () => {
    const seen: string[] = [];
    const h = harness(t(), {
      onEvent: async (event) => {
        const id = (event as WebhookEvent).webhookEventId as string;
        if (id === 'sync-throw') throw new Error('sync boom');
        if (id === 'reject') {
          await macrotask();
          throw new Error('async boom');
        }
        seen.push(id);
      },
    });
    // A sync throw from a non-async onEvent must be caught as well.
    const syncThrower = harness(t(), {
      onEvent: () => {
        throw new Error('plain sync throw');
      },
    });
    const events = [messageEvent('ok-1', 'a'), messageEvent('sync-throw', 'b'), messageEvent('reject', 'c'), messageEvent('ok-2', 'd')];
    expect((await post(h.url, webhookBody(events))).status).toBe(200);
    expect((await post(syncThrower.url, webhookBody([messageEvent('st', 'x')]))).status).toBe(200);
    await h.settle();
    await syncThrower.settle();
    expect(seen.sort()).toEqual(['ok-1', 'ok-2']);
    expect(h.errors.map((e) => [(e.error as Error).message, (e.event as WebhookEvent).webhookEventId]).sort()).toEqual([
      ['async boom', 'reject'],
      ['sync boom', 'sync-throw'],
    ]);
    expect(syncThrower.errors).toHaveLength(1);
    expect((syncThrower.errors[0]?.error as Error).message).toBe('plain sync throw');
  });

  it('passes unknown event types and unknown properties through untouched', async () => {
    const h = harness(t());
    const future = {
      type: 'somethingNew',
      webhookEventId: '01FUTURE',
      timestamp: 1,
      mode: 'active',
      brandNewField: { nested: [1, 'two', null, { deep: true }] },
      'weird-key': '🤨',
    };
    const known = messageEvent('01KNOWN', 'hi', { extraProperty: 42, message: { id: '1', type: 'text', text: 'hi', newThing: [] } });
    await post(h.url, webhookBody([future, known]));
    await h.settle();
    expect(h.events).toEqual([future, known]);
  });

  it('hands the processing promise to waitUntil, which settles after the events', async () => {
    const gate = deferred();
    let done = false;
    const h = harness(t(), {
      onEvent: async () => {
        await gate.promise;
        done = true;
      },
    });
    await post(h.url, webhookBody([messageEvent('01W', 'x')]));
    expect(h.processing).toHaveLength(1);
    let settled = false;
    void h.processing[0]?.then(() => (settled = true));
    await macrotask();
    expect(settled).toBe(false);
    gate.resolve();
    await h.processing[0];
    expect(done).toBe(true);
  });

  it('verifies bodies whose wire JSON escapes emoji (\\uD83E\\uDD28)', async () => {
    const h = harness(t());
    // Exactly as LINE sends it: the escape sequence, not the raw emoji, is on the wire.
    const wire = `{"destination":"${DESTINATION}","events":[{"type":"message","webhookEventId":"01EMOJI","message":{"type":"text","id":"1","text":"\\uD83E\\uDD28 ok"}}]}`;
    expect(wire).toContain('\\uD83E\\uDD28');
    expect(JSON.stringify(JSON.parse(wire))).not.toBe(wire); // re-serialising would break the HMAC
    const res = await post(h.url, wire);
    expect(res.status).toBe(200);
    await h.settle();
    expect((h.events[0] as { message: { text: string } }).message.text).toBe('🤨 ok');
  });

  it('answers 405 to other methods', async () => {
    const h = harness(t());
    for (const method of ['GET', 'PUT']) {
      const res = await post(h.url, webhookBody([]), { method });
      expect(res.status).toBe(405);
    }
  });

  it('caps events in flight with `concurrency`', async () => {
    const gate = deferred();
    let inFlight = 0;
    let maxInFlight = 0;
    let started = 0;
    const h = harness(t(), {
      concurrency: 2,
      onEvent: async () => {
        started++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await gate.promise;
        inFlight--;
      },
    });
    const events = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => messageEvent(id, id));
    await post(h.url, webhookBody(events));
    await vi.waitFor(() => expect(started).toBe(2));
    for (let i = 0; i < 5; i++) await macrotask();
    expect(started).toBe(2);
    gate.resolve();
    await h.settle();
    expect(started).toBe(5);
    expect(maxInFlight).toBe(2);
  });
}
