/** RuleTester cases for no-push-in-loop, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const at = (name: string) => path.join(dir, 'src', name);

const CLIENT = `import { randomUUID } from 'node:crypto';
import { messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
const SALE = { type: 'text' as const, text: 'Sale today!' };
`;

const FOR_OF = `${CLIENT}export async function announce(userIds: string[]) {
  for (const userId of userIds) {
    await client.pushMessage({ to: userId, messages: [SALE] }, randomUUID());
  }
}`;

const PROMISE_ALL = `${CLIENT}export const announce = (users: { id: string }[]) =>
  Promise.all(users.map((user) => client.pushMessage({ to: user.id, messages: [SALE] }, randomUUID())));`;

const INDEXED = `${CLIENT}export async function announce(ids: string[]) {
  for (let i = 0; i < ids.length; i++) await client.pushMessage({ to: ids[i]!, messages: [{ type: 'text', text: 'Closed tomorrow' }] }, randomUUID());
}`;

const HELPER = `${CLIENT}async function pushText(to: string, text: string) {
  await client.pushMessage({ to, messages: [{ type: 'text', text }] }, randomUUID());
}
export async function announce(ids: string[], text: string) {
  for (const id of ids) await pushText(id, text);
}`;

const RAW = `const SALE = [{ type: 'text', text: 'Sale today!' }];
export function announce(ids) {
  ids.forEach((to) => {
    fetch('https://api.line.me/v2/bot/message/push', {
      method: 'POST',
      headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'X-Line-Retry-Key': crypto.randomUUID() },
      body: JSON.stringify({ to, messages: SALE }),
    });
  });
}`;

ruleTester.run('no-push-in-loop', plugin.rules['no-push-in-loop']!, {
  valid: [
    {
      filename: at('personalised.ts'),
      code: `${CLIENT}export async function points(members: { id: string; points: number }[]) {
  for (const member of members) {
    await client.pushMessage({ to: member.id, messages: [{ type: 'text', text: \`You have \${member.points} points\` }] }, randomUUID());
  }
}`,
    },
    {
      filename: at('computed-per-user.ts'),
      code: `${CLIENT}declare function pointsOf(id: string): Promise<number>;
export async function points(ids: string[]) {
  for (const id of ids) {
    const points = await pointsOf(id);
    await client.pushMessage({ to: id, messages: [{ type: 'text', text: \`You have \${points} points\` }] }, randomUUID());
  }
}`,
    },
    {
      filename: at('multicast.ts'),
      code: `${CLIENT}export async function announce(ids: string[]) {
  for (let i = 0; i < ids.length; i += 500) await client.multicast({ to: ids.slice(i, i + 500), messages: [SALE] }, randomUUID());
}`,
    },
    {
      // In stages: a pause between rounds.
      filename: at('staged.ts'),
      code: `${CLIENT}const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function announce(batches: string[][]) {
  for (const batch of batches) {
    await Promise.all(batch.map((to) => client.pushMessage({ to, messages: [SALE] }, randomUUID())));
    await sleep(60_000);
  }
}`,
    },
    {
      // Chunks of one long text to one user: not a loop over recipients.
      filename: at('chunks.ts'),
      code: `${CLIENT}export async function long(to: string, pieces: string[]) {
  for (const text of pieces) await client.pushMessage({ to, messages: [{ type: 'text', text }] }, randomUUID());
}`,
    },
  ],
  invalid: [
    { filename: at('for-of.ts'), code: FOR_OF, errors: [{ messageId: 'pushInLoop', line: 7, column: 11 }] },
    { filename: at('promise-all.ts'), code: PROMISE_ALL, errors: [{ messageId: 'pushInLoop', line: 6, column: 35 }] },
    { filename: at('indexed.ts'), code: INDEXED, errors: [{ messageId: 'pushInLoop', line: 6, column: 46 }] },
    { filename: at('helper.ts'), code: HELPER, errors: [{ messageId: 'pushInLoop', line: 9, column: 31 }] },
    { filename: at('raw.js'), code: RAW, errors: [{ messageId: 'pushInLoop', line: 4, column: 5 }] },
  ],
});
