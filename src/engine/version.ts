/** The package version, read once from package.json (works from src/ under vitest and from dist/). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const json = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
      if (json.name === 'line-bot-guard') return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('line-bot-guard: package.json not found');
    dir = parent;
  }
}

export const PACKAGE_JSON_PATH = findPackageJson(path.dirname(fileURLToPath(import.meta.url)));
export const PACKAGE_ROOT = path.dirname(PACKAGE_JSON_PATH);
export const VERSION: string = (JSON.parse(fs.readFileSync(PACKAGE_JSON_PATH, 'utf8')) as { version: string }).version;
export const REPOSITORY_URL = 'https://github.com/line-bot-guard/line-bot-guard';
export const ruleDocUrl = (id: string): string => `${REPOSITORY_URL}/blob/main/rules/${id}.md`;
