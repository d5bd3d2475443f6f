/**
 * The pre-release audit: the item catalogue against the rule catalogue, item decisions, the four report
 * formats, the built `audit` command, and JSON snapshots of fixture bots (root path normalised).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_METAS } from '../rules/index.js';
import { AUDIT_ITEMS, AUDIT_ITEMS_BY_ID } from '../src/platform/audit-items.js';
import { GUIDELINE_SECTIONS, guidelineUrl } from '../src/platform/guideline.js';
import { decideItems } from '../src/audit/decide.js';
import { PROBES } from '../src/audit/probe.js';
import { formatAuditHtml } from '../src/audit/format/html.js';
import { formatAuditMarkdown } from '../src/audit/format/markdown.js';
import { formatAuditTerminal } from '../src/audit/format/terminal.js';
import { formatAuditJson } from '../src/audit/format/json.js';
import { buildAuditReport, collectAudit, auditExitCode } from '../src/audit/run.js';
import type { AuditReport, Inventory, ProbeRun } from '../src/audit/types.js';
import type { Finding, RuleMeta } from '../src/engine/types.js';
import { FIXTURES, fixtureDirs, runCli } from './harness/cli.js';

const EMPTY_INVENTORY: Inventory = {
  packages: [],
  endpoints: [],
  lineApiCalls: 0,
  sendCalls: [],
  tokens: { strategy: 'no channel access token found in code', staticSites: [], issuanceSites: [] },
  login: { sites: [] },
  liff: [],
  sources: { endpoints: 'analysis', sendCalls: 'analysis', tokens: 'analysis', login: 'analysis', liff: 'heuristic' },
};

const WEBHOOK_INVENTORY: Inventory = {
  ...EMPTY_INVENTORY,
  endpoints: [{ framework: 'express', method: 'POST', route: '/webhook', file: 'src/app.js', line: 7, webhook: true, verification: ['middleware() from @line/bot-sdk'] }],
  sendCalls: [{ kind: 'reply', via: 'sdk', file: 'src/bot.js', line: 12, endpoint: 'express POST /webhook' }],
};

function meta(id: string, auditItems: string[]): RuleMeta {
  return {
    id,
    description: `Require ${id}`,
    category: 'reliability',
    recommended: 'error',
    guideline: { section: auditItems[0]!, title: auditItems[0]!, url: 'https://example.invalid' },
    auditItems,
    precision: 'high',
    tags: [],
    messages: { m: 'message' },
  };
}

function finding(ruleId: string, severity: 'error' | 'warning' = 'error'): Finding {
  return { ruleId: `line-bot/${ruleId}`, severity, file: 'src/app.js', line: 3, column: 5, endLine: 3, endColumn: 9, message: 'something is wrong', messageId: 'm', guideline: 'https://example.invalid' };
}

const byId = (report: { id: string }[], id: string) => report.find((r) => r.id === id)!;

/** Root paths differ per machine: the snapshots name it `<root>`. */
function normalise(json: string, root: string): string {
  return json.split(JSON.stringify(root).slice(1, -1)).join('<root>');
}

describe('audit items and the rule catalogue', () => {
  it('has one item per release-checklist entry (4) and unique ids', () => {
    expect(AUDIT_ITEMS.filter((i) => i.kind === 'checklist')).toHaveLength(4);
    expect(new Set(AUDIT_ITEMS.map((i) => i.id)).size).toBe(AUDIT_ITEMS.length);
  });

  it('gives every section item the id of its guideline section, and every item a known section', () => {
    for (const item of AUDIT_ITEMS) {
      expect(Object.keys(GUIDELINE_SECTIONS)).toContain(item.section);
      if (item.kind === 'section') expect(item.id).toBe(item.section);
      if (item.decision !== 'code') expect(item.confirm, item.id).toBeTruthy();
      for (const covered of item.covers ?? []) expect(AUDIT_ITEMS_BY_ID.get(covered)?.kind, `${item.id} covers ${covered}`).toBe('section');
    }
  });

  it('covers every guideline section a bot can be held to', () => {
    const sectionItems = new Set(AUDIT_ITEMS.filter((i) => i.kind === 'section').map((i) => i.section));
    const chapters = new Set(['release-checklist', 'send-api-requests']); // represented by checklist entries
    for (const key of Object.keys(GUIDELINE_SECTIONS)) {
      if (!chapters.has(key)) expect(sectionItems, key).toContain(key);
    }
  });

  for (const rule of RULE_METAS) {
    it(`${rule.id}: every audit item it names exists`, () => {
      for (const key of rule.auditItems) {
        expect(AUDIT_ITEMS_BY_ID.get(key)?.kind, `${rule.id} feeds "${key}"`).toBe('section');
      }
    });
  }

  for (const item of AUDIT_ITEMS.filter((i) => i.decision === 'code' && i.kind === 'section')) {
    it(`${item.id}: code can decide it, so a rule or a probe feeds it`, () => {
      const rules = RULE_METAS.filter((m) => m.auditItems.includes(item.id)).map((m) => m.id);
      const probes = PROBES.filter((p) => p.items.includes(item.id)).map((p) => p.id);
      expect([...rules, ...probes], `no rule lists "${item.id}" in meta.auditItems and no probe feeds it`).not.toEqual([]);
    });
  }

  it('points every probe at existing items', () => {
    for (const probe of PROBES) for (const id of probe.items) expect(AUDIT_ITEMS_BY_ID.has(id), `${probe.id} → ${id}`).toBe(true);
  });
});

