/** `check --fix`, the progress line, `init` and `rules`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_METAS } from '../rules/index.js';
import { runCheckCommand } from '../src/cli/commands/check.js';
import { applyFixes, writeFixes } from '../src/cli/fix.js';
import type { CliIO } from '../src/cli/io.js';
import { createProgress, isCi } from '../src/cli/progress.js';
import { detectSetup } from '../src/cli/setup-detect.js';
import { ts, walk } from '../src/project/ast.js';
import { defineRule } from '../src/engine/rule.js';
import type { Finding } from '../src/engine/types.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { runCli } from './harness/cli.js';

function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-cmd-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function captureIO(cwd: string, stderr: { isTTY?: boolean } = {}): { io: CliIO; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), stdoutIsTTY: false, stderrStream: { ...stderr, write: (t: string) => err.push(t) }, env: {}, cwd },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

function finding(partial: Partial<Finding>): Finding {
  return { ruleId: 'line-bot/x', severity: 'error', file: 'a.js', line: 1, column: 1, endLine: 1, endColumn: 1, message: 'm', messageId: 'm', guideline: 'https://developers.line.biz/', ...partial };
}

/**
 * A synthetic rule (no catalogue rule has a safe autofix yet): `var` declarations get a fix to `let`
 * plus a suggestion to `const`; `eval(...)` calls get only a suggestion.
 */
const syntheticRule = defineRule({
  meta: {
    id: 'synthetic-fix',
    description: 'Require the fix machinery to work',
    category: 'reliability',
    recommended: 'error',
    guideline: guidelineRef('webhook-signature'),
    auditItems: ['webhook-signature'],
    precision: 'high',
    tags: [],
    messages: { useLet: 'Use let.', useConst: 'Use const.', noEval: 'No eval.', removeEval: 'Remove eval.' },
    fixable: true,
    hasSuggestions: true,
  },
  check(context) {
    walk(context.file.sourceFile, (node) => {
      if (ts.isVariableDeclarationList(node) && !(node.flags & ts.NodeFlags.BlockScoped)) {
        const start = node.getStart();
        context.report({
          node,
          messageId: 'useLet',
          fix: [{ start, end: start + 3, text: 'let' }],
          suggestions: [{ messageId: 'useConst', edits: [{ start, end: start + 3, text: 'const' }] }],
        });
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'eval') {
        context.report({ node, messageId: 'noEval', suggestions: [{ messageId: 'removeEval', edits: [{ start: node.getStart(), end: node.getEnd(), text: 'undefined' }] }] });
      }
    });
  },
});

