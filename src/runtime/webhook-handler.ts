import type { ServerResponse } from 'node:http';
import { Buffer } from 'node:buffer';
import {
  DEFAULT_MAX_BODY_BYTES,
  providedNodeBody,
  readNodeBody,
  readRequestBody,
  type BodyResult,
  type NodeWebhookRequest,
} from './body.js';
import { createMemoryDedupeStore, DEFAULT_DEDUPE_TTL_MS, type DedupeStore } from './dedupe.js';
import { createLimiter } from './limiter.js';
import { importChannelSecret, SIGNATURE_HEADER, verifySignature, verifySignatureWithKey } from './signature.js';

/**
 * A webhook event as LINE sends it. Only the fields the handler itself reads are typed; every other
 * property, and every event type (including ones LINE adds later), reaches `onEvent` untouched.
 * Use your own type (e.g. the SDK's `webhook.Event`) through the handler's type parameter.
 */
export interface WebhookEvent {
  type: string;
  webhookEventId?: string;
  [key: string]: unknown;
}

export interface EventContext {
  /** Bot user ID the webhook was sent to (`destination` of the body). */
  destination: string | undefined;
}

/** Keeps serverless invocations alive until background work settles (Workers, Vercel, Next.js `after`). */
export type WaitUntil = (promise: Promise<unknown>) => void;

export interface WebhookHandlerOptions<E = WebhookEvent> {
  /** Channel secret used to verify `x-line-signature`. An empty value throws at creation. */
  channelSecret: string;
  /** Called once per event, after the 200 answer has been sent. */
  onEvent: (event: E, context: EventContext) => unknown;
  /**
   * Receives every failure of `onEvent` (sync throw or rejection) with the event concerned, and
   * handler-level problems with `undefined`. Default: `console.error` with the event type and id only.
   */
  onError?: (error: unknown, event: E | undefined) => void;
  /**
   * Drops events whose `webhookEventId` was already seen. Default: in-memory store remembering ids for
   * 24 h (at most 10 000). Pass your own store (shared across instances), options, or `false` to disable.
   */
  dedupe?: false | DedupeStore | { store?: DedupeStore; ttlMs?: number };
  /** Hands the processing promise to the platform; a `waitUntil` passed to `fetch()` takes precedence. */
  waitUntil?: WaitUntil;
  /** Maximum events processed at once by this handler (others queue). Default 100; `Infinity` for none. */
  concurrency?: number;
  /** Largest accepted body in bytes; larger requests get 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface WebhookHandler {
  /**
   * Node request listener / Connect-style middleware (node:http, Express, Connect; Fastify and Koa
   * through their raw `req`/`res`). Always answers; `next(err)` only receives unexpected failures.
   */
  node(req: NodeWebhookRequest, res: ServerResponse, next?: (err?: unknown) => void): Promise<void>;
  /** Fetch-style handler (Hono, Workers, Next.js route handlers, Deno, Bun). */
  fetch(request: Request, ctx?: { waitUntil(promise: Promise<unknown>): void }): Promise<Response>;
}

