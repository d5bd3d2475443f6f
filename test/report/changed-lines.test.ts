import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  ChangedLinesError,
  changedLinesSince,
  filterToChangedLines,
  parseUnifiedDiff,
  unquoteGitPath,
} from '../../src/report/changed-lines.js';
import { makeFinding } from './helpers.js';

const temporaryDirectories: string[] = [];

afterEach(() => {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function makeTemporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'lbg-changed-lines-'));
  temporaryDirectories.push(directory);
  return directory;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function lines(count: number, label = 'line'): string {
  return Array.from({ length: count }, (_, index) => `${label} ${index + 1}`).join('\n') + '\n';
}

/** A repository with one commit tagged `base`. */
function makeRepository(files: Record<string, string>): string {
  const root = makeTemporaryDirectory();
  git(root, 'init', '--quiet', '--initial-branch=main');
  for (const [file, text] of Object.entries(files)) write(root, file, text);
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--message', 'base');
  git(root, 'tag', 'base');
  return root;
}

function asObject(changed: Map<string, Set<number>>): Record<string, number[]> {
  return Object.fromEntries([...changed].map(([file, changedLines]) => [file, [...changedLines].sort((a, b) => a - b)]));
}

describe('changedLinesSince', () => {
  it('returns nothing for an unchanged work tree', () => {
    const root = makeRepository({ 'src/app.ts': lines(5) });
    expect(asObject(changedLinesSince('base', root))).toEqual({});
  });

  it('returns added and edited lines, staged or not, and nothing for deletions', () => {
    const root = makeRepository({ 'src/app.ts': lines(10), 'src/other.ts': lines(4) });
    const edited = lines(10).replace('line 3\n', 'line 3 edited\n').replace('line 7\n', 'line 7\nnew 7a\nnew 7b\n');
    write(root, 'src/app.ts', edited);
    write(root, 'src/other.ts', lines(4).replace('line 2\n', ''));
    git(root, 'add', 'src/other.ts');
    expect(asObject(changedLinesSince('base', root))).toEqual({
      'src/app.ts': [3, 8, 9],
      'src/other.ts': [],
    });
  });

  it('includes committed changes since the ref', () => {
    const root = makeRepository({ 'a.ts': lines(3) });
    write(root, 'a.ts', `${lines(3)}line 4\n`);
    git(root, 'commit', '--quiet', '--all', '--message', 'second');
    expect(asObject(changedLinesSince('base', root))).toEqual({ 'a.ts': [4] });
    expect(asObject(changedLinesSince('HEAD', root))).toEqual({});
  });

  it('counts every line of untracked files, but not ignored ones', () => {
    const root = makeRepository({ '.gitignore': 'dist/\n', 'a.ts': lines(2) });
    write(root, 'src/new.ts', 'one\r\ntwo\r\nthree');
    write(root, 'dist/out.js', lines(3));
    expect(asObject(changedLinesSince('base', root))).toEqual({ 'src/new.ts': [1, 2, 3] });
  });

  it('counts a new file added to the index as fully changed', () => {
    const root = makeRepository({ 'a.ts': lines(2) });
    write(root, 'b.ts', lines(3));
    git(root, 'add', 'b.ts');
    expect(asObject(changedLinesSince('base', root))).toEqual({ 'b.ts': [1, 2, 3] });
  });

  it('handles file names with spaces, non-ASCII characters and quotes', () => {
    const root = makeRepository({ 'my dir/a file.ts': lines(2), 'src/日本語.ts': lines(2), 'q"uote.ts': lines(2) });
    write(root, 'my dir/a file.ts', `${lines(2)}added\n`);
    write(root, 'src/日本語.ts', `${lines(2)}added\n`);
    write(root, 'q"uote.ts', `${lines(2)}added\n`);
    write(root, 'untracked dir/ü.ts', 'x\n');
    expect(asObject(changedLinesSince('base', root))).toEqual({
      'my dir/a file.ts': [3],
      'src/日本語.ts': [3],
      'q"uote.ts': [3],
      'untracked dir/ü.ts': [1, 2],
    });
  });

  it('returns paths relative to a run root below the top level, leaving out files outside it', () => {
    const root = makeRepository({ 'packages/bot/src/a.ts': lines(2), 'packages/web/b.ts': lines(2), 'c.ts': lines(2) });
    write(root, 'packages/bot/src/a.ts', `${lines(2)}added\n`);
    write(root, 'packages/web/b.ts', `${lines(2)}added\n`);
    write(root, 'c.ts', `${lines(2)}added\n`);
    write(root, 'packages/bot/new.ts', 'x');
    expect(asObject(changedLinesSince('base', path.join(root, 'packages/bot')))).toEqual({
      'src/a.ts': [3],
      'new.ts': [1],
    });
  });

  it('is not fooled by added lines that look like diff headers', () => {
    const root = makeRepository({ 'a.ts': lines(2) });
    write(root, 'a.ts', `${lines(2)}++ b/fake.ts\n@@ -1 +50,2 @@\n`);
    expect(asObject(changedLinesSince('base', root))).toEqual({ 'a.ts': [3, 4] });
  });

  it('throws a ChangedLinesError naming the directory outside a git work tree', () => {
    const outside = makeTemporaryDirectory();
    expect(() => changedLinesSince('main', outside)).toThrow(ChangedLinesError);
    expect(() => changedLinesSince('main', outside)).toThrow(
      new RegExp(`"${outside.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not inside one`),
    );
  });

  it('throws a ChangedLinesError naming an unknown ref', () => {
    const root = makeRepository({ 'a.ts': lines(1) });
    expect(() => changedLinesSince('origin/does-not-exist', root)).toThrow(ChangedLinesError);
    expect(() => changedLinesSince('origin/does-not-exist', root)).toThrow(
      /git ref "origin\/does-not-exist" is unknown/,
    );
  });

  it('refuses a ref that git would read as an option', () => {
    const root = makeRepository({ 'a.ts': lines(1) });
    expect(() => changedLinesSince('--output=/tmp/x', root)).toThrow(/needs a git ref/);
  });

  it('throws a ChangedLinesError for a directory that does not exist', () => {
    const missing = path.join(makeTemporaryDirectory(), 'missing');
    expect(() => changedLinesSince('main', missing)).toThrow(/directory ".*missing" does not exist/);
  });
});

