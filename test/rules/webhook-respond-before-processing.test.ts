/** RuleTester cases for webhook-respond-before-processing, across frameworks, through the ESLint plugin. */
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const file = (name: string) => path.join(dir, name);
const ts = { parser: tsParser } as never;

ruleTester.run('webhook-respond-before-processing', plugin.rules['webhook-respond-before-processing']!, {
  valid: [
    {
      name: 'Express: answers first, then processes',
      filename: file('src/answer-first.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
import { handleEvents } from './events.js';
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.LINE_CHANNEL_SECRET }), (req, res) => {
  res.sendStatus(200);
  handleEvents(req.body.events).catch((error) => console.error(error));
});`,
    },
    {
      name: 'Express: the runtime webhook handler',
      filename: file('src/runtime.js'),
      code: `import express from 'express';
import { createWebhookHandler } from 'line-bot-guard/runtime';
const handler = createWebhookHandler({ channelSecret: process.env.LINE_CHANNEL_SECRET, onEvent: async (event) => console.log(event.type) });
const app = express();
app.post('/webhook', handler.node);`,
    },
    {
      name: 'Express: an awaited enqueue is a hand-off',
      filename: file('src/queue.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
import { Queue } from 'bullmq';
const queue = new Queue('line-events');
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.LINE_CHANNEL_SECRET }), async (req, res) => {
  await queue.add('webhook', { events: req.body.events });
  res.sendStatus(200);
});`,
    },
    {
      name: 'Hono on Workers: executionCtx.waitUntil, with an awaited fallback elsewhere',
      filename: file('src/hono.ts'),
      languageOptions: ts,
      code: `import { Hono } from 'hono';
import { validateSignature } from '@line/bot-sdk';
import { processEvents } from './events';
const app = new Hono<{ Bindings: { SECRET: string } }>();
app.post('/webhook', async (c) => {
  const body = await c.req.text();
  if (!validateSignature(body, c.env.SECRET, c.req.header('x-line-signature') ?? '')) return c.text('unauthorized', 401);
  const { events } = JSON.parse(body);
  const work = processEvents(events);
  if (typeof c.executionCtx?.waitUntil === 'function') c.executionCtx.waitUntil(work);
  else await work;
  return c.text('OK');
});
export default app;`,
    },
    {
      name: 'Next.js: after()',
      filename: file('app/api/webhook/route.ts'),
      languageOptions: ts,
      code: `import { after } from 'next/server';
import { validateSignature } from '@line/bot-sdk';
import { processEvents } from '../../../lib/events';
export async function POST(request: Request) {
  const body = await request.text();
  if (!validateSignature(body, process.env.SECRET!, request.headers.get('x-line-signature') ?? '')) return new Response('', { status: 401 });
  after(() => processEvents(JSON.parse(body).events));
  return new Response('OK');
}`,
    },
    {
      name: 'Lambda: SQS SendMessageCommand is a hand-off',
      filename: file('src/lambda.ts'),
      languageOptions: ts,
      code: `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { validateSignature } from '@line/bot-sdk';
const sqs = new SQSClient({});
export const handler = async (event: { body: string; headers: Record<string, string> }) => {
  if (!validateSignature(event.body, process.env.SECRET!, event.headers['x-line-signature'])) return { statusCode: 401 };
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));
  return { statusCode: 200, body: 'OK' };
};`,
    },
    {
      name: 'Not a webhook: an API route may await its database',
      filename: file('src/orders.js'),
      code: `import express from 'express';
import { db } from './db.js';
const app = express();
app.post('/api/orders', express.json(), async (req, res) => {
  const order = await db.orders.insert(req.body);
  res.status(201).json(order);
});`,
    },
  ],
  invalid: [
    {
      name: "Express: the SDK examples' Promise.all(...).then(() => res.json(...))",
      filename: file('src/sdk-example.js'),
      code: `const express = require('express');
const line = require('@line/bot-sdk');
const client = new line.messagingApi.MessagingApiClient({ channelAccessToken: process.env.TOKEN });
const app = express();
app.post('/callback', line.middleware({ channelSecret: process.env.SECRET }), (req, res) => {
  Promise.all(req.body.events.map(handleEvent))
    .then((result) => res.json(result))
    .catch(() => res.status(500).end());
});
function handleEvent(event) {
  if (event.type !== 'message') return Promise.resolve(null);
  return client.replyMessage({ replyToken: event.replyToken, messages: [{ type: 'text', text: 'hi' }] });
}`,
      errors: [{ messageId: 'processedBeforeAnswer', line: 6, column: 3, endLine: 6, endColumn: 48 }],
    },
    {
      name: 'Express: awaited sends before the 200, with a suggestion to answer first',
      filename: file('src/await-loop.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
import { handleEvent } from './events.js';
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.SECRET }), async (req, res) => {
  for (const event of req.body.events) {
    await handleEvent(event);
  }
  res.sendStatus(200);
});`,
      errors: [
        {
          messageId: 'processedBeforeAnswer',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'answerFirst',
              output: `import express from 'express';
