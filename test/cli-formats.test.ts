/** `check --format sarif|github` and `--output`, end to end through the built CLI. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULE_METAS } from '../rules/index.js';
import { FIXTURES, PROJECT_ROOT, checkJson, fixtureDirs, runCli } from './harness/cli.js';

const SCHEMA_PATH = path.join(PROJECT_ROOT, 'test/schemas/sarif-schema-2.1.0.json');
let validateSarif: ValidateFunction;

beforeAll(() => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  validateSarif = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>);
});

function schemaErrors(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const UNVERIFIED = `const express = require('express');
const app = express();
app.post('/webhook', (req, res) => {
  for (const event of req.body.events) console.log(event.replyToken);
  res.sendStatus(200);
});
`;

const VERIFIED = `const express = require('express');
const line = require('@line/bot-sdk');
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.LINE_CHANNEL_SECRET }), (req, res) => {
  res.sendStatus(200);
  for (const event of req.body.events) console.log(event.type);
});
`;

function tempBot(files: Record<string, string>): string {
  const dir = tempDir('lbg-fmt-');
  for (const [name, text] of Object.entries({ 'package.json': '{"name":"bot","dependencies":{"@line/bot-sdk":"^10.8.0","express":"^5.1.0"}}', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('check --format sarif', () => {
  for (const dir of fixtureDirs()) {
    it(`${path.basename(dir)}: valid SARIF 2.1.0 with the run's findings at repository-relative URIs`, () => {
      const run = runCli(['check', dir, '--format', 'sarif']);
      expect(run.stderr).toBe('');
      const log = JSON.parse(run.stdout);
      expect(schemaErrors(log)).toEqual([]);
      const { result } = checkJson(dir);
      expect(run.status).toBe(result.summary.errors > 0 ? 1 : 0);
      const sarifRun = log.runs[0];
      expect(sarifRun.tool.driver.informationUri).toBe('https://github.com/line-bot-guard/line-bot-guard');
      expect(sarifRun.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULE_METAS.map((m) => `line-bot/${m.id}`));
      // This repository is the git work tree: URIs are relative to its top, without "./".
      const prefix = path.relative(PROJECT_ROOT, dir).split(path.sep).join('/');
      expect(sarifRun.results.map((r: any) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}:${r.ruleId}`)).toEqual(
        result.findings.map((f) => `${prefix}/${f.file}:${f.line}:${f.ruleId}`),
      );
      for (const r of sarifRun.results) {
        expect(r.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
      }
    });
  }

  it("takes each rule's help.markdown from its shipped rules/<id>.md, without the generated markers", () => {
    const log = JSON.parse(runCli(['check', path.join(FIXTURES, 'express-violating'), '--format', 'sarif']).stdout);
    for (const rule of log.runs[0].tool.driver.rules) {
      const id = rule.id.replace('line-bot/', '');
      const docPath = path.join(PROJECT_ROOT, 'rules', `${id}.md`);
      // A rule without a doc yet (test/catalogue.test.ts reports it) gets help built from its metadata.
      if (!fs.existsSync(docPath)) {
        expect(rule.help.markdown).toContain('## Why');
        continue;
      }
      const doc = fs.readFileSync(docPath, 'utf8');
      const why = doc.slice(doc.indexOf('## Why'), doc.indexOf('\n', doc.indexOf('## Why') + 8));
      expect(rule.help.markdown).toContain(why);
      expect(rule.help.markdown).toContain('## How to fix');
      expect(rule.help.markdown).not.toContain('<!--');
      expect(rule.help.markdown).not.toMatch(/^# /);
    }
  });

  it('uses paths relative to the checked folder when it is not in a git work tree', () => {
    const dir = tempBot({ 'src/app.js': UNVERIFIED });
    const log = JSON.parse(runCli(['check', dir, '--format', 'sarif']).stdout);
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['src/app.js']);
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(new URL(`file://${dir}/`).href);
  });

  it('writes the report to --output (any format) and leaves stdout empty', () => {
    const dir = tempBot({ 'src/app.js': UNVERIFIED });
    const out = tempDir('lbg-out-');
    for (const format of ['sarif', 'json', 'stylish', 'github']) {
      const file = path.join(out, 'reports', `report.${format}`);
      const run = runCli(['check', dir, '--format', format, '--output', file]);
      expect(run.status, format).toBe(1);
      expect(run.stdout, format).toBe('');
      const text = fs.readFileSync(file, 'utf8');
      if (format === 'sarif') expect(schemaErrors(JSON.parse(text))).toEqual([]);
      if (format === 'json') expect(JSON.parse(text).findings).toHaveLength(1);
      if (format === 'stylish') expect(text).toMatch(/src\/app\.js\n\s+3:1\s+error/);
      if (format === 'github') expect(text).toMatch(/^::error file=src\/app\.js,line=3,/);
    }
  });
});

describe('check --format github', () => {
  it('prints annotations and a count line, and appends the Markdown summary to $GITHUB_STEP_SUMMARY', () => {
    const dir = tempBot({ 'src/app.js': UNVERIFIED, 'src/other.js': UNVERIFIED.replace('/webhook', '/hook') });
    const summary = path.join(tempDir('lbg-summary-'), 'step-summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    const run = runCli(['check', dir, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^::error file=src\/app\.js,line=3,endLine=6,title=Require .+ \(line-bot\/require-signature-validation\)::This LINE webhook endpoint/),
      expect.stringMatching(/^::error file=src\/other\.js,line=3,endLine=6,title=/),
      'line-bot-guard: 2 errors and 0 warnings in 2 files.',
    ]);
    const markdown = fs.readFileSync(summary, 'utf8');
    expect(markdown.startsWith('# earlier step\n## line-bot-guard\n')).toBe(true);
    expect(markdown).toContain('| `line-bot/require-signature-validation` Require');
    expect(markdown).toContain('| error | src/app.js:3 |');
  });

  it('annotates repository-relative paths inside a git work tree', () => {
    const run = runCli(['check', path.join(FIXTURES, 'express-violating'), '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: undefined } });
    expect(run.stdout).toContain('::error file=fixtures/express-violating/src/app.js,line=19,');
  });

  it('prints only the count line and exits 0 on a compliant bot; no summary file without the variable', () => {
    const dir = tempBot({ 'src/app.js': VERIFIED });
    const run = runCli(['check', dir, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: undefined } });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('line-bot-guard: 0 errors and 0 warnings in 1 file.\n');
  });

  it('warns on stderr, and still reports, when the summary file cannot be written', () => {
    const dir = tempBot({ 'src/app.js': UNVERIFIED });
    const run = runCli(['check', dir, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: path.join(dir, 'no-such-dir', 'summary.md') } });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=src\/app\.js/);
    expect(run.stderr).toMatch(/cannot write the job summary/);
  });
});
