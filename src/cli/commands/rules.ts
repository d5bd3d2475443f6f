/** `line-bot-guard rules [--format table|json]`: the rule catalogue. */
import { Option, type Command } from 'commander';
import { RULE_METAS } from '../../../rules/index.js';
import type { RuleMeta } from '../../engine/types.js';
import { ruleDocUrl } from '../../engine/version.js';
import { processIO, type CliIO } from '../io.js';

export const RULES_FORMATS = ['table', 'json'] as const;

export interface CatalogueEntry {
  id: string;
  description: string;
  severity: RuleMeta['recommended'];
  category: RuleMeta['category'];
  guideline: RuleMeta['guideline'];
  precision: RuleMeta['precision'];
  runtimeHelper: string | null;
  docs: string;
}

export function catalogueEntries(metas: readonly RuleMeta[] = RULE_METAS): CatalogueEntry[] {
  return metas.map((meta) => ({
    id: `line-bot/${meta.id}`,
    description: meta.description,
    severity: meta.recommended,
    category: meta.category,
    guideline: meta.guideline,
    precision: meta.precision,
    runtimeHelper: meta.runtimeHelper ?? null,
    docs: ruleDocUrl(meta.id),
  }));
}

/** A plain-text table (no colours, stable column widths from the content). */
export function formatRulesTable(entries: readonly CatalogueEntry[]): string {
  const header = ['rule', 'severity', 'category', 'precision', 'guideline section', 'runtime helper'];
  const rows = entries.map((e) => [e.id, e.severity, e.category, e.precision, e.guideline.title, e.runtimeHelper ?? '-']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', `${entries.length} rule${entries.length === 1 ? '' : 's'}.`].join('\n') + '\n';
}

export function runRulesCommand(format: string, io: CliIO = processIO()): number {
  const entries = catalogueEntries();
  io.stdout(format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : formatRulesTable(entries));
  return 0;
}

export function registerRules(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('rules')
    .description('list the rules: id, recommended severity, category, precision, guideline section, runtime helper')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...RULES_FORMATS]).default('table'))
    .action((options: { format: string }) => setExitCode(runRulesCommand(options.format)));
}