import * as line from '@line/bot-sdk';
import { handleEvent } from './events.js';
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.SECRET }), async (req, res) => {
  res.sendStatus(200);
  for (const event of req.body.events) {
    await handleEvent(event);
  }
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'Express: a handler that never answers',
      filename: file('src/never.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
import { handleEvent } from './events.js';
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.SECRET }), (req, res) => {
  req.body.events.forEach((event) => handleEvent(event).catch(console.error));
});`,
      errors: [{ messageId: 'neverAnswers', line: 5, column: 1 }],
    },
    {
      name: 'Koa: setting ctx.body does not answer before the middleware settles',
      filename: file('src/koa.js'),
      code: `import Koa from 'koa';
import Router from '@koa/router';
import * as line from '@line/bot-sdk';
import { handleEvent } from './events.js';
const router = new Router();
router.post('/webhook', async (ctx) => {
  if (!line.validateSignature(ctx.request.rawBody, process.env.SECRET, ctx.get('x-line-signature'))) ctx.throw(401);
  ctx.status = 200;
  ctx.body = 'OK';
  await Promise.all(ctx.request.body.events.map(handleEvent));
});
const app = new Koa();
app.use(router.routes());`,
      errors: [{ messageId: 'processedBeforeAnswer', line: 10, column: 3 }],
    },
    {
      name: 'Workers: await before returning, with a waitUntil suggestion',
      filename: file('src/worker.ts'),
      languageOptions: ts,
      code: `import { validateSignature } from '@line/bot-sdk';
import { handleEvents } from './events';
export default {
  async fetch(request: Request, env: { SECRET: string }, ctx: ExecutionContext): Promise<Response> {
    const body = await request.text();
    if (!validateSignature(body, env.SECRET, request.headers.get('x-line-signature') ?? '')) return new Response('', { status: 401 });
    await handleEvents(JSON.parse(body).events, env);
    return new Response('OK');
  },
};`,
      errors: [
        {
          messageId: 'processedBeforeAnswerServerless',
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'useWaitUntil',
              output: `import { validateSignature } from '@line/bot-sdk';
import { handleEvents } from './events';
export default {
  async fetch(request: Request, env: { SECRET: string }, ctx: ExecutionContext): Promise<Response> {
    const body = await request.text();
    if (!validateSignature(body, env.SECRET, request.headers.get('x-line-signature') ?? '')) return new Response('', { status: 401 });
    ctx.waitUntil(handleEvents(JSON.parse(body).events, env));
    return new Response('OK');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'Next.js route handler: await before returning, with an after() suggestion',
      filename: file('app/api/line/route.ts'),
      languageOptions: ts,
      code: `import { NextResponse } from 'next/server';
import { validateSignature } from '@line/bot-sdk';
import { processEvents } from '../../../lib/events';
export async function POST(request: Request) {
  const body = await request.text();
  if (!validateSignature(body, process.env.SECRET!, request.headers.get('x-line-signature') ?? '')) return new Response('', { status: 401 });
  await processEvents(JSON.parse(body).events);
  return NextResponse.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'processedBeforeAnswerServerless',
          line: 7,
          column: 3,
          suggestions: [
            {
              messageId: 'useAfter',
              output: `import { NextResponse, after } from 'next/server';
import { validateSignature } from '@line/bot-sdk';
import { processEvents } from '../../../lib/events';
export async function POST(request: Request) {
  const body = await request.text();
  if (!validateSignature(body, process.env.SECRET!, request.headers.get('x-line-signature') ?? '')) return new Response('', { status: 401 });
  after(() => processEvents(JSON.parse(body).events));
  return NextResponse.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'Lambda: replies awaited before the function returns its 200',
      filename: file('src/handler.mjs'),
      code: `import { validateSignature, messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.TOKEN });
export const handler = async (event) => {
  if (!validateSignature(event.body, process.env.SECRET, event.headers['x-line-signature'])) return { statusCode: 401 };
  const { events } = JSON.parse(event.body);
  await Promise.all(events.map((e) => client.replyMessage({ replyToken: e.replyToken, messages: [{ type: 'text', text: 'ok' }] })));
  return { statusCode: 200, body: 'OK' };
};`,
      errors: [{ messageId: 'processedBeforeAnswerServerless', line: 6, column: 3 }],
    },
  ],
});
