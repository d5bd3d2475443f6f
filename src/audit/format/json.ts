/** The audit as JSON (`--format json`): the report object as built (stable key order), same input → same bytes. */
import type { AuditReport } from '../types.js';

export function formatAuditJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
