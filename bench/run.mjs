#!/usr/bin/env node
// Benchmark harness (`npm run bench`). For each corpus size: generate (or reuse) the corpus, then time
// the floor, the CLI, ESLint with no rules and ESLint with line-bot-guard's plugin, several runs each,
// sequentially. Prints a table per size plus the budget verdicts and writes bench/results.json.
//
//   node bench/run.mjs [--sizes 10k,100k,300k] [--runs 5] [--warmup 1] [--seed 42]
//                      [--skip-eslint] [--tools floor,check,eslint,eslint-plugin]
//                      [--out bench/results.json] [--fail-on-budget] [--rss auto|time|preload]
//
// Environment: BENCH_CLI=<path to bin.js> measures another CLI build instead of dist/src/cli/bin.js.
// See bench/README.md for what each row and ratio means.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatorHash, parseSize, writeCorpus } from './generate.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
// BENCH_CLI=<path> measures another build of the CLI (e.g. a checkout of the main branch)
const CLI = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : join(ROOT, 'dist/src/cli/bin.js');
const PLUGIN = join(ROOT, 'dist/src/eslint-plugin/index.js');
const TIMEOUT_MS = 20 * 60 * 1000;

const BUDGETS = {
  checkOverFloor: 2.0, // check ≤ 2× floor at 100k
  eslintOverCheck: 2.0, // check at least 2× faster than ESLint with no rules at 100k
  pluginOverhead: 0.15, // ESLint+plugin / ESLint-no-rules − 1 ≤ 15% at 100k
  checkRssMB: 400, // check peak RSS at 100k
  growth300over100: 3.3, // check median 300k / 100k
};

// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const o = { sizes: ['10k', '100k', '300k'], runs: 5, warmup: 1, seed: 42, skipEslint: false, tools: null, out: join(BENCH, 'results.json'), failOnBudget: false, rss: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') o.sizes = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--runs') o.runs = Number(val());
    else if (a === '--warmup') o.warmup = Number(val());
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--skip-eslint') o.skipEslint = true;
    else if (a === '--tools') o.tools = val().split(',').map((s) => s.trim());
    else if (a === '--out') o.out = resolve(val());
    else if (a === '--fail-on-budget') o.failOnBudget = true;
    else if (a === '--rss') o.rss = val();
    else if (a === '-h' || a === '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 12).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(o.warmup) || o.warmup < 0) throw new Error('--warmup must be a non-negative integer');
  if (!Number.isInteger(o.seed)) throw new Error('--seed must be an integer');
  if (!['auto', 'time', 'preload'].includes(o.rss)) throw new Error('--rss must be auto, time or preload');
  return o;
}

const label = (lines) => (lines % 1000 === 0 ? `${lines / 1000}k` : String(lines));

// ---------------------------------------------------------------------------------------------
// Measuring one command: wall time from this process, peak RSS from GNU time or the preload probe.

function detectRssMethod(pref) {
  if (pref === 'preload') return 'node-preload';
  if (existsSync('/usr/bin/time')) {
    const tmp = mkdtempSync(join(os.tmpdir(), 'bench-'));
    const f = join(tmp, 'rss');
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', f, process.execPath, '-e', '0']);
    const ok = r.status === 0 && existsSync(f) && /^\d+\s*$/m.test(readFileSync(f, 'utf8'));
    rmSync(tmp, { recursive: true, force: true });
    if (ok) return 'gnu-time';
  }
  if (pref === 'time') throw new Error('--rss time: /usr/bin/time (GNU time) is not usable here; install it with `apt-get install time`');
  return 'node-preload';
}

let RSS_METHOD;
const TMP = mkdtempSync(join(os.tmpdir(), 'bench-run-'));
process.on('exit', () => rmSync(TMP, { recursive: true, force: true }));

