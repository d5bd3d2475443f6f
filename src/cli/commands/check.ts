/**
 * `line-bot-guard check [dir]`: run the rules, print findings in one of four formats, set the exit code.
 *
 * Pipeline: configuration → (changed lines) → run → (--fix passes) → (baseline: new / existing / fixed)
 * → (--changed-since filter) → (--quiet) → format → stdout or --output. Exit 0 clean, 1 findings at
 * error level (or more warnings than --max-warnings), 2 usage, configuration or internal error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { RULES, RULES_BY_ID, RULE_METAS } from '../../../rules/index.js';
import { assertModelsResolve, checkOptionsFrom, CONFIG_FILE_NAME, displayPath, loadConfig, type ResolvedConfig } from '../../config/index.js';
import { runCheck, type CheckOptions } from '../../engine/run.js';
import type { RuleDefinition } from '../../engine/rule.js';
import type { Finding, RunResult, SeveritySetting } from '../../engine/types.js';
import { REPOSITORY_URL, VERSION, ruleDocUrl } from '../../engine/version.js';
import { BASELINE_FILE_NAME, compareWithBaseline, createBaseline, parseBaseline, serializeBaseline, type BaselineComparison } from '../../report/baseline.js';
import { changedLinesSince, filterToChangedLines, type ChangedLines } from '../../report/changed-lines.js';
import { toGithubAnnotations, toMarkdownSummary } from '../../report/github.js';
import { formatJson } from '../../report/json.js';
import { toSarif } from '../../report/sarif.js';
import { formatStylish } from '../../report/stylish.js';
import { ruleDocMarkdown } from '../catalogue-docs.js';
import { UsageError } from '../errors.js';
import { MAX_FIX_PASSES, writeFixes } from '../fix.js';
import { processIO, writeOutputFile, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { repositoryPrefix } from '../repository.js';

export const CHECK_FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckCommandOptions {
  format: string;
  rule?: string[];
  maxWarnings?: string;
  includeTests?: boolean;
  quiet?: boolean;
  color?: boolean;
  output?: string;
  config?: string;
  baseline?: string;
  updateBaseline?: boolean;
  changedSince?: string;
  fix?: boolean;
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

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The engine options of a run: configuration, then the command line (`--rule` runs a rule even if the config turns it off). */
function engineOptions(config: ResolvedConfig, only: string[] | undefined, includeTests: boolean | undefined): CheckOptions {
  const options = checkOptionsFrom(config);
  if (only) {
    options.only = only;
    const severities: Record<string, SeveritySetting> = { ...options.severities };
    for (const id of only) {
      if (severities[id] === 'off') {
        const recommended = RULES_BY_ID.get(id)!.meta.recommended;
        severities[id] = recommended === 'off' ? 'error' : recommended;
      }
    }
    options.severities = severities;
  }
  if (includeTests) options.includeTests = true;
  return options;
}