interface Answer {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

const PRE_PARSED_MESSAGE =
  'The request body reached the LINE webhook handler already parsed into an object (for example by ' +
  'express.json() mounted before it), so its signature cannot be verified. Mount the webhook route ' +
  'before any JSON body parser, or expose the raw bytes as req.rawBody.';

const CONSUMED_MESSAGE =
  'The request body stream was already consumed before the LINE webhook handler and its bytes were not ' +
  'kept, so its signature cannot be verified. Give the handler the untouched request or set req.rawBody.';

const ANSWERS = {
  ok: { status: 200, message: 'OK' },
  notPost: { status: 405, message: 'Method Not Allowed', headers: { allow: 'POST' } },
  noSignature: { status: 401, message: 'Missing x-line-signature header' },
  badSignature: { status: 401, message: 'Invalid signature' },
  tooLarge: { status: 413, message: 'Payload Too Large', headers: { connection: 'close' } },
  badJson: { status: 400, message: 'Body is not a JSON object with an events array' },
  aborted: { status: 400, message: 'Request body could not be read' },
  preParsed: { status: 500, message: PRE_PARSED_MESSAGE },
  consumed: { status: 500, message: CONSUMED_MESSAGE },
} satisfies Record<string, Answer>;

function defaultOnError(error: unknown, event: WebhookEvent | undefined): void {
  // Only the type and id: events carry user data that should not land in logs by default.
  const where = event ? ` (type=${String(event.type)}, webhookEventId=${String(event.webhookEventId)})` : '';
  console.error(`[line-bot-guard] webhook processing failed${where}:`, error);
}

function nodeHeader(req: NodeWebhookRequest, name: string): string | undefined {
  const headers = req.headers as unknown;
  if (headers && typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = (headers ?? {}) as Record<string, string | string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    // Node lower-cases names, but hand-built request objects may not.
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  return Array.isArray(value) ? value.join(', ') : value;
}

function parseBody(bytes: Uint8Array): { destination: string | undefined; events: unknown[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    return undefined; // includes RangeError from absurdly deep nesting
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { events, destination } = parsed as { events?: unknown; destination?: unknown };
  if (!Array.isArray(events)) return undefined;
  return { destination: typeof destination === 'string' ? destination : undefined, events };
}

/** Runs `fn` on a later macrotask so the platform can flush the answer before processing starts. */
function defer(fn: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    setTimeout(() => {
      fn().then(resolve, resolve);
    }, 0);
  });
}

/**
 * Creates a LINE webhook endpoint that follows the guideline's receiving flow: verify the signature on
 * the raw bytes, answer 200 at once, then process every event on its own, asynchronously.
 *
 * Answers: 405 for non-POST, 401 for a missing or invalid signature (no event runs), 413 over
 * `maxBodyBytes`, 400 for a body that is not JSON with an `events` array, 500 when a framework parsed
 * the body before the handler (cannot verify), 200 otherwise (including an empty `events` array).
 */
export function createWebhookHandler<E = WebhookEvent>(options: WebhookHandlerOptions<E>): WebhookHandler {
  const { channelSecret, onEvent } = options;
  if (typeof channelSecret !== 'string' || channelSecret.length === 0) {
    throw new TypeError('createWebhookHandler: channelSecret must be a non-empty string');
  }
  if (typeof onEvent !== 'function') {
    throw new TypeError('createWebhookHandler: onEvent must be a function');
  }
  const onError = (options.onError ?? defaultOnError) as (error: unknown, event: E | undefined) => void;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError('createWebhookHandler: maxBodyBytes must be a positive integer');
  }
  const limiter = createLimiter(options.concurrency ?? 100);

  let dedupeStore: DedupeStore | undefined;
  let dedupeTtlMs = DEFAULT_DEDUPE_TTL_MS;
  if (options.dedupe === undefined) dedupeStore = createMemoryDedupeStore();
  else if (options.dedupe !== false) {
    if ('markIfNew' in options.dedupe) dedupeStore = options.dedupe;
    else {
      dedupeStore = options.dedupe.store ?? createMemoryDedupeStore();
      dedupeTtlMs = options.dedupe.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
      if (!(dedupeTtlMs > 0) || !Number.isFinite(dedupeTtlMs)) {
        throw new RangeError('createWebhookHandler: dedupe.ttlMs must be a positive number');
      }
    }
  }

  let keyPromise: Promise<CryptoKey> | undefined;

  const report = (error: unknown, event: E | undefined): void => {
    try {
      onError(error, event);
    } catch (secondary) {
      console.error('[line-bot-guard] onError threw:', secondary, 'while reporting:', error);
    }
  };

  const isNew = async (event: E): Promise<boolean> => {
    const id = (event as { webhookEventId?: unknown }).webhookEventId;
    if (!dedupeStore || typeof id !== 'string' || id === '') return true;
    try {
      return await dedupeStore.markIfNew(id, dedupeTtlMs);
    } catch (error) {
      // A failing store must not drop events: process (a rare duplicate beats a lost message).
      report(error, event);
      return true;
    }
  };

  const dispatchOne = (event: E, context: EventContext): Promise<void> =>
    limiter.run(async () => {
      try {
        if (!(await isNew(event))) return;
        await onEvent(event, context);
      } catch (error) {
        report(error, event);
      }
    });

