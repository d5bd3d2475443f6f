/** RuleTester cases for stable-retry-key, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const v10 = tempPackage('^10.8.0');
const v7 = tempPackage('^7.7.0');
const at = (dir: string, name: string) => path.join(dir, 'src', name);

const CLIENT = `import { randomUUID } from 'node:crypto';
import { messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
`;

ruleTester.run('stable-retry-key', plugin.rules['stable-retry-key']!, {
  valid: [
    {
      filename: at(v10, 'key-before-retries.ts'),
      code: `${CLIENT}import pRetry from 'p-retry';
export async function announce(text: string) {
  const retryKey = randomUUID();
  await pRetry(() => client.broadcast({ messages: [{ type: 'text', text }] }, retryKey), { retries: 3 });
}`,
    },
    {
      filename: at(v10, 'runtime.ts'),
      code: `${CLIENT}import { sendWithRetry } from 'line-bot-guard/runtime';
export const push = (to: string) => sendWithRetry((retryKey) => client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, retryKey));`,
    },
    {
      filename: at(v10, 'name-based.ts'),
      code: `${CLIENT}import { v5 as uuidv5 } from 'uuid';
const NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
export const remind = (to: string, day: string) =>
  client.pushMessage({ to, messages: [{ type: 'text', text: 'Reminder' }] }, uuidv5(\`\${to}:\${day}\`, NAMESPACE));`,
    },
    {
      // A new key per recipient: different sends, not retries.
      filename: at(v10, 'per-recipient.ts'),
      code: `${CLIENT}export async function greet(users: { id: string; name: string }[]) {
  for (const user of users) {
    try {
      await client.pushMessage({ to: user.id, messages: [{ type: 'text', text: \`Hello \${user.name}\` }] }, randomUUID());
    } catch (err) {
      console.error('greeting failed', err);
    }
  }
}`,
    },
    {
      filename: at(v10, 'batches.ts'),
      code: `${CLIENT}const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function tellAll(ids: string[]) {
  for (let start = 0; start < ids.length; start += 500) {
    try {
      await client.multicast({ to: ids.slice(start, start + 500), messages: [{ type: 'text', text: 'News' }] }, randomUUID());
    } catch (err) {
      console.error(err);
    }
    await sleep(1000);
  }
}`,
    },
    {
      filename: at(v10, 'stored-key.ts'),
      code: `${CLIENT}export const run = (job: { to: string; retryKey: string }) =>
  client.pushMessage({ to: job.to, messages: [{ type: 'text', text: 'Done' }] }, job.retryKey);`,
    },
    {
      filename: at(v7, 'legacy-per-send.js'),
      code: `const crypto = require('crypto');
const line = require('@line/bot-sdk');
async function remind(userId) {
  const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
  client.setRequestOptionOnce({ retryKey: crypto.randomUUID() });
  await client.pushMessage(userId, { type: 'text', text: 'Ready' });
}
module.exports = { remind };`,
    },
  ],
  invalid: [
    {
      filename: at(v10, 'p-retry.ts'),
      code: `${CLIENT}import pRetry from 'p-retry';
export const announce = (text: string) =>
  pRetry(() => client.broadcast({ messages: [{ type: 'text', text }] }, randomUUID()), { retries: 3 });`,
      errors: [{ messageId: 'perAttempt', line: 6, column: 16 }],
    },
    {
      filename: at(v10, 'async-retry.js'),
      code: `import retry from 'async-retry';
import { v4 as uuidv4 } from 'uuid';
export const push = (to, messages) =>
  retry(() => fetch('https://api.line.me/v2/bot/message/push', {
    method: 'POST',
    headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'X-Line-Retry-Key': uuidv4() },
    body: JSON.stringify({ to, messages }),
  }));`,
      errors: [{ messageId: 'perAttempt', line: 4, column: 15 }],
    },
    {
      filename: at(v10, 'while-loop.ts'),
      code: `${CLIENT}export async function push(to: string, text: string) {
  let tries = 0;
  while (true) {
    try {
      return await client.pushMessage({ to, messages: [{ type: 'text', text }] }, randomUUID());
    } catch (err) {
      if (++tries > 3) throw err;
    }
  }
}`,
      errors: [{ messageId: 'perAttempt', line: 8, column: 20 }],
    },
    {
      filename: at(v10, 'recursion.ts'),
      code: `${CLIENT}export async function push(to: string, text: string, attempt = 0): Promise<unknown> {
  return client.pushMessage({ to, messages: [{ type: 'text', text }] }, randomUUID()).catch((err) => {
    if (attempt < 3) return push(to, text, attempt + 1);
    throw err;
  });
}`,
      errors: [{ messageId: 'perAttempt', line: 5, column: 10 }],
    },
    {
      filename: at(v10, 'helper.ts'),
      code: `${CLIENT}async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}
export const push = (to: string) => withRetry(() => client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, randomUUID()));`,
      errors: [{ messageId: 'perAttempt', line: 13, column: 53 }],
    },
    {
      filename: at(v10, 'runtime-ignored.ts'),
      code: `${CLIENT}import { sendWithRetry } from 'line-bot-guard/runtime';
export const push = (to: string) => sendWithRetry(() => client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, randomUUID()));`,
      errors: [{ messageId: 'perAttempt', line: 5, column: 57 }],
    },
    {
      filename: at(v10, 'module-key.ts'),
      code: `${CLIENT}const RETRY_KEY = randomUUID();
export const push = (to: string) => client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, RETRY_KEY);`,
      errors: [{ messageId: 'shared', line: 5, column: 37 }],
    },
    {
      filename: at(v10, 'literal-uuid.ts'),
      code: `${CLIENT}export const push = (to: string) => client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, '123e4567-e89b-12d3-a456-426614174000');`,
      errors: [{ messageId: 'shared', line: 4, column: 37 }],
    },
    {
      filename: at(v10, 'timestamp.ts'),
      code: `${CLIENT}export const push = (to: string) => client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, String(Date.now()));`,
      errors: [{ messageId: 'notUuid', line: 4, column: 37 }],
    },
    {
      filename: at(v10, 'user-id.ts'),
      code: `${CLIENT}export const push = (userId: string) => client.pushMessage({ to: userId, messages: [{ type: 'text', text: 'Hi' }] }, userId);`,
      errors: [{ messageId: 'notUuid', line: 4, column: 41 }],
    },
    {
      filename: at(v10, 'nanoid.ts'),
      code: `${CLIENT}import { nanoid } from 'nanoid';
export const push = (to: string) => client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, nanoid());`,
      errors: [{ messageId: 'notUuid', line: 5, column: 37 }],
    },
    {
      filename: at(v10, 'reply-with-key.js'),
      code: `export const reply = (replyToken, messages) =>
  fetch('https://api.line.me/v2/bot/message/reply', {
    method: 'POST',
    headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'X-Line-Retry-Key': crypto.randomUUID() },
    body: JSON.stringify({ replyToken, messages }),
  });`,
      errors: [{ messageId: 'refused', line: 2, column: 3 }],
    },
    {
      filename: at(v10, 'validate-with-key.js'),
      code: `export const check = (messages) =>
  fetch('https://api.line.me/v2/bot/message/validate/push', {
    method: 'POST',
    headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'X-Line-Retry-Key': crypto.randomUUID() },
    body: JSON.stringify({ messages }),
  });`,
      errors: [{ messageId: 'refused', line: 2, column: 3 }],
    },
    {
      filename: at(v7, 'legacy-reply.js'),
      code: `const crypto = require('crypto');
const line = require('@line/bot-sdk');
async function reply(token) {
  const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
  client.setRequestOptionOnce({ retryKey: crypto.randomUUID() });
  await client.replyMessage(token, { type: 'text', text: 'Thanks' });
}
module.exports = { reply };`,
      errors: [{ messageId: 'leaksToNextSend', line: 5, column: 3 }],
    },
    {
      filename: at(v7, 'legacy-shared.js'),
      code: `const crypto = require('crypto');
const line = require('@line/bot-sdk');
const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
async function remind(userId) {
  client.setRequestOptionOnce({ retryKey: crypto.randomUUID() });
  await client.pushMessage(userId, { type: 'text', text: 'Ready' });
}
module.exports = { remind };`,
      errors: [{ messageId: 'sharedClientOption', line: 6, column: 9 }],
    },
    {
      filename: at(v10, 'axios-retry.js'),
      code: `import axios from 'axios';
import axiosRetry from 'axios-retry';
import { v4 as uuidv4 } from 'uuid';
const line = axios.create({ baseURL: 'https://api.line.me/v2/bot', headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` } });
line.interceptors.request.use((config) => {
  config.headers['X-Line-Retry-Key'] = uuidv4();
  return config;
});
axiosRetry(line, { retries: 3 });
export const push = (to, messages) => line.post('/message/push', { to, messages });`,
      errors: [{ messageId: 'perAttempt', line: 6, column: 3 }],
    },
  ],
});
