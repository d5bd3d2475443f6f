#!/usr/bin/env node
// Sanity check for a generated corpus: every JS/TS file (tests and ignored folders included) must
// parse without syntax diagnostics. Used while developing the generator.
//   node bench/lib/validate-corpus.mjs bench/corpus/10k
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { isSourceFile } from './ignore.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/lib/validate-corpus.mjs <dir>');
  process.exit(2);
}
const all = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(d, e.name));
    else if (isSourceFile(e.name)) all.push(join(d, e.name));
  }
};
walk(dir);
let n = 0;
for (const p of all) {
  const k = p.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.[mc]?ts$/.test(p) ? ts.ScriptKind.TS : p.endsWith('.jsx') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(p, readFileSync(p, 'utf8'), ts.ScriptTarget.Latest, true, k);
  for (const d of sf.parseDiagnostics) {
    n++;
    if (n <= 40) {
      const { line } = sf.getLineAndCharacterOfPosition(d.start);
      console.log(`${p}:${line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
}
console.log(`${all.length} files, ${n} syntax diagnostics`);
process.exit(n ? 1 : 0);
