/** RuleTester cases for handle-every-webhook-event, through the ESLint plugin. */
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const file = (name: string) => path.join(dir, name);
const ts = { parser: tsParser } as never;

const express = (body: string) => `import express from 'express';
import * as line from '@line/bot-sdk';
import { reply } from './reply.js';
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.SECRET }), (req, res) => {
${body}
});`;

ruleTester.run('handle-every-webhook-event', plugin.rules['handle-every-webhook-event']!, {
  valid: [
    {
      name: 'for...of over every event',
      filename: file('src/loop.js'),
      code: express(`  res.sendStatus(200);
  for (const event of req.body.events) reply(event.replyToken).catch(console.error);`),
    },
    {
      name: 'filtering by type, then handling every match',
      filename: file('src/filter.js'),
      code: express(`  res.sendStatus(200);
  req.body.events.filter((event) => event.type === 'message').forEach((event) => reply(event.replyToken));`),
    },
    {
      name: 'continue skips an event without leaving the loop',
      filename: file('src/continue.js'),
      code: express(`  res.sendStatus(200);
  for (const event of req.body.events) {
    if (event.type !== 'message') continue;
    reply(event.replyToken).catch(console.error);
  }`),
    },
    {
      name: 'events[0] only for logging while every event is handled',
      filename: file('src/log.js'),
      code: express(`  res.sendStatus(200);
  console.log('first event at', req.body.events[0]?.timestamp);
  Promise.all(req.body.events.map((event) => reply(event.replyToken))).catch(console.error);`),
    },
    {
      name: 'the events are handed to a queue as a whole',
      filename: file('src/queue.js'),
      code: express(`  res.sendStatus(200);
  publish({ events: req.body.events });`),
    },
    {
      name: 'Hono: the empty verification request gets 200',
      filename: file('src/hono.ts'),
      languageOptions: ts,
      code: `import { Hono } from 'hono';
import { validateSignature } from '@line/bot-sdk';
const app = new Hono();
app.post('/webhook', async (c) => {
  const raw = await c.req.text();
  if (!validateSignature(raw, process.env.SECRET!, c.req.header('x-line-signature') ?? '')) return c.text('', 401);
  const { events } = JSON.parse(raw);
  if (events.length === 0) return c.text('OK');
  for (const event of events) console.log(event.replyToken);
  return c.text('OK');
});`,
    },
  ],
  invalid: [
    {
      name: 'events[0].replyToken: one event, and a crash on the verification request',
      filename: file('src/first.js'),
      code: express(`  reply(req.body.events[0].replyToken).catch(console.error);
  res.sendStatus(200);`),
      errors: [{ messageId: 'singleEventCrash', line: 6, column: 9, endLine: 6, endColumn: 27 }],
    },
    {
      name: 'const [event] = events',
      filename: file('src/destructure.js'),
      code: express(`  const [event] = req.body.events;
  res.sendStatus(200);
  if (event) reply(event.replyToken).catch(console.error);`),
      errors: [{ messageId: 'singleEvent', line: 6, column: 9 }],
    },
    {
      name: 'events.find() as the only handling',
      filename: file('src/find.js'),
      code: express(`  const message = req.body.events.find((event) => event.type === 'message');
  res.sendStatus(200);
  if (message) reply(message.replyToken).catch(console.error);`),
      errors: [{ messageId: 'singleEvent', line: 6, column: 19 }],
    },
    {
      name: 'a loop that returns after the first event',
      filename: file('src/return.js'),
      code: express(`  for (const event of req.body.events) {
    if (event.type !== 'message') return res.sendStatus(200);
    reply(event.replyToken).catch(console.error);
  }
  res.sendStatus(200);`),
      errors: [{ messageId: 'loopStops', line: 7, column: 35 }],
    },
    {
      name: 'one finding per handler, in a helper the handler calls',
      filename: file('src/helper.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
import { reply } from './reply.js';
function handle(body) {
  const event = body.events[0];
  const again = body.events.shift();
  return reply(event.replyToken ?? again.replyToken);
}
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.SECRET }), (req, res) => {
  res.sendStatus(200);
  handle(req.body).catch(console.error);
});`,
      errors: [{ messageId: 'singleEventCrash', line: 5, column: 17 }],
    },
    {
      name: 'Next.js: the verification request without events is answered 400',
      filename: file('app/api/webhook/route.ts'),
      languageOptions: ts,
      code: `import { validateSignature } from '@line/bot-sdk';
export async function POST(request: Request) {
  const raw = await request.text();
  if (!validateSignature(raw, process.env.SECRET!, request.headers.get('x-line-signature') ?? '')) return new Response('', { status: 401 });
  const { events } = JSON.parse(raw);
  if (!events?.length) {
    return Response.json({ error: 'no events' }, { status: 400 });
  }
  for (const event of events) console.log(event.replyToken);
  return new Response('OK');
}`,
      errors: [{ messageId: 'emptyEventsRejected', line: 7, column: 12 }],
    },
  ],
});
