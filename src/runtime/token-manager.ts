import { createClientAssertion, JWT_ASSERTION_TYPE, type PrivateKeyInput } from './jwt.js';
import { DEFAULT_API_BASE_URL, postForm, resolveFetch, type FetchLike } from './http.js';

/**
 * - `stateless`: 15-minute tokens from `/oauth2/v3/token`; unlimited issuance, cannot be revoked.
 * - `short-lived`: 30-day tokens from `/v2/oauth/accessToken`; at most 30 live, revoked when replaced.
 * - `v2.1`: tokens with a chosen lifetime from `/oauth2/v2.1/token` (JWT assertion); at most 30 live,
 *   revoked when replaced.
 */
export type ChannelTokenKind = 'stateless' | 'short-lived' | 'v2.1';

export interface ChannelTokenManagerOptions {
  channelId: string;
  kind: ChannelTokenKind;
  /** Needed for `short-lived`, for `stateless` without a private key, and to revoke `v2.1` tokens. */
  channelSecret?: string;
  /** Assertion-signing private key: required for `v2.1`, optional for `stateless`. */
  privateKey?: PrivateKeyInput;
  /** `kid` of the registered public key; required with `privateKey` (falls back to a JWK's `kid`). */
  keyId?: string;
  /** Lifetime of `v2.1` tokens in seconds (at most 30 days). Default 30 days. */
  tokenExpSeconds?: number;
  fetch?: FetchLike;
  /** Default `https://api.line.me`. */
  baseUrl?: string;
  /** Reissue this long before expiry. Default: 5 minutes or 10% of the lifetime, whichever is smaller. */
  refreshMarginMs?: number;
  /**
   * Delay between switching to a new token and revoking the superseded one, so requests still in
   * flight with the old token can finish. Default 30 000.
   */
  revokeDelayMs?: number;
  /** Per-request timeout for token calls. Default 10 000. */
  timeoutMs?: number;
  /** Receives background failures (revocations, refreshes served from the still-valid cache). */
  onError?: (error: unknown) => void;
  /** Clock, injectable for tests. */
  now?: () => number;
}

interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

const MAX_TOKEN_EXP_SECONDS = 30 * 24 * 60 * 60;

/**
 * Issues channel access tokens at run time and keeps one valid token cached, so the bot never ships a
 * long-lived token.
 *
 * `getToken()` serves the cached token until shortly before it expires, then reissues it, with a single
 * request shared by all concurrent callers. The superseded `short-lived`/`v2.1` token is revoked once
 * the new one is in use. If reissuing fails, the old token is served only while it is still valid;
 * an expired token is never handed out. Timers are unref'd and `close()` stops them.
 */
export class ChannelTokenManager {
  readonly #options: ChannelTokenManagerOptions;
  readonly #fetch: FetchLike;
  readonly #baseUrl: string;
  readonly #now: () => number;
  #current: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;
  #closed = false;
  /** Superseded tokens waiting for their revocation timer. */
  readonly #pendingRevocations = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #running = new Set<Promise<void>>();

  constructor(options: ChannelTokenManagerOptions) {
    const { channelId, kind, channelSecret, privateKey } = options;
    if (typeof channelId !== 'string' || channelId === '') throw new TypeError('channelId is required');
    const keyId = options.keyId ?? (privateKey as { kid?: unknown } | undefined)?.kid;
    if (privateKey !== undefined && (typeof keyId !== 'string' || keyId === '')) {
      throw new TypeError('keyId is required with privateKey');
    }
    switch (kind) {
      case 'short-lived':
        if (!channelSecret) throw new TypeError('short-lived tokens need channelSecret');
        break;
      case 'v2.1':
        if (!privateKey) throw new TypeError('v2.1 tokens need privateKey and keyId');
        if (!channelSecret) throw new TypeError('v2.1 tokens need channelSecret to revoke superseded tokens');
        break;
      case 'stateless':
        if (!channelSecret && !privateKey) throw new TypeError('stateless tokens need channelSecret or privateKey');
        break;
      default:
        throw new TypeError(`unknown token kind: ${String(kind)}`);
    }
    const tokenExp = options.tokenExpSeconds ?? MAX_TOKEN_EXP_SECONDS;
    if (!Number.isInteger(tokenExp) || tokenExp < 1 || tokenExp > MAX_TOKEN_EXP_SECONDS) {
      throw new RangeError(`tokenExpSeconds must be an integer from 1 to ${MAX_TOKEN_EXP_SECONDS}`);
    }
    this.#options = { ...options, keyId: keyId as string | undefined, tokenExpSeconds: tokenExp };
    this.#fetch = resolveFetch(options.fetch);
    this.#baseUrl = options.baseUrl ?? DEFAULT_API_BASE_URL;
    this.#now = options.now ?? Date.now;
  }

  /** A valid channel access token, issued or reissued as needed. */
  async getToken(): Promise<string> {
    if (this.#closed) throw new Error('ChannelTokenManager is closed');
    const current = this.#current;
    const now = this.#now();
    if (current && now < current.refreshAt) return current.token;
    try {
      this.#inflight ??= this.#refresh().finally(() => {
        this.#inflight = undefined;
      });
      return (await this.#inflight).token;
    } catch (error) {
      // Serve the previous token only while it is still valid; never an expired one.
      if (current && this.#now() < current.expiresAt && this.#current === current) {
        this.#report(error);
        return current.token;
      }
      throw error;
    }
  }

