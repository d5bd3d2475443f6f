/**
 * Decides each audit item: `fail` with the findings of the rules that feed it (rules name the item's
 * section key in `meta.auditItems`) or with failed probes, `not-applicable` when the inventory shows the
 * item's scope is absent, `confirm` when a person must decide (all of it, or the part outside the code),
 * `pass` with the evidence otherwise. Checklist entries summarise the items they cover.
 */
import { AUDIT_ITEMS, type AuditItem, type AuditScope, type InventoryFact } from '../platform/audit-items.js';
import { GUIDELINE_SECTIONS, guidelineUrl } from '../platform/guideline.js';
import { RULE_PREFIX } from '../engine/analyze.js';
import type { Finding, RuleMeta } from '../engine/types.js';
import { usesMessagingApi } from './inventory.js';
import type { AuditFinding, AuditItemResult, AuditStatus, Evidence, Inventory, ProbeRun } from './types.js';

export interface DecideInput {
  rules: readonly RuleMeta[];
  findings: readonly Finding[];
  inventory: Inventory;
  probe?: ProbeRun;
}

/** The rules that feed an item, by the catalogue's `meta.auditItems`. */
export function rulesFeeding(item: AuditItem, rules: readonly RuleMeta[]): RuleMeta[] {
  return item.kind === 'section' ? rules.filter((meta) => meta.auditItems.includes(item.id)) : [];
}

function scopeApplies(scope: AuditScope, inventory: Inventory, probe: ProbeRun | undefined): boolean {
  switch (scope) {
    case 'always':
      return true;
    case 'webhook':
      return inventory.endpoints.some((e) => e.webhook) || probe !== undefined;
    case 'messaging-api':
      return usesMessagingApi(inventory);
    case 'send':
      return inventory.sendCalls.length > 0;
    case 'login':
      return inventory.login.sites.length > 0;
    case 'liff':
      return inventory.liff.length > 0 || inventory.packages.some((p) => p.lineLibraries.includes('@line/liff'));
  }
}

const NOT_APPLICABLE: Record<Exclude<AuditScope, 'always'>, string> = {
  webhook:
    'No LINE webhook endpoint was found in the code (Express, Hono, Next.js route handlers, node:http). If the bot receives webhooks in code the tool does not recognise, name the path in the configuration (webhookPaths) or check this item by hand.',
  'messaging-api': 'The code neither calls the Messaging API nor holds a channel access token.',
  send: 'No message send call (reply, push, multicast, narrowcast, broadcast) was found in the code.',
  login: 'No LINE Login flow was found in the code.',
  liff: 'No LIFF app was found in the code (@line/liff).',
};

