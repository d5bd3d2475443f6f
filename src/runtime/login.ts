import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IdTokenVerificationError, LineApiError, LoginStateMismatchError } from './errors.js';
import { DEFAULT_API_BASE_URL, postForm, resolveFetch, type FetchLike } from './http.js';

const DEFAULT_AUTHORIZE_BASE_URL = 'https://access.line.me';
const ID_TOKEN_ISSUER = 'https://access.line.me';

/** 32 bytes (256 bits) from the CSPRNG, base64url: unguessable state/nonce values. */
function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export interface LoginRequestOptions {
  /** LINE Login channel ID. */
  channelId: string;
  /** Callback URL registered on the channel; send the very same value to `exchangeLoginCode`. */
  redirectUri: string;
  /** e.g. `['profile', 'openid']`; a string is used as is (space separated). */
  scope: string | readonly string[];
  /** Add-friend option: `'normal'` or `'aggressive'`. */
  botPrompt?: 'normal' | 'aggressive';
  /** PKCE (S256). Default true. */
  pkce?: boolean;
  /** Generate a nonce for the ID token. Default true. */
  nonce?: boolean;
  /** e.g. `'consent'`. */
  prompt?: string;
  /** Seconds since the last authentication (OIDC `max_age`). */
  maxAge?: number;
  /** BCP 47 language tags for the login screens. */
  uiLocales?: string;
  /** Default `https://access.line.me`. */
  baseUrl?: string;
}

export interface LoginRequest {
  /** Where to redirect the browser. */
  url: string;
  /** Store server-side or in a signed httpOnly cookie; compare on the callback. */
  state: string;
  /** Store with the state; pass to `verifyIdToken`. */
  nonce?: string;
  /** Store with the state (server-side or in an httpOnly cookie); pass to `exchangeLoginCode`. */
  codeVerifier?: string;
}

/**
 * Builds a LINE Login authorization request with a fresh per-session `state` (CSRF protection), a
 * `nonce` and a PKCE S256 pair by default. The returned secrets belong to this browser session only.
 */
export function createLoginRequest(options: LoginRequestOptions): LoginRequest {
  const scope = typeof options.scope === 'string' ? options.scope : options.scope.join(' ');
  if (!options.channelId) throw new TypeError('channelId is required');
  if (!options.redirectUri) throw new TypeError('redirectUri is required');
  if (!scope) throw new TypeError('scope is required');

  const state = randomToken();
  const nonce = options.nonce === false ? undefined : randomToken();
  // 48 random bytes give a 64-character verifier (RFC 7636 allows 43 to 128).
  const codeVerifier = options.pkce === false ? undefined : randomToken(48);

  const params: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', options.channelId],
    ['redirect_uri', options.redirectUri],
    ['state', state],
    ['scope', scope],
  ];
  if (nonce) params.push(['nonce', nonce]);
  if (codeVerifier) {
    params.push(['code_challenge', createHash('sha256').update(codeVerifier).digest('base64url')]);
    params.push(['code_challenge_method', 'S256']);
  }
  if (options.botPrompt) params.push(['bot_prompt', options.botPrompt]);
  if (options.prompt) params.push(['prompt', options.prompt]);
  if (options.maxAge !== undefined) params.push(['max_age', String(options.maxAge)]);
  if (options.uiLocales) params.push(['ui_locales', options.uiLocales]);

  // encodeURIComponent, not URLSearchParams: LINE documents spaces in `scope` as %20, not '+'.
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const base = (options.baseUrl ?? DEFAULT_AUTHORIZE_BASE_URL).replace(/\/+$/, '');
  return { url: `${base}/oauth2/v2.1/authorize?${query}`, state, nonce, codeVerifier };
}

/** Constant-time equality of two strings of any length (compares SHA-256 digests). */
function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

export interface ExchangeLoginCodeOptions {
  channelId: string;
  channelSecret: string;
  /** Must be identical to the `redirectUri` of the authorization request. */
  redirectUri: string;
  /** `code` query parameter of the callback. */
  code: string;
  /** `state` query parameter of the callback. */
  receivedState: string | null | undefined;
  /** The state stored for this session when the request was created. */
  expectedState: string | null | undefined;
  /** Required when the request used PKCE. */
  codeVerifier?: string;
  fetch?: FetchLike;
  /** Default `https://api.line.me`. */
  baseUrl?: string;
}