  /**
   * Stops timers, revokes superseded tokens still waiting for their grace period and, with
   * `{ revoke: true }`, the current token too (stateless tokens cannot be revoked and are just dropped).
   */
  async close(options: { revoke?: boolean } = {}): Promise<void> {
    this.#closed = true;
    const tokens = [...this.#pendingRevocations.keys()];
    for (const timer of this.#pendingRevocations.values()) clearTimeout(timer);
    this.#pendingRevocations.clear();
    if (options.revoke && this.#current) tokens.push(this.#current.token);
    this.#current = undefined;
    await Promise.allSettled([...this.#running]);
    if (this.#options.kind === 'stateless') return;
    const results = await Promise.allSettled(tokens.map((token) => this.#revoke(token)));
    for (const result of results) if (result.status === 'rejected') this.#report(result.reason);
  }

  async #refresh(): Promise<CachedToken> {
    const issuedAt = this.#now();
    const answer = await this.#issue();
    if (typeof answer.access_token !== 'string' || !(answer.expires_in > 0)) {
      throw new Error('token endpoint answered without access_token/expires_in');
    }
    const lifetimeMs = answer.expires_in * 1000;
    const margin = this.#options.refreshMarginMs ?? Math.min(5 * 60_000, lifetimeMs / 10);
    const next: CachedToken = {
      token: answer.access_token,
      expiresAt: issuedAt + lifetimeMs,
      refreshAt: issuedAt + Math.max(0, lifetimeMs - margin),
    };
    const previous = this.#current;
    if (this.#closed) {
      // close() ran while issuing: do not leave a fresh revocable token behind.
      this.#scheduleRevocation(next.token, 0);
      throw new Error('ChannelTokenManager is closed');
    }
    this.#current = next;
    if (previous && previous.token !== next.token) {
      this.#scheduleRevocation(previous.token, this.#options.revokeDelayMs ?? 30_000);
    }
    return next;
  }

  #issue(): Promise<TokenAnswer> {
    const o = this.#options;
    const common = { fetch: this.#fetch, baseUrl: this.#baseUrl, timeoutMs: o.timeoutMs };
    const assertion = (tokenExpSeconds?: number): string =>
      createClientAssertion({
        channelId: o.channelId,
        privateKey: o.privateKey as PrivateKeyInput,
        keyId: o.keyId as string,
        tokenExpSeconds,
        now: this.#now(),
      });
    switch (o.kind) {
      case 'stateless':
        return postForm<TokenAnswer>({
          ...common,
          path: '/oauth2/v3/token',
          form: o.privateKey
            ? { grant_type: 'client_credentials', client_assertion_type: JWT_ASSERTION_TYPE, client_assertion: assertion() }
            : { grant_type: 'client_credentials', client_id: o.channelId, client_secret: o.channelSecret },
        });
      case 'short-lived':
        return postForm<TokenAnswer>({
          ...common,
          path: '/v2/oauth/accessToken',
          form: { grant_type: 'client_credentials', client_id: o.channelId, client_secret: o.channelSecret },
        });
      case 'v2.1':
        return postForm<TokenAnswer>({
          ...common,
          path: '/oauth2/v2.1/token',
          form: {
            grant_type: 'client_credentials',
            client_assertion_type: JWT_ASSERTION_TYPE,
            client_assertion: assertion(o.tokenExpSeconds),
          },
        });
    }
  }

  async #revoke(token: string): Promise<void> {
    const o = this.#options;
    const common = { fetch: this.#fetch, baseUrl: this.#baseUrl, timeoutMs: o.timeoutMs };
    if (o.kind === 'short-lived') {
      await postForm({ ...common, path: '/v2/oauth/revoke', form: { access_token: token } });
    } else if (o.kind === 'v2.1') {
      await postForm({
        ...common,
        path: '/oauth2/v2.1/revoke',
        form: { client_id: o.channelId, client_secret: o.channelSecret, access_token: token },
      });
    }
    // Stateless tokens cannot be revoked; they lapse after 15 minutes.
  }

  #scheduleRevocation(token: string, delayMs: number): void {
    if (this.#options.kind === 'stateless') return;
    const timer = setTimeout(() => {
      this.#pendingRevocations.delete(token);
      const run = this.#revoke(token).catch((error: unknown) => this.#report(error));
      this.#running.add(run);
      void run.finally(() => this.#running.delete(run));
    }, delayMs);
    // Revocation is housekeeping: it must not keep a process alive on its own.
    (timer as { unref?: () => void }).unref?.();
    this.#pendingRevocations.set(token, timer);
  }

  #report(error: unknown): void {
    try {
      (this.#options.onError ?? ((e: unknown) => console.error('[line-bot-guard] channel token:', e)))(error);
    } catch {
      // A failing reporter must not break token delivery.
    }
  }
}
