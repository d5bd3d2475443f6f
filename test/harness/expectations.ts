/**
 * Inline expectation marks in fixture bots (CodeQL style): a comment `// $ line-bot/<id>` (or
 * `/* $ line-bot/<id> *\/`) on a line says exactly one finding of that rule starts on that line. Several
 * ids may follow one `$`; an id may repeat for several findings on one line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles, toPosix } from '../../src/project/files.js';

export interface Expected {
  file: string;
  line: number;
  ruleId: string;
}

const MARK = /(?:\/\/|\/\*|\{\/\*)\s*\$\s+((?:line-bot\/[a-z0-9-]+[\s,]*)+)/g;

export function expectationsIn(root: string, options: { includeTests?: boolean } = {}): Expected[] {
  const expected: Expected[] = [];
  for (const file of discoverFiles(root, options).files) {
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    lines.forEach((text, index) => {
      for (const match of text.matchAll(MARK)) {
        for (const ruleId of match[1]!.split(/[\s,]+/).filter(Boolean)) {
          expected.push({ file: toPosix(path.relative(root, file)), line: index + 1, ruleId });
        }
      }
    });
  }
  return expected.sort(compareExpected);
}

export function compareExpected(a: Expected, b: Expected): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId);
}

/** Multiset difference of expected and actual marks, printable in a failing assertion. */
export function diffExpectations(expected: Expected[], actual: Expected[]): { missing: string[]; extra: string[] } {
  const key = (e: Expected) => `${e.file}:${e.line} ${e.ruleId}`;
  const counts = new Map<string, number>();
  for (const e of expected) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
  const extra: string[] = [];
  for (const a of actual) {
    const k = key(a);
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else extra.push(k);
  }
  const missing = [...counts].flatMap(([k, n]) => Array.from({ length: n }, () => k));
  return { missing, extra };
}
