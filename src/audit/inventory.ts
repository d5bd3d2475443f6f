/**
 * What the bot is, for the audit's inventory and for deciding which audit items apply: packages and SDK
 * versions, endpoints per framework (from ProjectFacts), send call sites by webhook endpoint, the channel
 * token strategy, LINE Login flows and LIFF use.
 */
import path from 'node:path';
import { ts, walk, isAccess, accessedName, enclosingFunction, type FunctionLike } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { ProjectFacts } from '../engine/facts.js';
import type { Endpoint } from '../frameworks/types.js';
import type { CheckKind, EndpointAssessment, SignatureProblem } from '../analysis/signature.js';
import { calledFunction } from '../analysis/calls.js';
import { factoryCall, optionProperty } from '../frameworks/middleware.js';
import { LINE_SDK, RUNTIME_MODULE, VERIFYING_MIDDLEWARE_PACKAGES } from '../platform/sdk.js';
import { TOKEN_CLIENTS } from '../platform/tokens.js';
import { LOGIN_LIBRARIES, LIFF_MODULE } from '../platform/login.js';
import { sharedHttpCalls } from '../analysis/http-calls.js';
import { sharedSendCalls, type LineCall } from '../analysis/send-calls.js';
import { sharedTokenAnalysis, type TokenAnalysis } from '../analysis/tokens.js';
import { sharedLoginAnalysis, type LoginAnalysis } from '../analysis/login.js';
import type { Evidence, Inventory, InventoryEndpoint, InventoryLogin, InventoryPackage, InventorySendCall, InventoryTokens, SendKind } from './types.js';

/** `{ file, line }` of a node (1-based line), relative to the project root. */
export function locate(facts: ProjectFacts, node: ts.Node): { file: string; line: number } {
  const sf = node.getSourceFile();
  const file = facts.fileOf(node)?.relative ?? path.relative(facts.project.root, sf.fileName).split(path.sep).join('/');
  return { file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 };
}

function compareEvidence(a: { file?: string; line?: number; text?: string }, b: { file?: string; line?: number; text?: string }): number {
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.text ?? '').localeCompare(b.text ?? '');
}

// ------------------------------------------------------------------ packages

/** LINE-related libraries besides the SDK, named by the platform tables. */
function lineLibraryNames(): Set<string> {
  const names = new Set<string>();
  for (const client of TOKEN_CLIENTS) names.add(client.module);
  for (const library of LOGIN_LIBRARIES) if (library.kind === 'passport') names.add(library.module);
  for (const pkg of VERIFYING_MIDDLEWARE_PACKAGES) names.add(pkg.module);
  names.add(LIFF_MODULE);
  names.delete(LINE_SDK);
  return names;
}

