/**
 * `audit --probe <url>`: exercises a running bot server the way the LINE Platform would — signed webhook
 * requests with several events from different users, unknown properties, an unknown event type, a
 * redelivery, an empty events array — plus a bad signature, a missing signature and a ~2 MB body, and
 * judges each answer (status, latency) against the guideline. Eight requests in all, no loops, never to
 * LINE's servers; only loopback hosts unless `allowRemote`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { PROBE_FORBIDDEN_HOST_SUFFIXES, WEBHOOK_ANSWER_DEADLINE_MS } from '../platform/audit-items.js';
import { SIGNATURE_HEADER } from '../platform/sdk.js';
import type { ProbeResult, ProbeRun } from './types.js';

export class ProbeUrlError extends Error {}

/** True for `localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

function isForbiddenHost(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '').toLowerCase();
  return PROBE_FORBIDDEN_HOST_SUFFIXES.some((suffix) => host === suffix || host.endsWith('.' + suffix));
}

/** Parses and vets a probe target. @throws {ProbeUrlError} */
export function checkProbeUrl(raw: string, allowRemote = false): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProbeUrlError(`--probe expects an http(s) URL of the bot's webhook route, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProbeUrlError(`--probe expects an http: or https: URL, got "${url.protocol}"`);
  if (url.username || url.password) throw new ProbeUrlError('--probe URL must not carry credentials');
  if (isForbiddenHost(url.hostname)) throw new ProbeUrlError(`refusing to probe ${url.hostname}: the probe exercises your bot server, never the LINE Platform`);
  if (!isLoopbackHost(url.hostname) && !allowRemote) {
    throw new ProbeUrlError(`refusing to probe ${url.hostname}: only loopback hosts (localhost, 127.0.0.0/8, ::1) are probed unless --allow-remote is given (point it at a staging server you own)`);
  }
  return url;
}

// ------------------------------------------------------------------ the sample webhooks

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A ULID-shaped id (what `webhookEventId` looks like). */
function ulid(now: number): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const random = [...randomBytes(16)].map((b) => CROCKFORD[b % 32]).join('');
  return time + random;
}

/** JSON as LINE writes it: characters outside the BMP (emoji) as `\uXXXX` surrogate escapes. */
export function lineJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\uD800-\uDFFF]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

export function sign(body: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

interface Sample {
  destination: string;
  users: [string, string, string];
  message: Record<string, unknown>;
  follow: Record<string, unknown>;
  postback: Record<string, unknown>;
}

function samples(now: number): Sample {
  const users: [string, string, string] = [`U${hex(16)}`, `U${hex(16)}`, `U${hex(16)}`];
  const common = (user: string, offset: number) => ({
    mode: 'active',
    timestamp: now - offset,
    source: { type: 'user', userId: user },
    webhookEventId: ulid(now - offset),
    deliveryContext: { isRedelivery: false },
  });
  return {
    destination: `U${hex(16)}`,
    users,
    message: {
      type: 'message',
      message: { type: 'text', id: String(now).padEnd(18, '0'), quoteToken: hex(24), text: 'line-bot-guard probe 😀 こんにちは' },
      replyToken: hex(16),
      ...common(users[0], 30),
    },
    follow: { type: 'follow', follow: { isUnblocked: false }, replyToken: hex(16), ...common(users[1], 20) },
    postback: { type: 'postback', postback: { data: 'action=probe&item=1' }, replyToken: hex(16), ...common(users[2], 10) },
  };
}

interface ProbeRequest {
  body: Buffer;
  headers: Record<string, string>;
}

type Judgement = 'accept' | 'reject' | 'large';

interface ProbeDefinition {
  id: string;
  title: string;
  expectation: string;
  items: string[];
  judgement: Judgement;
  build(sample: Sample, secret: string): ProbeRequest;
}

function signed(value: unknown, secret: string): ProbeRequest {
  const body = Buffer.from(lineJson(value), 'utf8');
  return { body, headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: sign(body, secret) } };
}

const LARGE_BODY_BYTES = 2 * 1024 * 1024;

/** The probes, in the order they are sent; the first goes alone, the others together after it. */
export const PROBES: readonly ProbeDefinition[] = [
  {
    id: 'several-events',
    title: 'Signed webhook with three events from three users (message, follow, postback)',
    expectation: 'status 200 within 2 s',
    items: ['multiple-webhook-events', 'webhook-processing-flow', 'checklist-webhook-url'],
    judgement: 'accept',
    build: (s, secret) => signed({ destination: s.destination, events: [s.message, s.follow, s.postback] }, secret),
  },
  {
    id: 'unknown-properties',
    title: 'Signed webhook whose body, event, source and message carry properties the bot does not know',
    expectation: 'status 200 within 2 s',
    items: ['webhook-structure-changes'],
    judgement: 'accept',
    build: (s, secret) => {
      const message = s.message as { message: Record<string, unknown>; source: Record<string, unknown> };
      const event = {
        ...s.message,
        webhookEventId: ulid(Date.now()),
        replyToken: hex(16),
        futureEventProperty: { added: 'by a later Messaging API version' },
        source: { ...message.source, futureSourceProperty: true },
        message: { ...message.message, futureMessageProperty: [1, 2, 3] },
      };
      return signed({ destination: s.destination, events: [event], futureBodyProperty: 'ignored' }, secret);
    },
  },
  {
    id: 'unknown-event-type',
    title: 'Signed webhook with an event type the bot does not know',
    expectation: 'status 200 within 2 s',
    items: ['webhook-structure-changes'],
    judgement: 'accept',
    build: (s, secret) => {
      const now = Date.now();
      const event = {
        type: 'lineBotGuardFutureEvent',
        mode: 'active',
        timestamp: now,
        source: { type: 'user', userId: s.users[0] },
        webhookEventId: ulid(now),
        deliveryContext: { isRedelivery: false },
        lineBotGuardFutureEvent: { detail: 'a type added by a later Messaging API version' },
      };
      return signed({ destination: s.destination, events: [event] }, secret);
    },
  },
  {
    id: 'redelivery',
    title: 'The first message event redelivered (same webhookEventId, deliveryContext.isRedelivery: true)',
    expectation: 'status 200 within 2 s (drop the duplicate by webhookEventId)',
    items: ['webhook-processing-flow'],
    judgement: 'accept',
    build: (s, secret) => signed({ destination: s.destination, events: [{ ...s.message, deliveryContext: { isRedelivery: true } }] }, secret),
  },
  {
    id: 'empty-events',
    title: 'Signed webhook with an empty events array (what the console\'s Verify button sends)',
    expectation: 'status 200 within 2 s',
    items: ['checklist-webhook-url', 'webhook-processing-flow'],
    judgement: 'accept',
    build: (s, secret) => signed({ destination: s.destination, events: [] }, secret),
  },
  {
    id: 'bad-signature',
    title: 'Webhook whose x-line-signature was made with another secret',
    expectation: 'a non-2xx status (401 or 403), no event processed',
    items: ['webhook-signature'],
    judgement: 'reject',
    build: (s) => {
      const request = signed({ destination: s.destination, events: [{ ...s.message, webhookEventId: ulid(Date.now()), replyToken: hex(16) }] }, hex(16));
      return request;
    },
  },
  {
    id: 'missing-signature',
    title: 'Webhook without an x-line-signature header',
    expectation: 'a non-2xx status (400 or 401), no event processed',
    items: ['webhook-signature'],
    judgement: 'reject',
    build: (s) => {
      const request = signed({ destination: s.destination, events: [{ ...s.message, webhookEventId: ulid(Date.now()), replyToken: hex(16) }] }, 'unused');
      delete request.headers[SIGNATURE_HEADER];
      return request;
    },
  },
  {
    id: 'large-body',
    title: 'Signed ~2 MB webhook body (an empty events array and a 2 MB unknown property)',
    expectation: 'an answer within 2 s: 200 (accepted) or 413 (refused by a body-size limit), never a crash or a hang',
    items: ['webhook-processing-flow'],
    judgement: 'large',
    build: (s, secret) => {
      const padding = 'x'.repeat(LARGE_BODY_BYTES);
      return signed({ destination: s.destination, events: [], lineBotGuardPadding: padding }, secret);
    },
  },
];

// ------------------------------------------------------------------ running

export interface ProbeOptions {
  channelSecret: string;
  /** Abort a request after this long (default 5 s: long enough to measure a late answer). */
  timeoutMs?: number;
  /** The answer deadline (default LINE's 2 s). */
  deadlineMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

interface Answer {
  status?: number;
  latencyMs?: number;
  error?: string;
}

async function send(url: URL, request: ProbeRequest, options: Required<Pick<ProbeOptions, 'timeoutMs' | 'now'>> & { fetch: typeof fetch }): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const started = options.now();
  try {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'user-agent': 'line-bot-guard-probe', ...request.headers },
      body: new Uint8Array(request.body),
      signal: controller.signal,
      redirect: 'manual',
    });
    const latencyMs = Math.round(options.now() - started);
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, latencyMs };
  } catch (error) {
    if (controller.signal.aborted) return { error: `no answer within ${options.timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: `request failed: ${cause?.code ?? cause?.message ?? (error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

function judge(definition: ProbeDefinition, answer: Answer, deadlineMs: number): { status: 'pass' | 'fail'; detail: string } {
  if (answer.status === undefined) return { status: 'fail', detail: answer.error ?? 'no answer' };
  const { status, latencyMs = 0 } = answer;
  const timing = latencyMs > deadlineMs ? `after ${latencyMs} ms (deadline ${deadlineMs} ms)` : `in ${latencyMs} ms`;
  switch (definition.judgement) {
    case 'accept':
      if (status !== 200) return { status: 'fail', detail: `answered ${status} ${timing}; expected 200` };
      if (latencyMs > deadlineMs) return { status: 'fail', detail: `answered 200 ${timing}` };
      return { status: 'pass', detail: `answered 200 ${timing}` };
    case 'reject':
      if (status >= 200 && status < 300) return { status: 'fail', detail: `answered ${status} ${timing}: the request was accepted without a valid signature` };
      if (status >= 500) return { status: 'pass', detail: `answered ${status} ${timing}: rejected, though with a server error (answer 401 instead)` };
      return { status: 'pass', detail: `answered ${status} ${timing}: rejected` };
    case 'large':
      if (latencyMs > deadlineMs) return { status: 'fail', detail: `answered ${status} ${timing}` };
      if (status === 200 || status === 413) return { status: 'pass', detail: `answered ${status} ${timing}${status === 413 ? ' (refused by a body-size limit)' : ''}` };
      return { status: 'fail', detail: `answered ${status} ${timing}; expected 200 or 413` };
  }
}

/** Sends the probes to `url` (already vetted by checkProbeUrl) and judges the answers. */
export async function runProbes(url: URL, options: ProbeOptions): Promise<ProbeRun> {
  if (!options.channelSecret) throw new ProbeUrlError('the probe needs the channel secret to sign its webhooks');
  const deadlineMs = options.deadlineMs ?? WEBHOOK_ANSWER_DEADLINE_MS;
  const settings = { timeoutMs: options.timeoutMs ?? 5000, now: options.now ?? (() => performance.now()), fetch: options.fetch ?? fetch };
  const sample = samples(Date.now());
  const requests = PROBES.map((definition) => ({ definition, request: definition.build(sample, options.channelSecret) }));
  const [first, ...rest] = requests;
  // The first webhook goes alone (the redelivery repeats one of its events); the others follow together.
  const answers = [await send(url, first!.request, settings), ...(await Promise.all(rest.map(({ request }) => send(url, request, settings))))];
  const results: ProbeResult[] = requests.map(({ definition, request }, index) => {
    const answer = answers[index]!;
    const verdict = judge(definition, answer, deadlineMs);
    return {
      id: definition.id,
      title: definition.title,
      expectation: definition.expectation,
      items: [...definition.items],
      status: verdict.status,
      ...(answer.status !== undefined ? { httpStatus: answer.status } : {}),
      ...(answer.latencyMs !== undefined ? { latencyMs: answer.latencyMs } : {}),
      requestBytes: request.body.length,
      detail: verdict.detail,
    };
  });
  return { url: url.href, deadlineMs, results };
}
