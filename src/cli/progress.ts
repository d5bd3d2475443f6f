/**
 * A one-line progress indicator on stderr for runs that take more than a second. Only on an
 * interactive terminal: silent when stderr is not a TTY (pipes, files, editors) and in CI (`CI` set).
 * The run itself is synchronous, so the engine reports each analysed file and the line is redrawn at
 * most every `intervalMs`.
 */

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream: ProgressStream;
  env: Record<string, string | undefined>;
  /** Milliseconds clock (injectable for tests). */
  now?: () => number;
  /** Nothing is shown before this much time has passed. */
  delayMs?: number;
  intervalMs?: number;
}

export interface Progress {
  /** Whether anything can be shown at all. */
  readonly enabled: boolean;
  update(done: number, total: number): void;
  /** Clears the line (if one was drawn). */
  finish(): void;
}

const CLEAR_LINE = '\r\u001b[2K';

/** True when `CI` is set to anything but an explicit false. */
export function isCi(env: Record<string, string | undefined>): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const delay = options.delayMs ?? 1000;
  const interval = options.intervalMs ?? 100;
  const enabled = options.stream.isTTY === true && !isCi(options.env);
  const start = now();
  let lastDrawn = -Infinity;
  let drawn = false;
  return {
    enabled,
    update(done, total) {
      if (!enabled) return;
      const time = now();
      if (time - start < delay || time - lastDrawn < interval) return;
      lastDrawn = time;
      drawn = true;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      options.stream.write(`${CLEAR_LINE}line-bot-guard: checking files ${done}/${total} (${percent}%)`);
    },
    finish() {
      if (drawn) options.stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
