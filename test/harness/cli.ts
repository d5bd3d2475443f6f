/** Spawns the built CLI (`dist/src/cli/bin.js`), as users run it. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import type { RunResult } from '../../src/engine/types.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(PROJECT_ROOT, 'dist/src/cli/bin.js');
export const FIXTURES = path.join(PROJECT_ROOT, 'fixtures');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliRun {
  if (!fs.existsSync(BIN)) throw new Error(`built CLI missing at ${BIN}: run "npm run build" first (npm test does)`);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function checkJson(dir: string, extra: string[] = []): { run: CliRun; result: RunResult } {
  const run = runCli(['check', dir, '--format', 'json', ...extra]);
  if (run.status === 2) throw new Error(`CLI failed on ${dir}: ${run.stderr}`);
  return { run, result: JSON.parse(run.stdout) as RunResult };
}

/** Fixture bots: every folder of fixtures/ (each is a small repository). */
export function fixtureDirs(): string[] {
  return fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(FIXTURES, d.name))
    .sort();
}
