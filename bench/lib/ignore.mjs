// Which files the benchmark tools look at. Mirrors the checker's default ignores: dependency and
// build-output folders, and test files. Keep this list in sync with the engine's defaults
// (src/project/) — if they diverge, floor/ESLint and the checker parse different file sets and the
// ratios lie; run.mjs warns when the checker's file count differs from the floor's.
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
  '.svelte-kit',
  '.vercel',
  '.netlify',
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
export const TEST_DIRS = ['__tests__', '__mocks__'];

const TEST_FILE_RE = /\.(test|spec)\.[cm]?[jt]sx?$/;

export function isSourceFile(name) {
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
