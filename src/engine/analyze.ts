/**
 * Runs rules over a project and turns reports into findings. Shared by the CLI (whole project) and the
 * ESLint plugin (one file at a time, same project facts).
 */
import type { ts } from '../project/ast.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import { ProjectFacts } from './facts.js';
import { formatMessage, type Report, type RuleDefinition } from './rule.js';
import { directiveFilter } from './directives.js';
import type { Finding, RunError, Severity, SeveritySetting } from './types.js';
import type { WebhookOptions } from '../analysis/webhook.js';
import type { Models } from '../analysis/models.js';

export interface AnalyzeOptions extends WebhookOptions {
  /** Severity per rule id (without prefix); rules missing here use their recommended severity. */
  severities?: Record<string, SeveritySetting>;
  /** Only these rule ids (without prefix). */
  only?: readonly string[];
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** Honour eslint-disable directives (ESLint does that itself, so the plugin turns this off). */
  directives?: boolean;
  /** The team's own wrappers, modelled as verifiers / send calls (see models.ts). */
  models?: Models;
}

export const RULE_PREFIX = 'line-bot/';

function position(file: ProjectFile, node: ts.Node): Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const sf = file.sourceFile;
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

export class Analyzer {
  readonly facts: ProjectFacts;

  constructor(
    readonly project: SourceProject,
    readonly rules: readonly RuleDefinition[],
    readonly options: AnalyzeOptions = {},
  ) {
    this.facts = new ProjectFacts(project, options);
  }

  enabledRules(): { rule: RuleDefinition; severity: Severity }[] {
    const result: { rule: RuleDefinition; severity: Severity }[] = [];
    for (const rule of this.rules) {
      if (this.options.only && !this.options.only.includes(rule.meta.id)) continue;
      const setting = this.options.severities?.[rule.meta.id] ?? rule.meta.recommended;
      if (setting !== 'off') result.push({ rule, severity: setting });
    }
    return result;
  }

  /** Findings of one file (empty when the file does not parse). */
  analyzeFile(file: ProjectFile, enabledRules = this.enabledRules()): Finding[] {
    // Rules whose text hint the file lacks cannot report in it; a file no rule can report in is never parsed.
    const enabled = enabledRules.filter(({ rule }) => !rule.textHint || rule.textHint.test(file.text));
    if (enabled.length === 0) return [];
    if (this.project.syntaxError(file)) return [];
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const suppressed = this.options.directives === false ? () => false : directiveFilter(file.sourceFile);
    for (const { rule, severity } of enabled) {
      const ruleId = RULE_PREFIX + rule.meta.id;
      const report = (r: Report): void => {
        if (r.node.getSourceFile() !== file.sourceFile) return;
        const pos = position(file, r.node);
        const key = `${ruleId}:${pos.line}:${pos.column}:${pos.endLine}:${pos.endColumn}:${r.messageId}`;
        if (seen.has(key)) return;
        seen.add(key);
        if (suppressed(ruleId, pos.line)) return;
        const template = rule.meta.messages[r.messageId];
        if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown message id ${r.messageId}`);
        const finding: Finding = {
          ruleId,
          severity: r.severity ?? severity,
          file: file.relative,
          ...pos,
          message: formatMessage(template, r.data),
          messageId: r.messageId,
          guideline: rule.meta.guideline.url,
        };
        if (r.data) finding.data = r.data;
        if (r.fix) finding.fix = r.fix;
        if (r.suggestions?.length) {
          finding.suggestions = r.suggestions.map((s) => ({
            messageId: s.messageId,
            desc: formatMessage(rule.meta.messages[s.messageId] ?? s.messageId, s.data),
            edits: s.edits,
          }));
        }
        findings.push(finding);
      };
      rule.check({
        file,
        facts: this.facts,
        options: this.options.ruleOptions?.[rule.meta.id] ?? {},
        report,
        inFile: (node) => node.getSourceFile() === file.sourceFile,
      });
    }
    return findings.sort(compareFindings);
  }

  /** Findings of every file, and the files that could not be analysed; `onFile` reports progress. */
  analyzeAll(onFile?: (done: number, total: number) => void): { findings: Finding[]; errors: RunError[] } {
    const enabled = this.enabledRules();
    const findings: Finding[] = [];
    const errors: RunError[] = [];
    for (const problem of this.project.problems) {
      errors.push({ file: relativeOrAbsolute(this.project, problem.file), message: problem.message });
    }
    const files = this.project.allFiles();
    files.forEach((file, index) => {
      onFile?.(index, files.length);
      const syntax = this.project.syntaxError(file);
      if (syntax) errors.push({ file: file.relative, message: syntax });
      else findings.push(...this.analyzeFile(file, enabled));
    });
    onFile?.(files.length, files.length);
    findings.sort(compareFindings);
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.message < b.message ? -1 : 1));
    return { findings, errors };
  }
}

function relativeOrAbsolute(project: SourceProject, file: string): string {
  const rel = file.startsWith(project.root + '/') ? file.slice(project.root.length + 1) : file;
  return rel.split('\\').join('/');
}