function packagesOf(facts: ProjectFacts): InventoryPackage[] {
  const libraries = lineLibraryNames();
  return facts.project.packages
    .map((pkg) => {
      const relative = path.relative(facts.project.root, pkg.root).split(path.sep).join('/') || '.';
      const entry: InventoryPackage = {
        path: relative,
        ...(pkg.name ? { name: pkg.name } : {}),
        ...(pkg.lineSdkRange ? { lineSdk: pkg.lineSdkRange } : {}),
        ...(pkg.lineSdkMajor !== undefined ? { lineSdkMajor: pkg.lineSdkMajor } : {}),
        runtime: pkg.dependencies.has('line-bot-guard'),
        lineLibraries: [...pkg.dependencies.keys()].filter((name) => libraries.has(name)).sort(),
      };
      return entry;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

// ------------------------------------------------------------------ endpoints

const CHECK_NAMES: Record<CheckKind, string> = {
  'sdk-validate': 'validateSignature() from @line/bot-sdk',
  'runtime-verify': 'verifySignature from line-bot-guard/runtime',
  'timing-safe-equal': 'HMAC-SHA256 + crypto.timingSafeEqual',
  'subtle-verify': 'Web Crypto subtle.verify',
  comparison: 'HMAC-SHA256 + comparison',
  'linebot-verify': 'linebot verify()',
  predicate: 'project verifier function',
  'throwing-verifier': 'project verifier that throws on mismatch',
  'sdk-middleware-invoked': '@line/bot-sdk middleware() invoked in the handler',
  'runtime-delegate': 'line-bot-guard/runtime handler',
};

const PROBLEM_NAMES: Record<SignatureProblem['kind'], string> = {
  missing: 'no check',
  ignored: 'check result ignored',
  'fail-open': 'check fails open',
  late: 'checked after the events were used',
  disabled: 'verification switched off',
  'never-runs': 'SDK middleware cannot run here',
  'discarded-middleware': 'SDK middleware never mounted',
  'fail-open-secret': 'passes when the secret is unset',
  disclosure: 'discloses the signature or secret',
};

/** How an endpoint's signature is checked, in words; `none` when nothing guards it. */
export function verificationOf(endpoint: Endpoint, assessment: EndpointAssessment | undefined): string[] {
  const ways = new Set<string>();
  if (endpoint.handlerRole?.kind === 'runtime-handler') ways.add('createWebhookHandler from line-bot-guard/runtime');
  for (const step of endpoint.chain) {
    if (step.role.kind === 'line-sdk-middleware') ways.add('middleware() from @line/bot-sdk');
    else if (step.role.kind === 'runtime-handler') ways.add('createWebhookHandler from line-bot-guard/runtime');
    else if (step.role.kind === 'verifying-package') ways.add('verifying middleware package');
  }
  for (const check of assessment?.checks ?? []) ways.add(CHECK_NAMES[check.kind]);
  if (assessment && !assessment.protected) {
    const problems = [...new Set(assessment.problems.map((p) => PROBLEM_NAMES[p.kind]))].sort();
    return [problems.length > 0 ? `none (${problems.join('; ')})` : 'none'];
  }
  return ways.size > 0 ? [...ways].sort() : ['none'];
}

function endpointLabel(endpoint: Endpoint): string {
  return `${endpoint.framework} ${endpoint.method ?? '*'} ${endpoint.route ?? '(any path)'}`.replace(/\s+/g, ' ');
}

function endpointsOf(facts: ProjectFacts): InventoryEndpoint[] {
  const webhooks = new Set(facts.webhookEndpoints());
  const assessments = new Map(facts.signatureAssessments().map((a) => [a.endpoint, a]));
  return facts
    .endpoints()
    .map((endpoint) => {
      const where = locate(facts, endpoint.registration);
      const entry: InventoryEndpoint = {
        framework: endpoint.framework,
        ...(endpoint.method ? { method: endpoint.method.toUpperCase() } : {}),
        ...(endpoint.route ? { route: endpoint.route } : {}),
        file: where.file,
        line: where.line,
        webhook: webhooks.has(endpoint),
      };
      if (entry.webhook) entry.verification = verificationOf(endpoint, assessments.get(endpoint));
      return entry;
    })
    .sort(compareEvidence);
}

// ------------------------------------------------------------------ reachability from webhook endpoints

/** `handler.node` / `handler.fetch` where `handler = createWebhookHandler({ onEvent })`: the onEvent function. */
function runtimeOnEvent(facts: ProjectFacts, node: ts.Node): FunctionLike | undefined {
  if (!isAccess(node) || !['node', 'fetch'].includes(accessedName(node) ?? '')) return undefined;
  const made = factoryCall(facts.origins, node.expression);
  if (!made || !OriginService.isExternal(made.callee, RUNTIME_MODULE, ['createWebhookHandler'])) return undefined;
  const onEvent = optionProperty(facts.origins, made.call.arguments[0], 'onEvent');
  if (!onEvent) return undefined;
  const origin = facts.origins.resolve(onEvent);
  return origin.kind === 'function' && !ts.isClassLike(origin.node) ? origin.node : undefined;
}

/** Project functions a webhook endpoint runs: chain, handler, runtime onEvent, and what they call (bounded). */
export function reachableFunctions(facts: ProjectFacts, endpoint: Endpoint, maxDepth = 6): Set<FunctionLike> {
  const seen = new Set<FunctionLike>();
  let frontier: FunctionLike[] = [];
  const add = (fn: FunctionLike | undefined): void => {
    if (fn && !seen.has(fn)) {
      seen.add(fn);
      frontier.push(fn);
    }
  };
  const scan = (root: ts.Node): void =>
    walk(root, (node) => {
      add(runtimeOnEvent(facts, node));
      if (ts.isCallExpression(node)) {
        add(calledFunction(facts.origins, node));
        for (const arg of node.arguments) {
          if (ts.isIdentifier(arg) || isAccess(arg)) {
            const origin = facts.origins.resolve(arg);
            if (origin.kind === 'function' && !ts.isClassLike(origin.node)) add(origin.node);
          }
        }
      }
    });
  for (const step of endpoint.chain) if (step.role.kind === 'function') add(step.role.fn);
  add(endpoint.handler);
  scan(endpoint.registration);
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const current = frontier;
    frontier = [];
    for (const fn of current) scan(fn);
  }
  return seen;
}

/** The label of the first webhook endpoint whose functions contain `node`. */
function endpointOwning(node: ts.Node, reach: { label: string; functions: Set<FunctionLike> }[]): string | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    for (const { label, functions } of reach) if (functions.has(fn)) return label;
  }
  return undefined;
}

