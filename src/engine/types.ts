/**
 * Shapes shared by the engine, the reporters, the CLI and the ESLint plugin.
 * Positions follow ESLint: 1-based lines and columns, `endColumn` is the column after the last character.
 */

export type Severity = 'error' | 'warning';
export type SeveritySetting = Severity | 'off';

/** A replacement of `[start, end)` (UTF-16 offsets into the file text) by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Suggestion {
  messageId: string;
  /** What applying the suggestion does, in one sentence. */
  desc: string;
  edits: TextEdit[];
}

export interface Finding {
  /** `line-bot/<id>` */
  ruleId: string;
  severity: Severity;
  /** POSIX path relative to the run's root. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  messageId: string;
  /** Placeholder values of the message template (ESLint reports with messageId + data). */
  data?: Record<string, string | number>;
  /** URL of the guideline section the finding is about. */
  guideline: string;
  /** A behaviour-preserving edit, applied by `--fix`. */
  fix?: TextEdit[];
  /** Behaviour-changing edits, offered, never applied automatically. */
  suggestions?: Suggestion[];
}

/** A file that could not be analysed (does not parse, unreadable, too large, ...). */
export interface RunError {
  file: string;
  message: string;
}

export interface RunSummary {
  files: number;
  errors: number;
  warnings: number;
}

/** The JSON contract of `check --format json` (extra fields are allowed, these never change). */
export interface RunResult {
  tool: { name: 'line-bot-guard'; version: string };
  root: string;
  findings: Finding[];
  errors: RunError[];
  summary: RunSummary;
}

export type Precision = 'very-high' | 'high' | 'medium' | 'low';
export type RuleCategory = 'security' | 'reliability' | 'compliance';

/** Guideline sections and release-checklist items a rule belongs to (see src/platform/guideline.ts). */
export interface GuidelineRef {
  /** Key into the guideline table, e.g. `webhook-signature`. */
  section: string;
  /** Human title of the section. */
  title: string;
  url: string;
}

/** Catalogue metadata of one rule: the single source for presets, README, SARIF and the audit. */
export interface RuleMeta {
  /** kebab-case id without the `line-bot/` prefix. */
  id: string;
  /** Starts with Enforce/Require/Disallow, no trailing period. */
  description: string;
  category: RuleCategory;
  /** Severity in `configs.recommended`; `configs.strict` makes every rule an error. */
  recommended: SeveritySetting;
  guideline: GuidelineRef;
  /** Audit items this rule feeds (ids from src/platform/guideline.ts `AUDIT_ITEMS`). */
  auditItems: string[];
  precision: Precision;
  /** 0.1–10, only for security rules. */
  securitySeverity?: number;
  /** SARIF tags, e.g. `security`, `external/cwe/cwe-347`. */
  tags: string[];
  /** Name of the line-bot-guard/runtime export the fix points to, if any. */
  runtimeHelper?: string;
  messages: Record<string, string>;
  fixable?: boolean;
  hasSuggestions?: boolean;
}
