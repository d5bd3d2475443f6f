import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on an ephemeral port of 127.0.0.1 and returns its base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export function sign(body: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending timers and I/O callbacks run (not a timing assertion: nothing measures duration). */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  form: URLSearchParams;
}

export type FakeAnswer =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  /** Never answer (the client's own timeout must fire). */
  | 'hang';

export type FakeRoute = (request: RecordedRequest, nth: number) => FakeAnswer | Promise<FakeAnswer>;

/**
 * A stand-in for api.line.me on 127.0.0.1: routes are `METHOD /path` → answer function; every request
 * is recorded. Nothing ever leaves the machine.
 */
export class FakeLineApi {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, FakeRoute>();
  readonly #counts = new Map<string, number>();
  readonly #server: Server;
  baseUrl = '';

  constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  async start(): Promise<this> {
    this.baseUrl = await listen(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  route(key: string, answer: FakeRoute): this {
    this.#routes.set(key, answer);
    this.#counts.set(key, 0);
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.#routes.clear();
    this.#counts.clear();
  }

  requestsTo(key: string): RecordedRequest[] {
    const [method, path] = key.split(' ');
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      body,
      form: new URLSearchParams(body),
    };
    this.requests.push(recorded);
    const key = `${recorded.method} ${recorded.path}`;
    const route = this.#routes.get(key);
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}');
      return;
    }
    const nth = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, nth);
    const answer = await route(recorded, nth);
    if (answer === 'hang') return; // closeAllConnections() in stop() ends it
    const headers: Record<string, string> = { ...answer.headers };
    let payload = answer.text ?? '';
    if (answer.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(answer.json);
    }
    res.writeHead(answer.status, headers).end(payload);
  }
}