function measure(nodeArgs) {
  const rssFile = join(TMP, 'rss');
  rmSync(rssFile, { force: true });
  let cmd;
  let args;
  let env = process.env;
  if (RSS_METHOD === 'gnu-time') {
    cmd = '/usr/bin/time';
    args = ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs];
  } else {
    cmd = process.execPath;
    args = ['--import', pathToFileURL(join(BENCH, 'lib/rss-preload.mjs')).href, ...nodeArgs];
    env = { ...process.env, BENCH_RSS_FILE: rssFile };
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: TIMEOUT_MS });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssKB = null;
  if (existsSync(rssFile)) {
    const nums = readFileSync(rssFile, 'utf8').match(/^\d+$/gm);
    if (nums) rssKB = Math.max(...nums.map(Number));
  }
  // GNU time reports a signal-killed child as "Command terminated by signal"; spawnSync sets r.signal
  return { ms, rssKB, code: r.status, signal: r.signal, error: r.error, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Share of total CPU capacity (0–100) used by other processes, sampled over `ms` while this harness
 * idles (Linux /proc/stat; null elsewhere). The load average would count the harness's own runs.
 */
function otherCpuBusy(ms = 1000) {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      const idle = f[3] + (f[4] ?? 0);
      return { idle, total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  if (!a) return null;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  const b = read();
  const total = b.total - a.total;
  return total > 0 ? (100 * (total - (b.idle - a.idle))) / total : null;
}

// ---------------------------------------------------------------------------------------------
// Tools

function tailOf(s, n = 600) {
  s = s.trim();
  return s.length > n ? '…' + s.slice(-n) : s;
}

function makeTools(opts) {
  const tools = [
    {
      id: 'floor',
      title: 'floor (parse only)',
      args: (dir) => [join(BENCH, 'floor.mjs'), dir],
      check(r) {
        if (r.code !== 0 || !/^\d+\s*$/.test(r.stdout)) return { fail: `exit ${r.code ?? r.signal}: ${tailOf(r.stderr || r.stdout)}` };
        return { info: { files: Number(r.stdout.trim()) } };
      },
    },
    {
      id: 'check',
      title: 'line-bot-guard check',
      args: (dir) => [CLI, 'check', dir, '--format', 'json'],
      check(r) {
        if (r.code !== 0 && r.code !== 1) return { fail: `exit ${r.code ?? r.signal}${r.code === 2 ? ' (usage/internal error)' : ''}: ${tailOf(r.stderr || r.stdout)}` };
        let json;
        try {
          json = JSON.parse(r.stdout);
        } catch {
          return { fail: `exit ${r.code} but stdout is not JSON: ${tailOf(r.stdout, 200)}` };
        }
        const byRule = {};
        for (const f of json.findings ?? []) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
        return { info: { files: json.summary?.files, findings: (json.findings ?? []).length, byRule, errors: (json.errors ?? []).length, exitCode: r.code } };
      },
    },
    {
      id: 'eslint',
      title: 'ESLint, no rules',
      args: (dir) => [join(BENCH, 'lib/eslint-run.mjs'), dir],
      check: eslintCheck,
    },
    {
      id: 'eslint-plugin',
      title: 'ESLint + plugin',
      args: (dir) => [join(BENCH, 'lib/eslint-run.mjs'), dir, '--with-plugin'],
      check: eslintCheck,
    },
  ];
  function eslintCheck(r) {
    if (r.code !== 0) return { fail: `exit ${r.code ?? r.signal}: ${tailOf(r.stderr || r.stdout)}` };
    let json;
    try {
      json = JSON.parse(r.stdout.trim().split('\n').pop());
    } catch {
      return { fail: `stdout is not JSON: ${tailOf(r.stdout, 200)}` };
    }
    return { info: { files: json.files, fatal: json.fatal, findings: json.messages, byRule: json.byRule, fatalSamples: json.fatalSamples } };
  }

  const notes = [];
  let selected = opts.tools ?? tools.map((t) => t.id);
  const unknown = selected.filter((id) => !tools.some((t) => t.id === id));
  if (unknown.length) throw new Error(`unknown tool(s): ${unknown.join(', ')} (known: ${tools.map((t) => t.id).join(', ')})`);
  if (opts.skipEslint) selected = selected.filter((id) => !id.startsWith('eslint'));
  if (selected.includes('check') && !existsSync(CLI)) {
    notes.push(`NOT MEASURED check: ${relative(ROOT, CLI)} does not exist — run \`npm run build\` first.`);
    selected = selected.filter((id) => id !== 'check');
  }
  if (selected.includes('eslint-plugin') && !existsSync(PLUGIN)) {
    notes.push(`NOT MEASURED ESLint + plugin: ${relative(ROOT, PLUGIN)} does not exist — run \`npm run build\` first.`);
    selected = selected.filter((id) => id !== 'eslint-plugin');
  }
  const stale = staleBuild();
  if (stale && (selected.includes('check') || selected.includes('eslint-plugin'))) notes.push(`WARNING ${stale}`);
  return { tools: tools.filter((t) => selected.includes(t.id)), notes };
}

function newestMtime(dir) {
  let newest = 0;
  let newestFile = null;
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[cm]?tsx?$/.test(e.name)) {
        const m = statSync(p).mtimeMs;
        if (m > newest) {
          newest = m;
          newestFile = p;
        }
      }
    }
  };
  walk(dir);
  return { newest, newestFile };
}

