import { Option, type Command } from 'commander';
/** `line-bot-guard check [dir]`: run the rules, print findings, set the exit code. */
import { RULES, RULES_BY_ID } from '../../../rules/index.js';
import { runCheck } from '../../engine/run.js';
import type { RunResult } from '../../engine/types.js';
import { formatJson } from '../../report/json.js';
import { formatStylish } from '../../report/stylish.js';
import { UsageError } from '../errors.js';

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

/** Registers `check` on the program. */
export function registerCheck(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description('check a directory and report findings')
    .argument('[dir]', 'directory to check', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...CHECK_FORMATS]).default('stylish'))
    .option('--rule <id>', 'run only this rule (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--max-warnings <n>', 'fail when there are more than n warnings')
    .option('--include-tests', 'also check test files (*.test.*, *.spec.*, __tests__/, test/, tests/)')
    .option('--quiet', 'report errors only')
    .option('--no-color', 'never colour the output')
    .action((dir: string, options) => {
      const output = checkCommand(dir, { ...options, color: options.color !== false && process.stdout.isTTY === true });
      process.stdout.write(output.stdout);
      setExitCode(output.exitCode);
    });
}
