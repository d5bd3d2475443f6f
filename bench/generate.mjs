#!/usr/bin/env node
// Deterministic generator of a realistic LINE-bot monorepo for benchmarking.
//
//   node bench/generate.mjs --lines 100000 --seed 42 --out bench/corpus/100k [--force] [--quiet]
//
// Same --lines/--seed => byte-identical tree (seeded mulberry32, no clock, no Math.random).
// `--lines` counts newline characters over every file written (code, tests, package.json,
// ignored folders); the output is within ±5% of it (usually ±1%). corpus.json in the output root
// records what was written, including how many lines the checker is expected to analyse.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './lib/prng.mjs';
import { FileCx, countLines, makeEntity, cap, kebab } from './lib/codegen.mjs';
import { isSourceFile, isTestFile, IGNORED_DIRS, TEST_DIRS } from './lib/ignore.mjs';
import * as C from './lib/templates-common.mjs';
import * as L from './lib/templates-line.mjs';
import { padWithHelpers } from './lib/helpers-pool.mjs';

export const GENERATOR_VERSION = 1;

const HERE = dirname(fileURLToPath(import.meta.url));
const GENERATOR_SOURCES = ['generate.mjs', 'lib/prng.mjs', 'lib/codegen.mjs', 'lib/helpers-pool.mjs', 'lib/templates-common.mjs', 'lib/templates-line.mjs', 'lib/ignore.mjs'];

/** Hash of the generator's own sources: a corpus is reused only if it was made by the same code. */
export function generatorHash() {
  const h = createHash('sha256');
  for (const f of GENERATOR_SOURCES) h.update(f).update('\0').update(readFileSync(join(HERE, f))).update('\0');
  return h.digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// CLI

export function parseSize(v) {
  const m = String(v).trim().toLowerCase().match(/^(\d+(?:\.\d+)?)(k|m)?$/);
  if (!m) throw new Error(`bad size: ${v}`);
  return Math.round(Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : 1));
}

