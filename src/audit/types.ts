/**
 * Shapes of the pre-release audit report (`line-bot-guard audit`). The JSON format prints exactly these
 * objects, in this key order; everything except probe latencies is deterministic for a given input.
 */
import type { AuditDecision, AuditGroup, AuditItemKind } from '../platform/audit-items.js';
import type { RunError, Severity } from '../engine/types.js';

export type AuditStatus = 'pass' | 'fail' | 'confirm' | 'not-applicable';

/** One piece of evidence: a sentence, optionally pointing at a place in the code. */
export interface Evidence {
  text: string;
  file?: string;
  line?: number;
}

/** A finding as the audit shows it (a subset of the `check` JSON contract). */
export interface AuditFinding {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface AuditItemResult {
  id: string;
  kind: AuditItemKind;
  group: AuditGroup;
  title: string;
  /** Guideline section key, its title and link. */
  section: string;
  sectionTitle: string;
  url: string;
  asks: string;
  decision: AuditDecision;
  status: AuditStatus;
  /** Why the item has its status, in one sentence. */
  reason: string;
  /** What supports a pass (endpoints, call sites) or gives context to a confirmation. */
  evidence: Evidence[];
  /** Findings of the rules that feed the item (fail). */
  findings: AuditFinding[];
  /** What a person has to check (confirm), else omitted. */
  confirm?: string;
  /** Rules that feed the item (`line-bot/<id>`). */
  rules: string[];
  /** Probe results that feed the item (ids), when a server was probed. */
  probes: string[];
  /** Checklist entries: the items they summarise. */
  covers?: string[];
}

// ------------------------------------------------------------------ inventory

export interface InventoryPackage {
  /** Folder relative to the root (`.` for the root). */
  path: string;
  name?: string;
  /** `@line/bot-sdk` range as written in package.json. */
  lineSdk?: string;
  /** Lowest SDK major the range allows. */
  lineSdkMajor?: number;
  /** Depends on line-bot-guard (runtime helpers). */
  runtime: boolean;
  /** Other LINE-related dependencies (linebot, messaging-api-line, @line/liff, passport-line, ...). */
  lineLibraries: string[];
}

export interface InventoryEndpoint {
  framework: string;
  method?: string;
  route?: string;
  file: string;
  line: number;
  webhook: boolean;
  /** Webhook endpoints: how the signature is checked (`sdk-middleware`, `runtime-handler`, `validateSignature`, ...) or `none`. */
  verification?: string[];
}

/** The LINE endpoint a send goes to (`reply`, `push`, `multicast`, `narrowcast`, `broadcast`, `pnp`). */
export type SendKind = string;

export interface InventorySendCall {
  kind: SendKind;
  /** How it is sent: `sdk`, `http`, `linebot`, `messaging-api-line`, `bottender`, `model`. */
  via: string;
  file: string;
  line: number;
  /** The webhook endpoint (framework + route) whose handler reaches the call; absent outside endpoints. */
  endpoint?: string;
}

export interface InventoryTokens {
  /** One line describing the strategy, e.g. "issued at run time (short-lived)" or "static token from configuration". */
  strategy: string;
  /** Where a static token enters a client or request. */
  staticSites: Evidence[];
  /** Token issuance, reissue and revocation sites. */
  issuanceSites: Evidence[];
}

export interface InventoryLogin {
  /** Authorization requests, callbacks/token exchanges, ID token verification, libraries. */
  sites: Evidence[];
}

export interface Inventory {
  packages: InventoryPackage[];
  endpoints: InventoryEndpoint[];
  /** Every call to a LINE API found (sends and others: profile, rich menu, content, tokens...). */
  lineApiCalls: number;
  sendCalls: InventorySendCall[];
  tokens: InventoryTokens;
  login: InventoryLogin;
  liff: Evidence[];
  /**
   * Where each part comes from: `analysis` (the engine's domain layer) or `heuristic` (a text-and-syntax
   * approximation used until the domain layer offers the fact).
   */
  sources: Record<'endpoints' | 'sendCalls' | 'tokens' | 'login' | 'liff', 'analysis' | 'heuristic'>;
}

// ------------------------------------------------------------------ probe

export type ProbeStatus = 'pass' | 'fail';

export interface ProbeResult {
  id: string;
  title: string;
  /** What a compliant server does. */
  expectation: string;
  /** Audit items the probe feeds. */
  items: string[];
  status: ProbeStatus;
  /** HTTP status of the answer, when there was one. */
  httpStatus?: number;
  /** Milliseconds from sending the request to the answer's status line (rounded). */
  latencyMs?: number;
  /** Bytes of the request body. */
  requestBytes: number;
  /** What happened, in one sentence. */
  detail: string;
}

export interface ProbeRun {
  url: string;
  deadlineMs: number;
  results: ProbeResult[];
}

// ------------------------------------------------------------------ report

export interface AuditSummary {
  items: number;
  pass: number;
  fail: number;
  confirm: number;
  notApplicable: number;
  errors: number;
  warnings: number;
  probesPassed?: number;
  probesFailed?: number;
}

export interface AuditReport {
  tool: { name: 'line-bot-guard'; version: string };
  kind: 'audit';
  root: string;
  guideline: string;
  summary: AuditSummary;
  items: AuditItemResult[];
  inventory: Inventory;
  probe?: ProbeRun;
  /** Files that could not be analysed. */
  errors: RunError[];
}
