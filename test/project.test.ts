/** The project layer: discovery, packages, module tables, specifier resolution and value origin. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceProject } from '../src/project/project.js';
import { OriginService } from '../src/project/origin.js';
import { ts, walk } from '../src/project/ast.js';
import { lowestVersion } from '../src/project/packages.js';

function writeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-project-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** The expression initialising `const <name>` in a file. */
function initializer(project: SourceProject, file: string, name: string): ts.Expression {
  let found: ts.Expression | undefined;
  walk(project.getFile(path.join(project.root, file))!.sourceFile, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found = node.initializer;
  });
  if (!found) throw new Error(`no const ${name} in ${file}`);
  return found;
}

describe('project discovery and packages', () => {
  it('finds nested packages, each with its own @line/bot-sdk version', () => {
    const root = writeTree({
      'package.json': JSON.stringify({ name: 'root', dependencies: { '@line/bot-sdk': '^7.7.0' } }),
      'src/a.js': 'module.exports = 1;',
      'functions/package.json': JSON.stringify({ name: 'functions', dependencies: { '@line/bot-sdk': '~11.2.0' } }),
      'functions/tsconfig.json': '{ "compilerOptions": { "strict": true } }',
      'functions/src/index.ts': 'export const x = 1;',
    });
    const project = SourceProject.load(root);
    expect(project.packages.map((p) => [path.relative(root, p.root), p.lineSdkMajor]).sort()).toEqual([
      ['', 7],
      ['functions', 11],
    ]);
    expect(project.getFile(path.join(root, 'functions/src/index.ts'))!.package!.name).toBe('functions');
    expect(project.getFile(path.join(root, 'src/a.js'))!.package!.name).toBe('root');
  });

  it('reads SDK ranges', () => {
    expect(lowestVersion('^10.8.0')).toEqual([10, 8]);
    expect(lowestVersion('~7')).toEqual([7, 0]);
    expect(lowestVersion('>=9 <11')).toEqual([9, 0]);
    expect(lowestVersion('latest')).toBeUndefined();
  });

  it('reports a broken tsconfig and goes on', () => {
    const root = writeTree({ 'package.json': '{"name":"x"}', 'tsconfig.json': '{ "compilerOptions": { ', 'a.ts': 'export const a = 1;' });
    const project = SourceProject.load(root);
    expect(project.problems.map((p) => path.basename(p.file))).toEqual(['tsconfig.json']);
    expect(project.allFiles()).toHaveLength(1);
  });

  it('skips binary, oversized and minified files with a message', () => {
    const root = writeTree({ 'a.js': 'x\u0000y', 'b.js': 'a'.repeat(30_000), 'c.min.js': 'x', 'ok.js': 'let a;' });
    const project = SourceProject.load(root);
    expect(project.allFiles().map((f) => f.relative)).toEqual(['ok.js']);
    expect(project.problems.map((p) => [path.basename(p.file), p.message.split(':')[0]])).toEqual([
      ['a.js', 'skipped'],
      ['b.js', 'skipped'],
    ]);
  });

  it('survives a symlink loop', () => {
    const root = writeTree({ 'src/a.js': 'let a;' });
    fs.symlinkSync(root, path.join(root, 'src/loop'));
    const project = SourceProject.load(root);
    expect(project.allFiles().map((f) => f.relative)).toEqual(['src/a.js']);
  });
});