function parseArgs(argv) {
  const out = { lines: 10000, seed: 42, out: null, force: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '--lines') out.lines = parseSize(val());
    else if (a === '--seed') out.seed = Number(val());
    else if (a === '--out') out.out = val();
    else if (a === '--force') out.force = true;
    else if (a === '--quiet') out.quiet = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/generate.mjs --lines <n|10k> --seed <int> --out <dir> [--force] [--quiet]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(out.seed)) throw new Error('--seed must be an integer');
  if (!out.out) out.out = `bench/corpus/${out.lines >= 1000 ? Math.round(out.lines / 1000) + 'k' : out.lines}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Packages of the monorepo

const PACKAGES = [
  { id: 'server', dir: 'server', name: '@acme/line-server', ts: true, cjs: false, relExt: '.js', sdk: 'v9', repo: 'sql', routes: 'express', zod: true, test: 'vitest', line: true, weight: 24 },
  { id: 'functions', dir: 'functions', name: 'functions', ts: false, cjs: true, relExt: '', sdk: 'v7', repo: 'firestore', routes: 'express', zod: false, test: 'jest', line: true, weight: 14 },
  { id: 'worker', dir: 'apps/worker', name: '@acme/worker', ts: true, cjs: false, relExt: '', sdk: 'fetch', repo: 'd1', routes: 'hono', zod: true, test: 'vitest', line: true, weight: 11 },
  { id: 'web', dir: 'web', name: '@acme/web', ts: true, cjs: false, relExt: '', alias: '@/', sdk: 'v9', repo: 'prisma', routes: 'next', zod: true, test: 'vitest', line: true, weight: 15 },
  { id: 'shared', dir: 'packages/shared', name: '@acme/shared', ts: true, cjs: false, relExt: '.js', repo: null, zod: true, test: 'vitest', line: false, weight: 10 },
  { id: 'db', dir: 'packages/db', name: '@acme/db', ts: true, cjs: false, relExt: '.js', repo: 'sql', zod: false, test: 'vitest', line: false, weight: 8 },
  { id: 'notifier', dir: 'services/notifier', name: '@acme/notifier', ts: false, cjs: false, relExt: '.js', sdk: 'fetch', repo: 'sql', zod: false, test: 'vitest', line: true, weight: 6 },
  { id: 'legacy', dir: 'legacy/line-bot', name: 'legacy-line-bot', ts: false, cjs: true, relExt: '', sdk: 'v7', repo: 'sql', routes: 'express', zod: false, test: 'jest', line: true, weight: 8 },
  { id: 'scripts', dir: 'scripts', name: null, ts: false, cjs: false, relExt: '.js', sdk: 'fetch', line: true, weight: 2 },
  { id: 'admin', dir: 'apps/admin', name: '@acme/admin', ts: false, cjs: false, relExt: '', zod: false, test: 'vitest', line: false, weight: 2 },
];

const UTIL_TOPICS = [
  'strings', 'dates', 'money', 'arrays', 'async', 'cache', 'logger', 'http', 'csv', 'env', 'ids',
  'pagination', 'objects', 'validation', 'retry', 'format', 'time', 'collections', 'numbers', 'queue',
  'locale', 'phone', 'address', 'calendar', 'crypto-helpers', 'feature-flags', 'metrics', 'errors-util',
];

// ---------------------------------------------------------------------------------------------

export function generate({ lines: target, seed }) {
  const rng = new Rng(seed);
  const files = new Map(); // path -> { text, cat }
  const violations = [];
  let total = 0;
  let entityIndex = 0;

  const pkgs = PACKAGES.map((p) => ({ ...p, features: [], routers: [], utils: [], core: {} }));
  const byId = Object.fromEntries(pkgs.map((p) => [p.id, p]));

  const remaining = () => target - total;
  const sampleLen = () => {
    const v = Math.round(Math.exp(Math.log(105) + 0.62 * rng.normal()));
    return Math.min(400, Math.max(30, v));
  };
  const budget = (want = sampleLen()) => Math.max(25, Math.min(want, remaining()));
  // core (skeleton) files are a little shorter in small corpora so LINE code stays a minority
  const skScale = Math.min(1, 0.6 + target / 75000);
  const sk = (n) => budget(Math.round(n * skScale));

  const uniquePath = (path) => {
    if (!files.has(path)) return path;
    const m = path.match(/^(.*?)(\.[^./]+(?:\.[^./]+)?)$/);
    for (let i = 2; ; i++) {
      const p = `${m[1]}${i}${m[2]}`;
      if (!files.has(p)) return p;
    }
  };

  const catLines = { line: 0, app: 0, test: 0, ignored: 0, meta: 0 };
  const put = (path, text, cat) => {
    if (files.has(path)) throw new Error(`duplicate path ${path}`);
    files.set(path, { text, cat });
    const n = countLines(text);
    total += n;
    catLines[cat] += n;
  };
  // keep LINE code at <= ~30% of all code, whatever the size (the brief: >= 60% ordinary code)
  const lineShare = () => catLines.line / Math.max(1, catLines.line + catLines.app);

  const cxFor = (pkg, path, over = {}) => {
    const ext = path.match(/\.[^.]+$/)[0];
    const ts = over.ts ?? ['.ts', '.tsx', '.mts', '.cts'].includes(ext);
    const cjs = over.cjs ?? (ext === '.cjs' || ext === '.cts' ? true : ext === '.mjs' || ext === '.mts' ? false : pkg.cjs);
    const cx = new FileCx(rng, { ts, cjs, relExt: over.relExt ?? pkg.relExt, path, pkg });
    cx.violations = [];
    return cx;
  };

  const emit = (cx, cat) => {
    const text = cx.render();
    put(cx.path, text, cat);
    for (const v of cx.violations) violations.push({ file: cx.path, kind: v });
    return cx;
  };

  const vioFor = (kindGroup, p = 0.12) => {
    if (!rng.chance(p)) return null;
    return rng.pick(L.VIOLATION_KINDS[kindGroup]);
  };

  const srcExt = (pkg, kind) => {
    if (pkg.id === 'legacy') return kind === 'line' && rng.chance(0.3) ? '.cjs' : '.js';
    if (pkg.id === 'notifier') return rng.chance(0.5) ? '.mjs' : '.js';
    if (pkg.id === 'scripts') return rng.chance(0.5) ? '.mjs' : '.mts';
    if (pkg.id === 'admin') return kind === 'component' ? '.jsx' : '.js';
    if (kind === 'component') return '.tsx';
    if (pkg.id === 'server' && rng.chance(0.04)) return '.mts';
    return pkg.ts ? '.ts' : '.js';
  };

  // ---- root ----------------------------------------------------------------------------------
  const json = (o) => JSON.stringify(o, null, 2) + '\n';
  put('package.json', json({
    name: 'acme-line-platform',
    private: true,
    workspaces: ['server', 'functions', 'apps/*', 'web', 'packages/*', 'services/*', 'legacy/*'],
    scripts: { build: 'npm run build --workspaces --if-present', test: 'npm test --workspaces --if-present', lint: 'eslint .' },
    devDependencies: { typescript: '^5.6.3', vitest: '^2.1.4', eslint: '^9.14.0' },
  }), 'meta');
  put('tsconfig.base.json', json({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, esModuleInterop: true,
      skipLibCheck: true, resolveJsonModule: true, declaration: true, sourceMap: true,
      baseUrl: '.', paths: { '@acme/shared': ['packages/shared/src/index.ts'], '@acme/db': ['packages/db/src/index.ts'] },
    },
  }), 'meta');
  put('.gitignore', ['node_modules/', 'dist/', 'build/', 'out/', 'coverage/', '.next/', '.wrangler/', '.firebase/', '.env', '.env.*', '!.env.example', '*.log', ''].join('\n'), 'meta');
  put('.env.example', ['LINE_CHANNEL_ACCESS_TOKEN=', 'LINE_CHANNEL_SECRET=', 'LINE_CHANNEL_ID=', 'LINE_LOGIN_CHANNEL_ID=', 'LINE_LOGIN_CHANNEL_SECRET=', 'LINE_LOGIN_CALLBACK_URL=https://bot.example.com/auth/line/callback', 'DATABASE_URL=postgres://localhost:5432/app', 'JWT_PUBLIC_KEY=', ''].join('\n'), 'meta');
  put('firebase.json', json({ functions: [{ source: 'functions', codebase: 'default', ignore: ['node_modules', '.git', '*.local'] }] }), 'meta');
  put('README.md', `# ACME LINE platform\n\nMonorepo of the ACME LINE official account: webhook servers, Firebase functions, a Workers edge\nbot, the Next.js member site with LINE Login, shared packages and legacy code.\n\n| folder | what |\n| --- | --- |\n${pkgs.map((p) => `| \`${p.dir}\` | ${p.name ?? 'scripts'} |`).join('\n')}\n`, 'meta');

  // ---- per-package manifests ------------------------------------------------------------------
  const sdkRange = { v7: '^7.7.0', v9: '^9.9.0' };
  for (const p of pkgs) {
    if (!p.name) continue;
    const deps = {};
    if (p.sdk && sdkRange[p.sdk]) deps['@line/bot-sdk'] = p.id === 'server' ? '^10.2.0' : sdkRange[p.sdk];
    if (p.routes === 'express') deps.express = p.cjs ? '^4.21.1' : '^5.1.0';
    if (p.routes === 'hono') deps.hono = '^4.6.9';
    if (p.routes === 'next') Object.assign(deps, { next: '15.0.3', react: '19.0.0', 'react-dom': '19.0.0', '@prisma/client': '^5.22.0' });
    if (p.repo === 'sql') deps.pg = '^8.13.1';
    if (p.repo === 'firestore') Object.assign(deps, { 'firebase-admin': '^12.7.0', 'firebase-functions': '^6.1.0' });
    if (p.zod) deps.zod = '^3.23.8';
    if (p.id === 'legacy') deps.axios = '^1.7.7';
    if (p.id === 'admin') Object.assign(deps, { react: '^18.3.1', 'react-dom': '^18.3.1' });
    const pj = { name: p.name, version: '1.0.0', private: true };
    if (!p.cjs) pj.type = 'module';
    if (p.id === 'functions') pj.main = 'index.js';
    if (p.id === 'functions') pj.engines = { node: '20' };
    pj.scripts = p.ts ? { build: 'tsc -p tsconfig.json', test: 'vitest run' } : { start: 'node ' + (p.id === 'notifier' ? 'src/server.mjs' : 'index.js'), test: p.test === 'jest' ? 'jest' : 'vitest run' };
    pj.dependencies = deps;
    put(`${p.dir}/package.json`, json(pj), 'meta');
    if (p.ts) {
      const co = p.id === 'web'
        ? { target: 'ES2022', lib: ['dom', 'dom.iterable', 'esnext'], module: 'esnext', moduleResolution: 'bundler', jsx: 'preserve', strict: true, noEmit: true, paths: { '@/*': ['./*'] }, plugins: [{ name: 'next' }] }
        : p.id === 'worker'
          ? { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, types: ['@cloudflare/workers-types'], noEmit: true }
          : { outDir: 'dist', rootDir: 'src', composite: true };
      const tc = p.id === 'web' || p.id === 'worker' ? { compilerOptions: co, include: ['**/*.ts', '**/*.tsx'], exclude: ['node_modules'] } : { extends: '../'.repeat(p.dir.split('/').length) + 'tsconfig.base.json', compilerOptions: co, include: ['src'] };
      put(`${p.dir}/tsconfig.json`, json(tc), 'meta');
    }
  }
  put('apps/worker/wrangler.toml', `name = "acme-line-worker"\nmain = "src/index.ts"\ncompatibility_date = "2024-11-01"\ncompatibility_flags = ["nodejs_compat"]\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "acme"\ndatabase_id = "${rng.uuid()}"\n`, 'meta');

  // ---- core modules (config, errors, LINE client, handlers) ----------------------------------
  const core = (pkg, path, fn, cat = 'app', over) => {
    const cx = cxFor(pkg, path, over);
    fn(cx);
    emit(cx, cat);
    return path;
  };

  // server
  {
    const p = byId.server;
    const d = p.dir + '/src';
    p.core.config = core(p, `${d}/config.ts`, (cx) => L.genLineConfig(cx, {}, vioFor('config', 0.5), sk(80)), 'line');
    p.core.errors = core(p, `${d}/errors.ts`, (cx) => C.genErrors(cx));
    p.core.pool = core(p, `${d}/db/pool.ts`, (cx) => {
      cx.imp('pg', { named: ['Pool'] });
      cx.impRel(p.core.config, { named: ['config'] });
      cx.add(`${cx.exp('pool')}const pool = new Pool({ connectionString: config.databaseUrl, max: 10, idleTimeoutMillis: 30000 });\n\npool.on('error', (error) => {\n  console.error('pg pool error', error);\n});`);
      padWithHelpers(cx, null, sk(40));
    });
    p.core.client = core(p, `${d}/lib/line.ts`, (cx) => L.genLineClient(cx, 'v9', { config: p.core.config }, vioFor('client'), sk(110)), 'line');
    p.core.handlers = core(p, `${d}/bot/handlers.ts`, (cx) => L.genHandlers(cx, 'v9', { client: p.core.client }, makeEntity(rng, 999), vioFor('handlers'), sk(150)), 'line');
    core(p, `${d}/bot/messages.ts`, (cx) => L.genMessages(cx, 'v9', makeEntity(rng, 998), vioFor('messages'), sk(140)), 'line');
    p.core.webhook = core(p, `${d}/routes/webhook.ts`, (cx) => L.genWebhookExpressMiddleware(cx, 'v9', { config: p.core.config, handlers: p.core.handlers }, vioFor('webhookExpress', 0.3), sk(90)), 'line');
    p.core.webhook2 = core(p, `${d}/routes/partnerWebhook.ts`, (cx) => L.genWebhookExpressHmac(cx, { config: p.core.config, handlers: p.core.handlers }, vioFor('webhookHmac', 0.4), sk(80)), 'line');
    p.core.login = core(p, `${d}/routes/lineLogin.ts`, (cx) => L.genLineLoginExpress(cx, { config: p.core.config }, vioFor('login', 0.3), sk(120)), 'line');
    core(p, `${d}/services/tokenManager.ts`, (cx) => L.genTokenManager(cx, { config: p.core.config }, sk(70)), 'line');
    p.core.middleware = [];
  }
  // functions (Firebase, CommonJS)
  {
    const p = byId.functions;
    const d = p.dir + '/src';
    p.core.config = core(p, `${d}/config.js`, (cx) => L.genLineConfig(cx, { firebase: true }, vioFor('config', 0.5), sk(60)), 'line');
    p.core.errors = core(p, `${d}/errors.js`, (cx) => C.genErrors(cx));
    p.core.client = core(p, `${d}/line/client.js`, (cx) => L.genLineClient(cx, 'v7', { config: p.core.config }, vioFor('client', 0.4), sk(100)), 'line');
    p.core.handlers = core(p, `${d}/line/handlers.js`, (cx) => L.genHandlers(cx, 'v7', { client: p.core.client }, makeEntity(rng, 997), vioFor('handlers'), sk(140)), 'line');
    core(p, `${d}/line/messages.js`, (cx) => L.genMessages(cx, 'v7', makeEntity(rng, 996), vioFor('messages', 0.4), sk(120)), 'line');
  }
  // worker (Hono on Workers)
  {
    const p = byId.worker;
    const d = p.dir + '/src';
    p.core.env = core(p, `${d}/env.ts`, (cx) => {
      cx.add(`${cx.exp('Env')}interface Env {\n  DB: D1Database;\n  CACHE: KVNamespace;\n  LINE_CHANNEL_SECRET: string;\n  LINE_CHANNEL_ACCESS_TOKEN: string;\n  ENVIRONMENT: 'production' | 'staging' | 'development';\n}`);
      padWithHelpers(cx, null, sk(35));
    });
    p.core.config = core(p, `${d}/config.ts`, (cx) => L.genLineConfig(cx, {}, vioFor('config', 0.3), sk(60)), 'line');
    p.core.client = core(p, `${d}/line/api.ts`, (cx) => L.genLineClient(cx, 'fetch', { config: p.core.config }, vioFor('client', 0.4), sk(120)), 'line');
    p.core.handlers = core(p, `${d}/line/handlers.ts`, (cx) => L.genHandlers(cx, 'fetch', { client: p.core.client }, makeEntity(rng, 995), vioFor('handlers'), sk(130)), 'line');
  }
  // web (Next.js app router)
  {
    const p = byId.web;
    const d = p.dir;
    put(`${d}/next.config.mjs`, `/** @type {import('next').NextConfig} */\nconst nextConfig = {\n  reactStrictMode: true,\n  serverExternalPackages: ['@line/bot-sdk'],\n  images: { remotePatterns: [{ protocol: 'https', hostname: 'profile.line-scdn.net' }] },\n};\n\nexport default nextConfig;\n`, 'app');
    p.core.db = core(p, `${d}/lib/db.ts`, (cx) => {
      cx.imp('@prisma/client', { named: ['PrismaClient'] });
      cx.add(`const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };\n\n${cx.exp('prisma')}const prisma = globalForPrisma.prisma ?? new PrismaClient({ log: ['warn', 'error'] });\n\nif (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;`);
      padWithHelpers(cx, null, sk(35));
    });
    p.core.config = core(p, `${d}/lib/config.ts`, (cx) => L.genLineConfig(cx, {}, vioFor('config', 0.3), sk(60)), 'line');
    p.core.client = core(p, `${d}/lib/line/client.ts`, (cx) => L.genLineClient(cx, 'v9', { config: p.core.config }, vioFor('client', 0.3), sk(90)), 'line');
    p.core.handlers = core(p, `${d}/lib/line/handlers.ts`, (cx) => L.genHandlers(cx, 'v9', { client: p.core.client }, makeEntity(rng, 994), vioFor('handlers'), sk(130)), 'line');
    core(p, `${d}/lib/line/messages.ts`, (cx) => L.genMessages(cx, 'v9', makeEntity(rng, 993), vioFor('messages'), sk(110)), 'line');
    core(p, `${d}/app/api/webhook/route.ts`, (cx) => L.genWebhookNext(cx, { handlers: p.core.handlers }, vioFor('webhookNext', 0.4), sk(60)), 'line');
    core(p, `${d}/app/api/auth/line/route.ts`, (cx) => L.genLineLoginNext(cx, vioFor('login', 0.3), sk(35), false), 'line');
    core(p, `${d}/app/api/auth/line/callback/route.ts`, (cx) => L.genLineLoginNext(cx, vioFor('login', 0.3), sk(60), true), 'line');
    core(p, `${d}/app/layout.tsx`, (cx) => {
      cx.add(`${cx.exp('metadata')}const metadata = { title: 'ACME members', description: 'LINE member site' };\n\nexport default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="ja">\n      <body>\n        <header className="site-header">ACME</header>\n        <main>{children}</main>\n      </body>\n    </html>\n  );\n}`);
      cx.imp('react', { def: 'React' });
    });
  }
  // notifier (node:http, ESM JS)
  {
    const p = byId.notifier;
    const d = p.dir + '/src';
    p.core.config = core(p, `${d}/config.mjs`, (cx) => L.genLineConfig(cx, {}, vioFor('config', 0.3), sk(50)), 'line');
    p.core.client = core(p, `${d}/line.mjs`, (cx) => L.genLineClient(cx, 'fetch', { config: p.core.config }, vioFor('client', 0.5), sk(90)), 'line');
    p.core.handlers = core(p, `${d}/handlers.mjs`, (cx) => L.genHandlers(cx, 'fetch', { client: p.core.client }, makeEntity(rng, 992), vioFor('handlers'), sk(100)), 'line');
    core(p, `${d}/server.mjs`, (cx) => L.genWebhookNodeHttp(cx, { config: p.core.config, handlers: p.core.handlers }, vioFor('webhookHttp', 0.4), sk(80)), 'line');
  }
  // legacy (Express + v7 + hand-written HMAC, CommonJS)
  {
    const p = byId.legacy;
    const d = p.dir;
    p.core.config = core(p, `${d}/config.js`, (cx) => L.genLineConfig(cx, {}, vioFor('config', 0.6), sk(50)), 'line');
    p.core.errors = core(p, `${d}/lib/errors.js`, (cx) => C.genErrors(cx));
    p.core.pool = core(p, `${d}/lib/db.js`, (cx) => {
      cx.imp('pg', { named: ['Pool'] });
      cx.add(`${cx.exp('pool')}const pool = new Pool({ connectionString: process.env.DATABASE_URL });`);
      padWithHelpers(cx, null, sk(30));
    });
    p.core.client = core(p, `${d}/lib/lineClient.js`, (cx) => L.genLineClient(cx, 'v7', { config: p.core.config }, vioFor('client', 0.5), sk(80)), 'line');
    core(p, `${d}/lib/lineApi.cjs`, (cx) => L.genLineClient(cx, 'axios', { config: p.core.config }, vioFor('client', 0.5), sk(90)), 'line');
    p.core.handlers = core(p, `${d}/handlers/index.js`, (cx) => L.genHandlers(cx, 'v7', { client: p.core.client }, makeEntity(rng, 991), vioFor('handlers', 0.3), sk(120)), 'line');
    p.core.webhook = core(p, `${d}/routes/webhook.js`, (cx) => L.genWebhookExpressHmac(cx, { config: p.core.config, handlers: p.core.handlers }, vioFor('webhookHmac', 0.6), sk(70)), 'line');
    core(p, `${d}/scripts/broadcast.cjs`, (cx) => L.genBroadcastScript(cx, {}, vioFor('notifier', 0.5), sk(60)), 'line');
  }
  // scripts
  {
    const p = byId.scripts;
    core(p, `${p.dir}/setup-richmenu.mjs`, (cx) => L.genRichMenuScript(cx, vioFor('richmenu', 0.3), sk(70)), 'line');
    core(p, `${p.dir}/broadcast-campaign.mts`, (cx) => L.genBroadcastScript(cx, {}, vioFor('notifier', 0.3), sk(60)), 'line');
  }
  // shared / db / admin
  {
    byId.shared.core.errors = core(byId.shared, `${byId.shared.dir}/src/errors.ts`, (cx) => C.genErrors(cx));
    core(byId.shared, `${byId.shared.dir}/src/constants.ts`, (cx) => C.genConstants(cx, null, sk(60)));
    const db = byId.db;
    db.core.pool = core(db, `${db.dir}/src/pool.ts`, (cx) => {
      cx.imp('pg', { named: ['Pool'] });
      cx.add(`${cx.exp('pool')}const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.PG_POOL_MAX ?? 10) });`);
      padWithHelpers(cx, null, sk(40));
    });
    db.core.errors = byId.shared.core.errors;
    put(`${byId.admin.dir}/vite.config.js`, `import { defineConfig } from 'vite';\nimport react from '@vitejs/plugin-react';\n\nexport default defineConfig({\n  plugins: [react()],\n  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },\n});\n`, 'app');
  }

  // ---- ignored folders (small): node_modules, build output ------------------------------------
  const ignoredBudget = Math.min(4000, Math.round(target * 0.012));
  const ignoredStart = total;
  const ignoredFile = (path, E) => {
    const cx = new FileCx(rng, { ts: false, cjs: true, relExt: '', path, pkg: null });
    cx.violations = [];
    cx.add(`// generated build output — not source\nvar __defProp = Object.defineProperty;\nvar __export = (target, all) => {\n  for (var name in all) __defProp(target, name, { get: all[name], enumerable: true });\n};`);
    padWithHelpers(cx, E, Math.min(budget(), 160));
    put(path, cx.render(), 'ignored');
  };
  put('node_modules/@line/bot-sdk/package.json', json({ name: '@line/bot-sdk', version: '9.9.0', main: 'dist/index.js', types: 'dist/index.d.ts' }), 'ignored');
  const ignoredPaths = [
    'node_modules/@line/bot-sdk/dist/index.js',
    'node_modules/express/lib/router/index.js',
    'server/dist/app.js',
    'server/dist/lib/line.js',
    'web/.next/server/app/api/webhook/route.js',
    'apps/worker/.wrangler/tmp/bundle.js',
    'functions/node_modules/firebase-functions/lib/v1/index.js',
    'coverage/lcov-report/prettify.js',
    'legacy/line-bot/build/app.js',
  ];
  for (const path of ignoredPaths) {
    if (total - ignoredStart >= ignoredBudget) break;
    ignoredFile(path, null);
  }

  // ---- filler ---------------------------------------------------------------------------------
  const lineSdk = (p) => p.sdk ?? 'fetch';

  function featureBatch(p) {
    const E = makeEntity(rng, entityIndex++);
    const feat = { E };
    const base = p.dir;
    const ext = srcExt(p, 'feature');
    let dirs;
    switch (p.id) {
      case 'server': dirs = (k) => `${base}/src/modules/${kebab(E.plural)}/${kebab(E.name)}.${k}${ext}`; break;
      case 'functions': dirs = (k) => `${base}/src/${{ model: 'models', repository: 'repositories', service: 'services', schema: 'validators', routes: 'api', job: 'jobs' }[k]}/${E.name}${k === 'model' ? '' : cap(k === 'schema' ? 'validator' : k)}${ext}`; break;
      case 'worker': dirs = (k) => `${base}/src/${{ model: 'models', repository: 'repositories', schema: 'schemas', routes: 'routes' }[k]}/${kebab(k === 'routes' ? E.plural : E.name)}${ext}`; break;
      case 'web': dirs = (k) => k === 'routes' ? `${base}/app/api/${kebab(E.plural)}/route.ts` : `${base}/lib/${{ model: 'models', repository: 'data', schema: 'validation' }[k]}/${kebab(E.name)}.ts`; break;
      case 'shared': dirs = (k) => `${base}/src/${{ model: 'models', schema: 'validation' }[k]}/${kebab(E.name)}.ts`; break;
      case 'db': dirs = (k) => k === 'migration' ? `${base}/migrations/${String(entityIndex).padStart(4, '0')}_create_${E.table}.ts` : `${base}/src/${{ model: 'models', repository: 'repositories' }[k]}/${E.name}${k === 'model' ? '' : 'Repository'}.ts`; break;
      case 'notifier': dirs = (k) => `${base}/src/${{ model: 'models', repository: 'repositories', job: 'jobs' }[k]}/${E.name}${k === 'model' ? '' : cap(k)}${ext}`; break;
      case 'legacy': dirs = (k) => k === 'routes' ? `${base}/routes/${kebab(E.plural)}${ext}` : `${base}/lib/${E.name}${k === 'model' ? '' : cap(k)}${ext}`; break;
      case 'admin': dirs = (k) => `${base}/src/components/${E.Name}Table.jsx`; break;
      default: return;
    }
    const make = (k, fn, cat = 'app') => {
      if (remaining() < 30) return null;
      const path = uniquePath(dirs(k));
      const cx = cxFor(p, path);
      fn(cx, budget());
      emit(cx, cat);
      return path;
    };
    if (p.id === 'admin') {
      make('component', (cx, t) => C.genComponent(cx, E, t));
      return;
    }
    feat.model = make('model', (cx, t) => C.genModel(cx, E, t));
    if (!feat.model) return;
    if (p.id === 'shared') {
      feat.schema = make('schema', (cx, t) => C.genSchema(cx, E, t, true));
      p.features.push(feat);
      return;
    }
    if (p.zod !== undefined && p.id !== 'db' && p.id !== 'notifier' && rng.chance(0.7)) feat.schema = make('schema', (cx, t) => C.genSchema(cx, E, t, p.zod));
    const repoDeps = { model: feat.model, db: p.core.db };
    feat.repo = make('repository', (cx, t) => C.genRepository(cx, E, repoDeps, t, p.repo));
    feat.repoClass = p.repo === 'sql' || p.repo === 'firestore' ? `${E.Name}Repository` : null;
    if (feat.repoClass && p.id !== 'db') {
      feat.service = make('service', (cx, t) => C.genService(cx, E, { model: feat.model, repo: feat.repo, repoClass: feat.repoClass, errors: p.core.errors, schema: feat.schema }, t));
    }
    if (p.id === 'db' && rng.chance(0.6)) make('migration', (cx, t) => C.genMigration(cx, E, Math.min(t, 50)));
    if (p.routes === 'express' && feat.service) {
      feat.routes = make('routes', (cx, t) => C.genExpressRoutes(cx, E, { service: feat.service, repo: feat.repo, repoClass: feat.repoClass, pool: p.core.pool, model: feat.model }, t));
      if (feat.routes) p.routers.push({ path: feat.routes, name: `${E.name}Router`, mount: kebab(E.plural) });
    } else if (p.routes === 'hono') {
      feat.routes = make('routes', (cx, t) => C.genHonoRoutes(cx, E, { env: p.core.env, repo: feat.repo }, t));
      if (feat.routes) p.routers.push({ path: feat.routes, name: `${E.plural}Route`, mount: kebab(E.plural) });
    } else if (p.routes === 'next') {
      make('routes', (cx, t) => C.genNextRoute(cx, E, { repo: feat.repo, schema: feat.schema }, t));
      if (rng.chance(0.5) && remaining() > 30) {
        const cpath = uniquePath(`${p.dir}/components/${E.Name}Table.tsx`);
        const cx = cxFor(p, cpath);
        C.genComponent(cx, E, budget());
        emit(cx, 'app');
      }
    }
    if ((p.id === 'notifier' || (p.id === 'server' && rng.chance(0.2))) && feat.repoClass) {
      const jpath = uniquePath(p.id === 'server' ? `${p.dir}/src/jobs/${E.name}Maintenance.ts` : dirs('job'));
      if (remaining() > 30) {
        const cx = cxFor(p, jpath);
        C.genJob(cx, E, { repo: feat.repo, repoClass: feat.repoClass, pool: p.core.pool }, budget());
        emit(cx, 'app');
      }
    }
    // tests
    if (feat.service && rng.chance(0.55) && remaining() > 30) {
      const tdir = p.id === 'server' ? `${p.dir}/src/modules/${kebab(E.plural)}/__tests__/${kebab(E.name)}.service.test.ts`
        : p.id === 'functions' ? `${p.dir}/test/${E.name}Service.test.js`
          : p.id === 'legacy' ? `${p.dir}/test/${E.name}Service.spec.js`
            : `${p.dir}/src/__tests__/${E.name}.test${p.ts ? '.ts' : '.js'}`;
      const cx = cxFor(p, uniquePath(tdir), { relExt: p.relExt });
      C.genTest(cx, E, { service: feat.service }, budget(), p.test);
      emit(cx, 'test');
    }
    p.features.push(feat);
  }

  function utilFile(p) {
    const topic = rng.pick(UTIL_TOPICS);
    const ext = srcExt(p, 'util');
    const dir = p.id === 'web' ? `${p.dir}/lib/utils` : p.id === 'legacy' ? `${p.dir}/lib/util` : p.id === 'scripts' ? `${p.dir}/lib` : `${p.dir}/src/utils`;
    const path = uniquePath(`${dir}/${topic}${ext}`);
    const cx = cxFor(p, path);
    const E = rng.chance(0.5) ? makeEntity(rng, rng.int(0, 60)) : null;
    padWithHelpers(cx, E, budget());
    emit(cx, 'app');
    p.utils.push({ path, names: cx.exported.slice() });
    if (rng.chance(0.25) && remaining() > 30 && p.test) {
      const tpath = uniquePath(path.replace(/\.(m|c)?[jt]sx?$/, (e) => `.test${e}`));
      const tcx = cxFor(p, tpath);
      C.genUtilTest(tcx, path, cx.exported.filter((n) => /^[a-z]/.test(n)), budget(60), p.test);
      emit(tcx, 'test');
    }
  }

  function otherFile(p) {
    const E = makeEntity(rng, rng.int(0, 60));
    const ext = srcExt(p, 'other');
    if (p.routes === 'express' && rng.chance(0.6)) {
      const dir = p.id === 'server' ? `${p.dir}/src/middleware` : p.id === 'legacy' ? `${p.dir}/middleware` : `${p.dir}/src/middleware`;
      const path = uniquePath(`${dir}/${rng.pick(['auth', 'requestContext', 'rateLimit', 'errors', 'security', 'audit'])}${ext}`);
      const cx = cxFor(p, path);
      C.genMiddleware(cx, E, budget());
      emit(cx, 'app');
      if (p.core.middleware) p.core.middleware.push({ path, names: cx.exported.slice() });
      return;
    }
    if (p.id === 'web' || p.id === 'admin') {
      const path = uniquePath(`${p.dir}/${p.id === 'web' ? 'components' : 'src/components'}/${E.Name}Panel${p.id === 'web' ? '.tsx' : '.jsx'}`);
      const cx = cxFor(p, path);
      C.genComponent(cx, E, budget());
      emit(cx, 'app');
      return;
    }
    const path = uniquePath(`${p.dir}/${p.id === 'scripts' ? '' : 'src/'}constants/${rng.pick(['app', 'messages', 'limits', 'regions'])}${ext}`.replace('//', '/'));
    const cx = cxFor(p, path);
    C.genConstants(cx, E, budget());
    emit(cx, 'app');
  }

  function lineFile(p) {
    const sdk = lineSdk(p);
    const feat = p.features.length ? rng.pick(p.features) : null;
    const E = feat ? feat.E : makeEntity(rng, rng.int(0, 60));
    const service = feat?.service ? { path: feat.service, cls: `${E.Name}Service`, ctorArgs: p.core.pool ? `new ${E.Name}Repository(pool)` : `new ${E.Name}Repository()` } : null;
    const ext = srcExt(p, 'line');
    const kind = p.id === 'scripts' ? rng.pick(['richmenu', 'broadcast']) : rng.weighted([[38, 'handlers'], [28, 'messages'], [24, 'notifier'], [10, 'webhook']]);
    const lineDir = { server: 'src/bot', functions: 'src/line', worker: 'src/line', web: 'lib/line', notifier: 'src/line', legacy: 'handlers', scripts: '' }[p.id];
    const mk = (sub, name, fn) => {
      const path = uniquePath(`${p.dir}/${lineDir}/${sub ? sub + '/' : ''}${name}${ext}`.replace(/\/+/g, '/'));
      const cx = cxFor(p, path);
      fn(cx, budget());
      emit(cx, 'line');
      return cx;
    };
    const addServiceImports = (cx) => {
      if (service && feat.repoClass) {
        cx.impRel(feat.repo, { named: [feat.repoClass] });
        if (p.core.pool) cx.impRel(p.core.pool, { named: ['pool'] });
      }
    };
    switch (kind) {
      case 'handlers':
        mk('handlers', `${E.name}${p.id === 'legacy' ? '' : 'Handler'}`, (cx, t) => {
          addServiceImports(cx);
          L.genHandlers(cx, sdk === 'v7' ? 'v7' : sdk === 'v9' ? 'v9' : 'fetch', { client: p.core.client, service, exportName: `handle${E.Name}Event` }, E, vioFor('handlers'), t);
        });
        break;
      case 'messages':
        mk('messages', `${E.name}Messages`, (cx, t) => L.genMessages(cx, sdk === 'v7' ? 'v7' : sdk === 'v9' ? 'v9' : 'fetch', E, vioFor('messages'), t));
        break;
      case 'notifier':
        mk('notifications', `${E.name}Notifier`, (cx, t) => {
          addServiceImports(cx);
          L.genNotifier(cx, sdk, { client: p.core.client, config: p.core.config, service }, E, vioFor('notifier'), t);
        });
        break;
      case 'webhook': {
        const name = `${rng.pick(['partner', 'brand', 'campaign', 'store', 'support'])}${cap(E.name)}Webhook`;
        if (p.id === 'worker') {
          mk('messages', `${E.name}Messages`, (cx, t) => L.genMessages(cx, 'fetch', E, vioFor('messages'), t));
        } else if (p.id === 'web') {
          // another channel's endpoint: app/api/line/<name>/route.ts
          const path = uniquePath(`${p.dir}/app/api/line/${kebab(name.replace(/Webhook$/, ''))}/route.ts`);
          const cx = cxFor(p, path);
          L.genWebhookNext(cx, { handlers: p.core.handlers }, vioFor('webhookNext', 0.4), budget());
          emit(cx, 'line');
        } else if (p.id === 'functions') {
          const path = uniquePath(`${p.dir}/src/webhooks/${name}.js`);
          const cx = cxFor(p, path);
          L.genWebhookFirebase(cx, { config: p.core.config, handlers: p.core.handlers }, vioFor('webhookFirebase', 0.4), budget());
          emit(cx, 'line');
        } else if (p.id === 'notifier') {
          mk('webhooks', name, (cx, t) => L.genWebhookNodeHttp(cx, { config: p.core.config, handlers: p.core.handlers }, vioFor('webhookHttp', 0.4), t));
        } else if (rng.chance(0.5) && p.ts) {
          mk('webhooks', name, (cx, t) => L.genWebhookExpressMiddleware(cx, sdk, { config: p.core.config, handlers: p.core.handlers }, vioFor('webhookExpress', 0.4), t));
        } else {
          mk('webhooks', name, (cx, t) => L.genWebhookExpressHmac(cx, { config: p.core.config, handlers: p.core.handlers }, vioFor('webhookHmac', 0.4), t));
        }
        break;
      }
      case 'richmenu':
        mk('', `richmenu-${kebab(E.name)}`, (cx, t) => L.genRichMenuScript(cx, vioFor('richmenu'), t));
        break;
      case 'broadcast':
        mk('', `broadcast-${kebab(E.name)}`, (cx, t) => L.genBroadcastScript(cx, {}, vioFor('notifier'), t));
        break;
    }
  }

  const weights = pkgs.map((p) => [p.weight, p]);
  const lineWeights = pkgs.filter((p) => p.line).map((p) => [p.weight, p]);
  function fillUntil(limit, utilsOnly = false) {
    let guard = 0;
    while (target - total > 30 && total < limit && guard++ < 100000) {
      const p = rng.weighted(weights);
      if (utilsOnly) {
        utilFile(p);
        continue;
      }
      if (lineShare() < 0.27 && rng.chance(0.5)) {
        lineFile(rng.weighted(lineWeights));
        continue;
      }
      const r = rng.float();
      if (r < 0.2) utilFile(p);
      else if (r < 0.28) otherFile(p);
      else if (p.id === 'scripts') utilFile(p);
      else featureBatch(p);
    }
  }

  // entry files are written at the end; reserve room for them
  const reserve = 480 + Math.round(target * 0.004);
  fillUntil(target - reserve);

  // ---- entry points that wire everything ------------------------------------------------------
  {
    const p = byId.server;
    const path = `${p.dir}/src/app.ts`;
    const cx = cxFor(p, path);
    cx.imp('express', { def: 'express' });
    cx.impRel(p.core.webhook, { named: ['webhookRouter'] });
    cx.impRel(p.core.webhook2, { named: ['lineWebhook'] });
    cx.impRel(p.core.login, { named: ['lineLoginRouter'] });
    for (const r of p.routers) cx.impRel(r.path, { named: [r.name] });
    const bodyFirst = rng.chance(0.15);
    if (bodyFirst) cx.violations.push('jsonBeforeMiddleware');
    cx.add(`${cx.exp('app')}const app = express();

app.disable('x-powered-by');
app.set('trust proxy', 1);
${bodyFirst ? "app.use(express.json({ limit: '1mb' }));\n" : ''}
// LINE webhooks need the raw body: mount them before any JSON parser
app.use('/line', webhookRouter);
app.use('/line/partner', lineWebhook);
${bodyFirst ? '' : "app.use(express.json({ limit: '1mb' }));\n"}app.use(express.urlencoded({ extended: false }));
app.use(lineLoginRouter);

app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
${p.routers.map((r) => `app.use('/api/${r.mount}', ${r.name});`).join('\n')}`);
    emit(cx, 'line');
    const icx = cxFor(p, `${p.dir}/src/index.ts`);
    icx.impRel(path, { named: ['app'] });
    icx.impRel(p.core.config, { named: ['config'] });
    icx.add(`const server = app.listen(config.port, () => {\n  console.log(\`listening on :\${config.port}\`);\n});\n\nfor (const signal of ['SIGTERM', 'SIGINT'] as const) {\n  process.on(signal, () => {\n    server.close(() => process.exit(0));\n  });\n}`);
    emit(icx, 'app');
  }
  {
    const p = byId.functions;
    const apiPath = `${p.dir}/src/api/index.js`;
    const cx = cxFor(p, apiPath);
    cx.imp('express', { def: 'express' });
    for (const r of p.routers) cx.impRel(r.path, { named: [r.name] });
    cx.add(`const restApp = express();\nrestApp.use(express.json());\n${p.routers.map((r) => `restApp.use('/${r.mount}', ${r.name});`).join('\n')}\nrestApp.use((err, req, res, next) => {\n  console.error(err);\n  res.status(err.status || 500).json({ error: err.message });\n});\n${cx.exp('restApp')}`);
    emit(cx, 'app');
    const wcx = cxFor(p, `${p.dir}/index.js`);
    L.genWebhookFirebase(wcx, { config: p.core.config, handlers: p.core.handlers, apps: [{ path: apiPath, name: 'restApp' }] }, vioFor('webhookFirebase', 0.4), 60);
    emit(wcx, 'line');
  }
  {
    const p = byId.worker;
    const cx = cxFor(p, `${p.dir}/src/index.ts`);
    L.genWebhookHono(cx, { env: p.core.env, handlers: p.core.handlers, routes: p.routers }, vioFor('webhookHono', 0.4), 60);
    emit(cx, 'line');
  }
  {
    const p = byId.legacy;
    const cx = cxFor(p, `${p.dir}/app.js`);
    cx.imp('express', { def: 'express' });
    cx.impRel(p.core.webhook, { named: ['lineWebhook'] });
    for (const r of p.routers) cx.impRel(r.path, { named: [r.name] });
    cx.add(`const app = express();\n\napp.use('/line', lineWebhook);\napp.use(express.json());\n${p.routers.map((r) => `app.use('/api/${r.mount}', ${r.name});`).join('\n')}\n\napp.listen(process.env.PORT || 3000, () => {\n  console.log('legacy bot started');\n});\n${cx.exp('app')}`);
    emit(cx, 'line');
  }
  for (const p of [byId.shared, byId.db]) {
    const cx = cxFor(p, `${p.dir}/src/index.ts`);
    const mods = p.features.flatMap((f) => [f.model, p.id === 'db' ? f.repo : f.schema]).filter(Boolean);
    cx.add(mods.slice(0, 380).map((m) => `export * from '${cx.rel(m)}';`).join('\n'));
    emit(cx, 'app');
  }
  {
    const p = byId.admin;
    const cx = cxFor(p, `${p.dir}/src/main.jsx`);
    cx.imp('react-dom/client', { named: ['createRoot'] });
    cx.add(`function App() {\n  return (\n    <div className="admin">\n      <h1>ACME admin</h1>\n      <p>Use the menu to manage bot content.</p>\n    </div>\n  );\n}\n\ncreateRoot(document.getElementById('root')).render(<App />);`);
    emit(cx, 'app');
  }

  fillUntil(target, true);

  return { files, violations };
}

