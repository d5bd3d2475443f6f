/** The default terminal format, read like ESLint's stylish: findings grouped by file, a summary line. */
import type { RunResult } from '../engine/types.js';

export interface StylishOptions {
  color?: boolean;
}

export function formatStylish(result: RunResult, { color = false }: StylishOptions = {}): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const byFile = new Map<string, typeof result.findings>();
  for (const finding of result.findings) {
    let list = byFile.get(finding.file);
    if (!list) byFile.set(finding.file, (list = []));
    list.push(finding);
  }
  for (const [file, findings] of byFile) {
    lines.push('', paint('4', file));
    const rows = findings.map((f) => [`  ${f.line}:${f.column}`, f.severity === 'error' ? paint('31', 'error') : paint('33', 'warning'), f.message, paint('2', f.ruleId)]);
    const width = Math.max(...rows.map((r) => r[0]!.length));
    for (const row of rows) lines.push(`${row[0]!.padEnd(width)}  ${row[1]}  ${row[2]}  ${row[3]}`);
  }
  for (const error of result.errors) lines.push('', paint('4', error.file), `  ${paint('31', 'error')}  ${error.message}`);
  const { errors, warnings } = result.summary;
  const total = errors + warnings;
  if (total > 0 || result.errors.length > 0) {
    lines.push('');
    const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
    lines.push(paint(errors > 0 ? '31;1' : '33;1', summary));
    if (result.errors.length > 0) lines.push(paint('31', `${result.errors.length} file${result.errors.length === 1 ? '' : 's'} could not be analysed`));
  } else {
    lines.push(`✔ No problems found in ${result.summary.files} file${result.summary.files === 1 ? '' : 's'}.`);
  }
  return lines.join('\n').replace(/^\n/, '') + '\n';
}