describe('item decisions', () => {
  const rules = [meta('sig-rule', ['webhook-signature']), meta('retry-rule', ['retry-key']), meta('warn-rule', ['request-limits'])];

  it('fails an item fed by a rule with findings, and the checklist entries covering it', () => {
    const items = decideItems({ rules, findings: [finding('sig-rule')], inventory: WEBHOOK_INVENTORY });
    const signature = byId(items, 'webhook-signature');
    expect(signature.status).toBe('fail');
    expect(signature.findings).toEqual([{ ruleId: 'line-bot/sig-rule', severity: 'error', file: 'src/app.js', line: 3, column: 5, message: 'something is wrong' }]);
    expect(signature.reason).toBe('1 finding (1 error, 0 warnings).');
    expect(byId(items, 'checklist-webhook-url').status).toBe('fail');
    expect(byId(items, 'checklist-security').status).toBe('fail');
    expect(byId(items, 'checklist-console-roles').status).toBe('confirm');
  });

  it('fails on warnings too, and passes a fed item without findings with its evidence', () => {
    const items = decideItems({ rules, findings: [finding('warn-rule', 'warning')], inventory: WEBHOOK_INVENTORY });
    expect(byId(items, 'request-limits').status).toBe('fail');
    const retry = byId(items, 'retry-key');
    expect(retry.status).toBe('pass');
    expect(retry.reason).toBe('No findings from line-bot/retry-rule.');
    expect(retry.evidence).toEqual([{ text: 'reply (sdk) from express POST /webhook', file: 'src/bot.js', line: 12 }]);
    const signature = byId(items, 'webhook-signature');
    expect(signature.status).toBe('pass');
    expect(signature.evidence).toContainEqual({ text: 'webhook endpoint express POST /webhook: verified by middleware() from @line/bot-sdk', file: 'src/app.js', line: 7 });
    expect(byId(items, 'checklist-sending-notes').status).toBe('fail');
  });

  it('marks items whose scope the code lacks as not applicable', () => {
    const items = decideItems({ rules, findings: [], inventory: EMPTY_INVENTORY });
    for (const id of ['webhook-signature', 'retry-key', 'login-state', 'liff', 'checklist-sending-notes']) expect(byId(items, id).status, id).toBe('not-applicable');
    for (const id of ['checklist-console-roles', 'security-guidelines', 'webhook-settings']) expect(byId(items, id).status, id).toBe('confirm');
  });

  it('asks a person when code cannot decide, or when no rule covers a code item yet', () => {
    const items = decideItems({ rules, findings: [], inventory: WEBHOOK_INVENTORY });
    const https = byId(items, 'webhook-https');
    expect(https.status).toBe('confirm');
    expect(https.confirm).toMatch(/TLS/);
    const unfed = byId(items, 'message-delivery-request');
    expect(unfed.status).toBe('confirm');
    expect(unfed.reason).toMatch(/No rule of this version checks this item/);
    expect(byId(items, 'checklist-sending-notes').status).toBe('confirm');
  });

  it('lets findings fail an item even when its scope was not recognised', () => {
    const items = decideItems({ rules, findings: [finding('sig-rule')], inventory: EMPTY_INVENTORY });
    expect(byId(items, 'webhook-signature').status).toBe('fail');
  });

  it('feeds items from probe results: a failed probe fails them, passed probes can pass them', () => {
    const probe = (id: string, items: string[], status: 'pass' | 'fail'): ProbeRun['results'][number] => ({
      id,
      title: id,
      expectation: 'status 200 within 2 s',
      items,
      status,
      httpStatus: status === 'pass' ? 200 : 500,
      latencyMs: 5,
      requestBytes: 100,
      detail: status === 'pass' ? 'answered 200 in 5 ms' : 'answered 500 in 5 ms; expected 200',
    });
    const run: ProbeRun = {
      url: 'http://127.0.0.1:1/webhook',
      deadlineMs: 2000,
      results: [probe('unknown-event-type', ['webhook-structure-changes'], 'fail'), probe('several-events', ['multiple-webhook-events', 'checklist-webhook-url'], 'pass')],
    };
    const items = decideItems({ rules: [], findings: [], inventory: EMPTY_INVENTORY, probe: run });
    const structure = byId(items, 'webhook-structure-changes');
    expect(structure.status).toBe('fail');
    expect(structure.reason).toBe('1 probe failed (unknown-event-type).');
    expect(structure.evidence).toContainEqual({ text: 'probe unknown-event-type: FAILED — answered 500 in 5 ms; expected 200' });
    expect(byId(items, 'multiple-webhook-events').status).toBe('pass');
    expect(byId(items, 'checklist-webhook-url').status).toBe('fail');
    // a probed server is a webhook server, even when the code was not recognised
    expect(byId(items, 'webhook-https').status).toBe('confirm');
  });

  it('links every item to its guideline section', () => {
    for (const item of decideItems({ rules, findings: [], inventory: EMPTY_INVENTORY })) {
      expect(item.url).toBe(guidelineUrl(AUDIT_ITEMS_BY_ID.get(item.id)!.section));
    }
  });
});

