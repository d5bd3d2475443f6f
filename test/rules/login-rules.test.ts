/** RuleTester cases for the LINE Login and LIFF rules, through the ESLint plugin. */
import fs from 'node:fs';
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
/** Each case gets its own package, so project-wide login facts never mix cases. */
const fresh = (name: string, deps: Record<string, string> = {}) => path.join(tempPackage('^10.8.0', deps), name);

ruleTester.run('require-login-state', plugin.rules['require-login-state']!, {
  valid: [
    {
      name: 'random state stored in the session and compared before the exchange',
      filename: fresh('src/login.js'),
      code: `const crypto = require('crypto');
function start(req, res) {
  req.session.state = crypto.randomUUID();
  res.redirect(\`https://access.line.me/oauth2/v2.1/authorize?response_type=code&client_id=\${process.env.ID}&state=\${req.session.state}&scope=profile\`);
}
async function callback(req, res) {
  const { code, state } = req.query;
  if (!state || state !== req.session.state) return res.status(403).end();
  const r = await fetch('https://api.line.me/oauth2/v2.1/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code }) });
  res.json(await r.json());
}
module.exports = { start, callback };`,
    },
    {
      name: 'refresh token grant is not a callback',
      filename: fresh('src/refresh.js'),
      code: `module.exports = (refreshToken) => fetch('https://api.line.me/oauth2/v2.1/token', {
  method: 'POST',
  body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
});`,
    },
    {
      name: 'passport-line handles state',
      filename: fresh('src/passport.js'),
      code: `const passport = require('passport');
const { Strategy } = require('passport-line');
passport.use(new Strategy({ channelID: process.env.ID, channelSecret: process.env.SECRET, callbackURL: process.env.CB }, (a, r, p, done) => done(null, p)));`,
    },
  ],
  invalid: [
    {
      name: 'no state in the authorization request',
      filename: fresh('src/login.js'),
      code: `module.exports = (res) =>
  res.redirect('https://access.line.me/oauth2/v2.1/authorize?response_type=code&client_id=1650000000&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&scope=profile');`,
      errors: [{ messageId: 'missingState', line: 2, column: 16 }],
    },
    {
      name: 'constant state',
      filename: fresh('src/login.ts'),
      code: `const params = new URLSearchParams({ response_type: 'code', client_id: process.env.ID!, state: '12345abcde', scope: 'profile' });
export const loginUrl = \`https://access.line.me/oauth2/v2.1/authorize?\${params}\`;`,
      errors: [{ messageId: 'predictableState', line: 2, column: 25 }],
    },
    {
      name: 'callback exchanges the code without a state check (in a helper)',
      filename: fresh('src/callback.js'),
      code: `const axios = require('axios');
async function exchange(code) {
  const { data } = await axios.post('https://api.line.me/oauth2/v2.1/token', new URLSearchParams({ grant_type: 'authorization_code', code }));
  return data;
}
module.exports = async (req, res) => res.json(await exchange(req.query.code));`,
      errors: [{ messageId: 'noStateCheck', line: 3, column: 26 }],
    },
    {
      name: 'fail-open comparison',
      filename: fresh('src/callback.js'),
      code: `async function callback(req, res) {
  if (req.query.state !== req.session.state) return res.sendStatus(403);
  const r = await fetch('https://api.line.me/oauth2/v2.1/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: req.query.code }) });
  res.json(await r.json());
}
module.exports = { callback };`,
      errors: [{ messageId: 'failOpen', line: 2, column: 7 }],
    },
    {
      name: 'Auth.js checks switched off',
      filename: fresh('auth.ts'),
      code: `import NextAuth from 'next-auth';
import Line from 'next-auth/providers/line';
export const { handlers } = NextAuth({ providers: [Line({ clientId: 'x', clientSecret: process.env.S, checks: [] })] });`,
      errors: [{ messageId: 'libraryWeakened', line: 3, column: 103 }],
    },
  ],
});