describe('check --fix', () => {
  it('applies fixes, never suggestions, writes the files and reports what remains', () => {
    const source = '\uFEFFvar a = 1;\nvar b = eval("2");\nfunction f() { var c = 3; return c; }\n';
    const dir = tempDir({ 'package.json': '{"name":"x"}', 'src/a.js': source, 'src/clean.js': 'export const d = 4;\n' });
    const { io, stdout, stderr } = captureIO(dir);
    const code = runCheckCommand('.', { format: 'json', fix: true }, io, [syntheticRule]);
    expect(fs.readFileSync(path.join(dir, 'src/a.js'), 'utf8')).toBe('\uFEFFlet a = 1;\nlet b = eval("2");\nfunction f() { let c = 3; return c; }\n');
    expect(fs.readFileSync(path.join(dir, 'src/clean.js'), 'utf8')).toBe('export const d = 4;\n');
    expect(stderr()).toBe('Fixed 3 problems in 1 file.\n');
    const remaining = JSON.parse(stdout()).findings;
    expect(remaining.map((f: Finding) => `${f.line}:${f.messageId}`)).toEqual(['2:noEval']);
    expect(code).toBe(1);
  });

  it('says so when there is nothing to fix, and leaves files untouched', () => {
    const dir = tempDir({ 'package.json': '{"name":"x"}', 'src/a.js': 'eval("1");\n' });
    const { io, stdout } = captureIO(dir);
    expect(runCheckCommand('.', { format: 'stylish', fix: true }, io, [syntheticRule])).toBe(1);
    expect(stdout()).toMatch(/^Nothing to fix automatically\.\nsrc\/a\.js\n\s+1:1\s+error\s+No eval\./);
    expect(fs.readFileSync(path.join(dir, 'src/a.js'), 'utf8')).toBe('eval("1");\n');
  });

  it('changes files only when it applies fixes, and leaves no fixable finding behind (built CLI)', () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/express-violating/src/app.js'), 'utf8');
    const dir = tempDir({ 'package.json': '{"name":"x","dependencies":{"express":"^5.1.0"}}', 'src/app.js': source });
    const run = runCli(['check', dir, '--fix', '--format', 'json']);
    expect(run.stderr).toMatch(/^(Nothing to fix automatically\.|Fixed \d+ problems? in \d+ files?\.)\n$/);
    // Whatever the catalogue holds: the file changes exactly when fixes were applied, none is left over.
    const unchanged = fs.readFileSync(path.join(dir, 'src/app.js'), 'utf8') === source;
    expect(unchanged).toBe(run.stderr === 'Nothing to fix automatically.\n');
    expect(JSON.parse(run.stdout).findings.filter((f: Finding) => f.fix)).toEqual([]);
  });

  it('applyFixes: one fix whole or not at all; overlapping fixes wait for the next pass', () => {
    const text = 'abcdefghij';
    const result = applyFixes(text, [
      finding({ fix: [{ start: 0, end: 2, text: 'AB' }, { start: 7, end: 8, text: 'H' }] }),
      finding({ fix: [{ start: 4, end: 5, text: 'E' }] }), // inside the first fix's range: later
      finding({ fix: [{ start: 8, end: 9, text: 'I' }] }), // touches the first fix's end: later, like ESLint
      finding({ fix: [{ start: 9, end: 10, text: 'J' }] }),
      finding({ suggestions: [{ messageId: 's', desc: 'd', edits: [{ start: 5, end: 6, text: 'ZZZ' }] }] }),
    ]);
    expect(result).toEqual({ text: 'ABcdefgHiJ', applied: 2 });
    expect(applyFixes(text, [finding({ fix: [{ start: 2, end: 2, text: '-' }] }), finding({ fix: [{ start: 2, end: 2, text: '+' }] })]).text).toBe('ab-cdefghij');
    expect(applyFixes(text, [finding({ fix: [{ start: 5, end: 99, text: '' }] })]).applied).toBe(0);
  });

  it('writeFixes: only files with fixes are written', () => {
    const dir = tempDir({ 'a.js': 'var a;\n', 'b.js': 'var b;\n' });
    const before = fs.statSync(path.join(dir, 'b.js')).mtimeMs;
    const fixed = writeFixes(dir, [finding({ file: 'a.js', fix: [{ start: 0, end: 3, text: 'let' }] }), finding({ file: 'b.js', suggestions: [{ messageId: 's', desc: 'd', edits: [{ start: 0, end: 3, text: 'const' }] }] })]);
    expect([...fixed]).toEqual([['a.js', 1]]);
    expect(fs.readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe('let a;\n');
    expect(fs.readFileSync(path.join(dir, 'b.js'), 'utf8')).toBe('var b;\n');
    expect(fs.statSync(path.join(dir, 'b.js')).mtimeMs).toBe(before);
  });
});