function staleBuild() {
  if (!existsSync(CLI)) return null;
  const built = statSync(CLI).mtimeMs;
  const a = newestMtime(join(ROOT, 'src'));
  const b = newestMtime(join(ROOT, 'rules'));
  const n = a.newest > b.newest ? a : b;
  if (n.newest > built) return `dist/ is older than ${relative(ROOT, n.newestFile)} — the numbers are for the last build; run \`npm run build\` to measure the current sources.`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Stats and formatting

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

const sec = (ms) => (ms == null ? '—' : (ms / 1000).toFixed(2));
const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));
const fmtRatio = (x, d = 2) => (x == null || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));

function verdict(value, limit, cmp) {
  if (value == null || !Number.isFinite(value)) return 'n/a';
  return (cmp === '<=' ? value <= limit : value >= limit) ? 'PASS' : 'FAIL';
}

// ---------------------------------------------------------------------------------------------

function ensureCorpus(size, seed) {
  const lines = parseSize(size);
  const dir = join(BENCH, 'corpus', label(lines));
  const manifestPath = join(dir, 'corpus.json');
  if (existsSync(manifestPath)) {
    try {
      const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (m.seed === seed && m.target === lines && m.generatorHash === generatorHash()) return { dir, manifest: m, generatedMs: null };
    } catch {
      // regenerate
    }
  }
  const t0 = performance.now();
  const manifest = writeCorpus({ lines, seed, out: dir, force: true });
  return { dir, manifest, generatedMs: performance.now() - t0 };
}

