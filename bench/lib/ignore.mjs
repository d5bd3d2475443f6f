// Which files the benchmark tools look at. Mirrors the checker's defaults in src/project/files.ts
// (DEFAULT_IGNORED_DIRS, test folders and *.test/*.spec files, no .d.ts, no minified bundles). Keep
// the two in sync: if they diverge, floor/ESLint and the checker parse different file sets and the
// ratios lie. run.mjs warns when the checker's file count differs from the floor's.
// (The checker also honours .gitignore files; the generated corpus's .gitignore only lists folders
// that are ignored by default anyway, so the file sets agree.)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SOURCE_EXTENSIONS = ['.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx'];

/** Folder names skipped anywhere in the tree. */
export const IGNORED_DIRS = [
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
  '.turbo',
  '.cache',
  '.firebase',
  '.serverless',
  '.aws-sam',
  '.git',
  '.hg',
  '.svn',
];

/** Folder names whose contents are tests. */
export const TEST_DIRS = ['__tests__', '__mocks__', 'test', 'tests'];

const TEST_FILE_RE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const DECLARATION_RE = /\.d\.[cm]?ts$/;
const MINIFIED_RE = /[.-]min\.[cm]?js$|\.bundle\.[cm]?js$/;

export function isSourceFile(name) {
  if (DECLARATION_RE.test(name) || MINIFIED_RE.test(name)) return false;
  return SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext));
}

export function isTestFile(name) {
  return TEST_FILE_RE.test(name);
}

/** Globs for ESLint flat config `ignores`. */
export const ESLINT_IGNORES = [
  ...IGNORED_DIRS.map((d) => `**/${d}/`),
  ...TEST_DIRS.map((d) => `**/${d}/`),
  '**/*.test.*',
  '**/*.spec.*',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/*{.,-}min.{js,cjs,mjs}',
  '**/*.bundle.{js,cjs,mjs}',
];

/** ESLint flat config `files` pattern. */
export const ESLINT_FILES = ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'];

/** All analysable source files under `root`, sorted, absolute paths. Symlinks are not followed. */
export function listSourceFiles(root) {
  const out = [];
  const skipDirs = new Set([...IGNORED_DIRS, ...TEST_DIRS]);
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!skipDirs.has(e.name)) walk(join(dir, e.name));
      } else if (e.isFile() && isSourceFile(e.name) && !isTestFile(e.name)) {
        out.push(join(dir, e.name));
      }
    }
  };
  walk(root);
  return out;
}
