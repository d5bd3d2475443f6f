/** The send-call model: LINE calls through every SDK major, raw HTTP clients and the third-party libraries. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceProject } from '../../src/project/project.js';
import { ProjectFacts } from '../../src/engine/facts.js';
import { sharedSendCalls, type LineCall } from '../../src/analysis/send-calls.js';
import { matchLineUrl, HOLE } from '../../src/platform/endpoints.js';

function model(files: Record<string, string>, dependencies: Record<string, string> = { '@line/bot-sdk': '^10.8.0' }): LineCall[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-send-'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'case', dependencies }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  const project = SourceProject.load(root);
  return sharedSendCalls(new ProjectFacts(project)).all();
}

/** `file:line via kind key` for each call, in a stable order. */
function describeCalls(calls: LineCall[]): string[] {
  return calls
    .map((c) => {
      const sf = c.node.getSourceFile();
      const line = sf.getLineAndCharacterOfPosition(c.node.getStart()).line + 1;
      const key = c.retryKey ? `key=${c.retryKey.via}` : c.retryKeyUnknown ? 'key=?' : c.noRetryKeySupport ? 'key=impossible' : 'key=-';
      return `${path.basename(sf.fileName)}:${line} ${c.via} ${c.kind ?? '?'} ${key}`;
    })
    .sort();
}

describe('LINE endpoint table', () => {
  it('matches absolute URLs, paths under an unknown base, and URLs with holes', () => {
    expect(matchLineUrl('https://api.line.me/v2/bot/message/push', 'POST')?.endpoint?.kind).toBe('push');
    expect(matchLineUrl(`${HOLE}/v2/bot/message/multicast`, 'POST')?.endpoint?.kind).toBe('multicast');
    expect(matchLineUrl(`https://api.line.me/v2/bot/message/${HOLE}/content`, 'GET')?.endpoint?.kind).toBe('content');
    expect(matchLineUrl('https://api.line.me/v2/bot/message/validate/push', 'POST')?.endpoint?.kind).toBe('validate');
    expect(matchLineUrl('https://api.line.me/bot/pnp/push', 'POST')?.endpoint?.kind).toBe('pnp');
    expect(matchLineUrl('https://notify-api.line.me/api/notify', 'POST')?.endpoint?.kind).toBe('notify');
    expect(matchLineUrl('https://api.line.me/v2/bot/profile/U1', 'GET')?.endpoint?.kind).toBe('other');
  });

  it('leaves the kind open when a hole could be several endpoints, and ignores other hosts', () => {
    const open = matchLineUrl(`https://api.line.me/v2/bot/message/${HOLE}`, 'POST');
    expect(open?.endpoint).toBeUndefined();
    expect(open?.candidates.map((c) => c.kind)).toEqual(expect.arrayContaining(['reply', 'push', 'broadcast']));
    expect(matchLineUrl('https://api.example.com/v2/bot/message/push', 'POST')).toBeUndefined();
    expect(matchLineUrl(`${HOLE}/v1/orders`, 'POST')).toBeUndefined();
    expect(matchLineUrl(HOLE, 'POST')).toBeUndefined();
  });

  it('knows the scheme and the host, for the HTTPS and data-host checks', () => {
    const match = matchLineUrl('http://api.line.me/v2/bot/richmenu/R1/content', 'GET');
    expect(match?.scheme).toBe('http');
    expect(match?.host).toBe('api');
    expect(match?.endpoint?.host).toBe('api-data');
  });
});

