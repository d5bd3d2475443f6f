/**
 * Where a checked directory sits in its repository, so that SARIF and GitHub annotations carry
 * repository-relative paths (GitHub resolves them against the repository root) even when the run root
 * is a sub-folder such as `packages/bot`. Found by looking for `.git` upwards; no git process.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The nearest directory at or above `start` that holds `.git` (a folder, or a file in worktrees). */
export function repositoryRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The run root's POSIX path inside its repository ('' at the top, or when not in a repository). */
export function repositoryPrefix(root: string): { repositoryRoot: string; prefix: string } {
  const top = repositoryRoot(root);
  if (!top) return { repositoryRoot: path.resolve(root), prefix: '' };
  const prefix = path.relative(top, path.resolve(root)).split(path.sep).join('/');
  return { repositoryRoot: top, prefix };
}