// ------------------------------------------------------------------ send calls, tokens, login (domain layer)

function where(facts: ProjectFacts, node: ts.Node): { file: string; line: number } {
  return locate(facts, node);
}

/** Message sends (reply, push, multicast, narrowcast, broadcast, notification messages) by the webhook endpoint reaching them. */
function sendCallsOf(facts: ProjectFacts, calls: readonly LineCall[]): InventorySendCall[] {
  const reach = facts.webhookEndpoints().map((endpoint) => ({ label: endpointLabel(endpoint), functions: reachableFunctions(facts, endpoint) }));
  return dedupe(
    calls
      .filter((call) => call.kind !== undefined && call.kind !== 'validate')
      .map((call) => {
        const label = endpointOwning(call.node, reach);
        return { kind: call.kind as SendKind, via: call.via, ...where(facts, call.node), ...(label ? { endpoint: label } : {}) };
      }),
  ).sort(compareEvidence);
}

const ISSUE_KIND_WORDS: Record<string, string> = { 'short-lived': 'short-lived', 'v2.1': 'v2.1 (user-specified expiry)', stateless: 'stateless' };

function tokensOf(facts: ProjectFacts, analysis: TokenAnalysis): InventoryTokens {
  const issuances = analysis.issuances();
  const revocations = analysis.revocations();
  const issuanceSites: Evidence[] = [];
  for (const i of issuances) {
    const what = i.via === 'runtime' ? 'ChannelTokenManager from line-bot-guard/runtime (issues, caches, reissues, revokes)' : `issues a ${i.kind ? ISSUE_KIND_WORDS[i.kind] : 'channel access'} token (${i.via})`;
    issuanceSites.push({ text: `${what}${i.inScript ? ' — operator script' : ''}`, ...where(facts, i.node) });
  }
  for (const r of revocations) if (r.via !== 'runtime') issuanceSites.push({ text: `revokes a token (${r.via})`, ...where(facts, r.node) });
  const staticSites = analysis.staticTokenUses().map((use) => ({ text: `static channel access token (${use.via}) enters a ${use.site.client === 'header' ? 'request header' : use.site.client}`, ...where(facts, use.node) }));
  const running = issuances.filter((i) => !i.inScript);
  const kinds = [...new Set(running.flatMap((i) => (i.kind ? [ISSUE_KIND_WORDS[i.kind]!] : [])))].sort();
  let strategy: string;
  if (running.some((i) => i.via === 'runtime')) strategy = 'issued and renewed at run time by ChannelTokenManager (line-bot-guard/runtime)';
  else if (running.length > 0) strategy = `issued at run time${kinds.length ? ` (${kinds.join(', ')})` : ''}`;
  else if (issuances.length > 0) strategy = 'issued by operator scripts';
  else if (staticSites.length > 0) strategy = 'static channel access token (no issuance in code)';
  else if (analysis.sites().length > 0) strategy = 'token passed to clients from elsewhere (origin not visible)';
  else strategy = 'no channel access token found in code';
  return { strategy, staticSites: dedupe(staticSites).sort(compareEvidence), issuanceSites: dedupe(issuanceSites).sort(compareEvidence) };
}