function fileReader(root: string): (relPath: string) => string | undefined {
  return (relPath) => {
    try {
      return fs.readFileSync(path.resolve(root, relPath), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** A copy of `result` whose findings are `findings`, with the summary recounted. */
function withFindings(result: RunResult, findings: Finding[]): RunResult {
  return {
    ...result,
    findings,
    summary: {
      files: result.summary.files,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
}

/** Paths relative to the repository root (GitHub resolves SARIF and annotation paths against it). */
function relativeToRepository(result: RunResult): { result: RunResult; prefix: string } {
  const { repositoryRoot, prefix } = repositoryPrefix(result.root);
  if (!prefix) return { result, prefix };
  const rebase = (file: string): string => (path.isAbsolute(file) ? file : `${prefix}/${file}`);
  return {
    prefix,
    result: {
      ...result,
      root: repositoryRoot,
      findings: result.findings.map((f) => ({ ...f, file: rebase(f.file) })),
      errors: result.errors.map((e) => ({ ...e, file: rebase(e.file) })),
    },
  };
}

function annotationTitle(ruleId: string): string {
  const meta = RULES_BY_ID.get(ruleId.replace(/^line-bot\//, ''))?.meta;
  return meta ? `${meta.description} (${ruleId})` : ruleId;
}

function ruleDescription(ruleId: string): string {
  return RULES_BY_ID.get(ruleId.replace(/^line-bot\//, ''))?.meta.description ?? '';
}

export function formatSarif(result: RunResult): string {
  const rebased = relativeToRepository(result).result;
  const sarif = toSarif(rebased, [...RULE_METAS], {
    toolVersion: VERSION,
    informationUri: REPOSITORY_URL,
    readFile: fileReader(rebased.root),
    helpMarkdown: (id) => ruleDocMarkdown(id, ruleDocUrl(id)),
  });
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

interface BaselineState {
  file: string;
  comparison: BaselineComparison;
}

function baselineLine(state: BaselineState, cwd: string): string {
  const { comparison } = state;
  return (
    `Baseline ${displayPath(state.file, cwd)}: ${comparison.newFindings.length} new, ` +
    `${comparison.existing.length} existing, ${comparison.fixedCount} fixed.`
  );
}

function readBaselineFile(file: string, cwd: string) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      missing
        ? `baseline ${displayPath(file, cwd)} does not exist; create it with "line-bot-guard check --update-baseline --baseline ${displayPath(file, cwd)}"`
        : `cannot read baseline ${displayPath(file, cwd)}: ${(error as Error).message}`,
    );
  }
  return parseBaseline(text, displayPath(file, cwd));
}

/** Runs `check` and writes its output through `io`; returns the exit code. `rules` is the catalogue (tests pass their own). */
export function runCheckCommand(dir: string, options: CheckCommandOptions, io: CliIO = processIO(), rules: readonly RuleDefinition[] = RULES): number {
  if (!(CHECK_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`unknown format "${options.format}"; expected one of: ${CHECK_FORMATS.join(', ')}`);
  }
  const format = options.format as CheckFormat;
  if (options.updateBaseline && options.changedSince !== undefined) {
    throw new UsageError('--update-baseline records every finding; it cannot be combined with --changed-since');
  }
  const maxWarnings = parseMaxWarnings(options.maxWarnings);
  const only = normaliseRuleIds(options.rule);
  const root = path.resolve(io.cwd, dir);
  const config = loadConfig(root, { configPath: options.config, cwd: io.cwd });
  const changed: ChangedLines | undefined = options.changedSince !== undefined ? changedLinesSince(options.changedSince, root) : undefined;
  const baselineFile =
    options.baseline !== undefined ? path.resolve(io.cwd, options.baseline) : options.updateBaseline ? path.join(root, BASELINE_FILE_NAME) : undefined;
  const baseline = baselineFile && !options.updateBaseline ? readBaselineFile(baselineFile, io.cwd) : undefined;
  // Machine-readable formats keep stdout for the document; notes go to stderr.
  const note = (text: string): void => (format === 'json' || format === 'sarif' || options.output ? io.stderr : io.stdout)(`${text}\n`);

  const runOptions = engineOptions(config, only, options.includeTests);
  const progress = createProgress({ stream: io.stderrStream, env: io.env });
  let run: ReturnType<typeof runCheck>;
  try {
    run = runCheck(root, rules, { ...runOptions, onProgress: progress.enabled ? (done, total) => progress.update(done, total) : undefined });
  } finally {
    progress.finish();
  }
  assertModelsResolve(run.analyzer.facts.origins, config);

  if (options.fix) {
    let fixedTotal = 0;
    const fixedFiles = new Set<string>();
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const candidates = changed ? filterToChangedLines(run.result.findings, changed) : run.result.findings;
      const fixed = writeFixes(root, candidates);
      if (fixed.size === 0) break;
      for (const [file, count] of fixed) {
        fixedFiles.add(file);
        fixedTotal += count;
      }
      run = runCheck(root, rules, runOptions);
    }
    note(fixedTotal > 0 ? `Fixed ${plural(fixedTotal, 'problem')} in ${plural(fixedFiles.size, 'file')}.` : 'Nothing to fix automatically.');
  }

  const readFile = fileReader(root);
  const { result: fullResult } = run;

  if (options.updateBaseline) {
    const written = createBaseline(fullResult.findings, readFile);
    writeOutputFile(baselineFile!, serializeBaseline(written), io.cwd);
    note(`Wrote ${plural(fullResult.findings.length, 'finding')} to baseline ${displayPath(baselineFile!, io.cwd)}.`);
    return 0;
  }

  let findings = fullResult.findings;
  let baselineState: BaselineState | undefined;
  if (baseline) {
    const comparison = compareWithBaseline(findings, baseline, readFile);
    baselineState = { file: baselineFile!, comparison };
    findings = comparison.newFindings;
  }
  if (changed) findings = filterToChangedLines(findings, changed);
  if (options.quiet) findings = findings.filter((f) => f.severity === 'error');
  const result = withFindings(fullResult, findings);

  let text: string;
  switch (format) {
    case 'json':
      text = formatJson(result);
      break;
    case 'sarif':
      text = formatSarif(result);
      break;
    case 'github': {
      const { prefix } = repositoryPrefix(result.root);
      text = toGithubAnnotations(result, { titleFor: annotationTitle, pathPrefix: prefix || undefined });
      text += `line-bot-guard: ${plural(result.summary.errors, 'error')} and ${plural(result.summary.warnings, 'warning')} in ${plural(result.summary.files, 'file')}.\n`;
      if (baselineState) text += `${baselineLine(baselineState, io.cwd)}\n`;
      const summaryFile = io.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) {
        const summary = toMarkdownSummary(result, {
          titleFor: ruleDescription,
          pathPrefix: prefix || undefined,
          ...(baselineState ? { baseline: { existingCount: baselineState.comparison.existing.length, fixedCount: baselineState.comparison.fixedCount } } : {}),
        });
        try {
          fs.appendFileSync(summaryFile, `${summary}\n`);
        } catch (error) {
          io.stderr(`line-bot-guard: cannot write the job summary to ${summaryFile}: ${(error as Error).message}\n`);
        }
      }
      break;
    }
    default:
      text = formatStylish(result, { color: options.color && !options.output });
      if (baselineState) text += `${baselineLine(baselineState, io.cwd)}\n`;
  }
  if (baselineState && (format === 'json' || format === 'sarif')) io.stderr(`${baselineLine(baselineState, io.cwd)}\n`);

  if (options.output) {
    writeOutputFile(options.output, text, io.cwd);
    if (baselineState && (format === 'stylish' || format === 'github')) io.stderr(`${baselineLine(baselineState, io.cwd)}\n`);
  } else {
    io.stdout(text);
  }
  return exitCodeFor(result, maxWarnings);
}

/** Registers `check` on the program. */
export function registerCheck(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .description('check a directory and report findings')
    .argument('[dir]', 'directory to check', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...CHECK_FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <path>', `configuration file (default: ${CONFIG_FILE_NAME} or "lineBotGuard" in package.json of the checked directory)`)
    .option('--rule <id>', 'run only this rule (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--max-warnings <n>', 'fail when there are more than n warnings')
    .option('--baseline <file>', 'report (and fail on) only findings not recorded in this baseline file')
    .option('--update-baseline', `record every current finding in the baseline file (--baseline, default ${BASELINE_FILE_NAME}) and exit 0`)
    .option('--changed-since <ref>', 'report only findings on lines changed since a git ref (e.g. origin/main)')
    .option('--fix', 'apply safe automatic fixes (never suggestions), then report what remains')
    .option('--include-tests', 'also check test files (*.test.*, *.spec.*, __tests__/, test/, tests/)')
    .option('--quiet', 'report errors only')
    .option('--no-color', 'never colour the output')
    .action((dir: string, options) => {
      const io = processIO();
      setExitCode(runCheckCommand(dir, { ...options, color: options.color !== false && io.stdoutIsTTY }, io));
    });
}
