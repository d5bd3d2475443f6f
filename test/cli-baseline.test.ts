/** `--baseline`, `--update-baseline` and `--changed-since`, end to end through the built CLI. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';

const PACKAGE = '{"name":"bot","dependencies":{"@line/bot-sdk":"^10.8.0","express":"^5.1.0"}}';

const route = (route: string): string => `app.post('${route}', (req, res) => {
  for (const event of req.body.events) console.log(event.replyToken);
  res.sendStatus(200);
});
`;

const APP = `const express = require('express');
const app = express();

${route('/webhook')}
${route('/callback')}
module.exports = app;
`;

function bot(files: Record<string, string> = { 'src/app.js': APP }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-baseline-'));
  for (const [name, text] of Object.entries({ 'package.json': PACKAGE, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const absolute = path.join(dir, file);
  fs.writeFileSync(absolute, change(fs.readFileSync(absolute, 'utf8')));
}

const BASELINE_LINE = /Baseline line-bot-guard-baseline\.json: (\d+) new, (\d+) existing, (\d+) fixed\./;

function counts(text: string): { new: number; existing: number; fixed: number } {
  const match = BASELINE_LINE.exec(text);
  if (!match) throw new Error(`no baseline counts in:\n${text}`);
  return { new: Number(match[1]), existing: Number(match[2]), fixed: Number(match[3]) };
}

describe('check --update-baseline / --baseline', () => {
  it('records the findings, exits 0, and then passes until something new appears', () => {
    const dir = bot();
    const update = runCli(['check', '.', '--update-baseline'], { cwd: dir });
    expect(update.status).toBe(0);
    expect(update.stdout).toBe('Wrote 2 findings to baseline line-bot-guard-baseline.json.\n');
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'line-bot-guard-baseline.json'), 'utf8'));
    expect(baseline.entries).toHaveLength(2);
    // Hashes only: no source text in the file.
    expect(JSON.stringify(baseline)).not.toContain('app.post');

    const clean = runCli(['check', '.', '--baseline', 'line-bot-guard-baseline.json'], { cwd: dir });
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/No problems found/);
    expect(counts(clean.stdout)).toEqual({ new: 0, existing: 2, fixed: 0 });
  });

  it('fails on a newly added violation and reports only it', () => {
    const dir = bot();
    runCli(['check', '.', '--update-baseline'], { cwd: dir });
    edit(dir, 'src/app.js', (text) => text.replace('module.exports = app;', `${route('/new-hook')}module.exports = app;`));
    const run = runCli(['check', '.', '--baseline', 'line-bot-guard-baseline.json', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.findings.map((f: { line: number }) => f.line)).toEqual([14]);
    expect(json.summary.errors).toBe(1);
    // Machine-readable stdout; the counts go to stderr.
    expect(counts(run.stderr)).toEqual({ new: 1, existing: 2, fixed: 0 });
  });

  it('does not fail when old code only moves (lines inserted above it)', () => {
    const dir = bot();
    runCli(['check', '.', '--update-baseline'], { cwd: dir });
    edit(dir, 'src/app.js', (text) => `// Webhook routes of the reservation bot.\n// See docs/webhooks.md.\n\n${text}`);
    const run = runCli(['check', '.', '--baseline', 'line-bot-guard-baseline.json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(counts(run.stdout)).toEqual({ new: 0, existing: 2, fixed: 0 });
  });

  it('counts a fixed finding', () => {
    const dir = bot();
    runCli(['check', '.', '--update-baseline'], { cwd: dir });
    edit(dir, 'src/app.js', (text) => text.replace(route('/callback'), ''));
    const run = runCli(['check', '.', '--baseline', 'line-bot-guard-baseline.json', '--format', 'sarif'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).runs[0].results).toEqual([]);
    expect(counts(run.stderr)).toEqual({ new: 0, existing: 1, fixed: 1 });
  });

  it('puts the counts in the GitHub output and the job summary', () => {
    const dir = bot();
    runCli(['check', '.', '--update-baseline'], { cwd: dir });
    const summary = path.join(dir, 'summary.md');
    const run = runCli(['check', '.', '--baseline', 'line-bot-guard-baseline.json', '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.status).toBe(0);
    expect(counts(run.stdout)).toEqual({ new: 0, existing: 2, fixed: 0 });
    expect(fs.readFileSync(summary, 'utf8')).toContain('Baseline: 2 known findings not reported, 0 fixed since the baseline was recorded.');
  });

  it('writes the baseline where --baseline says, and exits 2 on a missing or broken baseline file', () => {
    const dir = bot();
    const update = runCli(['check', dir, '--update-baseline', '--baseline', path.join(dir, 'ci', 'known.json'), '--format', 'json']);
    expect(update.status).toBe(0);
    expect(update.stdout).toBe('');
    expect(update.stderr).toMatch(/^Wrote 2 findings to baseline .*known\.json\.\n$/);

    const missing = runCli(['check', '.', '--baseline', 'nope.json'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/baseline nope\.json does not exist; create it with .*--update-baseline/);

    fs.writeFileSync(path.join(dir, 'broken.json'), '{"version": 7, "entries": []}');
    const broken = runCli(['check', '.', '--baseline', 'broken.json'], { cwd: dir });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json has version 7/);
  });
});

describe('check --changed-since', () => {
  function repo(): string {
    const dir = bot();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
    return dir;
  }

  it('reports only findings on lines changed since the ref', () => {
    const dir = repo();
    expect(runCli(['check', '.', '--changed-since', 'main'], { cwd: dir }).status).toBe(0);
    edit(dir, 'src/app.js', (text) => text.replace("app.post('/callback'", "app.post('/callback/v2'"));
    const run = runCli(['check', '.', '--changed-since', 'main', '--format', 'json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { line: number }) => f.line)).toEqual([9]);
  });

  it('treats untracked files as changed', () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, 'src/extra.js'), APP);
    const run = runCli(['check', '.', '--changed-since', 'HEAD', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['src/extra.js', 'src/extra.js']);
  });

  it('exits 2 with a clear message outside a git work tree or for an unknown ref', () => {
    const outside = runCli(['check', '.', '--changed-since', 'main'], { cwd: bot() });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/--changed-since needs a git work tree/);
    expect(outside.stdout).toBe('');

    const unknown = runCli(['check', '.', '--changed-since', 'origin/nope'], { cwd: repo() });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/git ref "origin\/nope" is unknown/);
  });

  it('cannot be combined with --update-baseline', () => {
    const run = runCli(['check', '.', '--changed-since', 'main', '--update-baseline'], { cwd: repo() });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot be combined with --changed-since/);
  });
});
