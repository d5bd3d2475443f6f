/**
 * `--changed-since <ref>`: the lines added or edited since a git ref, so a run can report only
 * findings on them (like GitHub PR checks, which show an alert only on lines the PR touched).
 *
 * Changed = what `git diff <ref>` shows as added in the working tree (staged or not), plus every
 * line of untracked, not ignored files. Deleted lines change nothing that is still there to flag.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { Finding } from '../engine/types.js';

/** Changed line numbers (1-based) by POSIX path relative to the run root. */
export type ChangedLines = Map<string, Set<number>>;

/** Why changed lines cannot be computed; the message is meant for the user as is. */
export class ChangedLinesError extends Error {
  override readonly name = 'ChangedLinesError';
}

const GIT_MAX_BUFFER = 512 * 1024 * 1024;
const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
/** Line breaks as the engine (TypeScript) counts them. */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

/**
 * Lines changed in the working tree of `cwd` since `ref`, keyed by path relative to `cwd`
 * (files outside `cwd` are left out).
 * @throws {ChangedLinesError} when git is missing, `cwd` is not in a work tree or `ref` is unknown.
 */
export function changedLinesSince(ref: string, cwd: string): ChangedLines {
  if (ref === '' || ref.startsWith('-')) {
    throw new ChangedLinesError(`--changed-since needs a git ref such as "origin/main" or a commit SHA, got "${ref}".`);
  }
  const { topLevel, prefix } = locateWorkTree(cwd);
  verifyRef(ref, topLevel);

  const diff = runGit(
    [
      '-c',
      'core.quotePath=false',
      'diff',
      '--unified=0',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      // Explicit prefixes: user settings such as diff.noprefix or diff.mnemonicPrefix change them.
      '--src-prefix=a/',
      '--dst-prefix=b/',
      ref,
      '--',
    ],
    topLevel,
  );
  const changedFromTopLevel = parseUnifiedDiff(diff);
  for (const file of untrackedFiles(topLevel)) {
    changedFromTopLevel.set(file, allLinesOf(path.join(topLevel, file)));
  }

  const changed: ChangedLines = new Map();
  for (const [file, lines] of changedFromTopLevel) {
    if (!file.startsWith(prefix)) continue;
    changed.set(file.slice(prefix.length), lines);
  }
  return changed;
}

/** Findings with at least one line (from `line` to `endLine`) among the changed ones. */
export function filterToChangedLines(findings: readonly Finding[], changed: ChangedLines): Finding[] {
  return findings.filter((finding) => {
    const lines = changed.get(normaliseRelativePath(finding.file));
    if (!lines) return false;
    const lastLine = Math.max(finding.line, finding.endLine);
    for (let line = finding.line; line <= lastLine; line += 1) {
      if (lines.has(line)) return true;
    }
    return false;
  });
}

/**
 * Added line numbers per new-side path of a `git diff --unified=0` output (paths as in the diff,
 * without the `b/` prefix). A hunk `@@ -a,b +c,d @@` adds lines c..c+d-1; d defaults to 1.
 */
export function parseUnifiedDiff(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: Set<number> | undefined;
  // Lines still to come in the current hunk: its body can hold lines that look like headers
  // (an added line "++ x" reads "+++ x"), so it is skipped by count, not by pattern.
  let removedLeft = 0;
  let addedLeft = 0;
  for (const line of diff.split('\n')) {
    if (removedLeft > 0 || addedLeft > 0) {
      if (line.startsWith('-')) removedLeft -= 1;
      else if (line.startsWith('+')) addedLeft -= 1;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      current = undefined;
    } else if (line.startsWith('+++ ')) {
      const file = newSidePath(line.slice('+++ '.length));
      current = undefined;
      if (file !== undefined) {
        current = changed.get(file) ?? new Set<number>();
        changed.set(file, current);
      }
    } else if (line.startsWith('@@ ')) {
      const hunk = HUNK_HEADER.exec(line);
      if (!hunk) continue;
      removedLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      const start = Number(hunk[2]);
      addedLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
      for (let offset = 0; offset < addedLeft; offset += 1) current?.add(start + offset);
    }
  }
  return changed;
}

/** The path of a `+++` header, or undefined for a deleted file (`/dev/null`). */
function newSidePath(header: string): string | undefined {
  // git ends the header with a tab when the name contains a space.
  const raw = header.endsWith('\t') ? header.slice(0, -1) : header;
  if (raw === '/dev/null') return undefined;
  const unquoted = raw.startsWith('"') ? unquoteGitPath(raw) : raw;
  return unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Decodes a path git C-quoted (control characters, quotes, backslashes, octal UTF-8 bytes). */
export function unquoteGitPath(quoted: string): string {
  const body = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
  const bytes: number[] = [];
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(index + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 3;
    } else {
      const escaped = body[index + 1];
      bytes.push(C_ESCAPES[escaped] ?? escaped.charCodeAt(0));
      index += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function locateWorkTree(cwd: string): { topLevel: string; prefix: string } {
  let output: string;
  try {
    output = runGit(['rev-parse', '--show-toplevel', '--show-prefix'], cwd);
  } catch (error) {
    if (error instanceof ChangedLinesError) throw error;
    throw new ChangedLinesError(
      `--changed-since needs a git work tree, but "${cwd}" is not inside one (${gitMessage(error)}).`,
    );
  }
  const [topLevel = '', prefix = ''] = output.split('\n');
  if (topLevel === '') {
    throw new ChangedLinesError(`--changed-since needs a git work tree, but "${cwd}" is not inside one.`);
  }
  return { topLevel, prefix };
}

function verifyRef(ref: string, topLevel: string): void {
  try {
    // `ref` cannot start with '-' (checked above), so it cannot be taken for an option.
    runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], topLevel);
  } catch (error) {
    if (error instanceof ChangedLinesError) throw error;
    throw new ChangedLinesError(
      `--changed-since: git ref "${ref}" is unknown in ${topLevel}. In CI, fetch it first ` +
        '(e.g. `git fetch origin main`, or checkout with fetch-depth: 0) or pass a commit SHA.',
    );
  }
}

function untrackedFiles(topLevel: string): string[] {
  return runGit(['ls-files', '--others', '--exclude-standard', '-z'], topLevel)
    .split('\0')
    .filter((file) => file !== '');
}

/** Every line of a file, as the engine numbers them; none when it cannot be read. */
function allLinesOf(absolutePath: string): Set<number> {
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch {
    return new Set();
  }
  const lineCount = text.split(LINE_BREAK).length;
  return new Set(Array.from({ length: lineCount }, (_, index) => index + 1));
}

function normaliseRelativePath(file: string): string {
  return path.posix.normalize(file.replaceAll('\\', '/')).replace(/^(\.\/)+/, '');
}

function runGit(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: GIT_MAX_BUFFER,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A user's pager or locale settings must not change what we parse.
      env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !existsAsDirectory(cwd)) {
      throw new ChangedLinesError(`--changed-since: directory "${cwd}" does not exist.`);
    }
    if (code === 'ENOENT') {
      throw new ChangedLinesError('--changed-since needs git, but it is not installed or not on PATH.');
    }
    throw error;
  }
}

/** execFileSync reports a missing cwd as ENOENT, like a missing git binary: tell them apart. */
function existsAsDirectory(directory: string): boolean {
  try {
    return statSync(directory).isDirectory();
  } catch {
    return false;
  }
}

function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return stderr ? stderr.split('\n')[0] : (error as Error).message;
}