ruleTester.run('prefer-login-pkce', plugin.rules['prefer-login-pkce']!, {
  valid: [
    {
      name: 'S256 challenge',
      filename: fresh('src/login.js'),
      code: `const crypto = require('crypto');
module.exports = (session) => {
  session.verifier = crypto.randomBytes(48).toString('base64url');
  const url = new URL('https://access.line.me/oauth2/v2.1/authorize');
  url.search = new URLSearchParams({ response_type: 'code', client_id: process.env.ID, state: crypto.randomUUID(), scope: 'profile', code_challenge: crypto.createHash('sha256').update(session.verifier).digest('base64url'), code_challenge_method: 'S256' }).toString();
  return url.href;
};`,
    },
    {
      name: 'parameters not all visible',
      filename: fresh('src/login.js'),
      code: `module.exports = (extra) => \`https://access.line.me/oauth2/v2.1/authorize?\${new URLSearchParams({ response_type: 'code', client_id: process.env.ID, ...extra })}\`;`,
    },
    {
      name: 'runtime helper (PKCE by default)',
      filename: fresh('src/login.ts'),
      code: `import { createLoginRequest } from 'line-bot-guard/runtime';
export const start = () => createLoginRequest({ channelId: process.env.ID!, redirectUri: process.env.CB!, scope: 'profile' });`,
    },
  ],
  invalid: [
    {
      name: 'no code_challenge',
      filename: fresh('src/login.js'),
      code: `const crypto = require('crypto');
module.exports = (session) => {
  session.state = crypto.randomUUID();
  return 'https://access.line.me/oauth2/v2.1/authorize?' + new URLSearchParams({ response_type: 'code', client_id: process.env.ID, state: session.state, scope: 'profile' });
};`,
      errors: [{ messageId: 'missingPkce', line: 4, column: 10 }],
    },
    {
      name: 'plain method',
      filename: fresh('src/login.js'),
      code: `module.exports = (s) => \`https://access.line.me/oauth2/v2.1/authorize?response_type=code&client_id=1&state=\${s.state}&scope=profile&code_challenge=\${s.verifier}&code_challenge_method=plain\`;`,
      errors: [{ messageId: 'plainPkce', line: 1, column: 25 }],
    },
    {
      name: 'runtime helper with pkce off',
      filename: fresh('src/login.ts'),
      code: `import { createLoginRequest } from 'line-bot-guard/runtime';
export const start = () => createLoginRequest({ channelId: process.env.ID!, redirectUri: process.env.CB!, scope: 'profile', pkce: false });`,
      errors: [{ messageId: 'pkceDisabled', line: 2, column: 28 }],
    },
  ],
});

ruleTester.run('login-redirect-uri-match', plugin.rules['login-redirect-uri-match']!, {
  valid: [
    {
      name: 'same config value on both sides',
      filename: fresh('src/login.js'),
      code: `const cfg = { redirectUri: process.env.LINE_LOGIN_REDIRECT_URI };
const url = (state) => \`https://access.line.me/oauth2/v2.1/authorize?response_type=code&client_id=1&redirect_uri=\${encodeURIComponent(cfg.redirectUri)}&state=\${state}&scope=profile\`;
const exchange = (code) => fetch('https://api.line.me/oauth2/v2.1/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: cfg.redirectUri }) });
module.exports = { url, exchange };`,
    },
    {
      name: 'the same env var with an empty fallback on both sides',
      filename: fresh('src/login.ts'),
      code: `export function start(state: string): string {
  const url = new URL('https://access.line.me/oauth2/v2.1/authorize');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', process.env.LINE_LOGIN_CALLBACK_URL ?? '');
  url.searchParams.set('state', state);
  return url.toString();
}
export const exchange = (code: string) =>
  fetch('https://api.line.me/oauth2/v2.1/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: process.env.LINE_LOGIN_CALLBACK_URL ?? '' }) });`,
    },
  ],
  invalid: [
    {
      name: 'different literal redirect URIs',
      filename: fresh('src/login.js'),
      code: `const url = (state) => \`https://access.line.me/oauth2/v2.1/authorize?response_type=code&client_id=1&redirect_uri=https%3A%2F%2Fexample.com%2Fauth%2Fcallback&state=\${state}&scope=profile\`;
const exchange = (code) => fetch('https://api.line.me/oauth2/v2.1/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'https://example.com/callback' }) });
module.exports = { url, exchange };`,
      errors: [{ messageId: 'mismatch', line: 2, column: 28 }],
    },
  ],
});

