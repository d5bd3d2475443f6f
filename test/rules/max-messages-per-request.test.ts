/** RuleTester cases for max-messages-per-request, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const at = (name: string) => path.join(dir, 'src', name);

const CLIENT = `import { messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
`;

const SIX = `${CLIENT}const t = (text: string) => ({ type: 'text' as const, text });
export const tour = (replyToken: string) =>
  client.replyMessage({ replyToken, messages: [t('1'), t('2'), t('3'), t('4'), t('5'), t('6')] });`;

const PUSHED = `${CLIENT}export async function steps(replyToken: string) {
  const messages = [{ type: 'text' as const, text: 'Step 1' }];
  messages.push({ type: 'text', text: 'Step 2' }, { type: 'text', text: 'Step 3' });
  messages.push({ type: 'text', text: 'Step 4' }, { type: 'text', text: 'Step 5' }, { type: 'text', text: 'Step 6' });
  await client.replyMessage({ replyToken, messages });
}`;

const FROM_DB = `${CLIENT}import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function deals(to: string) {
  const products = await prisma.product.findMany({ where: { onSale: true } });
  await client.pushMessage({ to, messages: products.map((p) => ({ type: 'text' as const, text: p.name })) }, crypto.randomUUID());
}`;

const SPLIT = `${CLIENT}import { splitText } from 'line-bot-guard/runtime';
export async function forward(to: string, url: string) {
  const body = await (await fetch(url)).text();
  await client.pushMessage({ to, messages: splitText(body).map((text) => ({ type: 'text' as const, text })) }, crypto.randomUUID());
}`;

const HELPER_CALLER = `${CLIENT}async function replyAll(replyToken: string, messages: messagingApi.Message[]) {
  await client.replyMessage({ replyToken, messages });
}
const t = (text: string) => ({ type: 'text' as const, text });
export const tooMany = (token: string) => replyAll(token, [t('a'), t('b'), t('c'), t('d'), t('e'), t('f'), t('g')]);
export const fine = (token: string) => replyAll(token, [t('a')]);`;

const LEGACY = `const line = require('@line/bot-sdk');
const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
const m = { type: 'text', text: 'x' };
module.exports = { many: (token) => client.replyMessage(token, [m, m, m, m, m, m]) };`;

ruleTester.run('max-messages-per-request', plugin.rules['max-messages-per-request']!, {
  valid: [
    {
      filename: at('five.ts'),
      code: `${CLIENT}const t = (text: string) => ({ type: 'text' as const, text });
export const tour = (replyToken: string) => client.replyMessage({ replyToken, messages: [t('1'), t('2'), t('3'), t('4'), t('5')] });`,
    },
    {
      filename: at('sliced.ts'),
      code: `${CLIENT}import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function deals(to: string) {
  const products = await prisma.product.findMany({ where: { onSale: true } });
  await client.pushMessage({ to, messages: products.slice(0, 5).map((p) => ({ type: 'text' as const, text: p.name })) }, crypto.randomUUID());
}`,
    },
    {
      filename: at('chunked.ts'),
      code: `${CLIENT}import { chunkMessages, splitText } from 'line-bot-guard/runtime';
export async function forward(to: string, url: string) {
  const body = await (await fetch(url)).text();
  const messages = splitText(body).map((text) => ({ type: 'text' as const, text }));
  for (const batch of chunkMessages(messages)) await client.pushMessage({ to, messages: batch }, crypto.randomUUID());
}`,
    },
    {
      // A list of unknown origin is not guessed.
      filename: at('unknown.ts'),
      code: `${CLIENT}export const send = (to: string, messages: messagingApi.Message[]) => client.pushMessage({ to, messages }, crypto.randomUUID());`,
    },
  ],
  invalid: [
    { filename: at('six.ts'), code: SIX, errors: [{ messageId: 'tooMany', line: 5, column: 3 }] },
    { filename: at('pushed.ts'), code: PUSHED, errors: [{ messageId: 'tooMany', line: 7, column: 9 }] },
    { filename: at('from-db.ts'), code: FROM_DB, errors: [{ messageId: 'unbounded', line: 7, column: 9 }] },
    { filename: at('split.ts'), code: SPLIT, errors: [{ messageId: 'unbounded', line: 6, column: 9 }] },
    { filename: at('helper-caller.ts'), code: HELPER_CALLER, errors: [{ messageId: 'tooMany', line: 7, column: 43 }] },
    { filename: at('legacy.js'), code: LEGACY, errors: [{ messageId: 'tooMany', line: 4, column: 37 }] },
  ],
});
