/** RuleTester cases for no-insecure-tls, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const at = (name: string) => path.join(dir, 'src', name);

const CLIENT = `import { messagingApi } from '@line/bot-sdk';
`;

const AXIOS = `import https from 'node:https';
import axios from 'axios';
const agent = new https.Agent({ rejectUnauthorized: false });
const line = axios.create({ baseURL: 'https://api.line.me/v2/bot', httpsAgent: agent });
export const reply = (replyToken, messages) => line.post('/message/reply', { replyToken, messages }, { headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` } });`;

const GOT = `import got from 'got';
export const push = (to, messages, key) =>
  got.post('https://api.line.me/v2/bot/message/push', {
    json: { to, messages },
    headers: { authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'x-line-retry-key': key },
    https: { rejectUnauthorized: false },
  });`;

const UNDICI = `import { Agent, fetch } from 'undici';
const dispatcher = new Agent({ connect: { minVersion: 'TLSv1' } });
export const push = (to, messages, key) =>
  fetch('https://api.line.me/v2/bot/message/push', {
    method: 'POST',
    dispatcher,
    headers: { authorization: \`Bearer \${process.env.LINE_TOKEN}\`, 'x-line-retry-key': key },
    body: JSON.stringify({ to, messages }),
  });`;

const ENV = `${CLIENT}process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
export const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });`;

const GLOBAL_AGENT = `${CLIENT}import https from 'node:https';
https.globalAgent.options.rejectUnauthorized = false;
export const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });`;

const SERVER = `import https from 'node:https';
import express from 'express';
import { middleware } from '@line/bot-sdk';
const app = express();
app.post('/webhook', middleware({ channelSecret: process.env.LINE_SECRET }), (req, res) => {
  res.sendStatus(200);
  for (const event of req.body.events) console.log(event.type);
});
https.createServer({ key: process.env.KEY, cert: process.env.CERT, secureProtocol: 'TLSv1_method' }, app).listen(8443);`;

const SUPERAGENT = `import superagent from 'superagent';
export const push = (to, messages, key) =>
  superagent.post('https://api.line.me/v2/bot/message/push').set('Authorization', \`Bearer \${process.env.LINE_TOKEN}\`).set('X-Line-Retry-Key', key).disableTLSCerts().send({ to, messages });`;

ruleTester.run('no-insecure-tls', plugin.rules['no-insecure-tls']!, {
  valid: [
    {
      // An agent for another service.
      filename: at('other-service.js'),
      code: `import https from 'node:https';
import axios from 'axios';
const internal = axios.create({ baseURL: 'https://billing.internal', httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
export const invoice = (id) => internal.get(\`/invoices/\${id}\`);`,
    },
    {
      filename: at('modern.js'),
      code: `import https from 'node:https';
import axios from 'axios';
const line = axios.create({ baseURL: 'https://api.line.me/v2/bot', httpsAgent: new https.Agent({ keepAlive: true, minVersion: 'TLSv1.2' }) });
export const reply = (replyToken, messages) => line.post('/message/reply', { replyToken, messages }, { headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` } });`,
    },
    {
      // Not a LINE package at all: a script with a self-signed test server.
      filename: path.join(tempPackage('^10.8.0'), 'scripts', 'probe.js'),
      code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';
export {};`,
    },
  ],
  invalid: [
    { filename: at('axios.js'), code: AXIOS, errors: [{ messageId: 'rejectUnauthorized', line: 3, column: 33 }] },
    { filename: at('got.js'), code: GOT, errors: [{ messageId: 'rejectUnauthorized', line: 6, column: 14 }] },
    { filename: at('undici.js'), code: UNDICI, errors: [{ messageId: 'oldVersion', line: 2, column: 43 }] },
    { filename: at('env.ts'), code: ENV, errors: [{ messageId: 'envOverride', line: 2, column: 1 }] },
    { filename: at('global-agent.ts'), code: GLOBAL_AGENT, errors: [{ messageId: 'rejectUnauthorized', line: 3, column: 1 }] },
    { filename: at('server.js'), code: SERVER, errors: [{ messageId: 'oldVersion', line: 9, column: 68 }] },
    { filename: at('superagent.js'), code: SUPERAGENT, errors: [{ messageId: 'rejectUnauthorized', line: 3, column: 3 }] },
  ],
});