describe('report formats', () => {
  const report: AuditReport = buildAuditReport({
    result: {
      tool: { name: 'line-bot-guard', version: '0.0.0-test' },
      root: '/srv/bots/<demo & "co">',
      findings: [{ ...finding('require-signature-validation'), message: 'uses <script>alert(1)</script> & | pipes' }],
      errors: [],
      summary: { files: 3, errors: 1, warnings: 0 },
    },
    inventory: WEBHOOK_INVENTORY,
    facts: undefined as never,
  });

  it('summarises and sets the exit code like check', () => {
    expect(report.summary.errors).toBe(1);
    expect(auditExitCode(report)).toBe(1);
    expect(report.summary.items).toBe(AUDIT_ITEMS.length);
    expect(report.summary.pass + report.summary.fail + report.summary.confirm + report.summary.notApplicable).toBe(AUDIT_ITEMS.length);
  });

  it('terminal: every item with its status, colour only when asked', () => {
    const text = formatAuditTerminal(report);
    for (const item of report.items) expect(text).toContain(item.title);
    expect(text).not.toContain('\u001b[');
    expect(formatAuditTerminal(report, { color: true })).toContain('\u001b[');
  });

  it('markdown: an overview table row and a section per item, text escaped', () => {
    const text = formatAuditMarkdown(report);
    for (const item of report.items) {
      expect(text).toContain(`(#item-${item.id})`);
      expect(text).toContain(`<a id="item-${item.id}"></a>`);
    }
    expect(text).toContain('uses \\<script\\>alert(1)\\</script\\> & \\| pipes');
  });

  it('html: one self-contained page — inline CSS, no scripts, no external assets, everything escaped', () => {
    const html = formatAuditHtml(report);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(|@import/i);
    expect(html).toContain('uses &lt;script&gt;alert(1)&lt;/script&gt; &amp; | pipes');
    expect(html).toContain('/srv/bots/&lt;demo &amp; &quot;co&quot;&gt;');
    for (const item of report.items) expect(html).toContain(`id="item-${item.id}"`);
    expect(html).toContain('@media print');
  });

  it('json: the report as built, stable across runs', () => {
    const text = formatAuditJson(report);
    expect(Object.keys(JSON.parse(text))).toEqual(['tool', 'kind', 'root', 'guideline', 'summary', 'items', 'inventory', 'errors']);
    expect(formatAuditJson(report)).toBe(text);
  });
});

