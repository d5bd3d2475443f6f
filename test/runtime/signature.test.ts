import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifySignature, verifySignatureAsync } from '../../src/runtime/index.js';
import { sign } from './helpers.js';

// A fixed seed keeps every run identical; change it locally to explore other inputs.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_240_917) });

const secretArb = fc.string({ minLength: 1, maxLength: 64 });
const bodyArb = fc.uint8Array({ maxLength: 512 });

/** Flips one byte of a copy. */
function mutateByte(bytes: Uint8Array, index: number, delta: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index] = ((copy[index] ?? 0) + delta) & 0xff;
  return copy;
}

describe('verifySignature / verifySignatureAsync', () => {
  it('accepts the HMAC-SHA256 of random bytes under a random secret', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, secretArb, async (body, secret) => {
        const signature = sign(body, secret);
        expect(verifySignature(body, signature, secret)).toBe(true);
        expect(await verifySignatureAsync(body, signature, secret)).toBe(true);
      }),
    );
  });

  it('hashes a string body as UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), secretArb, async (text, secret) => {
        const signature = sign(Buffer.from(text, 'utf8'), secret);
        expect(verifySignature(text, signature, secret)).toBe(true);
        expect(await verifySignatureAsync(text, signature, secret)).toBe(true);
      }),
    );
  });

  it('rejects any single-byte change of the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        secretArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, secret, at, delta) => {
          const signature = sign(body, secret);
          const changed = mutateByte(body, at % body.length, delta);
          expect(verifySignature(changed, signature, secret)).toBe(false);
          expect(await verifySignatureAsync(changed, signature, secret)).toBe(false);
        },
      ),
    );
  });

  it('rejects any single-byte change of the signature header', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, secretArb, fc.nat(), fc.integer({ min: 1, max: 255 }), async (body, secret, at, delta) => {
        const signature = sign(body, secret);
        const bytes = new TextEncoder().encode(signature);
        const changed = new TextDecoder().decode(mutateByte(bytes, at % bytes.length, delta));
        fc.pre(changed !== signature);
        expect(verifySignature(body, changed, secret)).toBe(false);
        expect(await verifySignatureAsync(body, changed, secret)).toBe(false);
      }),
    );
  });

  it('rejects every non-canonical spelling of a valid digest', () => {
    const body = '{"events":[]}';
    const signature = sign(body, 's');
    const variants = [
      signature.slice(0, -1), // padding dropped
      `${signature}=`,
      ` ${signature}`,
      signature.replace(/=$/, '!'), // lenient decoders skip the junk character
      signature.replace(/\+/g, '-').replace(/\//g, '_'), // base64url
      // Same 32 bytes, but with the two unused padding bits of the last symbol set.
      signature.slice(0, 42) + String.fromCharCode(signature.charCodeAt(42) + 1) + '=',
    ].filter((v) => v !== signature);
    for (const variant of variants) expect(verifySignature(body, variant, 's')).toBe(false);
  });

  it('never throws for arbitrary signature strings, and rejects them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), bodyArb, async (signature, body) => {
        expect(verifySignature(body, signature, 'secret')).toBe(false);
        expect(await verifySignatureAsync(body, signature, 'secret')).toBe(false);
      }),
    );
  });

  it('returns false for missing signatures, empty secrets and non-byte bodies', async () => {
    const body = 'x';
    const good = sign(body, 'secret');
    for (const signature of [undefined, null, '']) {
      expect(verifySignature(body, signature, 'secret')).toBe(false);
      expect(await verifySignatureAsync(body, signature, 'secret')).toBe(false);
    }
    // An empty secret fails closed even with the "matching" HMAC.
    expect(verifySignature(body, sign(body, ''), '')).toBe(false);
    expect(await verifySignatureAsync(body, sign(body, ''), '')).toBe(false);
    const notBytes = { events: [] } as unknown as string;
    expect(verifySignature(notBytes, good, 'secret')).toBe(false);
    expect(await verifySignatureAsync(notBytes, good, 'secret')).toBe(false);
    expect(verifySignature(body, good, undefined as unknown as string)).toBe(false);
  });

  it('accepts Uint8Array views with an offset into a larger buffer', async () => {
    const backing = new TextEncoder().encode('JUNK{"events":[]}JUNK');
    const view = backing.subarray(4, backing.length - 4);
    const signature = sign('{"events":[]}', 'secret');
    expect(verifySignature(view, signature, 'secret')).toBe(true);
    expect(await verifySignatureAsync(view, signature, 'secret')).toBe(true);
  });
});
