/** RuleTester cases for max-text-length, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const at = (name: string) => path.join(dir, 'src', name);

const CLIENT = `import { messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
`;
const IMPORT = `import { truncateText } from 'line-bot-guard/runtime';`;
/** The suggestion's output: `from` → `to`, and the runtime import after the file's leading imports. */
function suggested(code: string, from: string, to: string): string {
  const lines = code.replace(from, to).split('\n');
  const cjs = !/^import /m.test(code);
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^import /.test(lines[i]!) || /^const .* = require\(/.test(lines[i]!)) last = i;
    else if (last >= 0) break;
  }
  lines.splice(last + 1, 0, cjs ? `const { truncateText } = require('line-bot-guard/runtime');` : IMPORT);
  return lines.join('\n');
}

const LLM = `${CLIENT}import OpenAI from 'openai';
const openai = new OpenAI();
export async function answer(replyToken: string, question: string) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  const text = completion.choices[0]?.message.content ?? '';
  await client.replyMessage({ replyToken, messages: [{ type: 'text', text }] });
}`;

const STATIC = `${CLIENT}const LINE = '-'.repeat(5001);
export const divider = (replyToken: string) => client.replyMessage({ replyToken, messages: [{ type: 'text', text: LINE }] });`;

const ALT = `${CLIENT}const ALT = 'Menu '.repeat(301);
export const menu = (replyToken: string) =>
  client.replyMessage({ replyToken, messages: [{ type: 'template', altText: ALT, template: { type: 'confirm', text: 'OK?', actions: [] } }] });`;

const FETCHED = `${CLIENT}export async function forward(to: string, url: string) {
  const res = await fetch(url);
  await client.pushMessage({ to, messages: [{ type: 'text', text: await res.text() }] }, crypto.randomUUID());
}`;

const REQUEST = `import express from 'express';
${CLIENT}const app = express();
app.post('/admin/say', express.json(), async (req, res) => {
  await client.broadcast({ messages: [{ type: 'text', text: req.body.message }] }, crypto.randomUUID());
  res.sendStatus(204);
});`;

const HELPER = `${CLIENT}import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic();
const textMessage = (text: string) => ({ type: 'text' as const, text });
export async function answer(replyToken: string, question: string) {
  const reply = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 4096, messages: [{ role: 'user', content: question }] });
  const first = reply.content[0];
  const text = first?.type === 'text' ? first.text : '';
  await client.replyMessage({ replyToken, messages: [textMessage(text)] });
}`;

const LINEBOT = `const linebot = require('linebot');
const fs = require('fs');
const bot = linebot({ channelId: process.env.ID, channelSecret: process.env.SECRET, channelAccessToken: process.env.TOKEN });
bot.on('message', (event) => event.reply(fs.readFileSync('faq.txt', 'utf8')));`;

const JOINED = `${CLIENT}import { Pool } from 'pg';
const pool = new Pool();
export async function news(to: string) {
  const { rows } = await pool.query('SELECT title, body FROM news');
  const digest = rows.map((row) => row.body).join('\\n');
  await client.pushMessage({ to, messages: [{ type: 'text', text: digest.slice(0, 10000) }] }, crypto.randomUUID());
}`;

