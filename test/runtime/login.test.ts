import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  createLoginRequest,
  exchangeLoginCode,
  IdTokenVerificationError,
  LineApiError,
  LoginStateMismatchError,
  verifyIdToken,
} from '../../src/runtime/index.js';
import { FakeLineApi } from './helpers.js';

const CHANNEL_ID = '1650000000';
const REDIRECT_URI = 'https://bot.example.com/api/callback?from=login';
const TOKEN = 'POST /oauth2/v2.1/token';
const VERIFY = 'POST /oauth2/v2.1/verify';

describe('createLoginRequest', () => {
  it('builds the authorize URL with a random state, nonce and PKCE S256 pair', () => {
    const request = createLoginRequest({
      channelId: CHANNEL_ID,
      redirectUri: REDIRECT_URI,
      scope: ['profile', 'openid'],
      botPrompt: 'normal',
    });
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://access.line.me/oauth2/v2.1/authorize');
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CHANNEL_ID);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('state')).toBe(request.state);
    expect(q.get('nonce')).toBe(request.nonce);
    expect(q.get('scope')).toBe('profile openid');
    expect(request.url).toContain('scope=profile%20openid'); // %20, as LINE documents
    expect(q.get('bot_prompt')).toBe('normal');
    expect(q.get('code_challenge_method')).toBe('S256');
    const verifier = request.codeVerifier!;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
    // 32 random bytes, base64url: 256 bits of entropy.
    expect(request.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('never repeats a state or nonce', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { state, nonce } = createLoginRequest({ channelId: CHANNEL_ID, redirectUri: REDIRECT_URI, scope: 'profile' });
      seen.add(state).add(nonce!);
    }
    expect(seen.size).toBe(400);
  });

  it('can leave out PKCE and nonce, and passes optional parameters', () => {
    const request = createLoginRequest({
      channelId: CHANNEL_ID,
      redirectUri: REDIRECT_URI,
      scope: 'profile',
      pkce: false,
      nonce: false,
      prompt: 'consent',
      baseUrl: 'https://access.example.test/',
    });
    expect(request.codeVerifier).toBeUndefined();
    expect(request.nonce).toBeUndefined();
    const url = new URL(request.url);
    expect(url.origin).toBe('https://access.example.test');
    expect(url.searchParams.get('code_challenge')).toBeNull();
    expect(url.searchParams.get('nonce')).toBeNull();
    expect(url.searchParams.get('prompt')).toBe('consent');
  });
});

