/** RuleTester cases for error-handling-by-status, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const v7 = tempPackage('^7.7.0');
const at = (name: string, base = dir) => path.join(base, 'src', name);

const CLIENT = `import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
`;

const BODY = `${CLIENT}export async function push(to: string, key: string) {
  try {
    await client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, key);
  } catch (err) {
    if (err instanceof HTTPFetchError && err.body.includes('already accepted')) return;
    throw err;
  }
}`;

const DETAILS = `import axios from 'axios';
export async function push(to, messages, key) {
  try {
    await axios.post('https://api.line.me/v2/bot/message/push', { to, messages }, { headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'X-Line-Retry-Key': key } });
  } catch (err) {
    const details = err.response.data.details ?? [];
    if (details.some((d) => d.message === 'May not be empty')) console.warn('empty message');
    else throw err;
  }
}`;

const PROMISE_CATCH = `${CLIENT}export const reply = (replyToken: string) =>
  client.replyMessage({ replyToken, messages: [{ type: 'text', text: 'Hi' }] }).catch((err) => {
    if (/invalid reply token/i.test(err.message)) return undefined;
    throw err;
  });`;

const CALLER = `${CLIENT}async function notify(to: string, key: string) {
  await client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, key);
}
export async function run(to: string, key: string) {
  try {
    await notify(to, key);
  } catch (err) {
    switch ((err as Error).message) {
      case 'You have reached your monthly limit.':
        return;
      default:
        throw err;
    }
  }
}`;

const FETCH_JSON = `export async function push(to, messages, key) {
  const res = await fetch('https://api.line.me/v2/bot/message/push', {
    method: 'POST',
    headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'X-Line-Retry-Key': key },
    body: JSON.stringify({ to, messages }),
  });
  if (!res.ok) {
    const data = await res.json();
    if (data.message.startsWith('The retry key')) return;
    throw new Error(data.message);
  }
}`;

const LEGACY = `const line = require('@line/bot-sdk');
const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
async function reply(token) {
  try {
    await client.replyMessage(token, { type: 'text', text: 'Hi' });
  } catch (err) {
    if (err.originalError.response.data.message === 'Invalid reply token') return;
    throw err;
  }
}
module.exports = { reply };`;

ruleTester.run('error-handling-by-status', plugin.rules['error-handling-by-status']!, {
  valid: [
    {
      filename: at('status.ts'),
      code: `${CLIENT}export async function push(to: string, key: string) {
  try {
    await client.pushMessage({ to, messages: [{ type: 'text', text: 'Hi' }] }, key);
  } catch (err) {
    if (err instanceof HTTPFetchError && err.status === 409) return;
    console.error('push failed', err instanceof Error ? err.message : err);
    throw err;
  }
}`,
    },
    {
      // Not a LINE call: another API's error text is not this rule's business.
      filename: at('other-api.ts'),
      code: `export async function geocode(address: string) {
  try {
    return await (await fetch(\`https://maps.example.com/geocode?q=\${encodeURIComponent(address)}\`)).json();
  } catch (err) {
    if ((err as Error).message.includes('timeout')) return undefined;
    throw err;
  }
}`,
    },
    {
      // A mixed try: the message is not LINE's.
      filename: at('mixed.ts'),
      code: `${CLIENT}import OpenAI from 'openai';
const openai = new OpenAI();
export async function answer(replyToken: string, question: string) {
  try {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 300, messages: [{ role: 'user', content: question }] });
    await client.replyMessage({ replyToken, messages: [{ type: 'text', text: completion.choices[0]?.message.content ?? '' }] });
  } catch (err) {
    if ((err as Error).message.includes('context_length_exceeded')) return;
    throw err;
  }
}`,
    },
  ],
  invalid: [
    { filename: at('body.ts'), code: BODY, errors: [{ messageId: 'byText', line: 7, column: 42 }] },
    { filename: at('details.js'), code: DETAILS, errors: [{ messageId: 'byText', line: 7, column: 29 }] },
    { filename: at('promise-catch.ts'), code: PROMISE_CATCH, errors: [{ messageId: 'byText', line: 5, column: 9 }] },
    { filename: at('caller.ts'), code: CALLER, errors: [{ messageId: 'byText', line: 10, column: 13 }] },
    { filename: at('fetch-json.js'), code: FETCH_JSON, errors: [{ messageId: 'byText', line: 9, column: 9 }] },
    { filename: at('legacy.js', v7), code: LEGACY, errors: [{ messageId: 'byText', line: 7, column: 9 }] },
  ],
});
