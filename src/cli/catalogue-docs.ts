/**
 * Documentation generated from the rule catalogue, so it cannot drift from the code: the README's rule
 * table (between `<!-- rules:start -->` and `<!-- rules:end -->`) and the header of every rule doc
 * (between `<!-- header:start -->` and `<!-- header:end -->`: title, description, recommended
 * severity, category, guideline section, runtime helper). `npm run docs` (scripts/docs.mjs) writes
 * them; test/docs-sync.test.ts fails when they are stale. Also used by `line-bot-guard rules` and
 * for SARIF `help.markdown`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RuleMeta } from '../engine/types.js';
import { PACKAGE_ROOT } from '../engine/version.js';

export const README_TABLE_START = '<!-- rules:start -->';
export const README_TABLE_END = '<!-- rules:end -->';
export const HEADER_START = '<!-- header:start -->';
export const HEADER_END = '<!-- header:end -->';
const GENERATED_NOTE = '<!-- Generated from the rule catalogue by `npm run docs`; edit the rule\'s meta instead. -->';

const RUNTIME_MODULE = 'line-bot-guard/runtime';

function severityLabel(meta: RuleMeta): string {
  return meta.recommended === 'warning' ? 'warn' : meta.recommended;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The README rule table (markers excluded), one row per rule in catalogue order. */
export function renderRuleTable(metas: readonly RuleMeta[]): string {
  const rows = [
    '| rule | what it checks | recommended | category | guideline section | runtime helper |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const meta of metas) {
    rows.push(
      `| [\`line-bot/${meta.id}\`](rules/${meta.id}.md) | ${escapeCell(meta.description)} | ${severityLabel(meta)} | ${meta.category} | ` +
        `[${escapeCell(meta.guideline.title)}](${meta.guideline.url}) | ${meta.runtimeHelper ? `\`${meta.runtimeHelper}\`` : ''} |`,
    );
  }
  return rows.join('\n');
}

/** The generated header of `rules/<id>.md` (markers included). */
export function renderDocHeader(meta: RuleMeta): string {
  const facts = [
    `Recommended: **${severityLabel(meta)}**`,
    `Category: ${meta.category}`,
    `Guideline: [${meta.guideline.title}](${meta.guideline.url})`,
  ];
  if (meta.runtimeHelper) facts.push(`Runtime helper: \`${meta.runtimeHelper}\` from \`${RUNTIME_MODULE}\``);
  if (meta.fixable) facts.push('Fixable with `line-bot-guard check --fix`');
  if (meta.hasSuggestions) facts.push('Editor suggestions');
  return [HEADER_START, GENERATED_NOTE, `# line-bot/${meta.id}`, '', `${meta.description}.`, '', facts.join(' · '), HEADER_END].join('\n');
}

function replaceBetween(text: string, start: string, end: string, replacement: string): string | undefined {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from === -1 || to === -1) return undefined;
  return text.slice(0, from) + replacement + text.slice(to + end.length);
}

/** README text with an up-to-date rule table. @throws when the markers are missing. */
export function syncReadme(readme: string, metas: readonly RuleMeta[]): string {
  const updated = replaceBetween(readme, README_TABLE_START, README_TABLE_END, `${README_TABLE_START}\n${renderRuleTable(metas)}\n${README_TABLE_END}`);
  if (updated === undefined) throw new Error(`README.md has no ${README_TABLE_START} ... ${README_TABLE_END} markers`);
  return updated;
}

/**
 * A rule doc with an up-to-date header. A doc without markers gets them: its leading `# line-bot/<id>`
 * title (if any) is replaced by the header.
 */
export function syncRuleDoc(doc: string, meta: RuleMeta): string {
  const header = renderDocHeader(meta);
  const replaced = replaceBetween(doc, HEADER_START, HEADER_END, header);
  if (replaced !== undefined) return replaced;
  const body = doc.replace(/^\uFEFF?\s*#[^\n]*\n?/, '').replace(/^\s*\n/, '');
  return `${header}\n\n${body}`;
}

/** What to write where; each entry is a file whose text differs from the generated one. */
export interface DocChange {
  file: string;
  text: string;
}

/** The changes `npm run docs` makes under `root` (the repository). Docs that do not exist are skipped. */
export function docChanges(root: string, metas: readonly RuleMeta[]): DocChange[] {
  const changes: DocChange[] = [];
  const readmePath = path.join(root, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const newReadme = syncReadme(readme, metas);
  if (newReadme !== readme) changes.push({ file: readmePath, text: newReadme });
  for (const meta of metas) {
    const docPath = path.join(root, 'rules', `${meta.id}.md`);
    if (!fs.existsSync(docPath)) continue;
    const doc = fs.readFileSync(docPath, 'utf8');
    const updated = syncRuleDoc(doc, meta);
    if (updated !== doc) changes.push({ file: docPath, text: updated });
  }
  return changes;
}

const docCache = new Map<string, string | undefined>();

/**
 * `rules/<id>.md` as shipped in the package, for SARIF `help.markdown`: the generator's markers and
 * notes (HTML comments) removed, relative links made absolute against `baseUrl` when given.
 */
export function ruleDocMarkdown(id: string, baseUrl?: string): string | undefined {
  if (!docCache.has(id)) {
    let text: string | undefined;
    try {
      text = fs.readFileSync(path.join(PACKAGE_ROOT, 'rules', `${id}.md`), 'utf8');
    } catch {
      text = undefined;
    }
    docCache.set(id, text);
  }
  const text = docCache.get(id);
  if (text === undefined) return undefined;
  // GitHub shows the rule's name above its help: drop the doc's own title.
  let markdown = text.replace(/^<!--[\s\S]*?-->[ \t]*\n/gm, '').trim().replace(/^# [^\n]*\n+/, '') + '\n';
  if (baseUrl) {
    markdown = markdown.replace(/\]\((?!https?:|mailto:|#)([^)\s]+)\)/g, (_whole, target: string) => `](${new URL(target, baseUrl).href})`);
  }
  return markdown;
}
