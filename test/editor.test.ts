/**
 * The editor path: real ESLint (Node API) with the plugin, as the VS Code ESLint extension runs it. Same
 * findings with espree, @typescript-eslint/parser and typed linting; unsaved buffers are what gets
 * linted; `settings['line-bot']` works like the configuration file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, checkJson } from './harness/cli.js';
import { eslintFindings, loadPlugin } from './harness/eslint.js';

let plugin: any;
beforeAll(async () => {
  plugin = await loadPlugin();
});

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-editor-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const cliFindings = (dir: string) =>
  checkJson(dir).result.findings.map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, messageId: f.messageId }));

function messagesOf(results: ESLint.LintResult[]): string[] {
  return results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? `fatal: ${m.message}`}`));
}

const TS_FILES = {
  'package.json': JSON.stringify({ name: 'ts-bot', type: 'module', dependencies: { '@line/bot-sdk': '^10.8.0', hono: '^4.13.0' } }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true }, include: ['src'] }),
  'src/verify.ts': `import { createHmac } from 'node:crypto';

export function isFromLine(body: string, signature: string | undefined, secret: string): boolean {
  const digest = createHmac('sha256', secret).update(body).digest('base64');
  return digest === signature;
}
`,
  'src/app.ts': `import { Hono } from 'hono';
import { isFromLine } from './verify.js';

type Env = { Bindings: { LINE_CHANNEL_SECRET: string } };
const app = new Hono<Env>();

app.post('/webhook', async (c) => {
  const body = await c.req.text();
  if (!isFromLine(body, c.req.header('x-line-signature'), c.env.LINE_CHANNEL_SECRET)) {
    return c.text('invalid signature', 401);
  }
  const { events } = JSON.parse(body) as { events: { type: string }[] };
  return c.text(String(events.length));
});

app.post('/callback', async (c) => {
  const { events } = await c.req.json<{ events: { replyToken: string }[] }>();
  for (const event of events) console.log(event.replyToken);
  return c.text('OK');
});

export default app;
`,
};

describe('ESLint plugin in an editor', () => {
  it('espree and @typescript-eslint/parser give the CLI findings on a JavaScript bot', async () => {
    const dir = path.join(FIXTURES, 'express-violating');
    const expected = cliFindings(dir);
    expect(expected.length).toBeGreaterThan(0);
    expect(await eslintFindings(dir, plugin, 'espree')).toEqual(expected);
    expect(await eslintFindings(dir, plugin, 'typescript')).toEqual(expected);
  });

  it('typed linting (parserOptions.projectService) gives the same findings as untyped linting and the CLI', async () => {
    const dir = project(TS_FILES);
    const expected = cliFindings(dir);
    expect(expected.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      'src/app.ts:16 line-bot/require-signature-validation',
      'src/verify.ts:5 line-bot/signature-timing-safe-compare',
    ]);
    const typed: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as any, parserOptions: { projectService: true, tsconfigRootDir: dir } } },
      plugin.configs.strict,
    ];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: typed });
    const results = await eslint.lintFiles(['src/**/*.ts']);
    const viaTyped = results
      .flatMap((r) => r.messages.map((m) => ({ ruleId: m.ruleId!, file: path.relative(dir, r.filePath).split(path.sep).join('/'), line: m.line, column: m.column, endLine: m.endLine!, endColumn: m.endColumn!, messageId: m.messageId! })))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    expect(viaTyped).toEqual(expected);
    expect(await eslintFindings(dir, plugin, 'typescript')).toEqual(expected);
  });

  it('lints the unsaved buffer, not the file on disk (findings follow the text)', async () => {
    const dir = project(TS_FILES);
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as any } }, plugin.configs.recommended] });
    const filePath = path.join(dir, 'src/app.ts');
    const onDisk = fs.readFileSync(filePath, 'utf8');
    expect(messagesOf(await eslint.lintText(onDisk, { filePath }))).toEqual(['16:1 line-bot/require-signature-validation']);

    // The user deletes the unverified route in the editor, without saving.
    const fixedBuffer = onDisk.slice(0, onDisk.indexOf("app.post('/callback'")) + 'export default app;\n';
    expect(messagesOf(await eslint.lintText(fixedBuffer, { filePath }))).toEqual([]);

    // ... then types a new unverified route three lines lower, still unsaved.
    const newBuffer = `// draft\n\n\n${onDisk}`;
    expect(messagesOf(await eslint.lintText(newBuffer, { filePath }))).toEqual(['19:1 line-bot/require-signature-validation']);
    expect(fs.readFileSync(filePath, 'utf8')).toBe(onDisk);

    // A buffer of the other file changes what that file reports.
    const verifyPath = path.join(dir, 'src/verify.ts');
    const safeVerify = fs.readFileSync(verifyPath, 'utf8').replace(
      '  return digest === signature;',
      "  const a = Buffer.from(digest);\n  const b = Buffer.from(signature ?? '');\n  return a.length === b.length && timingSafeEqual(a, b);",
    ).replace("import { createHmac } from 'node:crypto';", "import { createHmac, timingSafeEqual } from 'node:crypto';");
    expect(messagesOf(await eslint.lintText(safeVerify, { filePath: verifyPath }))).toEqual([]);
    expect(messagesOf(await eslint.lintText(fs.readFileSync(verifyPath, 'utf8'), { filePath: verifyPath }))).toEqual(['5:10 line-bot/signature-timing-safe-compare']);
  });

  it("settings['line-bot'] set webhookPaths, models and ignorePatterns like the configuration file", async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'relay', type: 'module', dependencies: { express: '^5.1.0', '@acme/line-kit': '^2.0.0' } }),
      'src/line.js': "import { createGuard } from '@acme/line-kit';\nexport const lineGuard = createGuard({ secret: process.env.LINE_CHANNEL_SECRET });\n",
      'src/app.js': `import express from 'express';
import { lineGuard } from './line.js';
export const app = express();
app.post('/line/relay', lineGuard, (req, res) => {
  res.sendStatus(200);
  console.log(req.body.items);
});
app.post('/line/fallback', (req, res) => {
  res.sendStatus(200);
  console.log(req.body.items);
});
`,
      'tools/dev.js': `import express from 'express';
const app = express();
app.post('/webhook', (req, res) => {
  for (const event of req.body.events) console.log(event.replyToken);
  res.sendStatus(200);
});
`,
    };
    const settings = {
      webhookPaths: ['/line/relay', '/line/fallback'],
      models: { signatureVerifiers: [{ file: 'src/line.js', export: 'lineGuard' }] },
      ignorePatterns: ['tools/**'],
    };
    const lint = async (dir: string, withSettings: boolean) => {
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [{ languageOptions: { sourceType: 'module' } }, plugin.configs.recommended, ...(withSettings ? [{ settings: { 'line-bot': settings } }] : [])] });
      const results = await eslint.lintFiles(['src/app.js', 'tools/dev.js']);
      return results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}`));
    };
    expect(await lint(project(files), false)).toEqual(['tools/dev.js:3 line-bot/require-signature-validation']);
    expect(await lint(project(files), true)).toEqual(['src/app.js:8 line-bot/require-signature-validation']);
    // The same settings in line-bot-guard.config.json: the plugin and the CLI agree.
    const withFile = project({ ...files, 'line-bot-guard.config.json': JSON.stringify(settings) });
    expect(await lint(withFile, false)).toEqual(['src/app.js:8 line-bot/require-signature-validation']);
    expect(cliFindings(withFile).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['src/app.js:8 line-bot/require-signature-validation']);
  });

  it("reports a mistake in settings['line-bot'] with its path", async () => {
    const dir = project({ 'package.json': '{"name":"x"}', 'a.js': 'export const a = 1;\n' });
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended, { settings: { 'line-bot': { webhookPaths: ['callback'] } } }] });
    await expect(eslint.lintFiles(['a.js'])).rejects.toThrow(/ESLint settings\["line-bot"\]: webhookPaths\[0\]: expected a route path starting with "\/"/);
    const rules = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended, { settings: { 'line-bot': { rules: {} } } }] });
    await expect(rules.lintFiles(['a.js'])).rejects.toThrow(/rule severities belong in the ESLint config's "rules"/);
  });
});