function machineInfo() {
  const cpus = os.cpus();
  let commit = null;
  const g = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (g.status === 0) commit = g.stdout.trim();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    date: new Date().toISOString(),
    commit,
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  RSS_METHOD = detectRssMethod(opts.rss);
  const { tools, notes } = makeTools(opts);
  const machine = machineInfo();
  console.log(`line-bot-guard bench — node ${machine.node}, ${machine.cpus}× ${machine.cpuModel}, ${machine.totalMemMB} MB RAM`);
  console.log(`sizes ${opts.sizes.join(', ')}; ${opts.runs} run(s) + ${opts.warmup} warm-up per tool; seed ${opts.seed}; peak RSS via ${RSS_METHOD === 'gnu-time' ? '/usr/bin/time -f %M' : 'node --import bench/lib/rss-preload.mjs (process.resourceUsage().maxRSS)'}`);
  for (const n of notes) console.log(n);
  if (tools.length === 0) {
    console.log('nothing to measure');
    return 1;
  }

  const results = { machine, options: { ...opts, out: relative(ROOT, opts.out) }, rssMethod: RSS_METHOD, notes, sizes: {}, budgets: [] };
  const failures = [];

  for (const size of opts.sizes) {
    const { dir, manifest, generatedMs } = ensureCorpus(size, opts.seed);
    const name = label(parseSize(size));
    const rel = relative(ROOT, dir);
    console.log(`\n== ${name}: ${rel} — ${manifest.files} files, ${manifest.lines} lines; analysed ${manifest.analysed.files} files, ${manifest.analysed.lines} lines${generatedMs != null ? ` (generated in ${(generatedMs / 1000).toFixed(2)}s)` : ' (reused)'}`);
    const busyBefore = otherCpuBusy();
    if (busyBefore != null && busyBefore > 25) console.log(`  WARNING other processes use ${busyBefore.toFixed(0)}% of the CPUs right now: expect noisy numbers (close them or rerun)`);
    const state = Object.fromEntries(tools.map((t) => [t.id, { runs: [], rss: [], info: null, failed: null }]));
    for (let round = -opts.warmup; round < opts.runs; round++) {
      const parts = [];
      for (const t of tools) {
        const st = state[t.id];
        if (st.failed) continue;
        const r = measure(t.args(dir));
        const c = r.error ? { fail: `could not run: ${r.error.message}` } : t.check(r);
        if (c.fail) {
          st.failed = c.fail;
          failures.push(`${name} ${t.title}: ${c.fail}`);
          console.log(`  FAILED ${t.title}: ${c.fail}`);
          continue;
        }
        if (!st.info) st.info = c.info;
        if (round >= 0) {
          st.runs.push(r.ms);
          if (r.rssKB != null) st.rss.push(r.rssKB);
        }
        parts.push(`${t.id} ${sec(r.ms)}s`);
      }
      console.log(`  ${round < 0 ? 'warm-up' : `run ${round + 1}/${opts.runs}`}: ${parts.join(', ')}`);
    }

    const busyAfter = otherCpuBusy();
    if (busyAfter != null && busyAfter > 25) console.log(`  WARNING other processes used ${busyAfter.toFixed(0)}% of the CPUs after this size: the numbers above may be inflated`);
    const sizeResult = { dir: rel, otherCpuBusyPct: { before: busyBefore == null ? null : Math.round(busyBefore), after: busyAfter == null ? null : Math.round(busyAfter) }, corpus: { files: manifest.files, lines: manifest.lines, bytes: manifest.bytes, analysed: manifest.analysed, violations: manifest.violations }, tools: {} };
    for (const t of tools) {
      const st = state[t.id];
      const entry = { title: t.title, runs: st.runs.map((x) => Math.round(x)), rssRunsMB: st.rss.map((k) => Math.round(k / 1024)) };
      if (st.runs.length) {
        const s = stats(st.runs);
        Object.assign(entry, { median: Math.round(s.median), min: Math.round(s.min), max: Math.round(s.max) });
        entry.rssMB = st.rss.length ? Math.round(Math.max(...st.rss) / 1024) : null;
      }
      if (st.info) entry.info = st.info;
      if (st.failed) entry.failed = st.failed;
      sizeResult.tools[t.id] = entry;
    }
    const med = (id) => sizeResult.tools[id]?.median ?? null;
    const ratios = {
      checkOverFloor: med('check') && med('floor') ? med('check') / med('floor') : null,
      eslintOverCheck: med('check') && med('eslint') ? med('eslint') / med('check') : null,
      pluginOverhead: med('eslint-plugin') && med('eslint') ? med('eslint-plugin') / med('eslint') - 1 : null,
      checkSecPer10kLines: med('check') ? med('check') / 1000 / (manifest.analysed.lines / 10000) : null,
      checkRssMB: sizeResult.tools.check?.rssMB ?? null,
    };
    sizeResult.ratios = Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, v == null ? null : +v.toFixed(4)]));
    results.sizes[name] = sizeResult;
    printSize(name, sizeResult, tools);
  }

  // ---- budgets ----------------------------------------------------------------------------------
  const r100 = results.sizes['100k'];
  const r300 = results.sizes['300k'];
  const why100 = r100 ? null : 'size 100k not run';
  const growth = r100?.tools.check?.median && r300?.tools.check?.median ? r300.tools.check.median / r100.tools.check.median : null;
  const lineGrowth = r100 && r300 ? r300.corpus.analysed.lines / r100.corpus.analysed.lines : null;
  const missing = (id) => (why100 ? why100 : r100.tools[id]?.failed ? `${id} failed` : r100.tools[id]?.median == null ? `${id} not measured` : null);
  const budgets = [
    { id: 'check-vs-floor', text: 'check ≤ 2× floor at 100k', value: r100?.ratios.checkOverFloor, limit: BUDGETS.checkOverFloor, cmp: '<=', show: (v) => `${fmtRatio(v)}×`, missing: missing('check') ?? missing('floor') },
    { id: 'check-vs-eslint', text: 'check ≥ 2× faster than ESLint (no rules) at 100k', value: r100?.ratios.eslintOverCheck, limit: BUDGETS.eslintOverCheck, cmp: '>=', show: (v) => `${fmtRatio(v)}× faster`, missing: missing('check') ?? missing('eslint') },
    { id: 'plugin-overhead', text: 'ESLint plugin overhead ≤ 15% at 100k', value: r100?.ratios.pluginOverhead, limit: BUDGETS.pluginOverhead, cmp: '<=', show: (v) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`, missing: missing('eslint-plugin') ?? missing('eslint') },
    { id: 'check-rss', text: 'check peak RSS ≤ 400 MB at 100k', value: r100?.ratios.checkRssMB, limit: BUDGETS.checkRssMB, cmp: '<=', show: (v) => `${v} MB`, missing: missing('check') },
    { id: 'check-growth', text: 'check time 300k/100k ≤ 3.3 (linear)', value: growth, limit: BUDGETS.growth300over100, cmp: '<=', show: (v) => `${fmtRatio(v)} (lines ×${fmtRatio(lineGrowth)})`, missing: !r300 || !r100 ? 'sizes 100k and 300k both needed' : growth == null ? 'check not measured at both sizes' : null },
  ];
  console.log('\n== budgets');
  for (const b of budgets) {
    const status = b.missing ? 'n/a' : verdict(b.value, b.limit, b.cmp);
    const shown = b.missing ? `(${b.missing})` : b.show(b.value);
    console.log(`  ${pad(status, 4)}  ${pad(b.text, 52)} ${shown}`);
    results.budgets.push({ id: b.id, budget: b.text, value: b.value == null ? null : +Number(b.value).toFixed(4), limit: b.limit, status, ...(b.missing ? { reason: b.missing } : {}) });
  }
  results.growth = { check300over100: growth == null ? null : +growth.toFixed(4), analysedLines300over100: lineGrowth == null ? null : +lineGrowth.toFixed(4) };
  results.failures = failures;

  writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nresults written to ${relative(ROOT, opts.out)}`);
  if (failures.length) {
    console.log(`\n${failures.length} tool run(s) FAILED:`);
    for (const f of failures) console.log(`  - ${f}`);
  }
  const anyFail = results.budgets.some((b) => b.status === 'FAIL');
  return opts.failOnBudget && (anyFail || failures.length) ? 1 : 0;
}

