/**
 * Baselines (TOOLING-NOTES §2.9): record today's findings so that later runs report only new ones.
 *
 * A finding is identified by rule + file + a hash of the flagged line's text with whitespace
 * normalised, never by its line number, so code moving up or down keeps its identity while an edit
 * of the flagged line makes it a new finding. Findings sharing an identity (several on one line, or
 * identical lines in one file) are stored once with a count; when comparing, the first `count` of
 * them in report order are the known ones and any beyond are new.
 *
 * The file holds hashes only: a baseline for a rule about hard-coded secrets must not copy them.
 */
import { createHash } from 'node:crypto';

import type { Finding } from '../engine/types.js';

export const BASELINE_FILE_NAME = 'line-bot-guard-baseline.json';
export const BASELINE_VERSION = 1;

const FINGERPRINT_PATTERN = /^[0-9a-f]{16}$/;
const REGENERATE_HINT = ` Fix it or recreate it with \`line-bot-guard check --update-baseline\`.`;
/** Line breaks as the engine (TypeScript) counts them. */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

export interface BaselineEntry {
  ruleId: string;
  file: string;
  /** Hash of rule, file and the normalised text of the finding's first line. */
  fingerprint: string;
  count: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

export interface BaselineComparison {
  /** Findings not covered by the baseline, in input order. */
  newFindings: Finding[];
  /** Findings the baseline already knows, in input order. */
  existing: Finding[];
  /** Baseline occurrences no longer found. */
  fixedCount: number;
}

export type ReadFile = (relPath: string) => string | undefined;

/** A baseline file that cannot be used; the message is meant for the user as is. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/** The baseline of `findings`, entries sorted so the file diffs cleanly. */
export function createBaseline(findings: readonly Finding[], readFile: ReadFile): Baseline {
  const fingerprintOf = fingerprinter(readFile);
  const entriesByKey = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const fingerprint = fingerprintOf(finding);
    const key = entryKey(finding.ruleId, finding.file, fingerprint);
    const entry = entriesByKey.get(key);
    if (entry) {
      entry.count += 1;
    } else {
      entriesByKey.set(key, { ruleId: finding.ruleId, file: finding.file, fingerprint, count: 1 });
    }
  }
  return { version: BASELINE_VERSION, entries: sortEntries([...entriesByKey.values()]) };
}

/** Splits `findings` into new and known ones, and counts the baseline findings that are gone. */
export function compareWithBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  readFile: ReadFile,
): BaselineComparison {
  const remaining = new Map<string, number>();
  for (const entry of baseline.entries) {
    const key = entryKey(entry.ruleId, entry.file, entry.fingerprint);
    remaining.set(key, (remaining.get(key) ?? 0) + entry.count);
  }

  const fingerprintOf = fingerprinter(readFile);
  const newFindings: Finding[] = [];
  const existing: Finding[] = [];
  for (const finding of findings) {
    const key = entryKey(finding.ruleId, finding.file, fingerprintOf(finding));
    const known = remaining.get(key) ?? 0;
    if (known > 0) {
      remaining.set(key, known - 1);
      existing.push(finding);
    } else {
      newFindings.push(finding);
    }
  }

  let fixedCount = 0;
  for (const count of remaining.values()) fixedCount += count;
  return { newFindings, existing, fixedCount };
}

/** The baseline file's text: stable key order, sorted entries, trailing newline. */
export function serializeBaseline(baseline: Baseline): string {
  const document = {
    version: baseline.version,
    entries: sortEntries(baseline.entries).map(({ ruleId, file, fingerprint, count }) => ({
      ruleId,
      file,
      fingerprint,
      count,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Reads a baseline file's text; `source` names the file in error messages.
 * @throws {BaselineError} when the text is not a baseline this version understands.
 */
export function parseBaseline(text: string, source: string = BASELINE_FILE_NAME): Baseline {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${source} is not valid JSON (${(error as Error).message}).${REGENERATE_HINT}`);
  }
  if (!isRecord(document)) {
    throw new BaselineError(`${source} must contain a JSON object.${REGENERATE_HINT}`);
  }
  if (document.version !== BASELINE_VERSION) {
    const found = document.version === undefined ? 'no "version" field' : `version ${JSON.stringify(document.version)}`;
    throw new BaselineError(
      `${source} has ${found}; this line-bot-guard reads baseline version ${BASELINE_VERSION}.${REGENERATE_HINT}`,
    );
  }
  if (!Array.isArray(document.entries)) {
    throw new BaselineError(`${source} must have an "entries" array.${REGENERATE_HINT}`);
  }
  const entries = document.entries.map((entry: unknown, index) => parseEntry(entry, `${source}: entries[${index}]`));
  return { version: BASELINE_VERSION, entries: sortEntries(mergeDuplicates(entries)) };
}

function parseEntry(entry: unknown, where: string): BaselineEntry {
  if (!isRecord(entry)) throw new BaselineError(`${where} must be an object.${REGENERATE_HINT}`);
  const { ruleId, file, fingerprint, count } = entry;
  if (typeof ruleId !== 'string' || ruleId === '') {
    throw new BaselineError(`${where}.ruleId must be a non-empty string.${REGENERATE_HINT}`);
  }
  if (typeof file !== 'string' || file === '') {
    throw new BaselineError(`${where}.file must be a non-empty string.${REGENERATE_HINT}`);
  }
  if (typeof fingerprint !== 'string' || !FINGERPRINT_PATTERN.test(fingerprint)) {
    throw new BaselineError(`${where}.fingerprint must be 16 lowercase hex digits.${REGENERATE_HINT}`);
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new BaselineError(`${where}.count must be a positive integer.${REGENERATE_HINT}`);
  }
  return { ruleId, file, fingerprint, count };
}

/** Entries repeated by a hand-resolved merge conflict add up instead of failing the run. */
function mergeDuplicates(entries: BaselineEntry[]): BaselineEntry[] {
  const merged = new Map<string, BaselineEntry>();
  for (const entry of entries) {
    const key = entryKey(entry.ruleId, entry.file, entry.fingerprint);
    const previous = merged.get(key);
    merged.set(key, previous ? { ...previous, count: previous.count + entry.count } : entry);
  }
  return [...merged.values()];
}

/**
 * The fingerprint of a finding: rule, file and its first line's text with surrounding whitespace
 * removed and inner runs collapsed, so re-indenting is not a change but editing the line is. When
 * the file cannot be read, the message stands in for the line.
 */
export function findingFingerprint(finding: Finding, lineText: string | undefined): string {
  const content = lineText === undefined ? `message:${finding.message}` : `line:${normaliseWhitespace(lineText)}`;
  return createHash('sha256')
    .update(`${finding.ruleId}\0${finding.file}\0${content}`)
    .digest('hex')
    .slice(0, 16);
}

function normaliseWhitespace(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function fingerprinter(readFile: ReadFile): (finding: Finding) => string {
  const linesByFile = new Map<string, string[] | undefined>();
  return (finding) => {
    if (!linesByFile.has(finding.file)) {
      linesByFile.set(finding.file, readFile(finding.file)?.split(LINE_BREAK));
    }
    return findingFingerprint(finding, linesByFile.get(finding.file)?.[finding.line - 1]);
  };
}

function entryKey(ruleId: string, file: string, fingerprint: string): string {
  return JSON.stringify([ruleId, file, fingerprint]);
}

function sortEntries(entries: readonly BaselineEntry[]): BaselineEntry[] {
  return [...entries].sort(
    (a, b) =>
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.file, b.file) ||
      compareStrings(a.fingerprint, b.fingerprint),
  );
}

/** Code-unit order, independent of the machine's locale. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