// ---------------------------------------------------------------------------------------------

function isAnalysed(path) {
  const parts = path.split('/');
  const name = parts[parts.length - 1];
  if (parts.slice(0, -1).some((d) => IGNORED_DIRS.includes(d) || TEST_DIRS.includes(d))) return false;
  return isSourceFile(name) && !isTestFile(name);
}

export function writeCorpus({ lines, seed, out, force = false }) {
  const root = resolve(out);
  if (existsSync(root)) {
    const entries = readdirSync(root);
    if (entries.length > 0 && !entries.includes('corpus.json') && !force) {
      throw new Error(`${out} exists, is not empty and has no corpus.json; pass --force to overwrite`);
    }
    rmSync(root, { recursive: true, force: true });
  }
  const { files, violations } = generate({ lines, seed });
  const paths = [...files.keys()].sort();
  const stats = { files: 0, lines: 0, bytes: 0 };
  const analysed = { files: 0, lines: 0, bytes: 0 };
  const mix = { line: 0, app: 0, test: 0, ignored: 0, meta: 0 };
  const madeDirs = new Set();
  for (const rel of paths) {
    const { text, cat } = files.get(rel);
    const abs = join(root, rel);
    const dir = dirname(abs);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(abs, text);
    const n = countLines(text);
    const b = Buffer.byteLength(text);
    stats.files++;
    stats.lines += n;
    stats.bytes += b;
    mix[cat] += n;
    if (isAnalysed(rel)) {
      analysed.files++;
      analysed.lines += n;
      analysed.bytes += b;
    }
  }
  const byKind = {};
  for (const v of violations) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
  const manifest = {
    generator: `bench/generate.mjs v${GENERATOR_VERSION}`,
    generatorHash: generatorHash(),
    seed,
    target: lines,
    files: stats.files,
    lines: stats.lines,
    bytes: stats.bytes,
    analysed,
    mixLines: mix,
    lineShareOfCode: +(mix.line / (mix.line + mix.app)).toFixed(3),
    violations: byKind,
    violationFiles: violations.map((v) => `${v.file}: ${v.kind}`).sort(),
  };
  writeFileSync(join(root, 'corpus.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

// ---------------------------------------------------------------------------------------------
const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const t0 = performance.now();
    const m = writeCorpus(args);
    const s = ((performance.now() - t0) / 1000).toFixed(2);
    if (!args.quiet) {
      console.log(`wrote ${args.out}: ${m.files} files, ${m.lines} lines (target ${m.target}, ${(((m.lines - m.target) / m.target) * 100).toFixed(1)}%), ${(m.bytes / 1e6).toFixed(1)} MB in ${s}s`);
      console.log(`  analysed by the checker: ${m.analysed.files} files, ${m.analysed.lines} lines; LINE share of code ${(m.lineShareOfCode * 100).toFixed(0)}%; tests ${m.mixLines.test} lines; ignored ${m.mixLines.ignored} lines`);
      console.log(`  injected violations: ${Object.entries(m.violations).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}`);
    }
  } catch (error) {
    console.error(`generate: ${error.message}`);
    process.exit(2);
  }
}
