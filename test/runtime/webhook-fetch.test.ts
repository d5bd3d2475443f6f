import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createWebhookHandler, type WebhookHandler } from '../../src/runtime/index.js';
import { closeServer } from './helpers.js';
import { messageEvent, post, runWebhookSuite, SECRET, webhookBody, type WebhookTransport } from './webhook-suite.js';

type Ctx = { waitUntil(promise: Promise<unknown>): void };

describe('webhook handler on Hono (fetch API, served by @hono/node-server)', () => {
  const mounted = new Map<string, { handler: WebhookHandler; ctx?: Ctx }>();
  let baseUrl = '';
  let server: Server;
  let next = 0;

  beforeAll(async () => {
    const app = new Hono();
    // On Workers this is `handler.fetch(c.req.raw, c.executionCtx)`; Node has no execution context,
    // so the test supplies its own recorder where a case needs one.
    app.all('/hook/:id', (c) => {
      const entry = mounted.get(c.req.param('id'));
      if (!entry) return c.notFound();
      return entry.handler.fetch(c.req.raw, entry.ctx);
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        baseUrl = `http://127.0.0.1:${info.port}`;
        resolve();
      }) as Server;
    });
  });
  afterAll(() => closeServer(server));

  const transport: WebhookTransport = {
    mount(handler, ctx) {
      const id = String(++next);
      mounted.set(id, { handler, ctx });
      return `${baseUrl}/hook/${id}`;
    },
    passesCtx: true,
  };
  runWebhookSuite(() => transport);

  it('hands the processing promise to ctx.waitUntil, in preference to the option', async () => {
    const fromCtx: Array<Promise<unknown>> = [];
    const fromOption: Array<Promise<unknown>> = [];
    const events: unknown[] = [];
    const handler = createWebhookHandler({
      channelSecret: SECRET,
      onEvent: (e) => void events.push(e),
      waitUntil: (p) => fromOption.push(p),
    });
    const url = transport.mount(handler, { waitUntil: (p) => fromCtx.push(p) });
    const sent = [messageEvent('CTX1', 'x')];
    expect((await post(url, webhookBody(sent))).status).toBe(200);
    expect(fromCtx).toHaveLength(1);
    expect(fromOption).toHaveLength(0);
    await fromCtx[0];
    expect(events).toEqual(sent);
  });

  it('keeps processing without any waitUntil (long-running process)', async () => {
    const events: unknown[] = [];
    const handler = createWebhookHandler({ channelSecret: SECRET, onEvent: (e) => void events.push(e) });
    const url = transport.mount(handler);
    expect((await post(url, webhookBody([messageEvent('BG1', 'x')]))).status).toBe(200);
    await vi.waitFor(() => expect(events).toHaveLength(1));
  });

  it('answers 413 to a streamed body without content-length', async () => {
    const handler = createWebhookHandler({ channelSecret: SECRET, onEvent: () => undefined, maxBodyBytes: 100 });
    const chunk = new TextEncoder().encode('x'.repeat(64));
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulls > 50) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request('http://127.0.0.1/hook', {
      method: 'POST',
      headers: { 'x-line-signature': 'A'.repeat(43) + '=' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const response = await handler.fetch(request);
    expect(response.status).toBe(413);
    expect(pulls).toBeLessThan(50); // reading stopped once the limit was crossed
  });
});
