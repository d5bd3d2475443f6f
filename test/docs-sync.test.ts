/** Generated documentation (README rule table, rule doc headers) matches the catalogue: `npm run docs` fixes drift. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_METAS } from '../rules/index.js';
import { HEADER_END, HEADER_START, README_TABLE_END, README_TABLE_START, docChanges, renderDocHeader, renderRuleTable, syncReadme, syncRuleDoc } from '../src/cli/catalogue-docs.js';
import type { RuleMeta } from '../src/engine/types.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { PROJECT_ROOT } from './harness/cli.js';

function meta(id: string, overrides: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    description: `Require ${id.replace(/-/g, ' ')} | with a pipe`,
    category: 'reliability',
    recommended: 'warning',
    guideline: guidelineRef('retry-key'),
    auditItems: ['retry-key'],
    precision: 'medium',
    tags: [],
    messages: { m: 'm' },
    ...overrides,
  };
}

describe('docs in sync with the catalogue', () => {
  it('README.md and every rules/<id>.md are what `npm run docs` generates', () => {
    const stale = docChanges(PROJECT_ROOT, RULE_METAS).map((change) => path.relative(PROJECT_ROOT, change.file));
    expect(stale, 'run "npm run docs"').toEqual([]);
  });

  it('the README table lists every rule once, in catalogue order', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf(README_TABLE_START), readme.indexOf(README_TABLE_END));
    const ids = [...table.matchAll(/\[`line-bot\/([a-z0-9-]+)`\]\(rules\/\1\.md\)/g)].map((m) => m[1]);
    expect(ids).toEqual(RULE_METAS.map((m) => m.id));
  });

  it('every rule doc starts with its generated header', () => {
    // A missing doc is test/catalogue.test.ts's finding; here only the docs that exist.
    for (const rule of RULE_METAS.filter((r) => fs.existsSync(path.join(PROJECT_ROOT, 'rules', `${r.id}.md`)))) {
      const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'rules', `${rule.id}.md`), 'utf8');
      expect(doc.startsWith(`${renderDocHeader(rule)}\n`), rule.id).toBe(true);
    }
  });
});

describe('the generator', () => {
  const many = Array.from({ length: 40 }, (_, i) => meta(`rule-${String(i).padStart(2, '0')}`, i % 3 === 0 ? { runtimeHelper: 'sendWithRetryKey', recommended: 'error' } : {}));

  it('renders a table row per rule for any number of rules, escaping pipes', () => {
    const table = renderRuleTable(many).split('\n');
    expect(table).toHaveLength(42);
    expect(table[2]).toBe(
      '| [`line-bot/rule-00`](rules/rule-00.md) | Require rule 00 \\| with a pipe | error | reliability | [Retry message delivery request](https://developers.line.biz/en/docs/partner-docs/development-guidelines/#retry-message-delivery-request) | `sendWithRetryKey` |',
    );
    expect(table[3]).toMatch(/\| warn \| reliability \| .+ \|  \|$/);
    expect(renderRuleTable([]).split('\n')).toHaveLength(2);
  });

  it('replaces only what is between the README markers, and refuses a README without them', () => {
    const readme = `# x\n\nintro\n\n${README_TABLE_START}\nold\n${README_TABLE_END}\n\nafter\n`;
    const synced = syncReadme(readme, many.slice(0, 2));
    expect(synced.startsWith('# x\n\nintro\n\n<!-- rules:start -->\n| rule |')).toBe(true);
    expect(synced.endsWith(`${README_TABLE_END}\n\nafter\n`)).toBe(true);
    expect(syncReadme(synced, many.slice(0, 2))).toBe(synced);
    expect(() => syncReadme('# no markers\n', many)).toThrow(/markers/);
  });

  it('puts the header on a doc without markers (replacing its title), and is idempotent', () => {
    const rule = meta('require-retry-key', { runtimeHelper: 'sendWithRetryKey', hasSuggestions: true });
    const handWritten = '# line-bot/require-retry-key\n\nSend push messages with a retry key.\n\n## Why\n\nBecause.\n';
    const synced = syncRuleDoc(handWritten, rule);
    expect(synced).toBe(`${renderDocHeader(rule)}\n\nSend push messages with a retry key.\n\n## Why\n\nBecause.\n`);
    expect(syncRuleDoc(synced, rule)).toBe(synced);
    expect(syncRuleDoc(synced, { ...rule, recommended: 'error' })).toContain('Recommended: **error**');
    const header = renderDocHeader(rule);
    expect(header.startsWith(HEADER_START) && header.endsWith(HEADER_END)).toBe(true);
    expect(header).toContain('# line-bot/require-retry-key\n\nRequire require retry key | with a pipe.\n');
    expect(header).toContain('Runtime helper: `sendWithRetryKey` from `line-bot-guard/runtime`');
    expect(header).toContain('Guideline: [Retry message delivery request](https://developers.line.biz/en/docs/partner-docs/development-guidelines/#retry-message-delivery-request)');
    expect(header).toContain('Editor suggestions');
  });

  it('docChanges lists exactly the stale files of a tree', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-docs-'));
    fs.mkdirSync(path.join(dir, 'rules'));
    const rules = many.slice(0, 3);
    fs.writeFileSync(path.join(dir, 'README.md'), `${README_TABLE_START}\n${README_TABLE_END}\n`);
    for (const rule of rules) fs.writeFileSync(path.join(dir, 'rules', `${rule.id}.md`), `# line-bot/${rule.id}\n\nSummary.\n`);
    const changes = docChanges(dir, rules);
    expect(changes.map((c) => path.relative(dir, c.file))).toEqual(['README.md', 'rules/rule-00.md', 'rules/rule-01.md', 'rules/rule-02.md']);
    for (const change of changes) fs.writeFileSync(change.file, change.text);
    expect(docChanges(dir, rules)).toEqual([]);
  });
});
