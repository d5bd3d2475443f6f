/**
 * SARIF 2.1.0 output shaped for GitHub code scanning (see TOOLING-NOTES §2.7): rule metadata GitHub
 * shows (help, tags, precision, severities), repo-relative URIs, and `primaryLocationLineHash`
 * fingerprints so uploads through the REST API deduplicate like `upload-sarif` uploads.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Finding, RuleMeta, RunError, RunResult, SeveritySetting } from '../engine/types.js';
import { lineHashes } from './fingerprint.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const RULE_DOCS_BASE_URL = 'https://github.com/line-bot-guard/line-bot-guard/blob/main/rules/';
/** `uriBaseId` of every artifact location: the run root. */
export const SOURCE_ROOT_ID = '%SRCROOT%';
export const DEFAULT_AUTOMATION_ID = 'line-bot-guard/';

const RULE_ID_PREFIX = 'line-bot/';
/** GitHub keeps at most 20 tags per rule. */
const MAX_TAGS = 20;
/** GitHub truncates rule descriptions at 1024 characters. */
const MAX_DESCRIPTION_LENGTH = 1024;

export type ReadFile = (relPath: string) => string | undefined;

export interface SarifOptions {
  toolVersion: string;
  informationUri: string;
  /** Text of a file, by path relative to the run root; `undefined` when unreadable. */
  readFile: ReadFile;
  /** Markdown help of a rule (by id without the `line-bot/` prefix), e.g. its `rules/<id>.md`. */
  helpMarkdown?: (ruleId: string) => string | undefined;
  /** `automationDetails.id`, `<category>/` or `<category>/<run-id>`. */
  automationId?: string;
}

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

interface MultiformatMessage {
  text: string;
  markdown?: string;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: MultiformatMessage;
  fullDescription: MultiformatMessage;
  help: MultiformatMessage;
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    tags: string[];
    precision: RuleMeta['precision'];
    'security-severity'?: string;
    'problem.severity'?: 'error' | 'warning' | 'recommendation';
  };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: [
    {
      physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion };
    },
  ];
  partialFingerprints?: { primaryLocationLineHash: string };
}

export interface SarifNotification {
  level: SarifLevel;
  message: { text: string };
  locations: [{ physicalLocation: { artifactLocation: SarifArtifactLocation } }];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: {
        driver: {
          name: 'line-bot-guard';
          version: string;
          semanticVersion: string;
          informationUri: string;
          rules: SarifReportingDescriptor[];
        };
      };
      automationDetails: { id: string };
      invocations: [{ executionSuccessful: true; toolExecutionNotifications?: SarifNotification[] }];
      originalUriBaseIds: Record<string, { uri: string }>;
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
    },
  ];
}

/** Builds the SARIF log of a run. Results keep the order of `result.findings`, rules that of `rules`. */
export function toSarif(result: RunResult, rules: RuleMeta[], opts: SarifOptions): SarifLog {
  const ruleIndexById = new Map(rules.map((rule, index) => [RULE_ID_PREFIX + rule.id, index]));
  const fingerprintsOf = memoiseLineHashes(opts.readFile);
  const notifications = result.errors.map((error) => toNotification(error, result.root));

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'line-bot-guard',
            version: opts.toolVersion,
            semanticVersion: opts.toolVersion,
            informationUri: opts.informationUri,
            rules: rules.map((rule) => toReportingDescriptor(rule, opts.helpMarkdown?.(rule.id))),
          },
        },
        automationDetails: { id: opts.automationId ?? DEFAULT_AUTOMATION_ID },
        invocations: [
          notifications.length > 0
            ? { executionSuccessful: true, toolExecutionNotifications: notifications }
            : { executionSuccessful: true },
        ],
        originalUriBaseIds: { [SOURCE_ROOT_ID]: { uri: directoryUri(result.root) } },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((finding) =>
          toResult(finding, result.root, ruleIndexById.get(finding.ruleId), fingerprintsOf),
        ),
      },
    ],
  };
}

/** `no-hardcoded-channel-secret` → `NoHardcodedChannelSecret`. */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

export function ruleDocUrl(id: string): string {
  return `${RULE_DOCS_BASE_URL}${id}.md`;
}

function toReportingDescriptor(rule: RuleMeta, markdownHelp: string | undefined): SarifReportingDescriptor {
  const helpUri = ruleDocUrl(rule.id);
  const { securitySeverity } = rule;
  return {
    id: RULE_ID_PREFIX + rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: truncate(rule.description, MAX_DESCRIPTION_LENGTH) },
    fullDescription: {
      text: truncate(`${rule.description}. LINE guideline: ${rule.guideline.title}.`, MAX_DESCRIPTION_LENGTH),
    },
    help: { text: helpText(rule, helpUri), markdown: markdownHelp ?? helpMarkdownFromMeta(rule, helpUri) },
    helpUri,
    defaultConfiguration: { level: sarifLevel(rule.recommended) },
    properties: {
      tags: ruleTags(rule),
      precision: rule.precision,
      // GitHub treats a rule as a security rule when security-severity is set, and only then
      // ignores problem.severity: emit exactly one of the two.
      ...(securitySeverity !== undefined
        ? { 'security-severity': securitySeverity.toFixed(1) }
        : { 'problem.severity': problemSeverity(rule.recommended) }),
    },
  };
}