function printSize(name, res, tools) {
  console.log(`\n  ${pad('tool', 24)}${pad('median s', 10, true)}${pad('min s', 9, true)}${pad('max s', 9, true)}${pad('RSS MB', 9, true)}   notes`);
  for (const t of tools) {
    const e = res.tools[t.id];
    let note = '';
    if (e.failed) note = `FAILED: ${e.failed.split('\n')[0].slice(0, 100)}`;
    else if (e.info) {
      const i = e.info;
      if (t.id === 'floor') note = `${i.files} files`;
      else if (t.id === 'check') note = `${i.files} files, ${i.findings} findings${i.errors ? `, ${i.errors} file errors` : ''}, exit ${i.exitCode}`;
      else note = `${i.files} files${i.fatal ? `, ${i.fatal} PARSE ERRORS` : ''}${t.id === 'eslint-plugin' ? `, ${i.findings} findings` : ''}`;
    }
    console.log(`  ${pad(t.title, 24)}${pad(sec(e.median), 10, true)}${pad(sec(e.min), 9, true)}${pad(sec(e.max), 9, true)}${pad(e.rssMB ?? '—', 9, true)}   ${note}`);
  }
  const r = res.ratios;
  const x = (v) => (v == null ? 'n/a' : `${fmtRatio(v)}×`);
  console.log(`  ratios: check/floor ${x(r.checkOverFloor)}, ESLint-no-rules/check ${x(r.eslintOverCheck)}, plugin overhead ${r.pluginOverhead == null ? 'n/a' : `${(r.pluginOverhead * 100).toFixed(1)}%`}, check ${fmtRatio(r.checkSecPer10kLines, 3)} s per 10k lines`);
  // consistency: the tools should see the same file set
  const floorFiles = res.tools.floor?.info?.files;
  for (const id of ['check', 'eslint', 'eslint-plugin']) {
    const f = res.tools[id]?.info?.files;
    if (floorFiles != null && f != null && f !== floorFiles) console.log(`  WARNING ${id} saw ${f} files, floor ${floorFiles}: the ignore rules differ (bench/lib/ignore.mjs vs src/project/files.ts)`);
  }
  const cf = res.tools.check?.info?.findings;
  const pf = res.tools['eslint-plugin']?.info?.findings;
  if (cf != null && pf != null && cf !== pf) console.log(`  note: CLI reported ${cf} findings, ESLint plugin ${pf} (the design says they should match)`);
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exitCode = 2;
}
