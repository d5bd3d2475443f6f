/**
 * The framework adapters: which endpoints each framework yields (route, request style, how it answers,
 * where it runs, the middleware chain in order) and which of them are LINE webhooks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceProject } from '../src/project/project.js';
import { ProjectFacts } from '../src/engine/facts.js';
import { packageNameOf } from '../src/project/modules.js';
import type { Endpoint } from '../src/frameworks/types.js';

function writeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-frameworks-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

interface Summary {
  framework: string;
  file: string;
  line: number;
  route?: string;
  style: string;
  answer?: string;
  host?: string;
  chain: string[];
  handler: boolean;
  webhook: boolean;
}

function summarise(files: Record<string, string>): Summary[] {
  const root = writeTree({ 'package.json': JSON.stringify({ name: 'bot', dependencies: { '@line/bot-sdk': '^10.8.0' } }), ...files });
  const facts = new ProjectFacts(SourceProject.load(root));
  const webhooks = new Set<Endpoint>(facts.webhookEndpoints());
  return facts.endpoints().map((e) => {
    const sf = e.registration.getSourceFile();
    return {
      framework: e.framework,
      file: path.relative(root, sf.fileName).split(path.sep).join('/'),
      line: sf.getLineAndCharacterOfPosition(e.registration.getStart(sf)).line + 1,
      route: e.route,
      style: e.style,
      answer: e.answer,
      host: e.host,
      chain: e.chain.map((s) => (s.role.kind === 'body-parser' ? `body-parser:${s.role.format}${s.role.capturesRaw ? '+raw' : ''}` : s.role.kind)),
      handler: !!e.handler || !!e.handlerRole,
      webhook: webhooks.has(e),
    };
  });
}

const WEBHOOK_BODY = `const { events } = request.body; for (const event of events) console.log(event.replyToken);`;

describe('Fastify', () => {
  it('routes, plugin prefixes, inherited hooks, the JSON parser and route hooks', () => {
    const endpoints = summarise({
      'src/app.ts': `import Fastify from 'fastify';
import routes from './routes';
const app = Fastify();
app.addHook('onRequest', async () => {});
app.register(routes, { prefix: '/line' });
app.post('/plain', async (request, reply) => { ${WEBHOOK_BODY} return { ok: true }; });`,
      'src/routes.ts': `export default async function routes(app) {
  app.route({ method: ['POST'], url: '/webhook', preHandler: [verify], handler: async (request, reply) => { ${WEBHOOK_BODY} reply.send(); } });
}
async function verify(request, reply) { if (!request.headers['x-line-signature']) return reply.code(401).send(); }`,
    });
    expect(endpoints).toEqual([
      { framework: 'fastify', file: 'src/app.ts', line: 6, route: '/plain', style: 'fastify', answer: 'respond-call', host: 'server', chain: ['function', 'body-parser:json'], handler: true, webhook: true },
      { framework: 'fastify', file: 'src/routes.ts', line: 2, route: '/line/webhook', style: 'fastify', answer: 'respond-call', host: 'server', chain: ['function', 'body-parser:json', 'function'], handler: true, webhook: true },
    ]);
  });

  it('a raw-body plugin or a string content-type parser keeps the raw bytes', () => {
    const endpoints = summarise({
      'src/app.ts': `import Fastify from 'fastify';
import rawBody from 'fastify-raw-body';
const app = Fastify();
app.register(rawBody, { global: false });
app.post('/a', { config: { rawBody: true } }, async (request) => request.headers['x-line-signature']);
app.post('/b', async (request) => request.headers['x-line-signature']);
const other = Fastify();
other.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => done(null, body));
other.post('/c', async (request) => request.headers['x-line-signature']);`,
    });
    expect(endpoints.map(({ route, chain }) => ({ route, chain }))).toEqual([
      { route: '/a', chain: ['body-parser:json+raw'] },
      { route: '/b', chain: ['body-parser:json'] },
      { route: '/c', chain: ['body-parser:json+raw'] },
    ]);
  });
});

describe('Koa', () => {
  it('router routes mounted with app.use(router.routes()), and a plain app middleware that serves the webhook', () => {
    const endpoints = summarise({
      'src/app.js': `const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const router = new Router();
router.post('/webhook', async (ctx) => { for (const event of ctx.request.body.events) console.log(event.replyToken); ctx.body = 'OK'; });
const app = new Koa();
app.use(bodyParser());
app.use(router.routes());
app.use(async (ctx) => { if (ctx.get('x-line-signature')) ctx.body = 'OK'; });`,
    });
    expect(endpoints.map(({ framework, line, route, style, answer, chain, webhook }) => ({ framework, line, route, style, answer, chain, webhook }))).toEqual([
      { framework: 'koa', line: 5, route: '/webhook', style: 'koa', answer: 'settle', chain: ['unknown'], webhook: true },
      { framework: 'koa', line: 9, route: undefined, style: 'koa', answer: 'settle', chain: ['unknown'], webhook: true },
    ]);
  });
});

describe('NestJS', () => {
  const controller = `import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { Guard } from './guard';
@Controller('line')
export class LineController {
  @Post('webhook')
  @UseGuards(Guard)
  webhook(@Body() body: any) { return body.events.map((e: any) => e.replyToken); }

  @Post('raw')
  raw(@Res() res: any) { res.send('x-line-signature'); }
}`;
  const guard = `export class Guard { canActivate(context: any) { return context.switchToHttp().getRequest().headers['x-line-signature'] === 'x'; } }`;

  it('orders bootstrap middleware, the JSON parser, module middleware and guards; @Res() answers by call', () => {
    const endpoints = summarise({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { raw } from 'express';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api');
  app.use('/api/line/raw', raw({ type: '*/*' }));
  await app.listen(3000);
}
bootstrap();`,
      'src/app.module.ts': `import { Module, MiddlewareConsumer } from '@nestjs/common';