describe('audit of the fixture bots', () => {
  // Snapshots of a representative set; every fixture is still audited below.
  const SNAPSHOTS = ['express-violating', 'express-compliant', 'next-violating', 'node-http-violating', 'runtime-next', 'probe-compliant', 'probe-unverified'];

  for (const name of SNAPSHOTS) {
    it(`${name}: JSON snapshot`, async () => {
      const dir = path.join(FIXTURES, name);
      const report = buildAuditReport(collectAudit(dir));
      await expect(normalise(formatAuditJson(report), dir)).toMatchFileSnapshot(`__snapshots__/audit/${name}.json`);
    });
  }

  for (const dir of fixtureDirs()) {
    it(`${path.basename(dir)}: a complete, deterministic audit whose failing items carry exactly the check findings`, () => {
      const first = collectAudit(dir);
      const report = buildAuditReport(first);
      expect(report.items.map((i) => i.id)).toEqual(AUDIT_ITEMS.map((i) => i.id));
      const itemFindings = report.items.filter((i) => i.kind === 'section').flatMap((i) => i.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`));
      const checkFindings = first.result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
      // every finding lands in at least one item (a rule may feed several)
      expect([...new Set(itemFindings)].sort()).toEqual([...new Set(checkFindings)].sort());
      expect(formatAuditJson(buildAuditReport(collectAudit(dir)))).toBe(formatAuditJson(report));
    });
  }
});

describe('line-bot-guard audit (built CLI)', () => {
  it('exits 1 on error-level findings and prints the terminal report', () => {
    const run = runCli(['audit', path.join(FIXTURES, 'express-violating')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^LINE bot pre-release audit — /);
    expect(run.stdout).toMatch(/✖ FAIL\s+Webhook signatures verified/);
    expect(run.stdout).toMatch(/\n\s+src\/app\.js:19:1\s+error\s+.+line-bot\/require-signature-validation/);
  });

  it('exits 0 on a compliant bot and prints deterministic JSON', () => {
    const dir = path.join(FIXTURES, 'express-compliant');
    const first = runCli(['audit', dir, '--format', 'json']);
    const second = runCli(['audit', dir, '--format', 'json']);
    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const json = JSON.parse(first.stdout) as AuditReport;
    expect(json.kind).toBe('audit');
    expect(json.root).toBe(dir);
    expect(byId(json.items, 'webhook-signature').status).toBe('pass');
  });

  it('writes html and md reports to --output', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-audit-'));
    const html = runCli(['audit', path.join(FIXTURES, 'node-http-violating'), '--format', 'html', '--output', path.join(out, 'report.html')]);
    expect(html.status).toBe(1);
    expect(html.stdout).toBe('');
    expect(html.stderr).toMatch(/Audit report written to .*report\.html/);
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
    const md = runCli(['audit', path.join(FIXTURES, 'node-http-compliant'), '-f', 'md', '-o', path.join(out, 'nested/report.md')]);
    expect(md.status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'nested/report.md'), 'utf8')).toMatch(/^# LINE bot pre-release audit\n/);
  });

  it('refuses probe targets that are not loopback, LINE hosts always, and secrets on the command line', () => {
    const dir = path.join(FIXTURES, 'node-http-compliant');
    const env = { PROBE_SECRET: 'x'.repeat(32) };
    const remote = runCli(['audit', dir, '--probe', 'http://bot.example.com/webhook', '--channel-secret-env', 'PROBE_SECRET'], { env });
    expect(remote.status).toBe(2);
    expect(remote.stderr).toMatch(/only loopback hosts .* unless --allow-remote/);
    const line = runCli(['audit', dir, '--probe', 'https://api.line.me/v2/bot/message/push', '--channel-secret-env', 'PROBE_SECRET', '--allow-remote'], { env });
    expect(line.status).toBe(2);
    expect(line.stderr).toMatch(/never the LINE Platform/);
    const literal = runCli(['audit', dir, '--probe', 'http://127.0.0.1:9/webhook', '--channel-secret-env', '0123456789abcdef0123456789abcdef']);
    expect(literal.status).toBe(2);
    expect(literal.stderr).toMatch(/NAME of an environment variable/);
    const missing = runCli(['audit', dir, '--probe', 'http://127.0.0.1:9/webhook']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--channel-secret-env <VAR>/);
    const unset = runCli(['audit', dir, '--probe', 'http://127.0.0.1:9/webhook', '--channel-secret-env', 'LBG_UNSET_SECRET'], { env: { LBG_UNSET_SECRET: undefined } });
    expect(unset.status).toBe(2);
    expect(unset.stderr).toMatch(/LBG_UNSET_SECRET is not set/);
    const stray = runCli(['audit', dir, '--allow-remote']);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/only applies together with --probe/);
  });

  it('rejects an unknown format with exit 2', () => {
    const run = runCli(['audit', path.join(FIXTURES, 'node-http-compliant'), '--format', 'pdf']);
    expect(run.status).toBe(2);
  });
});
