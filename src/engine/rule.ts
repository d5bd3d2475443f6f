/**
 * The rule API: a rule is policy only. It reads facts and nodes of one file and reports findings with
 * message ids; it does not know whether the CLI or ESLint runs it.
 */
import type { ts } from '../project/ast.js';
import type { ProjectFile } from '../project/project.js';
import type { ProjectFacts } from './facts.js';
import type { RuleMeta, TextEdit } from './types.js';

export interface ReportedSuggestion {
  messageId: string;
  data?: Record<string, string | number>;
  edits: TextEdit[];
}

export interface Report {
  node: ts.Node;
  messageId: string;
  data?: Record<string, string | number>;
  /** Overrides the rule's severity for this finding (e.g. `max-text-length`'s warning half). */
  severity?: 'error' | 'warning';
  fix?: TextEdit[];
  suggestions?: ReportedSuggestion[];
}

export interface RuleContext {
  file: ProjectFile;
  facts: ProjectFacts;
  /** Options from configuration, merged over the rule's defaults. */
  options: Record<string, unknown>;
  report(report: Report): void;
  /** True when `node` lies in the file being checked. */
  inFile(node: ts.Node): boolean;
}

export interface RuleDefinition {
  meta: RuleMeta;
  /**
   * A test every file with a finding of this rule passes (e.g. the words its reported nodes contain).
   * Files that fail it are skipped without being parsed; leave it out when no such test is sound.
   */
  textHint?: RegExp;
  check(context: RuleContext): void;
}

export function defineRule(definition: RuleDefinition): RuleDefinition {
  return definition;
}

/** Fills `{{name}}` placeholders of a message. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
