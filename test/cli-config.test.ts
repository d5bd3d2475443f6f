/** Each configuration setting, end to end through the built CLI, and configuration mistakes (exit 2). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';

const PACKAGE = { name: 'bot', type: 'module', dependencies: { '@line/bot-sdk': '^10.8.0', express: '^5.1.0', '@acme/line-kit': '^2.0.0' } };

function bot(files: Record<string, string | object>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-cfg-'));
  for (const [name, content] of Object.entries({ 'package.json': PACKAGE, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

function findings(dir: string, extra: string[] = []): { status: number; list: string[]; stderr: string } {
  const run = runCli(['check', dir, '--format', 'json', ...extra]);
  const list = run.stdout ? JSON.parse(run.stdout).findings.map((f: { file: string; line: number; ruleId: string; severity: string }) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`) : [];
  return { status: run.status, list, stderr: run.stderr };
}

const UNVERIFIED = `import express from 'express';
export const app = express();
app.post('/webhook', (req, res) => {
  for (const event of req.body.events) console.log(event.replyToken);
  res.sendStatus(200);
});
`;

const TIMING_UNSAFE = `import crypto from 'node:crypto';
import express from 'express';
export const app = express();
app.post('/webhook', express.raw({ type: 'application/json' }), (req, res) => {
  const digest = crypto.createHmac('sha256', process.env.LINE_CHANNEL_SECRET).update(req.body).digest('base64');
  if (digest !== req.get('x-line-signature')) return res.sendStatus(401);
  res.sendStatus(200);
  for (const event of JSON.parse(req.body).events) console.log(event.type);
});
`;

// A relay route: nothing in it says "LINE webhook" unless the configuration names its path.
const RELAY = `import express from 'express';
import { publish } from './queue.js';
export const app = express();
app.post('/line/relay', express.json(), (req, res) => {
  res.sendStatus(200);
  publish(req.body);
});
`;

// A verifier the analysis cannot see into (it delegates to an in-house package).
const LINE_KIT = `import { verify, createGuard } from '@acme/line-kit';
export function verifyLine(body, signature) {
  return verify({ secret: process.env.LINE_CHANNEL_SECRET, body, signature });
}
export function assertLine(body, signature) {
  verify.orThrow({ secret: process.env.LINE_CHANNEL_SECRET, body, signature });
}
export const lineGuard = createGuard({ secret: process.env.LINE_CHANNEL_SECRET });
`;

const USES_VERIFIER = `import express from 'express';
import { verifyLine } from './line.js';
export const app = express();
app.post('/webhook', express.raw({ type: 'application/json' }), (req, res) => {
  if (!verifyLine(req.body, req.get('x-line-signature'))) return res.sendStatus(401);
  res.sendStatus(200);
  for (const event of JSON.parse(req.body).events) console.log(event.replyToken);
});
`;

const USES_THROWING = `import express from 'express';
import { assertLine } from './line.js';
export const app = express();
app.post('/webhook', express.raw({ type: 'application/json' }), (req, res) => {
  assertLine(req.body, req.get('x-line-signature'));
  res.sendStatus(200);
  for (const event of JSON.parse(req.body).events) console.log(event.replyToken);
});
`;

const USES_GUARD = `import express from 'express';
import { lineGuard } from './line.js';
export const app = express();
app.post('/webhook', lineGuard, (req, res) => {
  res.sendStatus(200);
  for (const event of req.body.events) console.log(event.replyToken);
});
`;

describe('configuration settings, end to end', () => {
  it('rules: changes a severity, turns a rule off, and --rule runs a rule the config turned off', () => {
    expect(findings(bot({ 'src/app.js': TIMING_UNSAFE })).list).toEqual(['src/app.js:6 line-bot/signature-timing-safe-compare error']);
    const warn = findings(bot({ 'src/app.js': TIMING_UNSAFE, 'line-bot-guard.config.json': { rules: { 'line-bot/signature-timing-safe-compare': 'warn' } } }));
    expect(warn.list).toEqual(['src/app.js:6 line-bot/signature-timing-safe-compare warning']);
    expect(warn.status).toBe(0);
    const off = bot({ 'src/app.js': TIMING_UNSAFE, 'line-bot-guard.config.json': { rules: { 'signature-timing-safe-compare': ['off'] } } });
    expect(findings(off)).toMatchObject({ status: 0, list: [] });
    expect(findings(off, ['--rule', 'signature-timing-safe-compare']).list).toEqual(['src/app.js:6 line-bot/signature-timing-safe-compare error']);
  });

  it('ignorePatterns: leaves matching files out', () => {
    const files = { 'src/app.js': UNVERIFIED, 'scripts/dev-server.js': UNVERIFIED, 'src/generated/hook.js': UNVERIFIED };
    expect(findings(bot(files)).list).toHaveLength(3);
    const dir = bot({ ...files, 'line-bot-guard.config.json': { ignorePatterns: ['scripts/', 'src/generated/**'] } });
    expect(findings(dir).list).toEqual(['src/app.js:3 line-bot/require-signature-validation error']);
  });

  it('webhookPaths: makes a route a webhook endpoint', () => {
    const files = { 'src/app.js': RELAY, 'src/queue.js': 'export function publish(body) { return body; }\n' };
    expect(findings(bot(files)).list).toEqual([]);
    expect(findings(bot({ ...files, 'line-bot-guard.config.json': { webhookPaths: ['/line/relay'] } })).list).toEqual(['src/app.js:4 line-bot/require-signature-validation error']);
  });

  it('models.signatureVerifiers: a modelled predicate, throwing verifier and middleware count as checks', () => {
    const models = {
      signatureVerifiers: [
        { file: 'src/line.js', export: 'verifyLine' },
        { file: 'src/line', export: 'assertLine', onFailure: 'throws' },
        { file: './src/line.js', export: 'lineGuard' },
      ],
    };
    for (const app of [USES_VERIFIER, USES_THROWING, USES_GUARD]) {
      expect(findings(bot({ 'src/line.js': LINE_KIT, 'src/app.js': app })).list).toEqual(['src/app.js:4 line-bot/require-signature-validation error']);
      expect(findings(bot({ 'src/line.js': LINE_KIT, 'src/app.js': app, 'line-bot-guard.config.json': { models } })).list).toEqual([]);
    }
  });

  it('models.signatureVerifiers: a modelled predicate whose result is ignored is still reported', () => {
    const ignored = USES_VERIFIER.replace("if (!verifyLine(req.body, req.get('x-line-signature'))) return res.sendStatus(401);", "verifyLine(req.body, req.get('x-line-signature'));");
    const dir = bot({ 'src/line.js': LINE_KIT, 'src/app.js': ignored, 'line-bot-guard.config.json': { models: { signatureVerifiers: [{ file: 'src/line.js', export: 'verifyLine' }] } } });
    expect(findings(dir).list).toEqual(['src/app.js:5 line-bot/require-signature-validation error']);
  });

  it('reads the "lineBotGuard" key of package.json and --config <path>', () => {
    const inPackage = bot({ 'package.json': { ...PACKAGE, lineBotGuard: { ignorePatterns: ['src/**'] } }, 'src/app.js': UNVERIFIED });
    expect(findings(inPackage).list).toEqual([]);
    const dir = bot({ 'src/app.js': UNVERIFIED, 'ci/line-bot-guard.json': { rules: { 'require-signature-validation': 'warn' } } });
    const run = runCli(['check', 'bot', '--config', 'ci/line-bot-guard.json', '--format', 'json'], { cwd: path.dirname(dir) });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/ci\/line-bot-guard\.json: cannot read the configuration file \(it does not exist\)/);
    expect(findings(dir, ['--config', path.join(dir, 'ci/line-bot-guard.json')]).list).toEqual(['src/app.js:3 line-bot/require-signature-validation warning']);
  });
});

describe('configuration mistakes', () => {
  it('exit 2 with the file, the JSON path and what was expected; nothing on stdout', () => {
    const dir = bot({ 'src/app.js': UNVERIFIED, 'line-bot-guard.config.json': { rules: { 'require-signature': 'error' } } });
    const run = runCli(['check', dir, '--format', 'sarif']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^line-bot-guard: .*line-bot-guard\.config\.json: rules\["require-signature"\]: unknown rule "require-signature"\. Did you mean "require-signature-validation"\?/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exit 2 when a model names nothing in the project', () => {
    const dir = bot({
      'src/line.js': LINE_KIT,
      'src/app.js': USES_VERIFIER,
      'line-bot-guard.config.json': { models: { signatureVerifiers: [{ file: 'src/line.js', export: 'verifyLINE' }, { file: 'src/nope.js', export: 'x' }] } },
    });
    const run = runCli(['check', '.', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('line-bot-guard: line-bot-guard.config.json: models.signatureVerifiers[0]: src/line.js has no exported function verifyLINE. (and 1 more)\n');
  });

  it('exit 2 on invalid JSON and on two configurations', () => {
    const broken = bot({ 'line-bot-guard.config.json': '{ "rules": ' });
    expect(runCli(['check', broken]).stderr).toMatch(/line-bot-guard\.config\.json: not valid JSON/);
    const both = bot({ 'package.json': { ...PACKAGE, lineBotGuard: {} }, 'line-bot-guard.config.json': {} });
    const run = runCli(['check', both]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/keep one of them/);
  });
});
