/**
 * GitHub Actions output (TOOLING-NOTES §2.8): workflow-command annotations for the most important
 * findings, and a Markdown job summary for `$GITHUB_STEP_SUMMARY`. SARIF upload is the bulk channel;
 * these two are what a reviewer sees first.
 */
import type { Finding, RunResult, Severity } from '../engine/types.js';

/** GitHub shows at most this many error annotations and this many warning annotations per step. */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;
/** `$GITHUB_STEP_SUMMARY` accepts 1 MiB per step; stay well below it. */
export const DEFAULT_SUMMARY_MAX_BYTES = 512 * 1024;
export const DEFAULT_SUMMARY_MAX_ROWS = 50;

const MAX_CELL_LENGTH = 300;
/** Room kept for the text that follows the findings table. */
const SUMMARY_FOOTER_RESERVE_BYTES = 16 * 1024;

export interface GithubAnnotationOptions {
  maxErrors?: number;
  maxWarnings?: number;
  /** Annotation title of a rule, e.g. its short description. */
  titleFor: (ruleId: string) => string;
  /**
   * Prepended to each finding path. GitHub resolves `file` against the repository root, so pass the
   * run root's path inside the repository when the two differ (e.g. `packages/bot`).
   */
  pathPrefix?: string;
}

export interface MarkdownSummaryOptions {
  /** Most findings listed one by one (the per-rule table always counts all of them). */
  maxRows?: number;
  /** Upper bound of the summary's UTF-8 size. */
  maxBytes?: number;
  titleFor?: (ruleId: string) => string;
  pathPrefix?: string;
  /** When findings were compared with a baseline: how many were already known, how many are gone. */
  baseline?: { existingCount: number; fixedCount: number };
}

/**
 * Workflow commands annotating at most `maxErrors` errors and `maxWarnings` warnings (errors first,
 * then by file and position), followed by a plain line counting the findings left out. Returns ''
 * when there is nothing to report; otherwise every line ends with '\n'.
 */