describe('module resolution and value origin', () => {
  const root = writeTree({
    'package.json': JSON.stringify({ name: 'bot', type: 'module' }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }),
    'src/config.ts': "export const config = { secret: process.env.LINE_CHANNEL_SECRET, base: 'https://api.line.me' };\nexport default config;",
    'src/index.ts': "export * from './config.js';\nexport { config as settings } from './config';",
    'src/lib/index.ts': "export const helper = () => 'x';",
    'src/cjs.cjs': "const line = require('@line/bot-sdk');\nconst { messagingApi: { MessagingApiClient } } = require('@line/bot-sdk');\nmodule.exports = { line, MessagingApiClient, url: 'https://api.line.me' + '/v2/bot/message/push' };",
    'src/use.ts': [
      "import { config } from '@/config';",
      "import { settings } from './index.js';",
      "import defaultConfig from './config.js';",
      "import { helper } from './lib';",
      "import cjs from './cjs.cjs';",
      "import * as line from '@line/bot-sdk';",
      'const a = config.secret;',
      'const b = settings.base;',
      'const c = defaultConfig.base;',
      'const d = helper;',
      'const e = cjs.line.middleware;',
      'const f = new line.messagingApi.MessagingApiClient({});',
      'const g = cjs.url;',
      'const h = `${config.base}/v2/bot/message/reply`;',
      "const i = 'ab'.repeat(3);",
      'function wrap(x: string) { return x; }',
      "wrap('only-call');",
      'const { secret: j } = config;',
      'const k = j;',
    ].join('\n'),
  });
  const project = SourceProject.load(root);
  const origins = new OriginService(project);
  const at = (name: string) => origins.resolve(initializer(project, 'src/use.ts', name));

  it('follows tsconfig paths, .js-for-.ts specifiers, re-exports and index files', () => {
    expect(at('a')).toEqual({ kind: 'external', module: '<global>', path: ['process', 'env', 'LINE_CHANNEL_SECRET'] });
    expect(origins.staticString(initializer(project, 'src/use.ts', 'b'))).toBe('https://api.line.me');
    expect(origins.staticString(initializer(project, 'src/use.ts', 'c'))).toBe('https://api.line.me');
    expect(at('d').kind).toBe('function');
    expect(at('k')).toEqual({ kind: 'external', module: '<global>', path: ['process', 'env', 'LINE_CHANNEL_SECRET'] });
  });

  it('follows CommonJS exports and requires, destructuring included', () => {
    expect(at('e')).toEqual({ kind: 'external', module: '@line/bot-sdk', path: ['middleware'] });
    expect(origins.staticString(initializer(project, 'src/use.ts', 'g'))).toBe('https://api.line.me/v2/bot/message/push');
    const cjsClient = origins.resolve(initializer(project, 'src/cjs.cjs', 'line'));
    expect(cjsClient).toEqual({ kind: 'external', module: '@line/bot-sdk', path: [] });
  });

  it('sees external members through namespace imports and new expressions', () => {
    const value = at('f');
    expect(value.kind).toBe('expression');
    const call = (value as unknown as { node: ts.NewExpression }).node;
    expect(OriginService.isExternal(origins.resolve(call.expression), '@line/bot-sdk', ['messagingApi', 'MessagingApiClient'])).toBe(true);
  });

  it('evaluates static strings through templates, constants and repeat', () => {
    expect(origins.staticString(initializer(project, 'src/use.ts', 'h'))).toBe('https://api.line.me/v2/bot/message/reply');
    expect(origins.staticString(initializer(project, 'src/use.ts', 'i'))).toBe('abababab'.slice(0, 6));
  });

  it('resolves a parameter from the only call site', () => {
    const file = project.getFile(path.join(root, 'src/use.ts'))!;
    let param: ts.Identifier | undefined;
    walk(file.sourceFile, (node) => {
      if (ts.isReturnStatement(node) && node.expression && ts.isIdentifier(node.expression)) param = node.expression;
    });
    expect(origins.staticString(param!)).toBe('only-call');
  });

  it('knows which files import a file', () => {
    expect(project.importersOf(path.join(root, 'src/config.ts')).map((f) => path.relative(root, f))).toEqual(['src/index.ts', 'src/use.ts']);
  });
});

describe('lazy type checker', () => {
  it('answers types for the same nodes the rules see, without parsing twice', () => {
    const root = writeTree({ 'a.ts': 'export const n: number = 2;\nexport const s = n;' });
    const project = SourceProject.load(root);
    const checker = project.getTypeChecker();
    const init = initializer(project, 'a.ts', 's');
    expect(checker.typeToString(checker.getTypeAtLocation(init))).toBe('number');
  });
});

