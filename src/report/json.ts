/** The JSON contract of `check --format json`: stable key order, same input → same bytes. */
import type { Finding, RunResult } from '../engine/types.js';

function contractFinding(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    guideline: f.guideline,
    messageId: f.messageId,
    ...(f.suggestions?.length ? { suggestions: f.suggestions.map((s) => ({ messageId: s.messageId, desc: s.desc, edits: s.edits })) } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
  };
}

export function formatJson(result: RunResult): string {
  const ordered = {
    tool: { name: result.tool.name, version: result.tool.version },
    root: result.root,
    findings: result.findings.map(contractFinding),
    errors: result.errors.map((e) => ({ file: e.file, message: e.message })),
    summary: { files: result.summary.files, errors: result.summary.errors, warnings: result.summary.warnings },
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}