export function toGithubAnnotations(result: RunResult, opts: GithubAnnotationOptions): string {
  const maxErrors = opts.maxErrors ?? GITHUB_ANNOTATIONS_PER_LEVEL;
  const maxWarnings = opts.maxWarnings ?? GITHUB_ANNOTATIONS_PER_LEVEL;
  const capFor: Record<Severity, number> = { error: maxErrors, warning: maxWarnings };
  const annotated: Record<Severity, number> = { error: 0, warning: 0 };

  const lines: string[] = [];
  let omitted = 0;
  for (const finding of sortByImportance(result.findings)) {
    if (annotated[finding.severity] >= capFor[finding.severity]) {
      omitted += 1;
      continue;
    }
    annotated[finding.severity] += 1;
    lines.push(annotationCommand(finding, opts));
  }
  if (omitted > 0) {
    lines.push(
      `line-bot-guard: ${omitted} more ${plural(omitted, 'finding')} not annotated (GitHub shows at most ` +
        `${maxErrors} errors and ${maxWarnings} warnings per step); see the job summary or SARIF upload.`,
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}

function annotationCommand(finding: Finding, opts: GithubAnnotationOptions): string {
  const properties: [string, string | number][] = [
    ['file', withPrefix(finding.file, opts.pathPrefix)],
    ['line', finding.line],
    ['endLine', finding.endLine],
  ];
  // GitHub rejects columns on annotations that span several lines.
  if (finding.line === finding.endLine) {
    properties.push(['col', finding.column], ['endColumn', finding.endColumn]);
  }
  properties.push(['title', opts.titleFor(finding.ruleId)]);
  const renderedProperties = properties
    // Like @actions/core, leave out empty values rather than send `key=`.
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(',');
  return `::${finding.severity} ${renderedProperties}::${escapeCommandData(finding.message)}`;
}

/** Escapes a workflow command's message as @actions/core does. */
export function escapeCommandData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a workflow command property value as @actions/core does (`:` and `,` delimit properties). */
export function escapeCommandProperty(value: string): string {
  return escapeCommandData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** Errors before warnings, then by file, line and column; ties keep their input order. */
function sortByImportance(findings: readonly Finding[]): Finding[] {
  const severityRank: Record<Severity, number> = { error: 0, warning: 1 };
  return [...findings].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

/** Code-unit order: deterministic whatever the machine's locale. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function withPrefix(file: string, prefix: string | undefined): string {
  if (!prefix) return file;
  return `${prefix.replace(/\/+$/, '')}/${file}`;
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

/** A GitHub job summary: totals, findings per rule, the most important findings, unanalysed files. */
export function toMarkdownSummary(result: RunResult, opts: MarkdownSummaryOptions = {}): string {
  const maxRows = opts.maxRows ?? DEFAULT_SUMMARY_MAX_ROWS;
  const maxBytes = opts.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES;
  const errorCount = result.findings.filter((finding) => finding.severity === 'error').length;
  const warningCount = result.findings.length - errorCount;

  const sections: string[] = ['## line-bot-guard', totalsParagraph(result, errorCount, warningCount, opts)];
  if (result.findings.length > 0) {
    sections.push('### Findings by rule', ruleTable(result.findings, opts));
  }
  // The findings table gets whatever budget the fixed parts leave.
  const fixedBytes = byteLength(sections.join('\n\n')) + SUMMARY_FOOTER_RESERVE_BYTES;
  if (result.findings.length > 0) {
    sections.push('### Findings', findingsTable(result.findings, maxRows, maxBytes - fixedBytes, opts));
  }
  if (result.errors.length > 0) {
    sections.push('### Files not analysed', unanalysedFilesTable(result, maxRows, opts));
  }
  const summary = `${sections.join('\n\n')}\n`;
  return byteLength(summary) <= maxBytes ? summary : truncateToBytes(summary, maxBytes);
}

function totalsParagraph(
  result: RunResult,
  errorCount: number,
  warningCount: number,
  opts: MarkdownSummaryOptions,
): string {
  const filesChecked = `${result.summary.files} ${plural(result.summary.files, 'file')} checked`;
  const lines = [
    result.findings.length === 0
      ? `✅ No findings in ${filesChecked}.`
      : `**${errorCount}** ${plural(errorCount, 'error')} and **${warningCount}** ` +
        `${plural(warningCount, 'warning')} in ${filesChecked}.`,
  ];
  if (opts.baseline) {
    const { existingCount, fixedCount } = opts.baseline;
    lines.push(
      `Baseline: ${existingCount} known ${plural(existingCount, 'finding')} not reported, ` +
        `${fixedCount} fixed since the baseline was recorded.`,
    );
  }
  if (result.errors.length > 0) {
    lines.push(
      `⚠️ ${result.errors.length} ${plural(result.errors.length, 'file')} could not be analysed (listed below).`,
    );
  }
  return lines.join('  \n');
}

function ruleTable(findings: readonly Finding[], opts: MarkdownSummaryOptions): string {
  const countsByRule = new Map<string, Record<Severity, number>>();
  for (const finding of findings) {
    const counts = countsByRule.get(finding.ruleId) ?? { error: 0, warning: 0 };
    counts[finding.severity] += 1;
    countsByRule.set(finding.ruleId, counts);
  }
  const rows = [...countsByRule]
    .sort(
      ([ruleA, countsA], [ruleB, countsB]) =>
        countsB.error - countsA.error || countsB.warning - countsA.warning || compareStrings(ruleA, ruleB),
    )
    .map(([ruleId, counts]) => `| ${ruleCell(ruleId, opts)} | ${counts.error} | ${counts.warning} |`);
  return ['| Rule | Errors | Warnings |', '| --- | ---: | ---: |', ...rows].join('\n');
}

function findingsTable(
  findings: readonly Finding[],
  maxRows: number,
  budgetBytes: number,
  opts: MarkdownSummaryOptions,
): string {
  const lines = ['| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |'];
  let usedBytes = byteLength(lines.join('\n'));
  let listed = 0;
  for (const finding of sortByImportance(findings)) {
    if (listed >= maxRows) break;
    const location = `${withPrefix(finding.file, opts.pathPrefix)}:${finding.line}`;
    const row =
      `| ${finding.severity} | ${markdownCell(location)} | ${ruleCell(finding.ruleId, opts)} | ` +
      `${markdownCell(finding.message)} |`;
    const rowBytes = byteLength(row) + 1;
    if (usedBytes + rowBytes > budgetBytes) break;
    lines.push(row);
    usedBytes += rowBytes;
    listed += 1;
  }
  const unlisted = findings.length - listed;
  if (unlisted > 0) {
    lines.push(
      '',
      `_${unlisted} more ${plural(unlisted, 'finding')} not listed; see the SARIF upload or ` +
        '`line-bot-guard check --format json` for all of them._',
    );
  }
  return lines.join('\n');
}

function unanalysedFilesTable(result: RunResult, maxRows: number, opts: MarkdownSummaryOptions): string {
  const rows = result.errors
    .slice(0, maxRows)
    .map((error) => `| ${markdownCell(withPrefix(error.file, opts.pathPrefix))} | ${markdownCell(error.message)} |`);
  const lines = ['| File | Reason |', '| --- | --- |', ...rows];
  const unlisted = result.errors.length - rows.length;
  if (unlisted > 0) lines.push('', `_${unlisted} more not listed._`);
  return lines.join('\n');
}

function ruleCell(ruleId: string, opts: MarkdownSummaryOptions): string {
  const title = opts.titleFor?.(ruleId);
  const id = `\`${ruleId.replaceAll('`', "'").replaceAll('|', '\\|')}\``;
  return title ? `${id} ${markdownCell(title)}` : id;
}

/** Plain text safe inside a table cell: one line, Markdown punctuation escaped, length capped. */
export function markdownCell(text: string): string {
  const oneLine = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const capped = oneLine.length > MAX_CELL_LENGTH ? `${oneLine.slice(0, MAX_CELL_LENGTH - 1)}…` : oneLine;
  return capped.replace(/[\\`*_[\]<>|~&]/g, (char) => `\\${char}`);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Last resort for huge fixed parts: cut at a line boundary below the limit. */
function truncateToBytes(text: string, maxBytes: number): string {
  const notice = '\n\n_Summary truncated to fit the job summary size limit._\n';
  const budget = Math.max(0, maxBytes - byteLength(notice));
  let kept = Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8');
  // A cut inside a multi-byte character decodes to U+FFFD; drop the partial line instead.
  kept = kept.slice(0, Math.max(0, kept.lastIndexOf('\n')));
  return `${kept}${notice}`;
}
