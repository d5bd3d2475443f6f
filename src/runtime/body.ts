import type { IncomingMessage } from 'node:http';
import { Buffer } from 'node:buffer';

/** Default cap on webhook bodies: 1 MiB. LINE webhook bodies are a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult =
  | { kind: 'ok'; bytes: Uint8Array }
  | { kind: 'too-large' }
  /** A framework parsed the body into an object and the bytes are gone: cannot verify. */
  | { kind: 'pre-parsed' }
  /** Another parser consumed the stream without leaving the bytes anywhere. */
  | { kind: 'consumed' }
  /** The client went away or the stream failed mid-way. */
  | { kind: 'aborted' };

function declaredLength(value: string | null | undefined): number | undefined {
  if (value == null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function fromProvided(value: unknown, maxBytes: number): BodyResult | undefined {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return bytes.length > maxBytes ? { kind: 'too-large' } : { kind: 'ok', bytes };
  }
  if (value instanceof Uint8Array) {
    return value.byteLength > maxBytes ? { kind: 'too-large' } : { kind: 'ok', bytes: value };
  }
  return undefined;
}

/** A Node request as frameworks hand it over: maybe with `rawBody` (Firebase, Nest) or `body`. */
export type NodeWebhookRequest = IncomingMessage & { rawBody?: unknown; body?: unknown };

/**
 * Looks for bytes a framework already read: `req.rawBody` (Firebase, Nest `rawBody: true`), else a
 * Buffer/string `req.body` left by a raw/text parser. A parsed object is reported, never
 * re-serialised: JSON.stringify does not reproduce the bytes LINE signed (escaped emoji, spacing).
 * Returns `undefined` when the body is still in the stream.
 */
export function providedNodeBody(req: NodeWebhookRequest, maxBytes: number): BodyResult | undefined {
  const provided =
    (req.rawBody !== '' && fromProvided(req.rawBody, maxBytes)) || fromProvided(req.body, maxBytes);
  if (provided) return provided;
  // An untouched stream means nobody read it, even if a framework put a placeholder `{}` in req.body.
  const streamTouched = req.readableEnded || req.readableFlowing !== null || req.destroyed;
  if (!streamTouched) return undefined;
  return req.body !== null && typeof req.body === 'object' ? { kind: 'pre-parsed' } : { kind: 'consumed' };
}

/** Reads the request stream up to `maxBytes`; see {@link providedNodeBody} for the other sources. */
export function readNodeBody(req: NodeWebhookRequest, maxBytes: number): Promise<BodyResult> {
  const provided = providedNodeBody(req, maxBytes);
  if (provided) return Promise.resolve(provided);

  const declared = declaredLength(req.headers['content-length']);
  if (declared !== undefined && declared > maxBytes) return Promise.resolve({ kind: 'too-large' });

  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onFail);
      resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > maxBytes) {
        // Stop buffering. The stream keeps flowing with no listener, so the remaining bytes are
        // discarded until the connection (answered with `Connection: close`) shuts.
        chunks.length = 0;
        finish({ kind: 'too-large' });
        req.on('error', () => undefined);
        return;
      }
      chunks.push(buf);
    };
    const onEnd = (): void => finish({ kind: 'ok', bytes: Buffer.concat(chunks, size) });
    const onFail = (): void => finish({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('close', onFail);
  });
}

/** Reads a fetch `Request` body up to `maxBytes`, cancelling the stream once it is exceeded. */
export async function readRequestBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const declared = declaredLength(request.headers.get('content-length'));
  if (declared !== undefined && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { kind: 'too-large' };
  }
  if (request.bodyUsed) return { kind: 'consumed' };
  if (!request.body) return { kind: 'ok', bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { kind: 'aborted' };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'ok', bytes };
}
