/**
 * The runtime ships inside production bots, so its built output may import only Node built-ins
 * (`node:*`) and its own files. This reads every emitted file of `dist/src/runtime` and checks each
 * import/export/require specifier. `npm test` builds first; when run alone and the output is missing or
 * older than the sources, the runtime is compiled here with the options of tsconfig.build.json.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const srcDir = join(root, 'src/runtime');
const outDir = join(root, 'dist/src/runtime');

function walk(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path, suffix);
    return entry.name.endsWith(suffix) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function isStale(): boolean {
  const sources = walk(srcDir, '.ts');
  return sources.some((source) => {
    const built = join(outDir, relative(srcDir, source)).replace(/\.ts$/, '.js');
    return !existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs;
  });
}

/** Compiles only src/runtime with tsconfig.build.json's options, into the same dist layout. */
function buildRuntime(): readonly ts.Diagnostic[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('cannot read tsconfig.build.json');
  const program = ts.createProgram(walk(srcDir, '.ts'), parsed.options);
  const emitted = program.emit();
  return [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
}

function specifiers(code: string): string[] {
  const info = ts.preProcessFile(code, true, true);
  const found = info.importedFiles.map((f) => f.fileName);
  // Belt and braces for forms preProcessFile might not report.
  for (const match of code.matchAll(/\b(?:require|import)\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g)) found.push(match[2]!);
  for (const match of code.matchAll(/\bfrom\s*(['"])([^'"]+)\1/g)) found.push(match[2]!);
  return [...new Set(found)];
}

describe('built runtime output', () => {
  let files: string[] = [];

  beforeAll(() => {
    if (isStale()) {
      const diagnostics = buildRuntime().filter((d) => d.file?.fileName.startsWith(srcDir) ?? true);
      expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    }
    files = walk(outDir, '.js');
  });

  it('emits one module per source file', () => {
    const expected = walk(srcDir, '.ts').map((s) => relative(srcDir, s).replace(/\.ts$/, '.js')).sort();
    expect(files.map((f) => relative(outDir, f)).sort()).toEqual(expect.arrayContaining(expected));
    expect(expected).toContain('index.js');
  });

  it('imports only node:* built-ins and relative paths', () => {
    const offending: string[] = [];
    for (const file of files) {
      for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
        const allowed = specifier.startsWith('node:') || specifier.startsWith('./') || specifier.startsWith('../');
        if (!allowed) offending.push(`${relative(root, file)}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
    expect(files.length).toBeGreaterThan(5);
  });

  it('can be imported and required by package name in plain Node (require(esm) on Node >= 20.19)', () => {
    const names = ['createWebhookHandler', 'verifySignature', 'sendWithRetry', 'truncateText', 'ChannelTokenManager', 'createLoginRequest'];
    const script = `console.log(JSON.stringify(Object.keys(MOD).sort()))`;
    const viaImport = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import * as MOD from 'line-bot-guard/runtime'; ${script}`],
      { cwd: root, encoding: 'utf8' },
    );
    const viaRequire = execFileSync(
      process.execPath,
      ['--no-warnings', '-e', `const MOD = require('line-bot-guard/runtime'); ${script}`],
      { cwd: root, encoding: 'utf8' },
    );
    const imported = JSON.parse(viaImport) as string[];
    expect(imported).toEqual(expect.arrayContaining(names));
    expect((JSON.parse(viaRequire) as string[]).filter((n) => n !== '__esModule' && n !== 'module.exports')).toEqual(imported);
  });
});
