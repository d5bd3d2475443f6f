/** The audit as Markdown (`--format md`): an overview table, then one section per item, probe, inventory. */
import type { AuditReport, AuditStatus } from '../types.js';
import { endpointName, endpointNote, groupedItems, probeLine, sendCallName, sendCallsByEndpoint, sourceNote, STATUS_LABEL, summaryLine, where } from './shared.js';

const ICON: Record<AuditStatus, string> = { pass: '✅', fail: '❌', confirm: '❓', 'not-applicable': '➖' };

/** Escapes text for Markdown prose and table cells. */
export function md(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

function anchor(id: string): string {
  return `item-${id}`;
}

export function formatAuditMarkdown(report: AuditReport): string {
  const out: string[] = [];
  out.push('# LINE bot pre-release audit', '');
  out.push(`- **Project:** ${code(report.root)}`);
  out.push(`- **Checked against:** [Development guidelines for corporate customers](${report.guideline})`);
  out.push(`- **Result:** ${md(summaryLine(report))}`);
  const probe = probeLine(report);
  if (probe) out.push(`- **Probe:** ${md(probe.replace(/^Probe of /, ""))}`);
  out.push(`- **Tool:** line-bot-guard ${report.tool.version}`, '');

  out.push('| Status | Item | Guideline section |', '| --- | --- | --- |');
  for (const group of groupedItems(report)) {
    for (const item of group.items) {
      out.push(`| ${ICON[item.status]} ${STATUS_LABEL[item.status]} | [${md(item.title)}](#${anchor(item.id)}) | [${md(item.sectionTitle)}](${item.url}) |`);
    }
  }
  out.push('');

  for (const group of groupedItems(report)) {
    out.push(`## ${md(group.title)}`, '');
    for (const item of group.items) {
      out.push(`<a id="${anchor(item.id)}"></a>`, '');
      out.push(`### ${ICON[item.status]} ${STATUS_LABEL[item.status]} — ${md(item.title)}`, '');
      out.push(`${md(item.asks)}`, '');
      out.push(`**${item.status === 'pass' ? 'Why it passes' : item.status === 'fail' ? 'Why it fails' : item.status === 'confirm' ? 'Why it needs a person' : 'Why it does not apply'}:** ${md(item.reason)}`, '');
      if (item.findings.length > 0) {
        out.push('**Findings**', '');
        for (const f of item.findings) out.push(`- ${code(where(f.file, f.line, f.column))} ${f.severity} — ${md(f.message)} (${code(f.ruleId)})`);
        out.push('');
      }
      if (item.evidence.length > 0 && item.status !== 'not-applicable') {
        out.push('**Evidence**', '');
        for (const e of item.evidence) out.push(`- ${md(e.text)}${e.file ? ` — ${code(where(e.file, e.line))}` : ''}`);
        out.push('');
      }
      if (item.confirm && (item.status === 'confirm' || item.status === 'fail')) out.push(`**To check:** ${md(item.confirm)}`, '');
      const checkedBy = item.rules.length > 0 ? ` · checked by ${item.rules.map(code).join(', ')}` : '';
      out.push(`Guideline: [${md(item.sectionTitle)}](${item.url})${checkedBy}`, '');
    }
  }

  if (report.probe) {
    out.push(`## Probe of ${code(report.probe.url)}`, '');
    out.push('| Result | Probe | Status | Latency | What happened | Expected |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of report.probe.results) {
      out.push(
        `| ${r.status === 'pass' ? '✅ PASS' : '❌ FAIL'} | ${code(r.id)}: ${md(r.title)} | ${r.httpStatus ?? '—'} | ${r.latencyMs !== undefined ? `${r.latencyMs} ms` : '—'} | ${md(r.detail)} | ${md(r.expectation)} |`,
      );
    }
    out.push('');
  }

  const inv = report.inventory;
  out.push('## Inventory', '');
  out.push('### Packages', '');
  if (inv.packages.length === 0) out.push('No package.json found.', '');
  else {
    out.push('| Folder | Name | @line/bot-sdk | line-bot-guard runtime | Other LINE libraries |', '| --- | --- | --- | --- | --- |');
    for (const p of inv.packages) {
      out.push(`| ${code(p.path)} | ${md(p.name ?? '')} | ${p.lineSdk ? code(p.lineSdk) : '—'} | ${p.runtime ? 'yes' : 'no'} | ${p.lineLibraries.map(code).join(', ') || '—'} |`);
    }
    out.push('');
  }
  out.push(`### Endpoints${md(sourceNote(inv.sources.endpoints))}`, '');
  if (inv.endpoints.length === 0) out.push('No endpoint recognised.', '');
  else {
    out.push('| Endpoint | Where | Role |', '| --- | --- | --- |');
    for (const e of inv.endpoints) out.push(`| ${md(endpointName(e))} | ${code(where(e.file, e.line))} | ${md(endpointNote(e))} |`);
    out.push('');
  }
  out.push(`### Send calls by endpoint${md(sourceNote(inv.sources.sendCalls))}`, '');
  if (inv.sendCalls.length === 0) out.push('No send call found.', '');
  for (const group of sendCallsByEndpoint(report)) {
    out.push(`- **${md(group.endpoint)}**`);
    for (const c of group.calls) out.push(`  - ${md(sendCallName(c))} — ${code(where(c.file, c.line))}`);
  }
  if (inv.sendCalls.length > 0) out.push('');
  out.push(`### Channel access token${md(sourceNote(inv.sources.tokens))}`, '', md(inv.tokens.strategy), '');
  for (const e of [...inv.tokens.issuanceSites, ...inv.tokens.staticSites]) out.push(`- ${md(e.text)} — ${code(where(e.file, e.line))}`);
  if (inv.tokens.issuanceSites.length + inv.tokens.staticSites.length > 0) out.push('');
  out.push(`### LINE Login${md(sourceNote(inv.sources.login))}`, '');
  if (inv.login.sites.length === 0) out.push('No LINE Login flow found.', '');
  else {
    for (const e of inv.login.sites) out.push(`- ${md(e.text)} — ${code(where(e.file, e.line))}`);
    out.push('');
  }
  out.push(`### LIFF${md(sourceNote(inv.sources.liff))}`, '');
  if (inv.liff.length === 0) out.push('No LIFF app found.', '');
  else {
    for (const e of inv.liff) out.push(`- ${md(e.text)} — ${code(where(e.file, e.line))}`);
    out.push('');
  }
  if (report.errors.length > 0) {
    out.push('## Files that could not be analysed', '');
    for (const e of report.errors) out.push(`- ${code(e.file)}: ${md(e.message)}`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