export interface LoginTokenResponse {
  access_token: string;
  expires_in: number;
  id_token?: string;
  refresh_token: string;
  scope: string;
  token_type: string;
  [key: string]: unknown;
}

/**
 * Exchanges the callback's authorization code for tokens, after checking the callback's `state`
 * against the stored one in constant time. A missing or different state throws
 * {@link LoginStateMismatchError} before any network call; a non-2xx answer throws {@link LineApiError}.
 * Codes are single-use: do not retry a failed exchange with the same code.
 */
export async function exchangeLoginCode(options: ExchangeLoginCodeOptions): Promise<LoginTokenResponse> {
  const { receivedState, expectedState } = options;
  if (
    typeof receivedState !== 'string' ||
    typeof expectedState !== 'string' ||
    receivedState === '' ||
    expectedState === '' ||
    !safeEqual(receivedState, expectedState)
  ) {
    throw new LoginStateMismatchError();
  }
  if (typeof options.code !== 'string' || options.code === '') throw new TypeError('code is required');
  return postForm<LoginTokenResponse>({
    fetch: resolveFetch(options.fetch),
    baseUrl: options.baseUrl ?? DEFAULT_API_BASE_URL,
    path: '/oauth2/v2.1/token',
    form: {
      grant_type: 'authorization_code',
      code: options.code,
      redirect_uri: options.redirectUri,
      client_id: options.channelId,
      client_secret: options.channelSecret,
      code_verifier: options.codeVerifier,
    },
  });
}

export interface VerifyIdTokenOptions {
  idToken: string;
  /** LINE Login channel ID (the token's expected audience). */
  channelId: string;
  /** The nonce stored with the login request; checked by LINE and again here. */
  nonce?: string;
  /** When given, LINE also checks the token's subject. */
  userId?: string;
  fetch?: FetchLike;
  /** Default `https://api.line.me`. */
  baseUrl?: string;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

export interface IdTokenPayload {
  iss: string;
  /** LINE user ID of the person who logged in. */
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  nonce?: string;
  amr?: string[];
  name?: string;
  picture?: string;
  email?: string;
  [key: string]: unknown;
}

/**
 * Verifies an ID token through LINE's verify endpoint and checks the answer: status 2xx, issuer,
 * audience equal to `channelId`, the `nonce` when given, and an expiry in the future. Returns the
 * payload; throws {@link IdTokenVerificationError} with a `reason` otherwise.
 */
export async function verifyIdToken(options: VerifyIdTokenOptions): Promise<IdTokenPayload> {
  if (typeof options.idToken !== 'string' || options.idToken === '') {
    throw new IdTokenVerificationError('malformed', 'idToken is missing');
  }
  let payload: IdTokenPayload;
  try {
    payload = await postForm<IdTokenPayload>({
      fetch: resolveFetch(options.fetch),
      baseUrl: options.baseUrl ?? DEFAULT_API_BASE_URL,
      path: '/oauth2/v2.1/verify',
      form: { id_token: options.idToken, client_id: options.channelId, nonce: options.nonce, user_id: options.userId },
    });
  } catch (error) {
    if (error instanceof LineApiError) {
      throw new IdTokenVerificationError('status', `LINE rejected the ID token (HTTP ${error.status})`, error.status);
    }
    throw error;
  }
  if (payload === null || typeof payload !== 'object') {
    throw new IdTokenVerificationError('malformed', 'verify endpoint answered without a payload');
  }
  if (payload.iss !== ID_TOKEN_ISSUER) throw new IdTokenVerificationError('iss', 'ID token issuer is not LINE');
  if (payload.aud !== options.channelId) {
    throw new IdTokenVerificationError('aud', 'ID token was issued for another channel');
  }
  if (options.nonce !== undefined && (typeof payload.nonce !== 'string' || !safeEqual(payload.nonce, options.nonce))) {
    throw new IdTokenVerificationError('nonce', 'ID token nonce does not match the one stored for this session');
  }
  const now = (options.now ?? Date.now)();
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) {
    throw new IdTokenVerificationError('exp', 'ID token has expired');
  }
  return payload;
}