/** Unique tags, at most GitHub's 20; security rules carry `security`, which GitHub requires. */
function ruleTags(rule: RuleMeta): string[] {
  const tags = rule.securitySeverity !== undefined ? ['security', ...rule.tags] : rule.tags;
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

function sarifLevel(setting: SeveritySetting): SarifLevel {
  return setting === 'off' ? 'none' : setting;
}

function problemSeverity(setting: SeveritySetting): 'error' | 'warning' | 'recommendation' {
  return setting === 'off' ? 'recommendation' : setting;
}

function howToFixSentences(rule: RuleMeta): string[] {
  const sentences: string[] = [];
  if (rule.runtimeHelper) {
    sentences.push(`Use \`${rule.runtimeHelper}\` from \`line-bot-guard/runtime\`.`);
  }
  if (rule.fixable) sentences.push('`line-bot-guard check --fix` applies a safe automatic fix.');
  if (rule.hasSuggestions) sentences.push('Your editor offers suggested fixes; review them before applying.');
  return sentences;
}

function helpText(rule: RuleMeta, helpUri: string): string {
  return [
    `${rule.description}.`,
    `Why: the LINE guideline "${rule.guideline.title}" asks for this (${rule.category} rule).`,
    ['How to fix:', ...howToFixSentences(rule), `See ${helpUri}`].join(' '),
    `Guideline: ${rule.guideline.url}`,
  ].join('\n\n');
}

function helpMarkdownFromMeta(rule: RuleMeta, helpUri: string): string {
  return [
    `${rule.description}.`,
    '## Why',
    `The LINE guideline [${escapeMarkdownText(rule.guideline.title)}](${rule.guideline.url}) ` +
      `asks for this (${rule.category} rule).`,
    '## How to fix',
    [...howToFixSentences(rule), `See the [rule documentation](${helpUri}).`].join(' '),
  ].join('\n\n');
}

function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (char) => `\\${char}`);
}

function toResult(
  finding: Finding,
  root: string,
  ruleIndex: number | undefined,
  fingerprintsOf: (relPath: string) => string[] | undefined,
): SarifResult {
  const lineHash = fingerprintsOf(finding.file)?.[finding.line - 1];
  return {
    ruleId: finding.ruleId,
    // Findings of a rule missing from `rules` still carry ruleId; a ruleIndex would dangle.
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: finding.severity,
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, root),
          region: region(finding),
        },
      },
    ],
    // Left out when the file cannot be read; upload-sarif then computes it itself.
    ...(lineHash === undefined ? {} : { partialFingerprints: { primaryLocationLineHash: lineHash } }),
  };
}

/** SARIF regions are 1-based with `endColumn` after the last character, like ESLint positions. */
function region(finding: Finding): SarifRegion {
  const startLine = Math.max(1, finding.line);
  const startColumn = Math.max(1, finding.column);
  const endLine = Math.max(startLine, finding.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, finding.endColumn) : Math.max(1, finding.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

function toNotification(error: RunError, root: string): SarifNotification {
  return {
    level: 'error',
    message: { text: `${error.file} could not be analysed: ${error.message}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(error.file, root) } }],
  };
}

function memoiseLineHashes(readFile: ReadFile): (relPath: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (relPath) => {
    if (!cache.has(relPath)) {
      const text = readFile(relPath);
      cache.set(relPath, text === undefined ? undefined : lineHashes(text));
    }
    return cache.get(relPath);
  };
}

/**
 * A location relative to `%SRCROOT%`: a POSIX path without `./` (codeql-action mis-resolves it,
 * issue #2829), each segment percent-encoded so spaces, `#`, `%`, `?` and non-ASCII stay one valid
 * URI reference. A path outside the root becomes an absolute `file:` URI.
 */
export function artifactLocation(file: string, root: string): SarifArtifactLocation {
  const relative = toRootRelativePosixPath(file, root);
  if (relative === undefined) {
    return { uri: pathToFileURL(path.resolve(root, file)).href };
  }
  return { uri: encodeRelativeUri(relative), uriBaseId: SOURCE_ROOT_ID };
}

function toRootRelativePosixPath(file: string, root: string): string | undefined {
  let candidate = file.replaceAll('\\', '/');
  if (path.posix.isAbsolute(candidate) || /^[A-Za-z]:\//.test(candidate)) {
    candidate = path.relative(root, file).replaceAll('\\', '/');
    if (candidate.startsWith('../') || candidate === '..' || path.isAbsolute(candidate)) return undefined;
  }
  const normalised = path.posix.normalize(candidate);
  if (normalised.startsWith('../') || normalised === '..') return undefined;
  return normalised.replace(/^(\.\/)+/, '');
}

function encodeRelativeUri(relativePath: string): string {
  // encodeURIComponent also escapes ':' so the first segment can never read as a URI scheme.
  return relativePath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replaceAll('%40', '@'))
    .join('/');
}

/** `file:` URI of a directory, with the trailing slash SARIF requires for `originalUriBaseIds`. */
function directoryUri(directory: string): string {
  const href = pathToFileURL(path.resolve(directory)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
