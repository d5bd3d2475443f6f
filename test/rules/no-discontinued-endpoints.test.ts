/** RuleTester cases for no-discontinued-endpoints, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const v10 = tempPackage('^10.8.0');
const v11 = tempPackage('^11.2.0');
const v9 = tempPackage('^9.0.0');
const v102 = tempPackage('^10.2.0');
const at = (dir: string, name: string) => path.join(dir, 'src', name);

const NOTIFY = `export const alert = (text) =>
  fetch('https://notify-api.line.me/api/notify', { method: 'POST', headers: { Authorization: \`Bearer \${process.env.NOTIFY}\` }, body: new URLSearchParams({ message: text }) });`;

const AUDIENCE = `import axios from 'axios';
const line = axios.create({ baseURL: 'https://api.line.me', headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` } });
export const byPhone = (to, messages) => line.post('/bot/ad/multicast/phone', { to, messages });`;

const AUDIENCE_SDK = `import { messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
export const byPhone = (messages: messagingApi.Message[], to: string[]) => client.audienceMatch({ messages, to });`;

const CONTENT = `const API = 'https://api.line.me/v2/bot';
export const download = (id) => fetch(\`\${API}/message/\${id}/content\`, { headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` } });`;

const SCHEMES = `export const links = {
  addFriend: 'line://ti/p/@example',
  liff: 'https://d.line-scdn.net/liff/1.0/sdk.js',
};`;

const REMOVED = `import { Client } from '@line/bot-sdk';
export const client = new Client({ channelAccessToken: process.env.LINE_TOKEN! });
export function remind(userId: string, key: string) {
  client.setRequestOptionOnce({ retryKey: key });
  return client.pushMessage(userId, { type: 'text', text: 'Soon' });
}`;

const DEPRECATED = `const line = require('@line/bot-sdk');
module.exports = { client: new line.Client({ channelAccessToken: process.env.LINE_TOKEN }), oauth: new line.OAuth() };`;

const LINE_NOTIFY_CLIENT = `const { LineNotify } = require('messaging-api-line');
module.exports = { notify: new LineNotify({ clientId: process.env.ID, clientSecret: process.env.SECRET, redirectUri: 'https://example.com/cb' }) };`;

ruleTester.run('no-discontinued-endpoints', plugin.rules['no-discontinued-endpoints']!, {
  valid: [
    {
      filename: at(v10, 'data-host.js'),
      code: `export const download = (id) => fetch(\`https://api-data.line.me/v2/bot/message/\${id}/content\`, { headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` } });`,
    },
    {
      filename: at(v10, 'checks.js'),
      code: `export const upgrade = (url) => (url.startsWith('line://') ? url.replace('line://', 'https://line.me/R/') : url);
export const friend = 'https://line.me/R/ti/p/@example';
// Documentation stub, not a call:
export const NOTE = 'LINE Notify lived at https://notify-api.line.me/...';`,
    },
    {
      filename: at(v11, 'line-bot-client.ts'),
      code: `import { LineBotClient } from '@line/bot-sdk';
export const bot = LineBotClient.fromChannelAccessToken({ channelAccessToken: process.env.LINE_TOKEN! });`,
    },
    {
      // The legacy client is fine before 10.8.
      filename: at(v102, 'legacy.js'),
      code: `const line = require('@line/bot-sdk');
module.exports = { client: new line.Client({ channelAccessToken: process.env.LINE_TOKEN }) };`,
    },
    {
      // The old mark-as-read endpoint is still served.
      filename: at(v10, 'mark-read.js'),
      code: `export const markRead = (userId) =>
  fetch('https://api.line.me/v2/bot/message/markAsRead', { method: 'POST', headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` }, body: JSON.stringify({ chat: { userId } }) });`,
    },
  ],
  invalid: [
    { filename: at(v10, 'notify.js'), code: NOTIFY, errors: [{ messageId: 'notify', line: 2, column: 9 }] },
    { filename: at(v10, 'audience.js'), code: AUDIENCE, errors: [{ messageId: 'audienceMatch', line: 3, column: 52 }] },
    { filename: at(v9, 'audience-sdk.ts'), code: AUDIENCE_SDK, errors: [{ messageId: 'sdkMethodRemoved', line: 3, column: 76 }] },
    { filename: at(v10, 'content.js'), code: CONTENT, errors: [{ messageId: 'dataHost', line: 2, column: 39 }] },
    {
      filename: at(v10, 'schemes.js'),
      code: SCHEMES,
      errors: [
        { messageId: 'lineScheme', line: 2, column: 14 },
        { messageId: 'liffV1', line: 3, column: 9 },
      ],
    },
    {
      filename: at(v11, 'removed.ts'),
      code: REMOVED,
      errors: [
        { messageId: 'sdkLegacyRemoved', line: 2, column: 23 },
        { messageId: 'sdkLegacyRemoved', line: 4, column: 3 },
      ],
    },
    {
      filename: at(v10, 'deprecated.js'),
      code: DEPRECATED,
      errors: [
        { messageId: 'sdkLegacyDeprecated', line: 2, column: 28 },
        { messageId: 'sdkLegacyDeprecated', line: 2, column: 100 },
      ],
    },
    { filename: at(v10, 'line-notify-client.js'), code: LINE_NOTIFY_CLIENT, errors: [{ messageId: 'notify', line: 2, column: 28 }] },
  ],
});