ruleTester.run('max-text-length', plugin.rules['max-text-length']!, {
  valid: [
    {
      filename: at('echo.ts'),
      code: `${CLIENT}export const echo = (event: { replyToken: string; message: { text: string } }) =>
  client.replyMessage({ replyToken: event.replyToken, messages: [{ type: 'text', text: \`You said: \${event.message.text}\` }] });`,
    },
    { filename: at('truncated.ts'), code: LLM.replace("const text = completion", "const text = truncateText(completion").replace("?? '';", "?? '');").replace(CLIENT, `${CLIENT}${IMPORT}\n`) },
    {
      filename: at('sliced.ts'),
      code: `${CLIENT}export async function forward(to: string, url: string) {
  const body = await (await fetch(url)).text();
  await client.pushMessage({ to, messages: [{ type: 'text', text: body.slice(0, 4000) }] }, crypto.randomUUID());
}`,
    },
    {
      filename: at('length-check.ts'),
      code: `${CLIENT}export async function forward(to: string, url: string) {
  const body = await (await fetch(url)).text();
  if (body.length > 5000) throw new Error('too long for LINE');
  await client.pushMessage({ to, messages: [{ type: 'text', text: body }] }, crypto.randomUUID());
}`,
    },
    {
      filename: at('split.ts'),
      code: `${CLIENT}import { splitText } from 'line-bot-guard/runtime';
export async function forward(to: string, url: string) {
  const body = await (await fetch(url)).text();
  for (const piece of splitText(body)) await client.pushMessage({ to, messages: [{ type: 'text', text: piece }] }, crypto.randomUUID());
}`,
    },
    {
      filename: at('token-cap.ts'),
      code: `${CLIENT}import OpenAI from 'openai';
const openai = new OpenAI();
export async function answer(replyToken: string, question: string) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages: [{ role: 'user', content: question }] });
  await client.replyMessage({ replyToken, messages: [{ type: 'text', text: completion.choices[0]?.message.content ?? '' }] });
}`,
    },
    {
      // An identifier from an API is not free text.
      filename: at('short-field.ts'),
      code: `${CLIENT}export async function status(replyToken: string, id: string) {
  const order = await (await fetch(\`https://shop.example.com/orders/\${id}\`)).json();
  await client.replyMessage({ replyToken, messages: [{ type: 'text', text: \`Order \${order.id} is \${order.status}.\` }] });
}`,
    },
  ],
  invalid: [
    {
      filename: at('llm.ts'),
      code: LLM,
      errors: [{ messageId: 'unbounded', line: 8, column: 70, suggestions: [{ messageId: 'truncate', output: suggested(LLM, "{ type: 'text', text }", "{ type: 'text', text: truncateText(text) }") }] }],
    },
    {
      filename: at('static.ts'),
      code: STATIC,
      errors: [{ messageId: 'tooLong', line: 4, column: 109, suggestions: [{ messageId: 'truncate', output: suggested(STATIC, 'text: LINE', 'text: truncateText(LINE)') }] }],
    },
    {
      filename: at('alt.ts'),
      code: ALT,
      errors: [{ messageId: 'tooLong', line: 5, column: 68, suggestions: [{ messageId: 'truncate', output: suggested(ALT, 'altText: ALT', 'altText: truncateText(ALT, 1500)') }] }],
    },
    {
      filename: at('fetched.ts'),
      code: FETCHED,
      errors: [{ messageId: 'unbounded', line: 5, column: 61, suggestions: [{ messageId: 'truncate', output: suggested(FETCHED, 'text: await res.text()', 'text: truncateText(await res.text())') }] }],
    },
    {
      filename: at('request.ts'),
      code: REQUEST,
      errors: [{ messageId: 'unbounded', line: 6, column: 55, suggestions: [{ messageId: 'truncate', output: suggested(REQUEST, 'text: req.body.message', 'text: truncateText(req.body.message)') }] }],
    },
    {
      // A helper wraps the string: the finding goes to the call that passes it.
      filename: at('helper.ts'),
      code: HELPER,
      errors: [{ messageId: 'unbounded', line: 10, column: 54, suggestions: [{ messageId: 'truncate', output: suggested(HELPER, 'textMessage(text)]', 'textMessage(truncateText(text))]') }] }],
    },
    {
      filename: at('linebot.js'),
      code: LINEBOT,
      errors: [
        {
          messageId: 'unbounded',
          line: 4,
          column: 30,
          suggestions: [{ messageId: 'truncate', output: suggested(LINEBOT, "event.reply(fs.readFileSync('faq.txt', 'utf8'))", "event.reply(truncateText(fs.readFileSync('faq.txt', 'utf8')))") }],
        },
      ],
    },
    {
      // slice(0, 10000) does not bring a text under 5000.
      filename: at('joined.ts'),
      code: JOINED,
      errors: [{ messageId: 'unbounded', line: 8, column: 61, suggestions: [{ messageId: 'truncate', output: suggested(JOINED, 'text: digest.slice(0, 10000)', 'text: truncateText(digest.slice(0, 10000))') }] }],
    },
  ],
});
