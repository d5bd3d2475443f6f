import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateKeyPairSync, verify as verifyRsa, type KeyObject } from 'node:crypto';
import { ChannelTokenManager, LineApiError } from '../../src/runtime/index.js';
import { FakeLineApi } from './helpers.js';

const CHANNEL_ID = '1234567890';
const CHANNEL_SECRET = 'fake-secret-for-tests';
const STATELESS = 'POST /oauth2/v3/token';
const SHORT = 'POST /v2/oauth/accessToken';
const SHORT_REVOKE = 'POST /v2/oauth/revoke';
const V21 = 'POST /oauth2/v2.1/token';
const V21_REVOKE = 'POST /oauth2/v2.1/revoke';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function decodeJwt(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signingInput: string; signature: Buffer } {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

describe('ChannelTokenManager against a fake LINE API', () => {
  const api = new FakeLineApi();
  let keys: { publicKey: KeyObject; privateKey: KeyObject };
  let clock = 0;
  const now = (): number => clock;
  let issued = 0;
  /** Each issuance answers a new token. */
  const issue = (expiresIn: number) => () => ({ status: 200, json: { access_token: `token-${++issued}`, expires_in: expiresIn, token_type: 'Bearer' } });

  beforeAll(async () => {
    keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await api.start();
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    api.reset();
    clock = Date.parse('2026-03-01T00:00:00Z');
    issued = 0;
  });

  const common = () => ({ channelId: CHANNEL_ID, fetch: globalThis.fetch, baseUrl: api.baseUrl, now, revokeDelayMs: 0 });

  it('issues a stateless token once for 50 concurrent callers, then serves it from cache', async () => {
    api.route(STATELESS, issue(900));
    const manager = new ChannelTokenManager({ ...common(), kind: 'stateless', channelSecret: CHANNEL_SECRET });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => manager.getToken()));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(await manager.getToken()).toBe('token-1');
    const requests = api.requestsTo(STATELESS);
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!.form)).toEqual({
      grant_type: 'client_credentials',
      client_id: CHANNEL_ID,
      client_secret: CHANNEL_SECRET,
    });
    expect(requests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    await manager.close();
  });

  it('reissues a stateless token shortly before expiry and never revokes it', async () => {
    api.route(STATELESS, issue(900));
    const manager = new ChannelTokenManager({ ...common(), kind: 'stateless', channelSecret: CHANNEL_SECRET });
    expect(await manager.getToken()).toBe('token-1');
    clock += 820_000; // within the default margin (10% of 15 min = 90 s, so from 810 s on)
    const again = await Promise.all(Array.from({ length: 20 }, () => manager.getToken()));
    expect(new Set(again)).toEqual(new Set(['token-2']));
    expect(api.requestsTo(STATELESS)).toHaveLength(2);
    await manager.close({ revoke: true });
    expect(api.requests.filter((r) => r.path.includes('revoke'))).toEqual([]);
  });

  it('reissues a short-lived token, then revokes the superseded one (not the new one)', async () => {
    api.route(SHORT, issue(2_592_000));
    api.route(SHORT_REVOKE, () => ({ status: 200, text: '' }));
    const manager = new ChannelTokenManager({ ...common(), kind: 'short-lived', channelSecret: CHANNEL_SECRET });
    expect(await manager.getToken()).toBe('token-1');
    expect(Object.fromEntries(api.requestsTo(SHORT)[0]!.form)).toEqual({
      grant_type: 'client_credentials',
      client_id: CHANNEL_ID,
      client_secret: CHANNEL_SECRET,
    });
    clock += 2_592_000_000 - 60_000; // one minute before expiry, inside the 5-minute margin
    expect(await manager.getToken()).toBe('token-2');
    await vi.waitFor(() => expect(api.requestsTo(SHORT_REVOKE)).toHaveLength(1));
    expect(Object.fromEntries(api.requestsTo(SHORT_REVOKE)[0]!.form)).toEqual({ access_token: 'token-1' });
    expect(await manager.getToken()).toBe('token-2');
    await manager.close();
    expect(api.requestsTo(SHORT_REVOKE)).toHaveLength(1);
  });

  it('issues v2.1 tokens with an RS256 assertion verifiable by the public key', async () => {
    api.route(V21, issue(86_400));
    api.route(V21_REVOKE, () => ({ status: 200, text: '' }));
    const manager = new ChannelTokenManager({
      ...common(),
      kind: 'v2.1',
      channelSecret: CHANNEL_SECRET,
      privateKey: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      keyId: 'kid-1',
      tokenExpSeconds: 86_400,
    });
    expect(await manager.getToken()).toBe('token-1');
    const form = api.requestsTo(V21)[0]!.form;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion_type')).toBe(ASSERTION_TYPE);
    const jwt = decodeJwt(form.get('client_assertion')!);
    expect(jwt.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-1' });
    expect(verifyRsa('sha256', Buffer.from(jwt.signingInput), keys.publicKey, jwt.signature)).toBe(true);
    const nowSeconds = Math.floor(clock / 1000);
    expect(jwt.payload).toMatchObject({ iss: CHANNEL_ID, sub: CHANNEL_ID, aud: 'https://api.line.me/', token_exp: 86_400 });
    expect(jwt.payload.exp as number).toBeGreaterThan(nowSeconds);
    expect(jwt.payload.exp as number).toBeLessThanOrEqual(nowSeconds + 30 * 60);

    clock += 86_400_000 - 1_000;
    expect(await manager.getToken()).toBe('token-2');
    await vi.waitFor(() => expect(api.requestsTo(V21_REVOKE)).toHaveLength(1));
    expect(Object.fromEntries(api.requestsTo(V21_REVOKE)[0]!.form)).toEqual({
      client_id: CHANNEL_ID,
      client_secret: CHANNEL_SECRET,
      access_token: 'token-1',
    });
    await manager.close({ revoke: true });
    expect(api.requestsTo(V21_REVOKE).map((r) => r.form.get('access_token'))).toEqual(['token-1', 'token-2']);
  });

  it('accepts the private key as a JWK and signs stateless assertions without token_exp', async () => {
    api.route(STATELESS, issue(900));
    const jwk = { ...keys.privateKey.export({ format: 'jwk' }), kid: 'jwk-kid' };
    const manager = new ChannelTokenManager({ ...common(), kind: 'stateless', privateKey: jwk });
    await manager.getToken();
    const form = api.requestsTo(STATELESS)[0]!.form;
    expect(form.get('client_assertion_type')).toBe(ASSERTION_TYPE);
    expect(form.get('client_secret')).toBeNull();
    const jwt = decodeJwt(form.get('client_assertion')!);
    expect(jwt.header.kid).toBe('jwk-kid');
    expect(jwt.payload.token_exp).toBeUndefined();
    expect(verifyRsa('sha256', Buffer.from(jwt.signingInput), keys.publicKey, jwt.signature)).toBe(true);
    await manager.close();
  });

  it('serves the still-valid token when a refresh fails, but never an expired one', async () => {
    const errors: unknown[] = [];
    api.route(SHORT, (_req, n) => (n === 1 ? issue(3_600)() : { status: 500, json: { message: 'down' } }));
    const manager = new ChannelTokenManager({
      ...common(),
      kind: 'short-lived',
      channelSecret: CHANNEL_SECRET,
      onError: (e) => errors.push(e),
    });
    expect(await manager.getToken()).toBe('token-1');
    clock += 3_600_000 - 60_000; // inside the margin, not expired
    expect(await manager.getToken()).toBe('token-1');
    expect(errors).toHaveLength(1);
    expect((errors[0] as LineApiError).status).toBe(500);
    clock += 60_000; // now expired
    await expect(manager.getToken()).rejects.toBeInstanceOf(LineApiError);
    await manager.close();
  });

  it('shares one reissue among concurrent callers at expiry', async () => {
    api.route(V21, issue(600));
    api.route(V21_REVOKE, () => ({ status: 200, text: '' }));
    const manager = new ChannelTokenManager({
      ...common(),
      kind: 'v2.1',
      channelSecret: CHANNEL_SECRET,
      privateKey: keys.privateKey,
      keyId: 'kid',
    });
    await manager.getToken();
    clock += 600_000;
    const tokens = await Promise.all(Array.from({ length: 50 }, () => manager.getToken()));
    expect(new Set(tokens)).toEqual(new Set(['token-2']));
    expect(api.requestsTo(V21)).toHaveLength(2);
    await manager.close();
  });

  it('close() revokes superseded tokens still in their grace period and refuses new work', async () => {
    api.route(SHORT, issue(3_600));
    api.route(SHORT_REVOKE, () => ({ status: 200, text: '' }));
    const manager = new ChannelTokenManager({
      ...common(),
      kind: 'short-lived',
      channelSecret: CHANNEL_SECRET,
      revokeDelayMs: 3_600_000, // unref'd timer: would not keep the process alive
    });
    await manager.getToken();
    clock += 3_600_000;
    expect(await manager.getToken()).toBe('token-2');
    expect(api.requestsTo(SHORT_REVOKE)).toHaveLength(0);
    await manager.close();
    expect(api.requestsTo(SHORT_REVOKE).map((r) => r.form.get('access_token'))).toEqual(['token-1']);
    await expect(manager.getToken()).rejects.toThrow(/closed/);
  });

  it('validates its configuration up front', () => {
    const base = { channelId: CHANNEL_ID, fetch: globalThis.fetch };
    expect(() => new ChannelTokenManager({ ...base, kind: 'short-lived' })).toThrow(TypeError);
    expect(() => new ChannelTokenManager({ ...base, kind: 'stateless' })).toThrow(TypeError);
    expect(() => new ChannelTokenManager({ ...base, kind: 'v2.1', channelSecret: 's' })).toThrow(TypeError);
    expect(() => new ChannelTokenManager({ ...base, kind: 'v2.1', privateKey: keys.privateKey, keyId: 'k' })).toThrow(/revoke/);
    expect(() => new ChannelTokenManager({ ...base, kind: 'stateless', privateKey: keys.privateKey })).toThrow(/keyId/);
    expect(
      () =>
        new ChannelTokenManager({ ...base, kind: 'v2.1', channelSecret: 's', privateKey: keys.privateKey, keyId: 'k', tokenExpSeconds: 31 * 86_400 }),
    ).toThrow(RangeError);
  });
});
