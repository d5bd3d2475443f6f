/** The built bin, spawned as users run it: exit codes, the JSON contract, directives, bad input. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './harness/cli.js';

function tempBot(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-cli-'));
  for (const [name, text] of Object.entries({ 'package.json': '{"name":"bot","dependencies":{"@line/bot-sdk":"^9.0.0","express":"^4.0.0"}}', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const UNVERIFIED = `const express = require('express');
const app = express();
app.post('/webhook', (req, res) => {
  for (const event of req.body.events) console.log(event.replyToken);
  res.sendStatus(200);
});
`;

describe('line-bot-guard check', () => {
  it('exits 1 and prints stylish findings for a violating bot', () => {
    const run = runCli(['check', path.join(FIXTURES, 'express-violating')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/src\/app\.js\n\s+19:1\s+error\s+.+line-bot\/require-signature-validation/);
    expect(run.stdout).toMatch(/✖ \d+ problems \(\d+ errors, \d+ warnings?\)/);
  });

  it('exits 0 on a compliant bot', () => {
    const run = runCli(['check', path.join(FIXTURES, 'runtime-express')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/No problems found/);
  });

  it('prints the JSON contract, byte-for-byte the same across runs', () => {
    const dir = path.join(FIXTURES, 'express-violating');
    const first = runCli(['check', dir, '--format', 'json']);
    const second = runCli(['check', dir, '--format', 'json']);
    expect(first.status).toBe(1);
    expect(second.stdout).toBe(first.stdout);
    const json = JSON.parse(first.stdout);
    expect(Object.keys(json)).toEqual(['tool', 'root', 'findings', 'errors', 'summary']);
    expect(json.tool).toEqual({ name: 'line-bot-guard', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(json.root).toBe(dir);
    expect(json.errors).toEqual([]);
    for (const finding of json.findings) {
      expect(Object.keys(finding).slice(0, 9)).toEqual(['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'guideline']);
      expect(finding.ruleId).toMatch(/^line-bot\/[a-z-]+$/);
      expect(['error', 'warning']).toContain(finding.severity);
      expect(finding.file).not.toMatch(/^\.|^\/|\\/);
      expect(finding.guideline).toMatch(/^https:\/\/developers\.line\.biz\//);
    }
    const sorted = [...json.findings].sort(
      (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
    );
    expect(json.findings).toEqual(sorted);
    expect(json.summary).toEqual({
      files: 8,
      errors: json.findings.filter((f: { severity: string }) => f.severity === 'error').length,
      warnings: json.findings.filter((f: { severity: string }) => f.severity === 'warning').length,
    });
  });

  it('runs a subset with --rule', () => {
    const dir = path.join(FIXTURES, 'express-violating');
    const run = runCli(['check', dir, '--format', 'json', '--rule', 'line-bot/signature-timing-safe-compare']);
    const ids = new Set(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId));
    expect([...ids]).toEqual(['line-bot/signature-timing-safe-compare']);
  });

  it('refuses an unknown rule with exit 2', () => {
    const run = runCli(['check', FIXTURES, '--rule', 'no-such-rule']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown rule "no-such-rule"/);
  });

  it('honours eslint-disable directives for line-bot rules', () => {
    const dir = tempBot({
      'a.js': UNVERIFIED.replace("app.post('/webhook'", "// eslint-disable-next-line line-bot/require-signature-validation -- verified by the gateway\napp.post('/webhook'"),
      'b.js': `/* eslint-disable line-bot/require-signature-validation */\n${UNVERIFIED}/* eslint-enable line-bot/require-signature-validation */\n`,
      'c.js': UNVERIFIED.replace("app.post('/webhook', (req, res) => {", "app.post('/webhook', (req, res) => { // eslint-disable-line line-bot/require-signature-validation"),
      'd.js': UNVERIFIED.replace("app.post('/webhook'", "// eslint-disable-next-line line-bot/signature-raw-body\napp.post('/webhook'"),
    });
    const run = runCli(['check', dir, '--format', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['d.js:4']);
    expect(run.status).toBe(1);
  });

  it('reports a file with a syntax error under errors and goes on', () => {
    const dir = tempBot({ 'broken.js': 'const = ;\n', 'a.js': UNVERIFIED });
    const run = runCli(['check', dir, '--format', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.errors).toEqual([{ file: 'broken.js', message: expect.stringMatching(/^Parsing error: .+\(1:7\)$/) }]);
    expect(json.findings.map((f: { file: string }) => f.file)).toEqual(['a.js']);
    expect(run.status).toBe(1);
  });

  it('checks an empty directory cleanly', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-empty-'));
    const run = runCli(['check', dir, '--format', 'json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).summary).toEqual({ files: 0, errors: 0, warnings: 0 });
  });

  it('exits 2 with one line for a missing directory', () => {
    const run = runCli(['check', '/no/such/dir']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/does not exist/);
    expect(run.stdout).toBe('');
  });

  it('exits 2 for an unknown option or format', () => {
    expect(runCli(['check', '--format', 'xml', FIXTURES]).status).toBe(2);
    expect(runCli(['check', '--no-such-option']).status).toBe(2);
    expect(runCli(['check', FIXTURES, '--max-warnings', 'many']).status).toBe(2);
  });

  it('skips test files unless --include-tests', () => {
    const dir = tempBot({ 'src/app.js': 'module.exports = 1;\n', 'test/webhook.test.js': UNVERIFIED });
    expect(JSON.parse(runCli(['check', dir, '--format', 'json']).stdout).findings).toEqual([]);
    const withTests = JSON.parse(runCli(['check', dir, '--format', 'json', '--include-tests']).stdout);
    expect(withTests.findings.map((f: { file: string }) => f.file)).toEqual(['test/webhook.test.js']);
  });

  it('honours .gitignore and default ignores', () => {
    const dir = tempBot({ '.gitignore': 'generated/\n', 'generated/app.js': UNVERIFIED, 'dist/app.js': UNVERIFIED, 'node_modules/x/app.js': UNVERIFIED, 'src/app.js': UNVERIFIED });
    const json = JSON.parse(runCli(['check', dir, '--format', 'json']).stdout);
    expect(json.findings.map((f: { file: string }) => f.file)).toEqual(['src/app.js']);
  });

  it('--quiet drops warnings; --max-warnings fails on too many', () => {
    // One warning (a static channel access token), no errors.
    const dir = path.join(FIXTURES, 'express-compliant');
    const plain = runCli(['check', dir]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/1 problem \(0 errors, 1 warning\)/);
    const quiet = runCli(['check', dir, '--quiet']);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toMatch(/warning/);
    expect(runCli(['check', dir, '--max-warnings', '0']).status).toBe(1);
    expect(runCli(['check', dir, '--max-warnings', '1']).status).toBe(0);
  });

  it('prints help and version with exit 0', () => {
    expect(runCli(['--help']).status).toBe(0);
    const version = runCli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