describe('parseUnifiedDiff', () => {
  it('reads hunk headers, with and without counts', () => {
    const diff = [
      'diff --git a/x.ts b/x.ts',
      'index 1111111..2222222 100644',
      '--- a/x.ts',
      '+++ b/x.ts',
      '@@ -3 +3 @@ function f() {',
      '-old',
      '+new',
      '@@ -10,0 +11,3 @@',
      '+a',
      '+b',
      '+c',
      '@@ -20,2 +23,0 @@',
      '-gone',
      '-gone too',
      'diff --git a/deleted.ts b/deleted.ts',
      'deleted file mode 100644',
      '--- a/deleted.ts',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-x',
      '-y',
      '',
    ].join('\n');
    expect(asObject(parseUnifiedDiff(diff))).toEqual({ 'x.ts': [3, 11, 12, 13] });
  });

  it('reads quoted and tab-terminated paths', () => {
    const diff = [
      '+++ "b/tab\\there.ts"',
      '@@ -0,0 +1 @@',
      '+x',
      '+++ b/with space.ts\t',
      '@@ -0,0 +1 @@',
      '+x',
    ].join('\n');
    expect(asObject(parseUnifiedDiff(diff))).toEqual({ 'tab\there.ts': [1], 'with space.ts': [1] });
  });

  it('decodes octal UTF-8 escapes in quoted paths', () => {
    expect(unquoteGitPath('"b/\\346\\227\\245.ts"')).toBe('b/日.ts');
    expect(unquoteGitPath('"a\\\\b\\"c"')).toBe('a\\b"c');
  });
});

describe('filterToChangedLines', () => {
  const changed = new Map([['src/app.ts', new Set([5, 6])]]);

  it('keeps findings whose line range touches a changed line', () => {
    const findings = [
      makeFinding({ line: 5 }),
      makeFinding({ line: 2, endLine: 5 }),
      makeFinding({ line: 6, endLine: 9 }),
      makeFinding({ line: 4 }),
      makeFinding({ line: 7, endLine: 8 }),
      makeFinding({ file: 'src/other.ts', line: 5 }),
    ];
    expect(filterToChangedLines(findings, changed).map((finding) => [finding.line, finding.endLine])).toEqual([
      [5, 5],
      [2, 5],
      [6, 9],
    ]);
  });

  it('matches paths written with ./', () => {
    expect(filterToChangedLines([makeFinding({ file: './src/app.ts', line: 6 })], changed)).toHaveLength(1);
  });

  it('keeps nothing when nothing changed', () => {
    expect(filterToChangedLines([makeFinding()], new Map())).toEqual([]);
  });
});
