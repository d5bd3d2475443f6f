/** RuleTester cases (line and column) for the webhook signature rules, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^9.0.0');
const file = (name: string) => path.join(dir, name);

ruleTester.run('require-signature-validation', plugin.rules['require-signature-validation']!, {
  valid: [
    {
      filename: file('valid-middleware.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.LINE_CHANNEL_SECRET }), (req, res) => {
  res.sendStatus(200);
  for (const event of req.body.events) console.log(event.replyToken);
});`,
    },
    {
      filename: file('valid-manual.js'),
      code: `import express from 'express';
import { validateSignature } from '@line/bot-sdk';
const app = express();
app.post('/webhook', express.raw({ type: '*/*' }), (req, res) => {
  if (!validateSignature(req.body, process.env.LINE_CHANNEL_SECRET, req.get('x-line-signature'))) return res.sendStatus(401);
  res.sendStatus(200);
  for (const event of JSON.parse(req.body).events) console.log(event.replyToken);
});`,
    },
    {
      filename: file('valid-not-webhook.js'),
      code: `import express from 'express';
const app = express();
app.post('/api/orders', express.json(), (req, res) => res.status(201).json({ id: req.body.id }));`,
    },
  ],
  invalid: [
    {
      filename: file('missing.js'),
      code: `import express from 'express';
const app = express();
app.post('/webhook', express.json(), (req, res) => {
  for (const event of req.body.events) console.log(event.replyToken);
  res.sendStatus(200);
});`,
      errors: [{ messageId: 'missing', line: 3, column: 1, endLine: 6, endColumn: 3 }],
    },
    {
      filename: file('ignored.js'),
      code: `import express from 'express';
import { validateSignature } from '@line/bot-sdk';
const app = express();
app.post('/webhook', express.raw({ type: '*/*' }), (req, res) => {
  validateSignature(req.body, process.env.LINE_CHANNEL_SECRET, req.get('x-line-signature'));
  for (const event of JSON.parse(req.body).events) console.log(event.replyToken);
  res.sendStatus(200);
});`,
      errors: [{ messageId: 'ignored', line: 5, column: 3 }],
    },
    {
      filename: file('disabled.js'),
      code: `import express from 'express';
import { middleware } from '@line/bot-sdk';
const app = express();
app.post('/webhook', middleware({ channelSecret: 's', skipSignatureVerification: () => true }), (req, res) => {
  res.sendStatus(200);
});`,
      errors: [{ messageId: 'disabled', line: 4, column: 22 }],
    },
    {
      filename: file('fail-open-secret.js'),
      code: `import express from 'express';
import crypto from 'crypto';
const app = express();
const secret = process.env.LINE_CHANNEL_SECRET;
function verify(req, res, next) {
  if (!secret) return next();
  const expected = crypto.createHmac('sha256', secret).update(req.rawBody).digest();
  const received = Buffer.from(req.headers['x-line-signature'] ?? '', 'base64');
  if (received.length !== expected.length || !crypto.timingSafeEqual(received, expected)) return res.sendStatus(401);
  next();
}
app.post('/webhook', express.json({ verify: (req, res, buf) => { req.rawBody = buf; } }), verify, (req, res) => {
  res.sendStatus(200);
  for (const event of req.body.events) console.log(event.replyToken);
});`,
      errors: [{ messageId: 'failOpenSecret', line: 9, column: 47 }],
    },
  ],
});

ruleTester.run('signature-timing-safe-compare', plugin.rules['signature-timing-safe-compare']!, {
  valid: [
    {
      filename: file('presence.js'),
      code: `export function check(req) {
  const signature = req.headers['x-line-signature'];
  if (signature === undefined || typeof signature !== 'string') return false;
  return signature.length === 44;
}`,
    },
  ],
  invalid: [
    {
      filename: file('compare.js'),
      code: `import crypto from 'node:crypto';
export function check(req) {
  const signature = req.headers['x-line-signature'];
  const digest = crypto.createHmac('sha256', process.env.LINE_CHANNEL_SECRET).update(req.rawBody).digest('base64');
  return signature == digest;
}`,
      errors: [{ messageId: 'timingUnsafe', data: { how: "'=='" }, line: 5, column: 10, endLine: 5, endColumn: 29 }],
    },
  ],
});

ruleTester.run('signature-raw-body', plugin.rules['signature-raw-body']!, {
  valid: [
    {
      filename: file('raw.js'),
      code: `import crypto from 'node:crypto';
export function digest(req) {
  return crypto.createHmac('sha256', process.env.LINE_CHANNEL_SECRET).update(req.rawBody).digest('base64');
}`,
    },
  ],
  invalid: [
    {
      filename: file('stringify.js'),
      code: `import crypto from 'node:crypto';
export function digest(req) {
  const signature = req.headers['x-line-signature'];
  return crypto.createHmac('sha256', process.env.LINE_CHANNEL_SECRET).update(JSON.stringify(req.body)).digest('base64') === signature;
}`,
      errors: [{ messageId: 'reserialized', line: 4, column: 78 }],
    },
  ],
});