  const dispatch = (body: { destination: string | undefined; events: unknown[] }): Promise<void> =>
    defer(async () => {
      const context: EventContext = { destination: body.destination };
      const runs = body.events.map((event) => {
        if (event === null || typeof event !== 'object') {
          report(new TypeError('webhook event is not an object; skipped'), undefined);
          return Promise.resolve();
        }
        return dispatchOne(event as E, context);
      });
      await Promise.all(runs); // dispatchOne never rejects
    });

  const startProcessing = (
    body: { destination: string | undefined; events: unknown[] },
    waitUntil: WaitUntil | undefined,
  ): void => {
    if (body.events.length === 0) return;
    const processing = dispatch(body);
    if (!waitUntil) return; // keeps running in the background of this process
    try {
      waitUntil(processing);
    } catch (error) {
      report(error, undefined);
    }
  };

  /** Shared decision logic after the body is read. */
  const decide = async (
    result: BodyResult,
    signature: string,
    verify: (bytes: Uint8Array, signature: string) => boolean | Promise<boolean>,
  ): Promise<{ answer: Answer; body?: { destination: string | undefined; events: unknown[] } }> => {
    switch (result.kind) {
      case 'too-large':
        return { answer: ANSWERS.tooLarge };
      case 'pre-parsed':
        report(new Error(PRE_PARSED_MESSAGE), undefined);
        return { answer: ANSWERS.preParsed };
      case 'consumed':
        report(new Error(CONSUMED_MESSAGE), undefined);
        return { answer: ANSWERS.consumed };
      case 'aborted':
        return { answer: ANSWERS.aborted };
      case 'ok':
        break;
    }
    if (!(await verify(result.bytes, signature))) return { answer: ANSWERS.badSignature };
    const body = parseBody(result.bytes);
    if (!body) return { answer: ANSWERS.badJson };
    return { answer: ANSWERS.ok, body };
  };

  const sendNode = (res: ServerResponse, answer: Answer): void => {
    if (res.headersSent || res.writableEnded) return;
    res.statusCode = answer.status;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    res.end(answer.message);
  };

  const toResponse = (answer: Answer): Response =>
    new Response(answer.message, {
      status: answer.status,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...answer.headers },
    });

  return {
    async node(req, res, next) {
      try {
        if (req.method !== 'POST') return sendNode(res, ANSWERS.notPost);
        const signature = nodeHeader(req, SIGNATURE_HEADER);
        if (!signature) {
          // A body parsed by a framework is a deployment error: say so even without a signature.
          const provided = providedNodeBody(req, maxBodyBytes);
          const misconfigured = provided?.kind === 'pre-parsed' || provided?.kind === 'consumed';
          if (!misconfigured) return sendNode(res, ANSWERS.noSignature); // unread bytes are discarded by Node
        }
        const result = await readNodeBody(req, maxBodyBytes);
        const { answer, body } = await decide(result, signature ?? '', (bytes, sig) =>
          verifySignature(bytes, sig, channelSecret),
        );
        sendNode(res, answer);
        if (body) startProcessing(body, options.waitUntil);
      } catch (error) {
        if (next) next(error);
        else {
          report(error, undefined);
          sendNode(res, { status: 500, message: 'Internal Server Error' });
        }
      }
    },

    async fetch(request, ctx) {
      try {
        if (request.method !== 'POST') return toResponse(ANSWERS.notPost);
        const signature = request.headers.get(SIGNATURE_HEADER);
        if (!signature) {
          await request.body?.cancel().catch(() => undefined);
          return toResponse(ANSWERS.noSignature);
        }
        const result = await readRequestBody(request, maxBodyBytes);
        keyPromise ??= importChannelSecret(channelSecret);
        const key = await keyPromise;
        const { answer, body } = await decide(result, signature, (bytes, sig) =>
          verifySignatureWithKey(bytes, sig, key),
        );
        if (body) {
          const waitUntil: WaitUntil | undefined =
            typeof ctx?.waitUntil === 'function' ? (p) => ctx.waitUntil(p) : options.waitUntil;
          startProcessing(body, waitUntil);
        }
        return toResponse(answer);
      } catch (error) {
        report(error, undefined);
        return toResponse({ status: 500, message: 'Internal Server Error' });
      }
    },
  };
}
