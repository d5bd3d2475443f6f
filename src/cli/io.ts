/** What a command talks to: injectable so commands can be driven from tests without a process. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrStream: { isTTY?: boolean; write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrStream: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Writes `text` to `file` (relative to cwd), creating its folder. */
export function writeOutputFile(file: string, text: string, cwd: string): string {
  const absolute = path.resolve(cwd, file);
  try {
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, text);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as Error).message}`);
  }
  return absolute;
}
