/** The pre-release audit: items from src/platform/audit-items.ts decided from rules, inventory and probes. */
export { collectAudit, buildAuditReport, auditExitCode, type StaticAudit } from './run.js';
export { decideItems, rulesFeeding, statusWord } from './decide.js';
export { buildInventory } from './inventory.js';
export { runProbes, checkProbeUrl, isLoopbackHost, ProbeUrlError, PROBES, type ProbeOptions } from './probe.js';
export { formatAuditTerminal } from './format/terminal.js';
export { formatAuditMarkdown } from './format/markdown.js';
export { formatAuditHtml } from './format/html.js';
export { formatAuditJson } from './format/json.js';
export type * from './types.js';
