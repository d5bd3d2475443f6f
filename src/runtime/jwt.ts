import { createPrivateKey, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Buffer } from 'node:buffer';

/** Assertion-signing private key: a PEM string, a JWK object (as LINE's key tooling produces), or a KeyObject. */
export type PrivateKeyInput = string | JsonWebKey | KeyObject;

export const JWT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_AUDIENCE = 'https://api.line.me/';

function base64url(value: string | Uint8Array): string {
  return Buffer.from(value).toString('base64url');
}

function toKeyObject(key: PrivateKeyInput): KeyObject {
  if (typeof key === 'string') return createPrivateKey(key);
  if (typeof (key as KeyObject).type === 'string' && typeof (key as KeyObject).export === 'function') {
    return key as KeyObject;
  }
  return createPrivateKey({ key: key as JsonWebKey, format: 'jwk' });
}

export interface ClientAssertionOptions {
  channelId: string;
  privateKey: PrivateKeyInput;
  /** Key id LINE returned when the public key was registered. */
  keyId: string;
  /** Lifetime requested for a v2.1 token, in seconds (claim `token_exp`); omit for stateless tokens. */
  tokenExpSeconds?: number;
  /** Clock in milliseconds, injectable for tests. */
  now?: number;
}

/**
 * Builds the RS256 JWT that authenticates a channel at LINE's token endpoints: issuer and subject are
 * the channel ID, audience `https://api.line.me/`, and it expires well within LINE's 30-minute limit.
 */
export function createClientAssertion(options: ClientAssertionOptions): string {
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: options.keyId };
  const payload: Record<string, string | number> = {
    iss: options.channelId,
    sub: options.channelId,
    aud: ASSERTION_AUDIENCE,
    // 25 minutes leaves room for clock skew under the 30-minute ceiling.
    exp: nowSeconds + 25 * 60,
  };
  if (options.tokenExpSeconds !== undefined) payload.token_exp = options.tokenExpSeconds;
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), toKeyObject(options.privateKey));
  return `${signingInput}.${base64url(signature)}`;
}