function loginOf(facts: ProjectFacts, analysis: LoginAnalysis): InventoryLogin {
  const sites: Evidence[] = [];
  for (const r of analysis.authorizeRequests()) sites.push({ text: r.builtBy === 'runtime' ? 'authorization request (createLoginRequest from line-bot-guard/runtime)' : 'authorization request URL', ...where(facts, r.node) });
  for (const l of analysis.libraryLogins()) sites.push({ text: `LINE Login through a library (${l.library})`, ...where(facts, l.node) });
  for (const e of analysis.exchanges()) sites.push({ text: e.via === 'runtime' ? 'code exchange (exchangeLoginCode from line-bot-guard/runtime)' : 'authorization code exchanged at the token endpoint', ...where(facts, e.node) });
  return { sites: dedupe(sites).sort(compareEvidence) };
}

const LIFF_V1_SDK = 'd.line-scdn.net/liff/1.0/sdk.js';

/**
 * HEURISTIC INVENTORY — LIFF use, approximated from imports, `liff.init()` calls and the LIFF v1 SDK URL
 * (the domain layer has no LIFF fact yet). It only describes the bot and decides whether the LIFF item
 * applies; pass and fail come from the rules.
 */
function heuristicLiff(facts: ProjectFacts): Evidence[] {
  const liff: Evidence[] = [];
  for (const file of facts.project.allFiles()) {
    if (!/liff/i.test(file.text) || facts.project.syntaxError(file)) continue;
    if (facts.project.module(file.path)?.specifiers.has(LIFF_MODULE)) liff.push({ text: `imports ${LIFF_MODULE}`, file: file.relative, line: 1 });
    walk(file.sourceFile, (node) => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.includes(LIFF_V1_SDK)) liff.push({ text: 'LIFF v1 SDK URL', ...locate(facts, node) });
      if (ts.isCallExpression(node)) {
        const callee = facts.origins.resolve(node.expression);
        if (callee.kind === 'external' && callee.module === LIFF_MODULE && callee.path.at(-1) === 'init') liff.push({ text: 'liff.init()', ...locate(facts, node) });
      }
    });
  }
  return dedupe(liff).sort(compareEvidence);
}

function dedupe<T extends { file?: string; line?: number }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ------------------------------------------------------------------ the inventory

export function buildInventory(facts: ProjectFacts): Inventory {
  const http = sharedHttpCalls(facts);
  const lineCalls = sharedSendCalls(facts).all();
  return {
    packages: packagesOf(facts),
    endpoints: endpointsOf(facts),
    lineApiCalls: lineCalls.length,
    sendCalls: sendCallsOf(facts, sharedSendCalls(facts).sends()),
    tokens: tokensOf(facts, sharedTokenAnalysis(facts, http)),
    login: loginOf(facts, sharedLoginAnalysis(facts, http)),
    liff: heuristicLiff(facts),
    sources: { endpoints: 'analysis', sendCalls: 'analysis', tokens: 'analysis', login: 'analysis', liff: 'heuristic' },
  };
}

/** Whether the code calls the Messaging API or holds a channel token. */
export function usesMessagingApi(inventory: Inventory): boolean {
  return inventory.lineApiCalls > 0 || inventory.sendCalls.length > 0 || inventory.tokens.staticSites.length > 0 || inventory.tokens.issuanceSites.length > 0;
}
