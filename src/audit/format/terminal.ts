/** The audit for a terminal (the default format): items by guideline chapter, then probe and inventory. */
import type { AuditReport, AuditStatus } from '../types.js';
import { endpointName, endpointNote, groupedItems, probeLine, sendCallName, sendCallsByEndpoint, sourceNote, STATUS_LABEL, STATUS_SYMBOL, summaryLine, where } from './shared.js';

export interface TerminalOptions {
  color?: boolean;
}

const STATUS_COLOR: Record<AuditStatus, string> = { pass: '32', fail: '31;1', confirm: '33', 'not-applicable': '2' };

export function formatAuditTerminal(report: AuditReport, { color = false }: TerminalOptions = {}): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const indent = ' '.repeat(11);
  lines.push(paint('1', `LINE bot pre-release audit — ${report.root}`));
  lines.push(`Guideline: ${report.guideline}`);
  lines.push(summaryLine(report));
  const probe = probeLine(report);
  if (probe) lines.push(probe);

  for (const group of groupedItems(report)) {
    lines.push('', paint('1;4', group.title));
    for (const item of group.items) {
      const badge = `${STATUS_SYMBOL[item.status]} ${STATUS_LABEL[item.status]}`.padEnd(10);
      lines.push(`${paint(STATUS_COLOR[item.status], badge)} ${paint('1', item.title)}`);
      lines.push(`${indent}${item.reason}`);
      for (const f of item.findings) {
        lines.push(`${indent}  ${where(f.file, f.line, f.column)}  ${f.severity === 'error' ? paint('31', 'error') : paint('33', 'warning')}  ${f.message}  ${paint('2', f.ruleId)}`);
      }
      if (item.status !== 'not-applicable') {
        for (const e of item.evidence) lines.push(`${indent}  · ${e.text}${e.file ? `  ${paint('2', where(e.file, e.line))}` : ''}`);
      }
      if (item.confirm && (item.status === 'confirm' || item.status === 'fail')) lines.push(`${indent}${paint('33', 'Check:')} ${item.confirm}`);
      lines.push(`${indent}${paint('2', item.url)}`);
    }
  }

  if (report.probe) {
    lines.push('', paint('1;4', `Probe of ${report.probe.url}`));
    const width = Math.max(...report.probe.results.map((r) => r.id.length));
    for (const r of report.probe.results) {
      const badge = r.status === 'pass' ? paint('32', '✔ PASS') : paint('31;1', '✖ FAIL');
      lines.push(`${badge}  ${r.id.padEnd(width)}  ${r.detail}`);
      lines.push(`${' '.repeat(8 + width)}${paint('2', `${r.title}; expected: ${r.expectation}`)}`);
    }
  }

  const inv = report.inventory;
  lines.push('', paint('1;4', 'Inventory'));
  lines.push(paint('1', 'Packages'));
  if (inv.packages.length === 0) lines.push('  (no package.json)');
  for (const p of inv.packages) {
    const parts = [p.path, p.name ?? '', p.lineSdk ? `@line/bot-sdk ${p.lineSdk}` : 'no @line/bot-sdk', p.runtime ? 'line-bot-guard runtime' : '', ...p.lineLibraries];
    lines.push(`  ${parts.filter(Boolean).join('  ')}`);
  }
  lines.push(paint('1', `Endpoints${sourceNote(inv.sources.endpoints)}`));
  if (inv.endpoints.length === 0) lines.push('  (none recognised)');
  for (const e of inv.endpoints) lines.push(`  ${endpointName(e)}  ${paint('2', where(e.file, e.line))}  ${endpointNote(e)}`);
  lines.push(paint('1', `Send calls by endpoint${sourceNote(inv.sources.sendCalls)}`));
  if (inv.sendCalls.length === 0) lines.push('  (none found)');
  for (const group of sendCallsByEndpoint(report)) {
    lines.push(`  ${group.endpoint}`);
    for (const c of group.calls) lines.push(`    ${sendCallName(c)}  ${paint('2', where(c.file, c.line))}`);
  }
  lines.push(paint('1', `Channel access token${sourceNote(inv.sources.tokens)}`));
  lines.push(`  ${inv.tokens.strategy}`);
  for (const e of [...inv.tokens.issuanceSites, ...inv.tokens.staticSites]) lines.push(`    ${e.text}  ${paint('2', where(e.file, e.line))}`);
  lines.push(paint('1', `LINE Login${sourceNote(inv.sources.login)}`));
  if (inv.login.sites.length === 0) lines.push('  (none found)');
  for (const e of inv.login.sites) lines.push(`  ${e.text}  ${paint('2', where(e.file, e.line))}`);
  lines.push(paint('1', `LIFF${sourceNote(inv.sources.liff)}`));
  if (inv.liff.length === 0) lines.push('  (none found)');
  for (const e of inv.liff) lines.push(`  ${e.text}  ${paint('2', where(e.file, e.line))}`);

  if (report.errors.length > 0) {
    lines.push('', paint('31', `${report.errors.length} file${report.errors.length === 1 ? '' : 's'} could not be analysed:`));
    for (const e of report.errors) lines.push(`  ${e.file}: ${e.message}`);
  }
  return lines.join('\n') + '\n';
}
