/**
 * ESLint-style inline directives for our rules, so the CLI honours what ESLint would:
 * `eslint-disable-next-line`, `eslint-disable-line`, `eslint-disable` … `eslint-enable` (optionally
 * naming rules, optionally with `-- reason`).
 */
import { ts } from '../project/ast.js';

interface Directive {
  kind: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  /** Rule ids named (empty: all rules). */
  rules: string[];
  /** 1-based line of the comment start. */
  line: number;
  /** 1-based line of the comment end. */
  endLine: number;
}

const DIRECTIVE = /^\s*eslint-(disable-next-line|disable-line|disable|enable)(?:\s+([^]*?))?\s*(?:--[^]*)?$/;

function parseComment(text: string): { kind: Directive['kind']; rules: string[] } | undefined {
  const body = text.startsWith('//') ? text.slice(2) : text.slice(2, -2);
  const match = DIRECTIVE.exec(body.trim());
  if (!match) return undefined;
  const rulesText = (match[2] ?? '').split('--')[0]!;
  const rules = rulesText.split(/[\s,]+/).filter(Boolean);
  return { kind: match[1] as Directive['kind'], rules };
}

function collectDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  if (!text.includes('eslint-')) return [];
  const directives: Directive[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, text);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token !== ts.SyntaxKind.SingleLineCommentTrivia && token !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const comment = scanner.getTokenText();
    if (!comment.includes('eslint-')) continue;
    const parsed = parseComment(comment);
    if (!parsed) continue;
    // `-line` directives only work as line comments or single-line block comments, like ESLint.
    const start = scanner.getTokenStart();
    const line = sourceFile.getLineAndCharacterOfPosition(start).line + 1;
    const endLine = sourceFile.getLineAndCharacterOfPosition(scanner.getTokenEnd()).line + 1;
    if (parsed.kind === 'disable-line' || parsed.kind === 'disable-next-line') {
      if (line !== endLine) continue;
    } else if (token === ts.SyntaxKind.SingleLineCommentTrivia) {
      continue; // block-scope directives must be block comments
    }
    directives.push({ ...parsed, line, endLine });
  }
  return directives;
}

/** A predicate telling whether a finding of `ruleId` starting on `line` is suppressed. */
export function directiveFilter(sourceFile: ts.SourceFile): (ruleId: string, line: number) => boolean {
  const directives = collectDirectives(sourceFile);
  if (directives.length === 0) return () => false;
  const names = (rules: string[], ruleId: string) => rules.length === 0 || rules.includes(ruleId);
  return (ruleId, line) => {
    let disabled = false;
    for (const d of directives) {
      if (d.kind === 'disable-line' && d.line === line && names(d.rules, ruleId)) return true;
      if (d.kind === 'disable-next-line' && d.endLine + 1 === line && names(d.rules, ruleId)) return true;
      if (d.line > line) continue;
      if (d.kind === 'disable' && names(d.rules, ruleId)) disabled = true;
      if (d.kind === 'enable' && names(d.rules, ruleId)) disabled = false;
    }
    return disabled;
  };
}