ruleTester.run('verify-id-token', plugin.rules['verify-id-token']!, {
  valid: [
    {
      name: 'verify endpoint with status check',
      filename: fresh('src/id.js'),
      code: `module.exports = async (idToken) => {
  const res = await fetch('https://api.line.me/oauth2/v2.1/verify', { method: 'POST', body: new URLSearchParams({ id_token: idToken, client_id: process.env.ID }) });
  if (!res.ok) throw new Error('invalid');
  return res.json();
};`,
    },
    {
      name: 'decode after verification in the same flow',
      filename: fresh('src/id.ts'),
      code: `import { verifyIdToken } from 'line-bot-guard/runtime';
import { decodeJwt } from 'jose';
export async function login(idToken: string) {
  await verifyIdToken({ idToken, channelId: process.env.ID! });
  return decodeJwt(idToken).name;
}`,
    },
    {
      name: 'a LIFF page decoding its own ID token for display',
      filename: fresh('public/app.js'),
      code: `import liff from '@line/liff';
import { jwtDecode } from 'jwt-decode';
export function greeting() {
  const idToken = liff.getIDToken();
  return 'Hello ' + jwtDecode(idToken).name;
}`,
    },
    {
      name: 'decoding something that is not an ID token',
      filename: fresh('src/other.js'),
      code: `const jwt = require('jsonwebtoken');
module.exports = (sessionCookie) => jwt.decode(sessionCookie).exp;`,
    },
  ],
  invalid: [
    {
      name: 'jwt.decode of the ID token',
      filename: fresh('src/id.js'),
      code: `const jwt = require('jsonwebtoken');
module.exports = (tokens) => jwt.decode(tokens.id_token).sub;`,
      errors: [{ messageId: 'decodedOnly', line: 2, column: 30 }],
    },
    {
      name: 'base64 of the middle part',
      filename: fresh('src/id.js'),
      code: `module.exports = (idToken) => JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString()).sub;`,
      errors: [{ messageId: 'decodedOnly', line: 1, column: 42 }],
    },
    {
      name: 'verify response used without a status check',
      filename: fresh('src/id.js'),
      code: `module.exports = async (idToken) => {
  const res = await fetch('https://api.line.me/oauth2/v2.1/verify', { method: 'POST', body: new URLSearchParams({ id_token: idToken, client_id: process.env.ID }) });
  return res.json();
};`,
      errors: [{ messageId: 'uncheckedVerify', line: 2, column: 21 }],
    },
    {
      name: 'jwt.verify without audience or issuer',
      filename: fresh('src/id.js'),
      code: `const jwt = require('jsonwebtoken');
module.exports = (idToken) => jwt.verify(idToken, process.env.LINE_LOGIN_CHANNEL_SECRET).sub;`,
      errors: [{ messageId: 'incompleteVerify', line: 2, column: 31 }],
    },
    {
      name: 'verification failure swallowed',
      filename: fresh('src/id.ts'),
      code: `import { verifyIdToken } from 'line-bot-guard/runtime';
export async function login(idToken: string) {
  try {
    await verifyIdToken({ idToken, channelId: process.env.ID! });
  } catch (error) {
    console.warn('verification failed', error);
  }
  return idToken;
}`,
      errors: [{ messageId: 'verifyIgnored', line: 4, column: 11 }],
    },
  ],
});

const liffDir = tempPackage('^10.8.0', { '@line/liff': '^2.25.1', express: '^4.21.2' });
fs.mkdirSync(path.join(liffDir, 'public'), { recursive: true });
fs.writeFileSync(
  path.join(liffDir, 'public/app.js'),
  `import liff from '@line/liff';
export async function send() {
  const profile = await liff.getProfile();
  await fetch('/api/stamp', { method: 'POST', body: JSON.stringify({ userId: profile.userId }) });
}
`,
);

ruleTester.run('no-client-supplied-user-id', plugin.rules['no-client-supplied-user-id']!, {
  valid: [
    {
      name: 'user id from a verified ID token',
      filename: path.join(liffDir, 'src/verified.js'),
      code: `const db = require('./db');
module.exports = async (req, res) => {
  const r = await fetch('https://api.line.me/oauth2/v2.1/verify', { method: 'POST', body: new URLSearchParams({ id_token: req.body.idToken, client_id: process.env.ID }) });
  if (!r.ok) return res.sendStatus(401);
  const { sub } = await r.json();
  await db.addStamp(sub, req.body.userId);
  res.sendStatus(204);
};`,
    },
    {
      name: 'push target from the request',
      filename: fresh('src/push.js', { express: '^4.21.2' }),
      code: `module.exports = (client) => async (req, res) => {
  await client.pushMessage({ to: req.body.lineUserId, messages: [{ type: 'text', text: 'Hello' }] }, crypto.randomUUID());
  res.sendStatus(202);
};`,
    },
    {
      name: 'a generic userId in a non-LINE project',
      filename: fresh('src/orders.js', { express: '^4.21.2' }),
      code: `module.exports = (db) => async (req, res) => res.json(await db.orders(req.query.userId));`,
    },
  ],
  invalid: [
    {
      name: 'LIFF profile user id trusted by the server',
      filename: path.join(liffDir, 'src/stamp.js'),
      code: `const db = require('./db');
module.exports = async (req, res) => {
  const { userId } = req.body;
  await db.addStamp(userId);
  res.sendStatus(204);
};`,
      errors: [{ messageId: 'clientUserId', line: 3, column: 11 }],
    },
    {
      name: 'explicit lineUserId in the query',
      filename: fresh('src/points.js', { express: '^4.21.2' }),
      code: `module.exports = (db) => async (req, res) => res.json({ points: await db.points(req.query.lineUserId) });`,
      errors: [{ messageId: 'clientUserId', line: 1, column: 81 }],
    },
  ],
});
