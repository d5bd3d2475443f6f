/** The audit as functions: collect the static part (findings + inventory), then assemble the report. */
import { RULES, RULE_METAS } from '../../rules/index.js';
import { runCheck, type CheckOptions } from '../engine/run.js';
import type { RunResult, RuleMeta } from '../engine/types.js';
import type { ProjectFacts } from '../engine/facts.js';
import { GUIDELINE_URL } from '../platform/guideline.js';
import { buildInventory } from './inventory.js';
import { decideItems } from './decide.js';
import type { AuditReport, Inventory, ProbeRun } from './types.js';

export interface StaticAudit {
  result: RunResult;
  inventory: Inventory;
  /** The run's project facts (value origins, endpoints), e.g. to validate configured models. */
  facts: ProjectFacts;
}

/** Runs the rules over `target` (as `check` does) and takes the inventory from the same project facts. */
export function collectAudit(target: string, options: CheckOptions = {}): StaticAudit {
  const { result, analyzer } = runCheck(target, RULES, options);
  return { result, inventory: buildInventory(analyzer.facts), facts: analyzer.facts };
}

export function buildAuditReport(audit: StaticAudit, probe?: ProbeRun, rules: readonly RuleMeta[] = RULE_METAS): AuditReport {
  const { result, inventory } = audit;
  const items = decideItems({ rules, findings: result.findings, inventory, probe });
  const count = (status: string) => items.filter((i) => i.status === status).length;
  return {
    tool: { name: result.tool.name, version: result.tool.version },
    kind: 'audit',
    root: result.root,
    guideline: GUIDELINE_URL,
    summary: {
      items: items.length,
      pass: count('pass'),
      fail: count('fail'),
      confirm: count('confirm'),
      notApplicable: count('not-applicable'),
      errors: result.summary.errors,
      warnings: result.summary.warnings,
      ...(probe
        ? { probesPassed: probe.results.filter((r) => r.status === 'pass').length, probesFailed: probe.results.filter((r) => r.status === 'fail').length }
        : {}),
    },
    items,
    inventory,
    ...(probe ? { probe } : {}),
    errors: result.errors,
  };
}

/** Exit code of `audit`: 1 on any error-level finding (as `check`) or any failed probe, else 0. */
export function auditExitCode(report: AuditReport): number {
  return report.summary.errors > 0 || (report.summary.probesFailed ?? 0) > 0 ? 1 : 0;
}
