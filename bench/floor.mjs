#!/usr/bin/env node
// The floor: read and parse every analysable JS/TS file of <dir> exactly once with the engine's
// TypeScript (the one ts-morph bundles), then print the number of files parsed.
// Run it as its own process: its wall time (start-up + import + read + parse) is the least any
// syntax-based checker built on this compiler can spend on the same files.
//
//   node bench/floor.mjs <dir> [--json]
//
// --json prints {"files":N,"lines":N,"bytes":N,"parseDiagnostics":N,"ms":N} instead of the count.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ts } from 'ts-morph';
import { listSourceFiles } from './lib/ignore.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: node bench/floor.mjs <dir> [--json]');
  process.exit(2);
}

function scriptKind(path) {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.ts') || path.endsWith('.mts') || path.endsWith('.cts')) return ts.ScriptKind.TS;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

const t0 = performance.now();
const files = listSourceFiles(resolve(dir));
let lines = 0;
let bytes = 0;
let diagnostics = 0;
for (const path of files) {
  const text = readFileSync(path, 'utf8');
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  if (json) {
    bytes += Buffer.byteLength(text);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
    diagnostics += sf.parseDiagnostics?.length ?? 0;
  }
}
if (json) {
  const ms = Math.round(performance.now() - t0);
  console.log(JSON.stringify({ files: files.length, lines, bytes, parseDiagnostics: diagnostics, ms }));
} else {
  console.log(files.length);
}
