#!/usr/bin/env node
// ESLint baseline for the benchmark: lint every analysable JS/TS file of <dir> with ESLint's Node API,
// `@typescript-eslint/parser`, no config lookup and (by default) NO rules — the cost of ESLint's own
// file walk + parse + scope analysis. With --with-plugin, add line-bot-guard's ESLint plugin
// (`plugin.configs.recommended`) to measure what the plugin adds on top.
//
//   node bench/lib/eslint-run.mjs <dir> [--with-plugin]
//
// Prints one JSON line: {"files", "fatal", "messages", "byRule", "ms"}. Exit 0 on success (findings
// included), 2 when ESLint or the plugin cannot run.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { ESLINT_FILES, ESLINT_IGNORES } from './ignore.mjs';

const args = process.argv.slice(2);
const withPlugin = args.includes('--with-plugin');
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: node bench/lib/eslint-run.mjs <dir> [--with-plugin]');
  process.exit(2);
}

const t0 = performance.now();
const overrideConfig = [
  { ignores: ESLINT_IGNORES },
  {
    files: ESLINT_FILES,
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
];

if (withPlugin) {
  let plugin;
  try {
    plugin = (await import('line-bot-guard/eslint-plugin')).default;
  } catch (error) {
    console.error(`cannot load line-bot-guard/eslint-plugin (run \`npm run build\` first): ${error.message}`);
    process.exit(2);
  }
  const rec = plugin?.configs?.recommended;
  if (!rec) {
    console.error('line-bot-guard/eslint-plugin has no configs.recommended');
    process.exit(2);
  }
  for (const c of Array.isArray(rec) ? rec : [rec]) overrideConfig.push({ files: ESLINT_FILES, ...c });
}

try {
  const eslint = new ESLint({
    cwd: resolve(dir),
    overrideConfigFile: true,
    overrideConfig,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    cache: false,
  });
  const results = await eslint.lintFiles(['.']);
  let fatal = 0;
  let messages = 0;
  const byRule = {};
  const fatalSamples = [];
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal) {
        fatal++;
        if (fatalSamples.length < 5) fatalSamples.push(`${r.filePath}:${m.line} ${m.message}`);
        continue;
      }
      messages++;
      const id = m.ruleId ?? '(none)';
      byRule[id] = (byRule[id] ?? 0) + 1;
    }
  }
  const out = { files: results.length, fatal, messages, byRule, ms: Math.round(performance.now() - t0) };
  if (fatalSamples.length) out.fatalSamples = fatalSamples;
  console.log(JSON.stringify(out));
} catch (error) {
  console.error(`eslint run failed: ${error.stack ?? error}`);
  process.exit(2);
}