describe('progress line', () => {
  function fakeStream(isTTY: boolean) {
    const writes: string[] = [];
    return { stream: { isTTY, write: (t: string) => writes.push(t) }, writes };
  }

  it('draws on a TTY only after the delay, throttled, and clears the line at the end', () => {
    let clock = 0;
    const { stream, writes } = fakeStream(true);
    const progress = createProgress({ stream, env: {}, now: () => clock, delayMs: 1000, intervalMs: 100 });
    expect(progress.enabled).toBe(true);
    progress.update(1, 10);
    clock = 999;
    progress.update(2, 10);
    expect(writes).toEqual([]);
    clock = 1000;
    progress.update(3, 10);
    clock = 1050;
    progress.update(4, 10);
    clock = 1100;
    progress.update(5, 10);
    expect(writes).toEqual(['\r\u001b[2Kline-bot-guard: checking files 3/10 (30%)', '\r\u001b[2Kline-bot-guard: checking files 5/10 (50%)']);
    progress.finish();
    expect(writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('is silent in CI, when stderr is not a TTY, and for fast runs', () => {
    let clock = 0;
    for (const [isTTY, env] of [[true, { CI: 'true' }], [false, {}]] as const) {
      const { stream, writes } = fakeStream(isTTY);
      const progress = createProgress({ stream, env, now: () => clock });
      clock += 5000;
      progress.update(1, 2);
      progress.finish();
      expect(progress.enabled).toBe(false);
      expect(writes).toEqual([]);
    }
    const { stream, writes } = fakeStream(true);
    const fast = createProgress({ stream, env: {}, now: () => clock });
    fast.update(1, 1);
    fast.finish();
    expect(writes).toEqual([]);
    expect([isCi({ CI: '1' }), isCi({ CI: 'false' }), isCi({ CI: '' }), isCi({})]).toEqual([true, false, false, false]);
  });

  it('the built CLI writes nothing on stderr when stderr is a pipe', () => {
    const run = runCli(['check', path.join(import.meta.dirname, '../fixtures/express-violating')], { env: { CI: undefined } });
    expect(run.stderr).toBe('');
  });
});

describe('line-bot-guard rules', () => {
  it('prints the catalogue as a table and as JSON', () => {
    const table = runCli(['rules']);
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rule\s+severity\s+category\s+precision\s+guideline section\s+runtime helper$/);
    for (const meta of RULE_METAS) {
      expect(lines.find((line) => line.startsWith(`line-bot/${meta.id} `))).toMatch(new RegExp(`\\s${meta.recommended}\\s+${meta.category}\\s+${meta.precision}\\s`));
    }
    expect(lines.at(-1)).toBe(`${RULE_METAS.length} rule${RULE_METAS.length === 1 ? '' : 's'}.`);

    const json = JSON.parse(runCli(['rules', '--format', 'json']).stdout);
    expect(json.map((e: { id: string }) => e.id)).toEqual(RULE_METAS.map((m) => `line-bot/${m.id}`));
    expect(Object.keys(json[0])).toEqual(['id', 'description', 'severity', 'category', 'guideline', 'precision', 'runtimeHelper', 'docs']);
    expect(runCli(['rules', '--format', 'xml']).status).toBe(2);
  });
});

describe('line-bot-guard init', () => {
  it('detects frameworks and the package manager, writes the three files and prints what it did', () => {
    const dir = tempDir({
      'package.json': JSON.stringify({ name: 'bot', type: 'module', dependencies: { express: '^5.1.0', '@line/bot-sdk': '^10.8.0' }, devDependencies: { typescript: '~5.9.0' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    });
    const run = runCli(['init', dir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('frameworks: Express, LINE Messaging API SDK (TypeScript)');
    expect(run.stdout).toContain('package manager: pnpm (from pnpm-lock.yaml)');
    expect(run.stdout).toMatch(/created\s+.*line-bot-guard\.config\.json/);
    expect(run.stdout).toMatch(/created\s+.*eslint\.config\.js/);
    expect(run.stdout).toMatch(/created\s+.*\.github\/workflows\/line-bot-guard\.yml/);
    expect(run.stdout).toContain('pnpm add -D line-bot-guard eslint @typescript-eslint/parser');

    const workflow = fs.readFileSync(path.join(dir, '.github/workflows/line-bot-guard.yml'), 'utf8');
    expect(workflow).toContain('uses: pnpm/action-setup@v4');
    expect(workflow).toContain('run: pnpm install --frozen-lockfile');
    expect(workflow).toContain('run: pnpm exec line-bot-guard check . --format github');
    expect(workflow).toContain('uses: github/codeql-action/upload-sarif@v4');
    expect(workflow).toMatch(/security-events: write/);
    expect(workflow).toMatch(/on:\n  pull_request:/);

    const eslintConfig = fs.readFileSync(path.join(dir, 'eslint.config.js'), 'utf8');
    expect(eslintConfig).toContain("import lineBot from 'line-bot-guard/eslint-plugin';");
    expect(eslintConfig).toContain("import tsParser from '@typescript-eslint/parser';");
    // The written configuration is valid: check runs with it.
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'line-bot-guard.config.json'), 'utf8'))).toEqual({ rules: {}, ignorePatterns: [], webhookPaths: [], models: { signatureVerifiers: [], sendCalls: [] } });
    expect(runCli(['check', dir]).status).toBe(0);
  });

  it('never overwrites without --force, and prints merge instructions for an existing ESLint config', () => {
    const dir = tempDir({
      'package.json': JSON.stringify({ name: 'bot', dependencies: { hono: '^4.13.0' } }),
      'line-bot-guard.config.json': '{"webhookPaths":["/cb"]}\n',
      'eslint.config.cjs': 'module.exports = [];\n',
    });
    const run = runCli(['init', '.'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/kept\s+line-bot-guard\.config\.json \(exists; --force replaces it\)/);
    expect(run.stdout).toMatch(/kept\s+eslint\.config\.cjs — add the plugin yourself/);
    expect(run.stdout).toContain("const lineBot = require('line-bot-guard/eslint-plugin').default;");
    expect(fs.readFileSync(path.join(dir, 'line-bot-guard.config.json'), 'utf8')).toBe('{"webhookPaths":["/cb"]}\n');
    expect(fs.readFileSync(path.join(dir, 'eslint.config.cjs'), 'utf8')).toBe('module.exports = [];\n');

    const again = runCli(['init', '.'], { cwd: dir });
    expect(again.stdout).toMatch(/kept\s+\.github\/workflows\/line-bot-guard\.yml \(exists/);

    const forced = runCli(['init', '.', '--force'], { cwd: dir });
    expect(forced.stdout).toMatch(/replaced line-bot-guard\.config\.json/);
    expect(fs.readFileSync(path.join(dir, 'eslint.config.cjs'), 'utf8')).toBe('module.exports = [];\n');
  });

  it('writes eslint.config.mjs in a CommonJS package, and places the workflow at the repository root for a sub-folder', () => {
    const repo = tempDir({ '.git/HEAD': 'ref: refs/heads/main\n', 'package-lock.json': '{}', 'services/bot/package.json': JSON.stringify({ name: 'bot', dependencies: { next: '^15.0.0' } }) });
    const run = runCli(['init', 'services/bot'], { cwd: repo });
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(repo, 'services/bot/eslint.config.mjs'))).toBe(true);
    const workflow = fs.readFileSync(path.join(repo, '.github/workflows/line-bot-guard.yml'), 'utf8');
    expect(workflow).toContain('run: npm ci\n');
    expect(workflow).toContain('working-directory: services/bot');
    expect(workflow).toContain('sarif_file: services/bot/line-bot-guard.sarif');
  });

  it('detects each package manager from its lockfile, then from "packageManager"', () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'package-lock.json': '{}' }, 'npm'],
      [{ 'yarn.lock': '' }, 'yarn'],
      [{ 'bun.lock': '' }, 'bun'],
      [{ 'bun.lockb': '' }, 'bun'],
      [{ 'pnpm-lock.yaml': '' }, 'pnpm'],
      [{}, 'npm'],
    ];
    for (const [files, manager] of cases) {
      const dir = tempDir({ 'package.json': '{"name":"x"}', ...files });
      expect(detectSetup(dir).packageManager).toBe(manager);
    }
    const declared = tempDir({ 'package.json': '{"name":"x","packageManager":"yarn@4.5.0"}' });
    expect(detectSetup(declared)).toMatchObject({ packageManager: 'yarn', yarnBerry: true, packageManagerSource: 'packageManager field' });
  });

  it('refuses a target that is not a directory', () => {
    const run = runCli(['init', '/no/such/dir']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not a directory/);
  });
});
