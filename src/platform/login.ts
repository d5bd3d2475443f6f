/**
 * LINE Login (v2.1) and LIFF as data (LINE-PLATFORM.md §1.8, §2.5, §5.10): the authorization endpoint and
 * its parameters, the token/verify endpoints, the libraries that run the flow themselves, and the calls
 * that decode or verify JWTs.
 */
import { LINE_SDK } from './sdk.js';
import { RUNTIME_MODULES } from './tokens.js';

export const LOGIN_AUTHORIZE_HOST = 'access.line.me';
export const LOGIN_AUTHORIZE_PATH = '/oauth2/v2.1/authorize';
/** Token endpoint of LINE Login v2.1 (authorization_code, refresh_token) — shared with v2.1 channel tokens. */
export const LOGIN_TOKEN_PATH = '/oauth2/v2.1/token';
/** LINE Login v2.0's token endpoint (deprecated) — shared with short-lived channel tokens. */
export const LOGIN_V2_TOKEN_PATH = '/v2/oauth/accessToken';
/** POST with `id_token` + `client_id` verifies an ID token; GET with `access_token` verifies an access token. */
export const LOGIN_VERIFY_PATH = '/oauth2/v2.1/verify';
/** Endpoints that only answer for a valid user access token (a successful call proves the token). */
export const LOGIN_PROFILE_PATHS: readonly string[] = ['/v2/profile', '/oauth2/v2.1/userinfo'];
export const ID_TOKEN_ISSUER = 'https://access.line.me';

/** Authorization request parameters the rules look at. */
export const AUTHORIZE_PARAMS = {
  state: 'state',
  nonce: 'nonce',
  redirectUri: 'redirect_uri',
  codeChallenge: 'code_challenge',
  codeChallengeMethod: 'code_challenge_method',
  clientId: 'client_id',
  responseType: 'response_type',
} as const;
export const PKCE_METHOD = 'S256';

/** line-bot-guard/runtime's login helpers (they generate state/nonce/PKCE and check state and ID tokens). */
export const RUNTIME_LOGIN = {
  module: RUNTIME_MODULES,
  createRequest: 'createLoginRequest',
  exchange: 'exchangeLoginCode',
  verifyIdToken: 'verifyIdToken',
} as const;

/** SDK helpers that verify LINE Login tokens through the verify endpoint (v7.5–v10). */
export const SDK_LOGIN_VERIFY = { module: LINE_SDK, owner: ['OAuth'], methods: new Set(['verifyIdToken', 'verifyAccessToken']) } as const;

export interface LoginLibrary {
  module: string;
  /** Export path of the strategy class or provider factory. */
  path: readonly string[];
  kind: 'passport' | 'authjs';
  /** passport strategies that always use `state` (passport-line throws on `state: false`; passport-line-auth forces it). */
  forcesState?: boolean;
}

/** Libraries that build LINE Login requests and handle the callback themselves. */
export const LOGIN_LIBRARIES: readonly LoginLibrary[] = [
  { module: 'passport-line', path: ['Strategy'], kind: 'passport', forcesState: true },
  { module: 'passport-line', path: [], kind: 'passport', forcesState: true },
  { module: 'passport-line-auth', path: [], kind: 'passport', forcesState: true },
  { module: 'passport-line-auth', path: ['Strategy'], kind: 'passport', forcesState: true },
  { module: 'passport-line-v2', path: ['Strategy'], kind: 'passport' },
  { module: 'passport-line-v2', path: [], kind: 'passport' },
  { module: 'next-auth', path: ['providers', 'line'], kind: 'authjs' },
  { module: '@auth/core', path: ['providers', 'line'], kind: 'authjs' },
];

/** Auth.js provider modules are imported by sub-path; the origin service keys them by package. */
export const AUTHJS_LINE_PROVIDER_SPECIFIERS = new Set(['next-auth/providers/line', '@auth/core/providers/line']);
/** Auth.js `checks` values that bind the callback to the browser session. */
export const AUTHJS_STATE_CHECKS = new Set(['state', 'pkce']);

/** Generic OAuth2 strategies that can be pointed at LINE (state only with `state: true` or a `store`). */
export const GENERIC_OAUTH2_STRATEGIES: readonly { module: string; path: readonly string[] }[] = [
  { module: 'passport-oauth2', path: [] },
  { module: 'passport-oauth2', path: ['Strategy'] },
  { module: 'passport-oauth2', path: ['OAuth2Strategy'] },
];

/** JWT decoding without verification (LINE-PLATFORM.md §2.5: ID tokens must be verified). */
export const JWT_DECODERS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'jsonwebtoken', path: ['decode'] },
  { module: 'jose', path: ['decodeJwt'] },
  { module: 'jwt-decode', path: [] },
  { module: 'jwt-decode', path: ['jwtDecode'] },
  { module: 'jwt-decode', path: ['default'] },
  { module: 'jws', path: ['decode'] },
];

/** JWT verification calls: the token is the first argument, options carry audience/issuer. */
export const JWT_VERIFIERS: readonly { module: string; path: readonly string[]; optionsArgument: number }[] = [
  { module: 'jsonwebtoken', path: ['verify'], optionsArgument: 2 },
  { module: 'jose', path: ['jwtVerify'], optionsArgument: 2 },
];

/** LIFF SDK calls whose results identify the user on the client (LINE-PLATFORM.md §5.10). */
export const LIFF_MODULE = '@line/liff';
export const LIFF_IDENTITY_CALLS = new Set(['getIDToken', 'getAccessToken', 'getProfile', 'getDecodedIDToken', 'getContext']);
