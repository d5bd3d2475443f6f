/** `line-bot-guard check [dir]`: run the rules, print findings, set the exit code. */
import { RULES, RULES_BY_ID } from '../../rules/index.js';
import { runCheck } from '../engine/run.js';
import type { RunResult } from '../engine/types.js';
import { formatJson } from '../report/json.js';
import { formatStylish } from '../report/stylish.js';
import { UsageError } from './errors.js';

export const CHECK_FORMATS = ['stylish', 'json'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckCommandOptions {
  format: string;
  rule?: string[];
  maxWarnings?: string;
  includeTests?: boolean;
  quiet?: boolean;
  color?: boolean;
}

export interface CommandOutput {
  stdout: string;
  exitCode: number;
}

export function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--max-warnings expects a whole number, got "${value}"`);
  return Number(value);
}

export function normaliseRuleIds(ids: string[] | undefined): string[] | undefined {
  if (!ids?.length) return undefined;
  return ids.flatMap((id) => id.split(',')).map((raw) => {
    const id = raw.trim().replace(/^line-bot\//, '');
    if (!RULES_BY_ID.has(id)) throw new UsageError(`unknown rule "${raw}". Run "line-bot-guard rules" to list them.`);
    return id;
  });
}

export function exitCodeFor(result: RunResult, maxWarnings: number | undefined): number {
  if (result.summary.errors > 0) return 1;
  if (maxWarnings !== undefined && maxWarnings >= 0 && result.summary.warnings > maxWarnings) return 1;
  return 0;
}

export function checkCommand(dir: string, options: CheckCommandOptions): CommandOutput {
  if (!(CHECK_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`unknown format "${options.format}"; expected one of: ${CHECK_FORMATS.join(', ')}`);
  }
  const maxWarnings = parseMaxWarnings(options.maxWarnings);
  const only = normaliseRuleIds(options.rule);
  const { result } = runCheck(dir, RULES, { only, includeTests: options.includeTests });
  if (options.quiet) {
    result.findings = result.findings.filter((f) => f.severity === 'error');
    result.summary.warnings = 0;
  }
  const stdout = options.format === 'json' ? formatJson(result) : formatStylish(result, { color: options.color });
  return { stdout, exitCode: exitCodeFor(result, maxWarnings) };
}
