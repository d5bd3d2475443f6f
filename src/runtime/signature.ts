import { createHmac, timingSafeEqual } from 'node:crypto';
import { Buffer } from 'node:buffer';

/** Name of the webhook signature header (HTTP header names are case-insensitive). */
export const SIGNATURE_HEADER = 'x-line-signature';

/**
 * Canonical Base64 of a 32-byte HMAC-SHA256 digest: 43 symbols, the last one carrying two zero
 * padding bits, then one `=`. Lenient decoders ignore stray characters and padding bits, so without
 * this check several different header values would decode to the same digest.
 */
const CANONICAL_SIGNATURE = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

function isUsableSecret(channelSecret: unknown): channelSecret is string {
  // An empty secret would make every signature computable by anyone: fail closed.
  return typeof channelSecret === 'string' && channelSecret.length > 0;
}

function isBody(body: unknown): body is string | Uint8Array {
  return typeof body === 'string' || body instanceof Uint8Array;
}

/**
 * Checks a webhook's `x-line-signature` against the exact request bytes.
 *
 * Computes HMAC-SHA256 over `body` (a string is hashed as UTF-8; pass the raw bytes whenever you can,
 * never a re-serialised JSON object) keyed with the channel secret, and compares it with the decoded
 * Base64 signature in constant time. Returns `false`, and never throws, for a missing, malformed or
 * wrong signature and for an empty channel secret.
 */
export function verifySignature(
  body: string | Uint8Array,
  signature: string | null | undefined,
  channelSecret: string,
): boolean {
  try {
    if (!isUsableSecret(channelSecret) || !isBody(body)) return false;
    if (typeof signature !== 'string' || !CANONICAL_SIGNATURE.test(signature)) return false;
    const expected = createHmac('sha256', channelSecret).update(body).digest();
    const received = Buffer.from(signature, 'base64');
    // timingSafeEqual throws on a length mismatch; the regex already guarantees 32 bytes.
    return received.length === expected.length && timingSafeEqual(received, expected);
  } catch {
    return false;
  }
}

function decodeSignature(signature: string): Uint8Array<ArrayBuffer> {
  const binary = atob(signature);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBytes(body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  // Copy so that views over SharedArrayBuffer or offset views are accepted by Web Crypto.
  const copy = new Uint8Array(body.byteLength);
  copy.set(body);
  return copy;
}

/** Imports the channel secret once as an HMAC key usable for `crypto.subtle.verify`. */
export function importChannelSecret(channelSecret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(channelSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
}

/** Same contract as {@link verifySignature}, with an already imported key (see `importChannelSecret`). */
export async function verifySignatureWithKey(
  body: string | Uint8Array,
  signature: string | null | undefined,
  key: CryptoKey,
): Promise<boolean> {
  try {
    if (!isBody(body)) return false;
    if (typeof signature !== 'string' || !CANONICAL_SIGNATURE.test(signature)) return false;
    // subtle.verify compares in constant time.
    return await crypto.subtle.verify('HMAC', key, decodeSignature(signature), toBytes(body));
  } catch {
    return false;
  }
}

/**
 * Web Crypto variant of {@link verifySignature} for Workers, Deno, Bun and edge runtimes
 * (`crypto.subtle.importKey` + `crypto.subtle.verify`). Resolves `false`, never rejects, on any
 * missing or malformed input, including an empty channel secret.
 */
export async function verifySignatureAsync(
  body: string | Uint8Array,
  signature: string | null | undefined,
  channelSecret: string,
): Promise<boolean> {
  try {
    if (!isUsableSecret(channelSecret)) return false;
    return await verifySignatureWithKey(body, signature, await importChannelSecret(channelSecret));
  } catch {
    return false;
  }
}
