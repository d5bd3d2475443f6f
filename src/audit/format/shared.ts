/** Helpers the audit formats share: status words, grouping, inventory lines. */
import { AUDIT_GROUPS, type AuditGroup } from '../../platform/audit-items.js';
import type { AuditItemResult, AuditReport, AuditStatus, InventoryEndpoint, InventorySendCall } from '../types.js';

export const STATUS_LABEL: Record<AuditStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  confirm: 'CONFIRM',
  'not-applicable': 'N/A',
};

export const STATUS_SYMBOL: Record<AuditStatus, string> = {
  pass: '✔',
  fail: '✖',
  confirm: '?',
  'not-applicable': '–',
};

export function groupedItems(report: AuditReport): { id: AuditGroup; title: string; items: AuditItemResult[] }[] {
  return AUDIT_GROUPS.map((group) => ({ ...group, items: report.items.filter((item) => item.group === group.id) })).filter((g) => g.items.length > 0);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(report: AuditReport): string {
  const s = report.summary;
  return `${s.fail} fail · ${s.confirm} to confirm · ${s.pass} pass · ${s.notApplicable} not applicable — ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
}

export function probeLine(report: AuditReport): string | undefined {
  if (!report.probe) return undefined;
  return `Probe of ${report.probe.url}: ${report.summary.probesPassed ?? 0} passed, ${report.summary.probesFailed ?? 0} failed (answer deadline ${report.probe.deadlineMs} ms)`;
}

export function endpointName(e: InventoryEndpoint): string {
  return `${e.framework} ${e.method ?? ''} ${e.route ?? '(any path)'}`.replace(/\s+/g, ' ');
}

export function endpointNote(e: InventoryEndpoint): string {
  if (!e.webhook) return 'not a LINE webhook';
  return `LINE webhook, signature: ${(e.verification ?? ['none']).join(', ')}`;
}

export function sendCallName(c: InventorySendCall): string {
  return `${c.kind} (${c.via})`;
}

export function where(file: string | undefined, line: number | undefined, column?: number): string {
  if (!file) return '';
  return `${file}${line ? `:${line}` : ''}${line && column ? `:${column}` : ''}`;
}

/** Send calls grouped by the webhook endpoint that reaches them (`outside webhook handlers` last). */
export function sendCallsByEndpoint(report: AuditReport): { endpoint: string; calls: InventorySendCall[] }[] {
  const groups = new Map<string, InventorySendCall[]>();
  for (const call of report.inventory.sendCalls) {
    const key = call.endpoint ?? '';
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(call);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([endpoint, calls]) => ({ endpoint: endpoint || 'outside webhook handlers', calls }));
}

export function sourceNote(source: 'analysis' | 'heuristic'): string {
  return source === 'heuristic' ? ' (approximate: heuristic inventory)' : '';
}