describe('exchangeLoginCode and verifyIdToken against a fake LINE API', () => {
  const api = new FakeLineApi();
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => api.reset());

  const exchange = (over: Partial<Parameters<typeof exchangeLoginCode>[0]> = {}) =>
    exchangeLoginCode({
      channelId: CHANNEL_ID,
      channelSecret: 'login-secret',
      redirectUri: REDIRECT_URI,
      code: 'auth-code',
      receivedState: 'state-abc',
      expectedState: 'state-abc',
      codeVerifier: 'v'.repeat(64),
      baseUrl: api.baseUrl,
      ...over,
    });

  it('rejects a missing or different state before any request is made', async () => {
    api.route(TOKEN, () => ({ status: 200, json: {} }));
    const cases: Array<[string | null | undefined, string | null | undefined]> = [
      ['state-abc', 'state-abd'],
      ['state-abc', 'state-abcd'],
      [undefined, 'state-abc'],
      [null, 'state-abc'],
      ['', ''],
      ['state-abc', undefined], // nothing stored for the session: fail closed
      [undefined, undefined],
    ];
    for (const [receivedState, expectedState] of cases) {
      await expect(exchange({ receivedState, expectedState })).rejects.toBeInstanceOf(LoginStateMismatchError);
    }
    expect(api.requests).toHaveLength(0);
  });

  it('exchanges the code with the same redirect_uri and the code_verifier', async () => {
    const answer = {
      access_token: 'user-at',
      expires_in: 2_592_000,
      id_token: 'id.token.jwt',
      refresh_token: 'rt',
      scope: 'profile openid',
      token_type: 'Bearer',
    };
    api.route(TOKEN, () => ({ status: 200, json: answer }));
    const tokens = await exchange();
    expect(tokens).toEqual(answer);
    const [request] = api.requestsTo(TOKEN);
    expect(Object.fromEntries(request!.form)).toEqual({
      grant_type: 'authorization_code',
      code: 'auth-code',
      redirect_uri: REDIRECT_URI,
      client_id: CHANNEL_ID,
      client_secret: 'login-secret',
      code_verifier: 'v'.repeat(64),
    });
  });

  it('turns a non-2xx answer into a LineApiError with the status', async () => {
    api.route(TOKEN, () => ({ status: 400, json: { error: 'invalid_grant' }, headers: { 'x-line-request-id': 'rid-1' } }));
    const error = await exchange().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LineApiError);
    expect((error as LineApiError).status).toBe(400);
    expect((error as LineApiError).requestId).toBe('rid-1');
    expect(api.requestsTo(TOKEN)).toHaveLength(1); // codes are single-use: no retry
  });

  const payload = (over: Record<string, unknown> = {}) => ({
    iss: 'https://access.line.me',
    sub: `U${'f'.repeat(32)}`,
    aud: CHANNEL_ID,
    exp: Math.floor(Date.parse('2026-05-01T01:00:00Z') / 1000),
    iat: Math.floor(Date.parse('2026-05-01T00:00:00Z') / 1000),
    nonce: 'nonce-1',
    amr: ['pwd'],
    name: 'Taro',
    ...over,
  });
  const now = () => Date.parse('2026-05-01T00:30:00Z');
  const verify = (over: Partial<Parameters<typeof verifyIdToken>[0]> = {}) =>
    verifyIdToken({ idToken: 'id.token.jwt', channelId: CHANNEL_ID, nonce: 'nonce-1', baseUrl: api.baseUrl, now, ...over });

  it('verifies the ID token through the verify endpoint and returns the payload', async () => {
    api.route(VERIFY, () => ({ status: 200, json: payload() }));
    expect(await verify()).toEqual(payload());
    expect(Object.fromEntries(api.requestsTo(VERIFY)[0]!.form)).toEqual({
      id_token: 'id.token.jwt',
      client_id: CHANNEL_ID,
      nonce: 'nonce-1',
    });
  });

  it('refuses a token for another channel, with another nonce, expired, or from another issuer', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ aud: '999' }, 'aud'],
      [{ nonce: 'nonce-2' }, 'nonce'],
      [{ nonce: undefined }, 'nonce'],
      [{ exp: Math.floor(now() / 1000) - 1 }, 'exp'],
      [{ iss: 'https://evil.example' }, 'iss'],
    ];
    for (const [over, reason] of cases) {
      api.reset();
      api.route(VERIFY, () => ({ status: 200, json: payload(over) }));
      const error = await verify().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdTokenVerificationError);
      expect((error as IdTokenVerificationError).reason).toBe(reason);
    }
  });

  it('maps a rejected token (non-2xx) to IdTokenVerificationError with the status', async () => {
    api.route(VERIFY, () => ({ status: 400, json: { error: 'invalid_request', error_description: 'Invalid IdToken.' } }));
    const error = await verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdTokenVerificationError);
    expect((error as IdTokenVerificationError).reason).toBe('status');
    expect((error as IdTokenVerificationError).status).toBe(400);
  });

  it('skips the nonce check only when no nonce is given', async () => {
    api.route(VERIFY, () => ({ status: 200, json: payload({ nonce: undefined }) }));
    const result = await verify({ nonce: undefined });
    expect(result.sub).toBe(`U${'f'.repeat(32)}`);
    expect(api.requestsTo(VERIFY)[0]!.form.has('nonce')).toBe(false);
  });
});
