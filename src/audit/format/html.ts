/**
 * The audit as one self-contained HTML page (`--format html`): inline CSS, no scripts, no external assets;
 * readable on screen and printable (each item avoids page breaks, links print their address).
 */
import type { AuditItemResult, AuditReport, AuditStatus } from '../types.js';
import { endpointName, endpointNote, groupedItems, probeLine, sendCallName, sendCallsByEndpoint, sourceNote, STATUS_LABEL, STATUS_SYMBOL, summaryLine, where } from './shared.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const h = escapeHtml;

/** Escaped prose with `backticked` spans set as code. */
function prose(text: string): string {
  return h(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const CSS = `
:root { --fail: #b42318; --fail-bg: #fef3f2; --pass: #067647; --pass-bg: #ecfdf3; --confirm: #b54708; --confirm-bg: #fffaeb; --na: #475467; --na-bg: #f2f4f7; --line: #d0d5dd; --muted: #475467; --ink: #101828; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 2rem 1.25rem 4rem; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 62rem; margin: 0 auto; }
h1 { font-size: 1.7rem; margin: 0 0 .4rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 0; }
a { color: #175cd3; }
code, .mono { font: 0.86em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.meta { color: var(--muted); margin: .15rem 0; overflow-wrap: anywhere; }
.pills { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0 .5rem; }
.pill { border-radius: 999px; padding: .25rem .8rem; font-weight: 600; border: 1px solid currentColor; }
.badge { display: inline-block; min-width: 6.2rem; text-align: center; border-radius: 6px; padding: .1rem .5rem; font-weight: 700; font-size: .8rem; letter-spacing: .03em; border: 1px solid currentColor; white-space: nowrap; }
.s-fail { color: var(--fail); background: var(--fail-bg); }
.s-pass { color: var(--pass); background: var(--pass-bg); }
.s-confirm { color: var(--confirm); background: var(--confirm-bg); }
.s-not-applicable { color: var(--na); background: var(--na-bg); }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .55rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: #f9fafb; font-weight: 600; white-space: nowrap; }
.item { border: 1px solid var(--line); border-left-width: 6px; border-radius: 8px; padding: .9rem 1.1rem; margin: 0 0 1rem; break-inside: avoid; page-break-inside: avoid; }
.item.st-fail { border-left-color: var(--fail); }
.item.st-pass { border-left-color: var(--pass); }
.item.st-confirm { border-left-color: var(--confirm); }
.item.st-not-applicable { border-left-color: #98a2b3; }
.item.st-not-applicable .asks, .item.st-not-applicable .reason { color: var(--na); }
.item header { display: flex; gap: .75rem; align-items: baseline; flex-wrap: wrap; }
.asks { color: var(--muted); margin: .4rem 0; }
.reason { margin: .4rem 0; }
.check { background: var(--confirm-bg); border: 1px solid #fedf89; border-radius: 6px; padding: .5rem .75rem; margin: .6rem 0; }
.label { font-weight: 600; margin: .6rem 0 .2rem; }
ul { margin: .2rem 0 .5rem; padding-left: 1.3rem; }
li { margin: .1rem 0; }
.loc { color: var(--muted); }
.source { font-size: .85rem; color: var(--muted); margin-top: .5rem; overflow-wrap: anywhere; }
.sev-error { color: var(--fail); font-weight: 600; white-space: nowrap; }
.sev-warning { color: var(--confirm); font-weight: 600; white-space: nowrap; }
.findings .where { white-space: nowrap; width: 1%; }
.findings .rule { color: var(--muted); margin-top: .15rem; }
footer.page { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: .6rem; }
@media print {
  body { padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  .source a::after { content: " (" attr(href) ")"; }
  a { color: inherit; }
}
`;

function badge(status: AuditStatus): string {
  return `<span class="badge s-${status}">${STATUS_SYMBOL[status]} ${STATUS_LABEL[status]}</span>`;
}

function itemHtml(item: AuditItemResult): string {
  const parts: string[] = [];
  parts.push(`<section class="item st-${item.status}" id="item-${h(item.id)}">`);
  parts.push(`<header>${badge(item.status)}<h3>${h(item.title)}</h3></header>`);
  parts.push(`<p class="asks">${prose(item.asks)}</p>`);
  parts.push(`<p class="reason">${prose(item.reason)}</p>`);
  if (item.findings.length > 0) {
    parts.push('<table class="findings"><thead><tr><th>Where</th><th>Severity</th><th>Finding</th></tr></thead><tbody>');
    for (const f of item.findings) {
      parts.push(
        `<tr><td class="mono where">${h(where(f.file, f.line, f.column))}</td><td class="sev-${f.severity}">${f.severity}</td><td>${h(f.message)}<div class="rule mono">${h(f.ruleId)}</div></td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  if (item.evidence.length > 0 && item.status !== 'not-applicable') {
    parts.push('<div class="label">Evidence</div><ul>');
    for (const e of item.evidence) parts.push(`<li>${h(e.text)}${e.file ? ` <span class="loc mono">${h(where(e.file, e.line))}</span>` : ''}</li>`);
    parts.push('</ul>');
  }
  if (item.confirm && (item.status === 'confirm' || item.status === 'fail')) parts.push(`<div class="check"><strong>To check:</strong> ${prose(item.confirm)}</div>`);
  const checkedBy = item.rules.length > 0 ? ` · checked by <span class="mono">${item.rules.map(h).join(', ')}</span>` : '';
  parts.push(`<div class="source">Guideline: <a href="${h(item.url)}">${h(item.sectionTitle)}</a>${checkedBy}</div>`);
  parts.push('</section>');
  return parts.join('\n');
}

export function formatAuditHtml(report: AuditReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>LINE bot pre-release audit — ${h(report.root)}</title>`);
  out.push(`<style>${CSS}</style>`, '</head>', '<body>', '<main>');
  out.push('<h1>LINE bot pre-release audit</h1>');
  out.push(`<p class="meta">Project: <span class="mono">${h(report.root)}</span></p>`);
  out.push(`<p class="meta">Checked against LINE's <a href="${h(report.guideline)}">Development guidelines for corporate customers</a> with line-bot-guard ${h(report.tool.version)}.</p>`);
  out.push('<div class="pills">');
  out.push(`<span class="pill s-fail">${s.fail} fail</span><span class="pill s-confirm">${s.confirm} to confirm</span><span class="pill s-pass">${s.pass} pass</span><span class="pill s-not-applicable">${s.notApplicable} not applicable</span>`);
  out.push('</div>');
  out.push(`<p class="meta">${h(summaryLine(report))}</p>`);
  const probe = probeLine(report);
  if (probe) out.push(`<p class="meta">${h(probe)}</p>`);

  out.push('<h2>Overview</h2>', '<table><thead><tr><th>Status</th><th>Item</th><th>Chapter</th></tr></thead><tbody>');
  for (const group of groupedItems(report)) {
    for (const item of group.items) {
      out.push(`<tr><td>${badge(item.status)}</td><td><a href="#item-${h(item.id)}">${h(item.title)}</a></td><td>${h(group.title)}</td></tr>`);
    }
  }
  out.push('</tbody></table>');

  for (const group of groupedItems(report)) {
    out.push(`<h2>${h(group.title)}</h2>`);
    for (const item of group.items) out.push(itemHtml(item));
  }

  if (report.probe) {
    out.push(`<h2>Probe of <span class="mono">${h(report.probe.url)}</span></h2>`);
    out.push('<table><thead><tr><th>Result</th><th>Probe</th><th>Status</th><th>Latency</th><th>What happened</th><th>Expected</th></tr></thead><tbody>');
    for (const r of report.probe.results) {
      out.push(
        `<tr><td>${badge(r.status)}</td><td><span class="mono">${h(r.id)}</span><br>${h(r.title)}</td><td>${r.httpStatus ?? '—'}</td><td>${r.latencyMs !== undefined ? `${r.latencyMs} ms` : '—'}</td><td>${h(r.detail)}</td><td>${h(r.expectation)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }

  const inv = report.inventory;
  out.push('<h2>Inventory</h2>');
  out.push('<h3>Packages</h3>');
  if (inv.packages.length === 0) out.push('<p>No package.json found.</p>');
  else {
    out.push('<table><thead><tr><th>Folder</th><th>Name</th><th>@line/bot-sdk</th><th>line-bot-guard runtime</th><th>Other LINE libraries</th></tr></thead><tbody>');
    for (const p of inv.packages) {
      out.push(`<tr><td class="mono">${h(p.path)}</td><td>${h(p.name ?? '')}</td><td class="mono">${h(p.lineSdk ?? '—')}</td><td>${p.runtime ? 'yes' : 'no'}</td><td class="mono">${h(p.lineLibraries.join(', ') || '—')}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push(`<h3>Endpoints${h(sourceNote(inv.sources.endpoints))}</h3>`);
  if (inv.endpoints.length === 0) out.push('<p>No endpoint recognised.</p>');
  else {
    out.push('<table><thead><tr><th>Endpoint</th><th>Where</th><th>Role</th></tr></thead><tbody>');
    for (const e of inv.endpoints) out.push(`<tr><td>${h(endpointName(e))}</td><td class="mono">${h(where(e.file, e.line))}</td><td>${h(endpointNote(e))}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push(`<h3>Send calls by endpoint${h(sourceNote(inv.sources.sendCalls))}</h3>`);
  if (inv.sendCalls.length === 0) out.push('<p>No send call found.</p>');
  else {
    out.push('<table><thead><tr><th>Reached from</th><th>Send</th><th>Where</th></tr></thead><tbody>');
    for (const group of sendCallsByEndpoint(report)) {
      for (const c of group.calls) out.push(`<tr><td>${h(group.endpoint)}</td><td>${h(sendCallName(c))}</td><td class="mono">${h(where(c.file, c.line))}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push(`<h3>Channel access token${h(sourceNote(inv.sources.tokens))}</h3>`, `<p>${h(inv.tokens.strategy)}</p>`);
  const tokenSites = [...inv.tokens.issuanceSites, ...inv.tokens.staticSites];
  if (tokenSites.length > 0) {
    out.push('<ul>');
    for (const e of tokenSites) out.push(`<li>${h(e.text)} <span class="loc mono">${h(where(e.file, e.line))}</span></li>`);
    out.push('</ul>');
  }
  out.push(`<h3>LINE Login${h(sourceNote(inv.sources.login))}</h3>`);
  if (inv.login.sites.length === 0) out.push('<p>No LINE Login flow found.</p>');
  else {
    out.push('<ul>');
    for (const e of inv.login.sites) out.push(`<li>${h(e.text)} <span class="loc mono">${h(where(e.file, e.line))}</span></li>`);
    out.push('</ul>');
  }
  out.push(`<h3>LIFF${h(sourceNote(inv.sources.liff))}</h3>`);
  if (inv.liff.length === 0) out.push('<p>No LIFF app found.</p>');
  else {
    out.push('<ul>');
    for (const e of inv.liff) out.push(`<li>${h(e.text)} <span class="loc mono">${h(where(e.file, e.line))}</span></li>`);
    out.push('</ul>');
  }
  if (report.errors.length > 0) {
    out.push('<h2>Files that could not be analysed</h2>', '<ul>');
    for (const e of report.errors) out.push(`<li><span class="mono">${h(e.file)}</span>: ${h(e.message)}</li>`);
    out.push('</ul>');
  }
  out.push('<footer class="page">Items marked “to confirm” cannot be decided from code: a person checks them in the LINE Developers Console, LINE Official Account Manager or the hosting, using the text under “To check”.</footer>');
  out.push('</main>', '</body>', '</html>');
  return out.join('\n') + '\n';
}
