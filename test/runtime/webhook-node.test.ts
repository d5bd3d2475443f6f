import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest, type Server } from 'node:http';
import express from 'express';
import { createWebhookHandler, type WebhookHandler } from '../../src/runtime/index.js';
import { closeServer, listen, macrotask, readBody, sign } from './helpers.js';
import { harness, messageEvent, post, runWebhookSuite, SECRET, webhookBody, type WebhookTransport } from './webhook-suite.js';

/** Mounts each handler under its own path of one server. */
class PathRouter {
  readonly handlers = new Map<string, WebhookHandler>();
  baseUrl = '';
  #next = 0;
  mount(handler: WebhookHandler): string {
    const path = `/hook/${++this.#next}`;
    this.handlers.set(path, handler);
    return `${this.baseUrl}${path}`;
  }
}

describe('webhook handler on node:http', () => {
  const router = new PathRouter();
  let server: Server;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const handler = router.handlers.get(req.url ?? '');
      if (!handler) return void res.writeHead(404).end();
      void handler.node(req, res);
    });
    router.baseUrl = await listen(server);
  });
  afterAll(() => closeServer(server));

  const transport: WebhookTransport = { mount: (h) => router.mount(h), passesCtx: false };
  runWebhookSuite(() => transport);

  it('answers 413 to a chunked body that grows past the limit, and stops buffering', async () => {
    const h = harness(transport, { maxBodyBytes: 1024 });
    const url = new URL(h.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'x-line-signature': sign('x', SECRET) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // No content-length: the handler only learns the size while reading.
      for (let i = 0; i < 8; i++) req.write('x'.repeat(512));
      req.end();
    });
    expect(status).toBe(413);
    expect(h.processing).toHaveLength(0);
  });

  it('uses req.rawBody when a platform already read the stream (Firebase-style)', async () => {
    const events: unknown[] = [];
    const processing: Array<Promise<unknown>> = [];
    const handler = createWebhookHandler({
      channelSecret: SECRET,
      onEvent: (e) => void events.push(e),
      waitUntil: (p) => processing.push(p),
    });
    const firebaseLike = createServer(async (req, res) => {
      const raw = await readBody(req);
      Object.assign(req, { rawBody: Buffer.from(raw), body: JSON.parse(raw) as unknown });
      await handler.node(req, res);
    });
    const base = await listen(firebaseLike);
    try {
      const sent = [messageEvent('RAW1', '\u{1F928}')];
      expect((await post(`${base}/`, webhookBody(sent))).status).toBe(200);
      await Promise.all(processing);
      expect(events).toEqual(sent);
    } finally {
      await closeServer(firebaseLike);
    }
  });

  it('answers 500 instead of hanging when the stream was consumed and nothing was kept', async () => {
    const errors: unknown[] = [];
    const handler = createWebhookHandler({ channelSecret: SECRET, onEvent: () => undefined, onError: (e) => errors.push(e) });
    const consuming = createServer(async (req, res) => {
      await readBody(req); // e.g. a framework that parsed and dropped the bytes
      await handler.node(req, res);
    });
    const base = await listen(consuming);
    try {
      const res = await post(`${base}/`, webhookBody([]));
      expect(res.status).toBe(500);
      expect(res.text).toMatch(/already consumed/);
      expect(errors).toHaveLength(1);
    } finally {
      await closeServer(consuming);
    }
  });
});

describe('webhook handler on Express 5', () => {
  const router = new PathRouter();
  let server: Server;
  let direct: { events: unknown[]; processing: Array<Promise<unknown>> };
  const parsedErrors: unknown[] = [];

  beforeAll(async () => {
    const app = express();

    // The way a bot mounts it: the handler itself is the route handler, no body parser before it.
    direct = { events: [], processing: [] };
    const directHandler = createWebhookHandler({
      channelSecret: SECRET,
      onEvent: (e) => void direct.events.push(e),
      waitUntil: (p) => direct.processing.push(p),
    });
    app.post('/webhook', directHandler.node);

    // The classic mistake: a JSON parser mounted before the webhook.
    const afterJson = createWebhookHandler({
      channelSecret: SECRET,
      onEvent: () => undefined,
      onError: (e) => parsedErrors.push(e),
    });
    app.post('/parsed', express.json(), afterJson.node);

    // express.raw() leaves the exact bytes in req.body: accepted.
    app.post('/raw', express.raw({ type: '*/*' }), (req, res, next) => {
      const handler = router.handlers.get('/raw-target');
      void handler?.node(req, res, next);
    });

    app.all('/hook/:id', (req, res, next) => {
      const handler = router.handlers.get(req.path);
      if (!handler) return void res.sendStatus(404);
      void handler.node(req, res, next);
    });
    server = createServer(app);
    router.baseUrl = await listen(server);
  });
  afterAll(() => closeServer(server));

  const transport: WebhookTransport = { mount: (h) => router.mount(h), passesCtx: false };
  runWebhookSuite(() => transport);

  it('works mounted directly as app.post(path, handler.node)', async () => {
    const sent = [messageEvent('EXP1', 'hi')];
    expect((await post(`${router.baseUrl}/webhook`, webhookBody(sent))).status).toBe(200);
    await Promise.all(direct.processing);
    expect(direct.events).toEqual(sent);
  });

  it('answers a clear 500 when express.json() parsed the body first', async () => {
    const body = webhookBody([messageEvent('EXP2', 'hi')]);
    const res = await post(`${router.baseUrl}/parsed`, body);
    expect(res.status).toBe(500);
    expect(res.text).toMatch(/express\.json\(\)/);
    expect(res.text).toMatch(/cannot be verified/);
    expect(parsedErrors).toHaveLength(1);
    // Also without a signature: the deployment error is what needs fixing.
    expect((await post(`${router.baseUrl}/parsed`, body, { signature: null })).status).toBe(500);
  });

  it('accepts a Buffer body left by express.raw()', async () => {
    const events: unknown[] = [];
    const processing: Array<Promise<unknown>> = [];
    router.handlers.set(
      '/raw-target',
      createWebhookHandler({ channelSecret: SECRET, onEvent: (e) => void events.push(e), waitUntil: (p) => processing.push(p) }),
    );
    const sent = [messageEvent('EXP3', 'raw')];
    expect((await post(`${router.baseUrl}/raw`, webhookBody(sent))).status).toBe(200);
    await Promise.all(processing);
    expect(events).toEqual(sent);
    // A forged body is still refused on this path.
    expect((await post(`${router.baseUrl}/raw`, webhookBody(sent), { signature: sign('other', SECRET) })).status).toBe(401);
    await macrotask();
  });
});
