/** RuleTester cases for no-ip-allowlist-auth, through the ESLint plugin. */
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const file = (name: string) => path.join(dir, name);
const ts = { parser: tsParser } as never;

ruleTester.run('no-ip-allowlist-auth', plugin.rules['no-ip-allowlist-auth']!, {
  valid: [
    {
      name: 'signature verification only',
      filename: file('src/signature.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.SECRET }), (req, res) => {
  console.log('webhook from', req.ip);
  res.sendStatus(200);
  for (const event of req.body.events) console.log(event.replyToken);
});`,
    },
    {
      name: 'an IP allow-list on an admin route that is not a webhook',
      filename: file('src/admin.js'),
      code: `import express from 'express';
const OFFICE = ['203.0.113.10'];
const app = express();
app.post('/admin/flush', (req, res) => {
  if (!OFFICE.includes(req.ip)) return res.sendStatus(403);
  res.json({ flushed: true });
});`,
    },
  ],
  invalid: [
    {
      name: 'Express: req.ip against a list of "LINE addresses"',
      filename: file('src/express.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
const LINE_IPS = ['147.92.150.192', '147.92.150.193'];
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.SECRET }), (req, res) => {
  if (!LINE_IPS.includes(req.ip)) return res.sendStatus(403);
  res.sendStatus(200);
  for (const event of req.body.events) console.log(event.replyToken);
});`,
      errors: [{ messageId: 'ipAllowlist', line: 6, column: 8, endLine: 6, endColumn: 33 }],
    },
    {
      name: 'middleware on the route: x-forwarded-for compared with a literal',
      filename: file('src/forwarded.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
function fromLine(req, res, next) {
  const ip = String(req.headers['x-forwarded-for']).split(',')[0].trim();
  if (ip !== '147.92.150.192') return res.sendStatus(403);
  next();
}
const app = express();
app.post('/webhook', fromLine, line.middleware({ channelSecret: process.env.SECRET }), (req, res) => {
  res.sendStatus(200);
  for (const event of req.body.events) console.log(event.replyToken);
});`,
      errors: [{ messageId: 'ipAllowlist', line: 5, column: 7 }],
    },
    {
      name: 'Workers: cf-connecting-ip checked against a CIDR range with a library',
      filename: file('src/worker.ts'),
      languageOptions: ts,
      code: `import ipRangeCheck from 'ip-range-check';
export default {
  async fetch(request: Request): Promise<Response> {
    const ip = request.headers.get('cf-connecting-ip') ?? '';
    if (!ipRangeCheck(ip, ['147.92.128.0/17'])) return new Response('forbidden', { status: 403 });
    const { events } = await request.json();
    for (const event of events) console.log(event.replyToken);
    return new Response('OK');
  },
};`,
      errors: [{ messageId: 'ipAllowlist', line: 5, column: 10 }],
    },
  ],
});
