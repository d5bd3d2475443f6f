/** RuleTester cases for the channel access token and credential rules, through the ESLint plugin. */
import fs from 'node:fs';
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
/** Each case gets its own package: "does this package issue tokens" must not see other cases' files. */
const fresh = (name: string, sdk = '^10.8.0', deps: Record<string, string> = {}) => path.join(tempPackage(sdk, deps), name);

ruleTester.run('no-long-lived-channel-token', plugin.rules['no-long-lived-channel-token']!, {
  valid: [
    {
      name: 'token issued by the runtime manager',
      filename: fresh('src/line.ts'),
      code: `import { messagingApi } from '@line/bot-sdk';
import { ChannelTokenManager } from 'line-bot-guard/runtime';
const tokens = new ChannelTokenManager({ channelId: process.env.ID!, channelSecret: process.env.SECRET!, kind: 'stateless' });
export const client = async () => new messagingApi.MessagingApiClient({ channelAccessToken: await tokens.getToken() });`,
    },
    {
      name: 'static token in a package that issues tokens elsewhere',
      filename: fresh('src/line.js'),
      code: `const { messagingApi, channelAccessToken } = require('@line/bot-sdk');
const issuer = new channelAccessToken.ChannelAccessTokenClient({});
async function fresh() { return issuer.issueStatelessChannelTokenByClientSecret(process.env.ID, process.env.SECRET); }
const legacy = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LEGACY_TOKEN });
module.exports = { fresh, legacy };`,
    },
    {
      name: 'a LINE Login user token in a Bearer header',
      filename: fresh('src/profile.js'),
      code: `async function profile(accessToken) {
  const res = await fetch('https://api.line.me/v2/profile', { headers: { Authorization: \`Bearer \${accessToken}\` } });
  return res.json();
}
module.exports = { profile };`,
    },
    {
      name: 'a config helper with fallbacks: other settings are not tokens',
      filename: fresh('src/config.ts'),
      code: `function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(name);
  return value;
}
export const config = { nodeEnv: env('NODE_ENV', 'development'), baseUrl: env('BASE_URL', 'https://bot.example.com') };`,
    },
    {
      name: 'a token of unknown origin',
      filename: fresh('src/client.js'),
      code: `const { messagingApi } = require('@line/bot-sdk');
module.exports = (token) => new messagingApi.MessagingApiClient({ channelAccessToken: token });`,
    },
  ],
  invalid: [
    {
      name: 'env token passed to the SDK client',
      filename: fresh('src/client.js'),
      code: `const line = require('@line/bot-sdk');
const client = new line.messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_CHANNEL_ACCESS_TOKEN });
module.exports = client;`,
      errors: [{ messageId: 'staticClient', line: 2, column: 16 }],
    },
    {
      name: 'token from a config helper reading process.env[name]',
      filename: fresh('src/line.ts'),
      code: `import { messagingApi } from '@line/bot-sdk';
function env(name: string, fallback?: string): string {
  return process.env[name] ?? fallback ?? '';
}
const config = { port: env('PORT', '3000'), token: env('LINE_CHANNEL_ACCESS_TOKEN') };
export const client = new messagingApi.MessagingApiClient({ channelAccessToken: config.token });`,
      errors: [{ messageId: 'staticClient', line: 6, column: 23 }],
    },
    {
      name: 'LineBotClient factory',
      filename: fresh('src/client.ts'),
      code: `import { LineBotClient } from '@line/bot-sdk';
export const bot = LineBotClient.fromChannelAccessToken({ channelAccessToken: process.env.LINE_TOKEN! });`,
      errors: [{ messageId: 'staticClient', line: 2, column: 20 }],
    },
    {
      name: 'Authorization header of a raw call',
      filename: fresh('src/reply.js'),
      code: `const TOKEN = process.env.LINE_CHANNEL_ACCESS_TOKEN;
async function reply(replyToken) {
  await fetch('https://api.line.me/v2/bot/message/reply', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + TOKEN },
    body: JSON.stringify({ replyToken, messages: [{ type: 'text', text: 'ok' }] }),
  });
}
module.exports = { reply };`,
      errors: [{ messageId: 'staticHeader', line: 5, column: 16 }],
    },
    {
      name: 'library function: reported where the static token is passed in',
      filename: fresh('src/jobs.js'),
      code: `const { messagingApi } = require('@line/bot-sdk');
function makeClient(channelAccessToken) {
  return new messagingApi.MessagingApiClient({ channelAccessToken });
}
const client = makeClient(process.env.LINE_CHANNEL_ACCESS_TOKEN);
module.exports = { client };`,
      errors: [{ messageId: 'staticClient', line: 5, column: 16 }],
    },
  ],
});