function toAuditFinding(f: Finding): AuditFinding {
  return { ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, column: f.column, message: f.message };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countFindings(findings: readonly AuditFinding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return `${plural(findings.length, 'finding')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
}

const MAX_EVIDENCE = 12;

function capped(list: Evidence[], what: string): Evidence[] {
  if (list.length <= MAX_EVIDENCE) return list;
  return [...list.slice(0, MAX_EVIDENCE), { text: `… and ${list.length - MAX_EVIDENCE} more ${what} (see the inventory)` }];
}

/** Evidence an item draws from the inventory. */
function factEvidence(fact: InventoryFact, inventory: Inventory): Evidence[] {
  switch (fact) {
    case 'webhook-endpoints':
      return capped(
        inventory.endpoints
          .filter((e) => e.webhook)
          .map((e) => ({
            text: `webhook endpoint ${e.framework} ${e.method ?? ''} ${e.route ?? '(any path)'}`.replace(/\s+/g, ' ') +
              (e.verification?.includes('createWebhookHandler from line-bot-guard/runtime') ? ' — line-bot-guard/runtime handler (verifies, answers 200 first, handles every event)' : ''),
            file: e.file,
            line: e.line,
          })),
        'endpoints',
      );
    case 'signature-checks':
      return capped(
        inventory.endpoints
          .filter((e) => e.webhook)
          .map((e) => {
            const ways = e.verification ?? ['none'];
            const how = ways[0]?.startsWith('none') ? `not verified${ways[0].slice(4)}` : `verified by ${ways.join(', ')}`;
            return { text: `webhook endpoint ${e.framework} ${e.method ?? ''} ${e.route ?? '(any path)'}: ${how}`.replace(/\s+/g, ' '), file: e.file, line: e.line };
          }),
        'endpoints',
      );
    case 'send-calls':
      return capped(
        inventory.sendCalls.map((c) => ({ text: `${c.kind} (${c.via})${c.endpoint ? ` from ${c.endpoint}` : ''}`, file: c.file, line: c.line })),
        'send calls',
      );
    case 'tokens':
      return [{ text: `channel access token: ${inventory.tokens.strategy}` }, ...capped([...inventory.tokens.issuanceSites, ...inventory.tokens.staticSites], 'token sites')];
    case 'login':
      return capped(inventory.login.sites, 'login sites');
    case 'liff':
      return capped(inventory.liff, 'LIFF sites');
    case 'packages':
      return inventory.packages
        .filter((p) => p.lineSdk)
        .map((p) => ({ text: `@line/bot-sdk ${p.lineSdk} in ${p.path === '.' ? 'the root package' : p.path}${p.name ? ` (${p.name})` : ''}` }));
  }
}

function decideSection(item: AuditItem, input: DecideInput): AuditItemResult {
  const rules = rulesFeeding(item, input.rules);
  const ruleIds = new Set(rules.map((meta) => RULE_PREFIX + meta.id));
  const findings = input.findings.filter((f) => ruleIds.has(f.ruleId)).map(toAuditFinding);
  const probes = input.probe?.results.filter((p) => p.items.includes(item.id)) ?? [];
  const failedProbes = probes.filter((p) => p.status === 'fail');
  const evidence: Evidence[] = [];
  for (const fact of item.facts ?? []) evidence.push(...factEvidence(fact, input.inventory));
  for (const probe of probes) {
    evidence.push({ text: `probe ${probe.id}: ${probe.status === 'pass' ? 'passed' : 'FAILED'} — ${probe.detail}` });
  }
  const base = baseResult(item, [...ruleIds].sort(), probes.map((p) => p.id), evidence, findings);
  const checkedBy = rules.length > 0 ? `No findings from ${[...ruleIds].sort().join(', ')}` : '';
  const probed = probes.length > 0 ? `${plural(probes.length, 'probe')} passed` : '';

  if (findings.length > 0 || failedProbes.length > 0) {
    const parts = [findings.length > 0 ? countFindings(findings) : '', failedProbes.length > 0 ? `${plural(failedProbes.length, 'probe')} failed (${failedProbes.map((p) => p.id).join(', ')})` : ''];
    return { ...base, status: 'fail', reason: parts.filter(Boolean).join('; ') + '.' };
  }
  if (item.appliesTo !== 'always' && !scopeApplies(item.appliesTo, input.inventory, input.probe)) {
    return { ...base, status: 'not-applicable', reason: NOT_APPLICABLE[item.appliesTo], evidence: [] };
  }
  if (item.decision === 'confirm') {
    return { ...base, status: 'confirm', reason: 'This cannot be decided from the code; a person has to check it.', confirm: item.confirm ?? item.asks };
  }
  if (item.decision === 'code+confirm') {
    const done = [checkedBy, probed].filter(Boolean).join('; ');
    return {
      ...base,
      status: 'confirm',
      reason: `${done ? done + '; ' : ''}the part outside the code needs a person.`.replace(/^t/, 'T'),
      confirm: item.confirm ?? item.asks,
    };
  }
  if (rules.length === 0 && probes.length === 0) {
    return { ...base, status: 'confirm', reason: 'No rule of this version checks this item yet, and no probe ran; check it by hand.', confirm: item.asks };
  }
  return { ...base, status: 'pass', reason: [checkedBy, probed].filter(Boolean).join('; ') + '.' };
}

function baseResult(item: AuditItem, rules: string[], probes: string[], evidence: Evidence[], findings: AuditFinding[]): AuditItemResult {
  return {
    id: item.id,
    kind: item.kind,
    group: item.group,
    title: item.title,
    section: item.section,
    sectionTitle: GUIDELINE_SECTIONS[item.section].title,
    url: guidelineUrl(item.section),
    asks: item.asks,
    decision: item.decision,
    status: 'confirm',
    reason: '',
    evidence,
    findings,
    rules,
    probes,
    ...(item.covers ? { covers: [...item.covers] } : {}),
  };
}

function decideChecklist(item: AuditItem, input: DecideInput, sections: Map<string, AuditItemResult>): AuditItemResult {
  const covered = (item.covers ?? []).map((id) => sections.get(id)).filter((r): r is AuditItemResult => r !== undefined);
  const probes = input.probe?.results.filter((p) => p.items.includes(item.id)) ?? [];
  const failedProbes = probes.filter((p) => p.status === 'fail');
  const evidence: Evidence[] = [];
  for (const fact of item.facts ?? []) evidence.push(...factEvidence(fact, input.inventory));
  for (const probe of probes) evidence.push({ text: `probe ${probe.id}: ${probe.status === 'pass' ? 'passed' : 'FAILED'} — ${probe.detail}` });
  for (const result of covered) evidence.push({ text: `${statusWord(result.status)}: ${result.title}` });
  const base = baseResult(item, [], probes.map((p) => p.id), evidence, []);

  const failing = covered.filter((r) => r.status === 'fail');
  if (failing.length > 0 || failedProbes.length > 0) {
    const parts = [
      failing.length > 0 ? `${plural(failing.length, 'covered item')} failed: ${failing.map((r) => r.title).join('; ')}` : '',
      failedProbes.length > 0 ? `${plural(failedProbes.length, 'probe')} failed (${failedProbes.map((p) => p.id).join(', ')})` : '',
    ];
    return { ...base, status: 'fail', reason: parts.filter(Boolean).join('; ') + '.', ...(item.confirm ? { confirm: item.confirm } : {}) };
  }
  if (item.decision !== 'code') {
    const reason =
      covered.length > 0
        ? 'This entry lives partly outside the code (console, hosting, documents); none of the items it covers failed.'
        : 'This cannot be decided from the code; a person has to check it.';
    return { ...base, status: 'confirm', reason, confirm: item.confirm ?? item.asks };
  }
  if ((item.appliesTo !== 'always' && !scopeApplies(item.appliesTo, input.inventory, input.probe)) || covered.every((r) => r.status === 'not-applicable')) {
    const reason = item.appliesTo !== 'always' ? NOT_APPLICABLE[item.appliesTo] : 'None of the covered items applies.';
    return { ...base, status: 'not-applicable', reason, evidence: [] };
  }
  const open = covered.filter((r) => r.status === 'confirm');
  if (open.length > 0) {
    return {
      ...base,
      status: 'confirm',
      reason: `No covered item failed; ${plural(open.length, 'covered item')} still need${open.length === 1 ? 's' : ''} a person: ${open.map((r) => r.title).join('; ')}.`,
      confirm: 'Confirm each covered item marked "confirm" in its own chapter of this report.',
    };
  }
  return { ...base, status: 'pass', reason: 'Every covered item passed or does not apply.' };
}

export function statusWord(status: AuditStatus): string {
  return status === 'not-applicable' ? 'not applicable' : status;
}

/** One result per audit item, in catalogue order. */
export function decideItems(input: DecideInput): AuditItemResult[] {
  const sections = new Map<string, AuditItemResult>();
  for (const item of AUDIT_ITEMS) if (item.kind === 'section') sections.set(item.id, decideSection(item, input));
  return AUDIT_ITEMS.map((item) => (item.kind === 'section' ? sections.get(item.id)! : decideChecklist(item, input, sections)));
}
