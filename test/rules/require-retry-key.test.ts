/** RuleTester cases for require-retry-key, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const v10 = tempPackage('^10.8.0');
const v7 = tempPackage('^7.7.0');
const v6 = tempPackage('^6.8.4');
const at = (dir: string, name: string) => path.join(dir, 'src', name);

const CLIENT = `import { messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
`;

ruleTester.run('require-retry-key', plugin.rules['require-retry-key']!, {
  valid: [
    {
      filename: at(v10, 'key-argument.ts'),
      code: `${CLIENT}import { randomUUID } from 'node:crypto';
export const notify = (to: string) => client.pushMessage({ to, messages: [{ type: 'text', text: 'Shipped.' }] }, randomUUID());`,
    },
    {
      filename: at(v10, 'send-with-retry.ts'),
      code: `${CLIENT}import { sendWithRetry } from 'line-bot-guard/runtime';
export const notify = (to: string) => sendWithRetry((retryKey) => client.multicast({ to: [to], messages: [{ type: 'text', text: 'Hi' }] }, retryKey));`,
    },
    {
      filename: at(v10, 'reply.ts'),
      code: `${CLIENT}export const thank = (replyToken: string) => client.replyMessage({ replyToken, messages: [{ type: 'text', text: 'Thanks' }] });`,
    },
    {
      filename: at(v7, 'legacy-option.js'),
      code: `const crypto = require('crypto');
const line = require('@line/bot-sdk');
async function remind(userId) {
  const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
  client.setRequestOptionOnce({ retryKey: crypto.randomUUID() });
  try {
    await client.pushMessage(userId, { type: 'text', text: 'Ready' });
  } catch (err) {
    console.error(err);
  }
}
module.exports = { remind };`,
    },
    {
      filename: at(v10, 'fetch-header.js'),
      code: `export async function push(to, messages, retryKey) {
  await fetch('https://api.line.me/v2/bot/message/push', {
    method: 'POST',
    headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'X-Line-Retry-Key': retryKey },
    body: JSON.stringify({ to, messages }),
  });
}`,
    },
    {
      // Headers the analysis cannot see may carry the key.
      filename: at(v10, 'fetch-unknown-headers.js'),
      code: `import { lineHeaders } from 'internal-line-kit';
export async function push(to, messages) {
  await fetch('https://api.line.me/v2/bot/message/push', { method: 'POST', headers: lineHeaders(), body: JSON.stringify({ to, messages }) });
}`,
    },
    {
      // Not LINE.
      filename: at(v10, 'other-api.js'),
      code: `export async function push(to, text) {
  await fetch('https://api.example.com/v1/push', { method: 'POST', headers: { authorization: 'Bearer x' }, body: JSON.stringify({ to, text }) });
}`,
    },
  ],
  invalid: [
    {
      filename: at(v10, 'push.ts'),
      code: `${CLIENT}export async function notify(to: string): Promise<void> {
  await client.pushMessage({ to, messages: [{ type: 'text', text: 'Shipped.' }] });
}`,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'addRetryKey',
              output: `${CLIENT}export async function notify(to: string): Promise<void> {
  await client.pushMessage({ to, messages: [{ type: 'text', text: 'Shipped.' }] }, crypto.randomUUID());
}`,
            },
            {
              messageId: 'wrapInSendWithRetry',
              output: `import { messagingApi } from '@line/bot-sdk';
import { sendWithRetry } from 'line-bot-guard/runtime';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
export async function notify(to: string): Promise<void> {
  await sendWithRetry((retryKey) => client.pushMessage({ to, messages: [{ type: 'text', text: 'Shipped.' }] }, retryKey));
}`,
            },
          ],
        },
      ],
    },
    {
      filename: at(v10, 'line-bot-client.ts'),
      code: `import { LineBotClient } from '@line/bot-sdk';
const bot = LineBotClient.fromChannelAccessToken({ channelAccessToken: process.env.LINE_TOKEN! });
export const announce = () => bot.broadcastWithHttpInfo({ messages: [{ type: 'text', text: 'Open today' }] });`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 31,
          suggestions: [
            {
              messageId: 'addRetryKey',
              output: `import { LineBotClient } from '@line/bot-sdk';
const bot = LineBotClient.fromChannelAccessToken({ channelAccessToken: process.env.LINE_TOKEN! });
export const announce = () => bot.broadcastWithHttpInfo({ messages: [{ type: 'text', text: 'Open today' }] }, crypto.randomUUID());`,
            },
            {
              messageId: 'wrapInSendWithRetry',
              output: `import { LineBotClient } from '@line/bot-sdk';
import { sendWithRetry } from 'line-bot-guard/runtime';
const bot = LineBotClient.fromChannelAccessToken({ channelAccessToken: process.env.LINE_TOKEN! });
export const announce = () => sendWithRetry((retryKey) => bot.broadcastWithHttpInfo({ messages: [{ type: 'text', text: 'Open today' }] }, retryKey));`,
            },
          ],
        },
      ],
    },
    {
      filename: at(v10, 'fetch-multicast.js'),
      code: `export async function tell(ids, messages) {
  await fetch('https://api.line.me/v2/bot/message/multicast', {
    method: 'POST',
    headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` },
    body: JSON.stringify({ to: ids, messages }),
  });
}`,
      errors: [
        {
          messageId: 'missingHeader',
          line: 2,
          column: 9,
          suggestions: [
            {
              messageId: 'addRetryKeyHeader',
              output: `export async function tell(ids, messages) {
  await fetch('https://api.line.me/v2/bot/message/multicast', {
    method: 'POST',
    headers: { 'X-Line-Retry-Key': crypto.randomUUID(), Authorization: \`Bearer \${process.env.LINE_TOKEN}\` },
    body: JSON.stringify({ to: ids, messages }),
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // An axios instance whose base URL and headers live in its creation.
      filename: at(v10, 'axios-instance.js'),
      code: `import axios from 'axios';
const LINE_BASE = 'https://api.line.me/v2/bot';
const line = axios.create({ baseURL: LINE_BASE, headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` } });
export const narrow = (messages) => line.post('/message/narrowcast', { messages });`,
      errors: [{ messageId: 'missingHeader', line: 4, column: 37 }],
    },
    {
      filename: at(v7, 'legacy.js'),
      code: `const line = require('@line/bot-sdk');
const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
module.exports = { remind: (userId) => client.pushMessage(userId, { type: 'text', text: 'Ready' }) };`,
      errors: [{ messageId: 'missingLegacy', line: 3, column: 40 }],
    },
    {
      filename: at(v6, 'v6.js'),
      code: `const line = require('@line/bot-sdk');
const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
module.exports = { announce: (messages) => client.broadcast(messages) };`,
      errors: [{ messageId: 'upgradeSdk', line: 3, column: 44 }],
    },
    {
      filename: at(v10, 'linebot.js'),
      code: `const linebot = require('linebot');
const bot = linebot({ channelId: process.env.ID, channelSecret: process.env.SECRET, channelAccessToken: process.env.TOKEN });
module.exports = { remind: (userId) => bot.push(userId, 'Your class starts soon') };`,
      errors: [{ messageId: 'libraryCannot', line: 3, column: 40 }],
    },
    {
      filename: at(v10, 'messaging-api-line.js'),
      code: `const { LineClient } = require('messaging-api-line');
const client = new LineClient({ accessToken: process.env.TOKEN, channelSecret: process.env.SECRET });
module.exports = { remind: (userId) => client.pushText(userId, 'Your class starts soon') };`,
      errors: [{ messageId: 'libraryCannot', line: 3, column: 40 }],
    },
    {
      filename: at(v10, 'bottender.js'),
      code: `const { router, text } = require('bottender/router');
async function Subscribe(context) {
  await context.pushText('You are subscribed.');
}
module.exports = async function App() {
  return router([text('subscribe', Subscribe)]);
};`,
      errors: [{ messageId: 'libraryCannot', line: 3, column: 9 }],
    },
    {
      // A wrapper that takes the key, called without one.
      filename: at(v10, 'wrapper.ts'),
      code: `${CLIENT}async function push(to: string, text: string, retryKey?: string) {
  await client.pushMessage({ to, messages: [{ type: 'text', text }] }, retryKey);
}
export const shipped = (to: string) => push(to, 'Shipped.');`,
      errors: [{ messageId: 'missingInWrapper', line: 6, column: 40 }],
    },
  ],
});