ruleTester.run('token-reissue-lifecycle', plugin.rules['token-reissue-lifecycle']!, {
  valid: [
    {
      name: 'cached with expires_in, revoked when replaced',
      filename: fresh('src/token.js'),
      code: `const { channelAccessToken } = require('@line/bot-sdk');
const client = new channelAccessToken.ChannelAccessTokenClient({});
let current;
async function token() {
  if (current && Date.now() < current.refreshAt) return current.value;
  const issued = await client.issueChannelToken('client_credentials', process.env.ID, process.env.SECRET);
  const old = current;
  current = { value: issued.access_token, refreshAt: Date.now() + (issued.expires_in - 3600) * 1000 };
  if (old) await client.revokeChannelToken(old.value);
  return current.value;
}
module.exports = { token };`,
    },
    {
      name: 'operator script printing a token',
      filename: fresh('scripts/issue.js'),
      code: `const { channelAccessToken } = require('@line/bot-sdk');
new channelAccessToken.ChannelAccessTokenClient({})
  .issueChannelToken('client_credentials', process.env.ID, process.env.SECRET)
  .then((t) => console.log(t.access_token));`,
    },
  ],
  invalid: [
    {
      name: 'short-lived token issued per send',
      filename: fresh('src/notify.js'),
      code: `const { channelAccessToken, messagingApi } = require('@line/bot-sdk');
const issuer = new channelAccessToken.ChannelAccessTokenClient({});
async function notify(to) {
  const { access_token } = await issuer.issueChannelToken('client_credentials', process.env.ID, process.env.SECRET);
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: access_token });
  await client.pushMessage({ to, messages: [{ type: 'text', text: 'hi' }] }, crypto.randomUUID());
}
module.exports = { notify };`,
      errors: [{ messageId: 'perRequest', line: 4, column: 34 }],
    },
    {
      name: 'issued once at start-up, expiry ignored',
      filename: fresh('src/token.mjs'),
      code: `const response = await fetch('https://api.line.me/oauth2/v3/token', {
  method: 'POST',
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: process.env.ID, client_secret: process.env.SECRET }),
});
export const { access_token: token } = await response.json();`,
      errors: [{ messageId: 'expiryIgnored', line: 1, column: 24 }],
    },
    {
      name: 'v2.1 reissued without revoking',
      filename: fresh('src/partner.js'),
      code: `const { channelAccessToken } = require('@line/bot-sdk');
const client = new channelAccessToken.ChannelAccessTokenClient({});
let cache;
async function token(assertion) {
  if (cache && cache.expiresAt > Date.now() + 60000) return cache.value;
  const res = await client.issueChannelTokenByJWT('client_credentials', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', assertion);
  cache = { value: res.access_token, expiresAt: Date.now() + res.expires_in * 1000 };
  return cache.value;
}
module.exports = { token };`,
      errors: [{ messageId: 'noRevoke', line: 6, column: 21 }],
    },
  ],
});

const jsonDir = tempPackage();
fs.mkdirSync(path.join(jsonDir, 'src'), { recursive: true });
fs.writeFileSync(path.join(jsonDir, 'src/line.json'), JSON.stringify({ line: { channelSecret: '3e9a1c7b5d2f48e6a0b4c8d1f7e2a9c3' } }));
fs.writeFileSync(path.join(jsonDir, 'src/ui.json'), JSON.stringify({ theme: 'dark', buildHash: '3e9a1c7b5d2f48e6a0b4c8d1f7e2a9c3' }));

