#!/usr/bin/env node
/**
 * `npm run docs`: regenerates the README rule table and the header of every rules/<id>.md from the
 * rule catalogue (the built one: `npm run docs` builds first). `--check` writes nothing and exits 1
 * when a file is stale (test/docs-sync.test.ts asserts the same).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { docChanges } = await import(path.join(root, 'dist/src/cli/catalogue-docs.js'));
const { RULE_METAS } = await import(path.join(root, 'dist/rules/index.js'));

const check = process.argv.includes('--check');
const changes = docChanges(root, RULE_METAS);
for (const change of changes) {
  const shown = path.relative(root, change.file);
  if (check) {
    console.error(`stale: ${shown}`);
  } else {
    fs.writeFileSync(change.file, change.text);
    console.log(`updated ${shown}`);
  }
}
if (check && changes.length > 0) {
  console.error('Run "npm run docs" to regenerate them.');
  process.exitCode = 1;
} else if (changes.length === 0) {
  console.log(`Docs are up to date (${RULE_METAS.length} rules).`);
}