import { middleware } from '@line/bot-sdk';
@Module({})
export class AppModule { configure(consumer: MiddlewareConsumer) { consumer.apply(middleware({ channelSecret: 's' })).forRoutes('line/webhook'); } }`,
      'src/line.controller.ts': controller,
      'src/guard.ts': guard,
    });
    expect(endpoints.map(({ line, route, answer, chain }) => ({ line, route, answer, chain }))).toEqual([
      { line: 5, route: '/api/line/webhook', answer: 'return', chain: ['body-parser:json', 'line-sdk-middleware', 'guard'] },
      { line: 9, route: '/api/line/raw', answer: 'respond-call', chain: ['body-parser:raw', 'body-parser:json'] },
    ]);
  });

  it('rawBody: true keeps the raw bytes; bodyParser: false has no parser', () => {
    const withRaw = summarise({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
NestFactory.create(AppModule, { rawBody: true });`,
      'src/line.controller.ts': controller,
      'src/guard.ts': guard,
    });
    expect(withRaw[0]!.chain).toEqual(['body-parser:json+raw', 'guard']);
    const noParser = summarise({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
NestFactory.create(AppModule, { bodyParser: false });`,
      'src/line.controller.ts': controller,
      'src/guard.ts': guard,
    });
    expect(noParser[0]!.chain).toEqual(['guard']);
  });
});

describe('Next.js pages API and Vercel functions', () => {
  it('the default body parser is part of the chain unless config.api.bodyParser is false', () => {
    const endpoints = summarise({
      'pages/api/webhook.ts': `export default async function handler(req, res) { for (const e of req.body.events) console.log(e.replyToken); res.end(); }`,
      'pages/api/raw.ts': `export const config = { api: { bodyParser: false } };
export default async function handler(req, res) { res.end(req.headers['x-line-signature']); }`,
    });
    expect(endpoints.map(({ framework, route, host, chain, webhook }) => ({ framework, route, host, chain, webhook }))).toEqual([
      { framework: 'next-pages', route: '/api/raw', host: 'next', chain: [], webhook: true },
      { framework: 'next-pages', route: '/api/webhook', host: 'next', chain: ['body-parser:json'], webhook: true },
    ]);
  });
});

describe('AWS Lambda', () => {
  it('an exported (event) handler is an endpoint; an SQS consumer is not; serverless-http apps are Express on Lambda', () => {
    const endpoints = summarise({
      'src/handler.mjs': `export const handler = async (event) => {
  console.log(event.headers['x-line-signature']);
  return { statusCode: 200 };
};
export const worker = async (event) => { for (const record of event.Records) console.log(record.body); };`,
      'src/http.mjs': `import express from 'express';
import serverless from 'serverless-http';
const app = express();
app.post('/callback', (req, res) => { for (const e of req.body.events) console.log(e.replyToken); res.end(); });
export const api = serverless(app);`,
    });
    expect(endpoints.map(({ framework, file, style, answer, host }) => ({ framework, file, style, answer, host }))).toEqual([
      { framework: 'lambda', file: 'src/handler.mjs', style: 'lambda', answer: 'return', host: 'lambda' },
      { framework: 'express', file: 'src/http.mjs', style: 'node', answer: undefined, host: 'lambda' },
    ]);
  });
});

describe('Firebase and Cloud Functions', () => {
  it('v1 (after region()), v2 (with options) and an Express app on Firebase, whose parsers keep req.rawBody', () => {
    const endpoints = summarise({
      'functions/index.js': `const functions = require('firebase-functions');
const { onRequest } = require('firebase-functions/v2/https');
const express = require('express');
exports.v1 = functions.region('asia-northeast1').https.onRequest((req, res) => res.send(req.get('x-line-signature')));
exports.v2 = onRequest({ secrets: [] }, (req, res) => res.send(req.get('x-line-signature')));
const app = express();
app.use(express.json());
app.post('/webhook', (req, res) => res.send(req.get('x-line-signature')));
exports.app = functions.https.onRequest(app);`,
    });
    expect(endpoints.map(({ framework, line, host, chain }) => ({ framework, line, host, chain }))).toEqual([
      { framework: 'express', line: 8, host: 'firebase', chain: ['body-parser:json+raw'] },
      { framework: 'firebase', line: 4, host: 'firebase', chain: ['body-parser:json+raw'] },
      { framework: 'firebase', line: 5, host: 'firebase', chain: ['body-parser:json+raw'] },
    ]);
  });
});

describe('fetch-style handlers', () => {
  it('Workers modules, Pages Functions, Deno.serve, Supabase std serve and Bun routes', () => {
    const endpoints = summarise({
      'src/worker.ts': `export default { async fetch(request, env, ctx) { return new Response(request.headers.get('x-line-signature')); } };`,
      'functions/api/webhook.ts': `export const onRequestPost = async (context) => new Response(context.request.headers.get('x-line-signature'));`,
      'deno/main.ts': `Deno.serve({ port: 8000 }, (req) => new Response(req.headers.get('x-line-signature')));`,
      'supabase/functions/line/index.ts': `import { serve } from 'https://deno.land/std@0.168.0/http/server.ts';
serve((req) => new Response(req.headers.get('x-line-signature')));`,
      'bun/server.ts': `Bun.serve({ routes: { '/webhook': { POST: (req) => new Response(req.headers.get('x-line-signature')) } }, fetch: () => new Response('') });`,
    });
    expect(endpoints.map(({ framework, file, route, host, webhook }) => ({ framework, file, route, host, webhook }))).toEqual([
      { framework: 'bun', file: 'bun/server.ts', route: undefined, host: 'server', webhook: false },
      { framework: 'bun', file: 'bun/server.ts', route: '/webhook', host: 'server', webhook: true },
      { framework: 'deno', file: 'deno/main.ts', route: undefined, host: 'deno', webhook: true },
      { framework: 'pages-functions', file: 'functions/api/webhook.ts', route: '/api/webhook', host: 'pages-functions', webhook: true },
      { framework: 'workers', file: 'src/worker.ts', route: undefined, host: 'workers', webhook: true },
      { framework: 'supabase', file: 'supabase/functions/line/index.ts', route: undefined, host: 'supabase', webhook: true },
    ]);
  });
});

describe('LINE libraries', () => {
  it("linebot's parser() and listen() are webhooks the library verifies and answers", () => {
    const endpoints = summarise({
      'src/bot.js': `const linebot = require('linebot');
const express = require('express');
const bot = linebot({ channelSecret: process.env.S });
const app = express();
app.post('/linewebhook', bot.parser());
bot.listen('/callback', 3000);`,
    });
    expect(endpoints.map(({ framework, route, style, webhook }) => ({ framework, route, style, webhook }))).toEqual([
      { framework: 'express', route: '/linewebhook', style: 'node', webhook: true },
      { framework: 'linebot', route: '/callback', style: 'library', webhook: true },
    ]);
  });

  it("Bottender's LINE channel runs index.js; sync: true makes the answer wait for it", () => {
    const files = {
      'index.js': `module.exports = async function App(context) { await context.sendText('hi'); };`,
    };
    const async = summarise({ ...files, 'bottender.config.js': `module.exports = { channels: { line: { enabled: true, path: '/hooks/line' } } };` });
    const sync = summarise({ ...files, 'bottender.config.js': `module.exports = { channels: { line: { enabled: true, sync: true } } };` });
    expect(async.map(({ route, answer, handler, webhook }) => ({ route, answer, handler, webhook }))).toEqual([{ route: '/hooks/line', answer: 'library', handler: true, webhook: true }]);
    expect(sync.map(({ route, answer }) => ({ route, answer }))).toEqual([{ route: '/webhooks/line', answer: 'settle' }]);
  });
});

describe('package names of Deno and CDN specifiers', () => {
  it('strips npm:/jsr: prefixes, CDN hosts and versions', () => {
    expect(packageNameOf('npm:@line/bot-sdk@9.4.0')).toBe('@line/bot-sdk');
    expect(packageNameOf('jsr:@std/http@1/server')).toBe('@std/http');
    expect(packageNameOf('https://esm.sh/@supabase/supabase-js@2.45.4')).toBe('@supabase/supabase-js');
    expect(packageNameOf('@line/bot-sdk/dist/index.js')).toBe('@line/bot-sdk');
    expect(packageNameOf('node:crypto')).toBe('crypto');
  });
});