ruleTester.run('no-hardcoded-credentials', plugin.rules['no-hardcoded-credentials']!, {
  valid: [
    { name: 'env var', filename: fresh('src/a.js'), code: `module.exports = { channelSecret: process.env.LINE_CHANNEL_SECRET };` },
    { name: 'placeholder fallback', filename: fresh('src/b.js'), code: `module.exports = { channelSecret: process.env.LINE_CHANNEL_SECRET || 'YOUR_CHANNEL_SECRET' };` },
    { name: 'all-same characters', filename: fresh('src/c.js'), code: `const channelSecret = '00000000000000000000000000000000';\nmodule.exports = { channelSecret };` },
    { name: 'a hash that is not a secret', filename: fresh('src/d.js'), code: `const line = require('@line/bot-sdk');\nconst etag = '3e9a1c7b5d2f48e6a0b4c8d1f7e2a9c3';\nmodule.exports = { etag, line };` },
    { name: 'JSON without credentials', filename: path.join(jsonDir, 'src/ui-loader.js'), code: `const ui = require('./ui.json');\nmodule.exports = ui;` },
  ],
  invalid: [
    {
      name: 'channel secret fallback',
      filename: fresh('src/config.js'),
      code: `module.exports = {
  channelSecret: process.env.LINE_CHANNEL_SECRET || '8c1f3e2b9a4d47f6b0e5c2a1d9f8e7b6',
};`,
      errors: [
        {
          messageId: 'hardcoded',
          line: 2,
          column: 53,
          suggestions: [{ messageId: 'dropFallback', output: `module.exports = {\n  channelSecret: process.env.LINE_CHANNEL_SECRET,\n};` }],
        },
      ],
    },
    {
      name: 'channel secret literal',
      filename: fresh('src/verify.js'),
      code: `const { validateSignature } = require('@line/bot-sdk');
module.exports = (body, signature) => validateSignature(body, 'a94f2c7e1b8d4063e5f7a2c9d1b0e8f6', signature);`,
      errors: [
        {
          messageId: 'hardcoded',
          line: 2,
          column: 63,
          suggestions: [
            {
              messageId: 'useEnvSecret',
              output: `const { validateSignature } = require('@line/bot-sdk');
module.exports = (body, signature) => validateSignature(body, process.env.LINE_CHANNEL_SECRET, signature);`,
            },
          ],
        },
      ],
    },
    {
      name: 'Bearer token literal',
      filename: fresh('src/push.js'),
      code: `const AUTH = 'Bearer qJ3mX8vT2kLp9RzA4wQe7YnB1sFd6HgU0cVt5KjM2xNo8PlR3bWy7EaZ9uIq4GhS1fDk6TvC0mLn5JpX2rYw8QeB3zA7sH1gK9dF4uV6tM0cN2xL5oP8iR3yE7wQ1aZ4bS9jG6hU0kT2vC5nM8pXh7Gd2Ks9Lq4Vb1Nz6Rt3W+/=';
module.exports = (body) => fetch('https://api.line.me/v2/bot/message/push', { method: 'POST', headers: { Authorization: AUTH }, body });`,
      errors: [
        {
          messageId: 'hardcoded',
          line: 1,
          column: 14,
          suggestions: [
            {
              messageId: 'useEnvToken',
              output: `const AUTH = \`Bearer \${process.env.LINE_CHANNEL_ACCESS_TOKEN}\`;
module.exports = (body) => fetch('https://api.line.me/v2/bot/message/push', { method: 'POST', headers: { Authorization: AUTH }, body });`,
            },
          ],
        },
      ],
    },
    {
      name: 'secret in an imported JSON file: reported at the specifier',
      filename: path.join(jsonDir, 'src/loader.js'),
      code: `const line = require('./line.json');\nmodule.exports = line;`,
      errors: [{ messageId: 'hardcodedJson', line: 1, column: 22 }],
    },
  ],
});
