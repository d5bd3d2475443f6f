/**
 * Which files of a target directory are analysed: JS/TS sources, honouring .gitignore files and the
 * default ignores of build output, leaving test files out unless asked.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** Folders that hold dependencies or generated output, never the bot's own code. */
export const DEFAULT_IGNORED_DIRS = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.output',
  '.vercel',
  '.wrangler',
  '.serverless',
  '.aws-sam',
  '.firebase',
  '.turbo',
  '.cache',
  '.git',
  '.svn',
  '.hg',
]);

const TEST_DIRS = new Set(['__tests__', '__mocks__', 'test', 'tests']);
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const MINIFIED_FILE = /[.-]min\.[cm]?js$|\.bundle\.[cm]?js$/;

/** Files larger than this are not parsed (generated bundles, data blobs). */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface DiscoverOptions {
  includeTests?: boolean;
  /** Extra gitignore-style patterns, relative to the root. */
  ignorePatterns?: string[];
}

export interface DiscoveredFiles {
  /** Absolute paths of files to analyse, sorted. */
  files: string[];
  /** Absolute paths of package.json files found (package roots), sorted. */
  packageJsons: string[];
  /** Files skipped with a reason the user should see. */
  skipped: { file: string; message: string }[];
}

export function isTestPath(relativePosixPath: string): boolean {
  if (TEST_FILE.test(relativePosixPath)) return true;
  const parts = relativePosixPath.split('/');
  parts.pop();
  return parts.some((part) => TEST_DIRS.has(part));
}

export function isSourceFile(fileName: string): boolean {
  if (DECLARATION_FILE.test(fileName)) return false;
  return SOURCE_EXTENSIONS.some((ext) => fileName.endsWith(ext));
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

interface IgnoreScope {
  base: string;
  rules: Ignore;
}

function readGitignore(dir: string): Ignore | undefined {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return ignore().add(text);
}

function isIgnoredByScopes(absolute: string, isDir: boolean, scopes: IgnoreScope[]): boolean {
  for (const scope of scopes) {
    let relative = toPosix(path.relative(scope.base, absolute));
    if (!relative || relative.startsWith('..')) continue;
    if (isDir) relative += '/';
    if (scope.rules.ignores(relative)) return true;
  }
  return false;
}

/** Walks `root` (an absolute directory) and returns the files to analyse. */
export function discoverFiles(root: string, options: DiscoverOptions = {}): DiscoveredFiles {
  const files: string[] = [];
  const packageJsons: string[] = [];
  const skipped: { file: string; message: string }[] = [];
  const visitedDirs = new Set<string>();
  const extra = options.ignorePatterns?.length ? ignore().add(options.ignorePatterns) : undefined;

  const visit = (dir: string, scopes: IgnoreScope[]): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    // A symlink cycle would otherwise walk forever.
    if (visitedDirs.has(real)) return;
    visitedDirs.add(real);

    const own = readGitignore(dir);
    const active = own ? [...scopes, { base: dir, rules: own }] : scopes;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push({ file: dir, message: `cannot read directory: ${(error as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(absolute);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue; // dangling link
        }
      }
      const relative = toPosix(path.relative(root, absolute));
      if (isDir) {
        if (DEFAULT_IGNORED_DIRS.has(entry.name)) continue;
        if (!options.includeTests && TEST_DIRS.has(entry.name)) continue;
        if (isIgnoredByScopes(absolute, true, active)) continue;
        if (extra?.ignores(relative + '/')) continue;
        visit(absolute, active);
      } else if (isFile) {
        if (entry.name === 'package.json') {
          if (!isIgnoredByScopes(absolute, false, active)) packageJsons.push(absolute);
          continue;
        }
        if (!isSourceFile(entry.name) || MINIFIED_FILE.test(entry.name)) continue;
        if (!options.includeTests && isTestPath(relative)) continue;
        if (isIgnoredByScopes(absolute, false, active)) continue;
        if (extra?.ignores(relative)) continue;
        files.push(absolute);
      }
    }
  };

  visit(root, []);
  files.sort();
  packageJsons.sort();
  return { files, packageJsons, skipped };
}

/** Reads a source file, refusing binary and oversized content with a message. */
export function readSourceText(file: string): { text: string } | { error: string } {
  let buffer: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_FILE_BYTES) {
      return { error: `skipped: file is ${Math.round(stat.size / 1024)} KiB, larger than the ${MAX_FILE_BYTES / 1024} KiB limit for source files` };
    }
    buffer = fs.readFileSync(file);
  } catch (error) {
    return { error: `cannot read file: ${(error as Error).message}` };
  }
  if (buffer.subarray(0, 8000).includes(0)) return { error: 'skipped: binary content' };
  const text = buffer.toString('utf8');
  // A single huge line is the signature of a minified bundle.
  if (text.length > 20_000 && !text.slice(0, 20_000).includes('\n')) {
    return { error: 'skipped: looks like a minified bundle (no line breaks)' };
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