describe('send-call model', () => {
  it('follows SDK clients across modules, into classes and through factories', () => {
    const calls = model({
      'src/line.ts': `import { LineBotClient, messagingApi } from '@line/bot-sdk';
export const bot = LineBotClient.fromChannelAccessToken({ channelAccessToken: process.env.T! });
export function makeClient() { return new messagingApi.MessagingApiClient({ channelAccessToken: process.env.T! }); }`,
      'src/notifier.ts': `import type { LineBotClient } from '@line/bot-sdk';
export class Notifier {
  constructor(private readonly client: LineBotClient) {}
  ready(to: string) { return this.client.pushMessage({ to, messages: [] }, crypto.randomUUID()); }
}`,
      'src/use.ts': `import { bot, makeClient } from './line.js';
export const a = (token: string) => bot.replyMessage({ replyToken: token, messages: [] });
export const b = () => makeClient().broadcastWithHttpInfo({ messages: [] });
export const c = (id: string) => bot.getProfile(id);`,
    });
    expect(describeCalls(calls)).toEqual(['notifier.ts:4 sdk push key=argument', 'use.ts:2 sdk reply key=-', 'use.ts:3 sdk broadcast key=-', 'use.ts:4 sdk other key=-']);
  });

  it('reads the legacy client positional style and its setRequestOptionOnce', () => {
    const calls = model(
      {
        'src/legacy.js': `const line = require('@line/bot-sdk');
async function send(to) {
  const client = new line.Client({ channelAccessToken: process.env.T });
  client.setRequestOptionOnce({ retryKey: require('crypto').randomUUID() });
  await client.multicast([to], { type: 'text', text: 'x' });
  await client.pushMessage(to, { type: 'text', text: 'y' });
}
module.exports = { send };`,
      },
      { '@line/bot-sdk': '^7.7.0' },
    );
    expect(describeCalls(calls)).toEqual(['legacy.js:5 sdk multicast key=request-option', 'legacy.js:6 sdk push key=-']);
    expect(calls.every((c) => c.legacy && c.sdkMajor === 7)).toBe(true);
  });

  it('recognises raw HTTP to LINE with every client, and wrappers completed by their callers', () => {
    const calls = model(
      {
        'src/clients.js': `import ky from 'ky';
import superagent from 'superagent';
import { request } from 'undici';
import https from 'node:https';
import nodeFetch from 'node-fetch';
const H = { Authorization: 'Bearer x' };
export const viaKy = (body) => ky.post('https://api.line.me/v2/bot/message/push', { json: body, headers: H });
export const viaSuperagent = (body) => superagent.post('https://api.line.me/v2/bot/message/broadcast').set('Authorization', 'Bearer x').set('X-Line-Retry-Key', 'k').send(body);
export const viaUndici = (body) => request('https://api.line.me/v2/bot/message/reply', { method: 'POST', headers: H, body: JSON.stringify(body) });
export const viaHttps = () => https.request({ hostname: 'api.line.me', path: '/v2/bot/message/narrowcast', method: 'POST', headers: H });
export const viaNodeFetch = (body) => nodeFetch('https://api.line.me/v2/bot/message/multicast', { method: 'POST', headers: H, body: JSON.stringify(body) });`,
        'src/gas.js': `function doPost(e) {
  UrlFetchApp.fetch('https://api.line.me/v2/bot/message/reply', { method: 'post', headers: { Authorization: 'Bearer x' }, payload: JSON.stringify({ replyToken: 't', messages: [] }) });
}`,
        'src/wrapper.js': `const BASE = 'https://api.line.me/v2/bot';
export const post = (path, body) => fetch(BASE + path, { method: 'POST', headers: { Authorization: 'Bearer x' }, body: JSON.stringify(body) });`,
        'src/jobs.js': `import { post } from './wrapper.js';
export const a = () => post('/message/push', { to: 'U1', messages: [] });
export const b = () => post('/message/reply', { replyToken: 't', messages: [] });`,
      },
      { '@line/bot-sdk': '^10.8.0', ky: '^1.0.0', superagent: '^10.0.0', undici: '^7.0.0', 'node-fetch': '^3.0.0' },
    );
    expect(describeCalls(calls)).toEqual([
      'clients.js:10 http narrowcast key=-',
      'clients.js:11 http multicast key=-',
      'clients.js:7 http push key=-',
      'clients.js:8 http broadcast key=header',
      'clients.js:9 http reply key=-',
      'gas.js:2 http reply key=-',
      'jobs.js:2 http push key=-',
      'jobs.js:3 http reply key=-',
    ]);
    const wrapped = calls.find((c) => c.kind === 'push' && c.inner);
    expect(wrapped?.messages?.getText()).toBe('[]');
    expect(wrapped?.to?.getText()).toBe("'U1'");
  });

  it('recognises linebot, messaging-api-line and Bottender sends, which cannot carry a retry key', () => {
    const calls = model(
      {
        'src/bot.js': `const linebot = require('linebot');
const bot = linebot({ channelId: '1', channelSecret: 's', channelAccessToken: 't' });
bot.on('message', (event) => event.reply('hi'));
module.exports = { remind: (to) => bot.push(to, 'soon') };`,
        'src/mal.js': `const { LineClient } = require('messaging-api-line');
const client = new LineClient({ accessToken: 't', channelSecret: 's' });
module.exports = { tell: (to) => client.pushText(to, 'hello') };`,
        'index.js': `module.exports = async function App(context) {
  await context.sendText('Welcome!');
};`,
      },
      { linebot: '^1.6.1', 'messaging-api-line': '^1.1.0', bottender: '^1.5.5' },
    );
    expect(describeCalls(calls)).toEqual([
      'bot.js:3 linebot reply key=impossible',
      'bot.js:4 linebot push key=impossible',
      'index.js:2 bottender reply key=impossible',
      'mal.js:3 messaging-api-line push key=impossible',
    ]);
    expect(calls.find((c) => c.via === 'linebot' && c.kind === 'reply')?.bareText?.getText()).toBe("'hi'");
  });
});
