/**
 * What the bot is, for the audit's inventory and for deciding which audit items apply: packages and SDK
 * versions, endpoints per framework (from ProjectFacts), send call sites by webhook endpoint, the channel
 * token strategy, LINE Login flows and LIFF use.
 */
import path from 'node:path';
import { ts, walk, unwrap, isAccess, accessedName, calleeName, enclosingFunction, isFunctionLike, type FunctionLike } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { ProjectFile } from '../project/project.js';
import type { ProjectFacts } from '../engine/facts.js';
import type { Endpoint } from '../frameworks/types.js';
import type { CheckKind, EndpointAssessment } from '../analysis/signature.js';
import { factoryCall, optionProperty } from '../frameworks/middleware.js';
import { LINE_SDK, RUNTIME_MODULE, VERIFYING_MIDDLEWARE_PACKAGES } from '../platform/sdk.js';
import { TOKEN_CLIENTS, TOKEN_ENDPOINTS, SDK_TOKEN_METHODS, UNAMBIGUOUS_TOKEN_METHODS, RUNTIME_TOKEN_MANAGER, ENV_SOURCES } from '../platform/tokens.js';
import { LOGIN_LIBRARIES, LIFF_MODULE, LOGIN_AUTHORIZE_HOST, LOGIN_AUTHORIZE_PATH, LOGIN_VERIFY_PATH, RUNTIME_LOGIN } from '../platform/login.js';
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
  if (assessment && !assessment.protected) return ['none'];
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
        add(facts.origins.calledFunction(node));
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

// ------------------------------------------------------------------ the heuristic part

const SEND_METHODS: Record<string, SendKind> = {
  replyMessage: 'reply',
  pushMessage: 'push',
  multicast: 'multicast',
  narrowcast: 'narrowcast',
  broadcast: 'broadcast',
};
/** Method names specific enough to count without knowing the receiver (in a package that uses the SDK). */
const UNAMBIGUOUS_SEND_METHODS = new Set(['replyMessage', 'pushMessage', 'narrowcast']);
const SEND_PATH = /api\.line\.me\/v2\/bot\/message\/(reply|push|multicast|narrowcast|broadcast)\b/;
const SEND_HINT = /replyMessage|pushMessage|multicast|narrowcast|broadcast|v2\/bot\/message\//;
const TOKEN_PATH = new RegExp(`api\\.line\\.me(${TOKEN_ENDPOINTS.map((e) => e.path.replace(/[.]/g, '\\.')).join('|')})\\b`);
const AUTHORIZE_URL = new RegExp(`${LOGIN_AUTHORIZE_HOST.replace(/\./g, '\\.')}${LOGIN_AUTHORIZE_PATH.replace(/[.]/g, '\\.')}`);
const LIFF_V1_SDK = 'd.line-scdn.net/liff/1.0/sdk.js';

function stringPieces(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => '${}' + s.literal.text).join('');
  return undefined;
}

function isLineModule(origin: ReturnType<OriginService['resolve']>): boolean {
  return origin.kind === 'external' && TOKEN_CLIENTS.some((client) => client.module === origin.module);
}

/** The receiver of `x.method()` resolves to a LINE client (`new messagingApi.MessagingApiClient()`, `LineBotClient.from...()`). */
function receiverIsLineClient(facts: ProjectFacts, call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!isAccess(callee)) return false;
  const receiver = facts.origins.resolve(callee.expression);
  if (isLineModule(receiver)) return true;
  if (receiver.kind === 'expression' && (ts.isNewExpression(receiver.node) || ts.isCallExpression(receiver.node))) {
    return isLineModule(facts.origins.resolve(receiver.node.expression));
  }
  return false;
}

function usesLineSdk(file: ProjectFile): boolean {
  const deps = file.package?.dependencies;
  return !!deps && [...lineLibraryNames(), LINE_SDK].some((name) => deps.has(name));
}

function isEnvRead(facts: ProjectFacts, expression: ts.Expression): boolean {
  let node = unwrap(expression);
  // `process.env.X ?? ''`, `process.env.X!`
  while (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) node = unwrap(node.left);
  const origin = facts.origins.resolve(node);
  return origin.kind === 'external' && ENV_SOURCES.some((source) => source.module === origin.module && source.path.every((part, i) => origin.path[i] === part));
}

interface HeuristicFacts {
  sendCalls: InventorySendCall[];
  tokens: InventoryTokens;
  login: InventoryLogin;
  liff: Evidence[];
}

/**
 * HEURISTIC INVENTORY — send calls, token strategy, LINE Login flows and LIFF use, approximated from syntax,
 * value origins and string literals. It stands in until the domain layer offers these facts
 * (src/analysis/send-calls.ts, tokens.ts, login.ts); it only describes the bot and decides whether an
 * item applies — pass and fail always come from the rules. Recognises: SDK/`linebot`/`messaging-api-line`
 * send methods (by receiver, or by unambiguous name in a package that uses the SDK) and raw HTTP calls to
 * `api.line.me/v2/bot/message/*`; clients built with a token from the environment or a literal; token
 * issuance methods, token endpoint URLs and the runtime's ChannelTokenManager; authorize URLs, LINE Login
 * libraries, the runtime's login helpers and the verify endpoint; `@line/liff` and the LIFF v1 SDK URL.
 */
function heuristicFacts(facts: ProjectFacts): HeuristicFacts {
  const reach = facts.webhookEndpoints().map((endpoint) => ({ label: endpointLabel(endpoint), functions: reachableFunctions(facts, endpoint) }));
  const sendCalls: InventorySendCall[] = [];
  const staticSites: Evidence[] = [];
  const issuanceSites: Evidence[] = [];
  const issuedKinds = new Set<string>();
  const loginSites: Evidence[] = [];
  const liff: Evidence[] = [];
  const runtimeLoginNames = new Set<string>([RUNTIME_LOGIN.createRequest, RUNTIME_LOGIN.exchange, RUNTIME_LOGIN.verifyIdToken]);
  const loginModules = new Set(LOGIN_LIBRARIES.map((l) => l.module));

  const tokenHint = new RegExp(['channelAccessToken', 'accessToken', 'ChannelTokenManager', ...SDK_TOKEN_METHODS.map((m) => m.name), 'oauth'].join('|'));
  for (const file of facts.project.allFiles()) {
    const text = file.text;
    const sendHint = SEND_HINT.test(text);
    const tokenHinted = tokenHint.test(text);
    const loginHint = /access\.line\.me|oauth2\/v2\.1|createLoginRequest|exchangeLoginCode|verifyIdToken|passport-line|providers\/line/.test(text);
    const liffHint = /liff/i.test(text);
    if (!sendHint && !tokenHinted && !loginHint && !liffHint) continue;
    if (facts.project.syntaxError(file)) continue;
    const sdkPackage = usesLineSdk(file);
    const loginLibraryImported = [...facts.project.module(file.path)?.specifiers ?? []].some((s) => loginModules.has(s) || s.startsWith('next-auth/providers/line') || s.startsWith('@auth/core/providers/line'));
    if (loginLibraryImported) loginSites.push({ text: 'LINE Login through a library (passport / Auth.js provider)', file: file.relative, line: 1 });
    if (liffHint && [...facts.project.module(file.path)?.specifiers ?? []].includes(LIFF_MODULE)) liff.push({ text: `imports ${LIFF_MODULE}`, file: file.relative, line: 1 });

    walk(file.sourceFile, (node) => {
      const pieces = stringPieces(node);
      if (pieces !== undefined) {
        if (tokenHinted && TOKEN_PATH.test(pieces) && !/authorization_code/.test(text)) {
          const where = locate(facts, node);
          const match = TOKEN_ENDPOINTS.find((e) => pieces.includes(e.path));
          issuanceSites.push({ text: `token endpoint ${match?.path ?? ''}${match?.revokes ? ' (revoke)' : ''}`, ...where });
          if (match?.issues) issuedKinds.add(match.issues);
        }
        if (loginHint && AUTHORIZE_URL.test(pieces)) loginSites.push({ text: 'authorization request URL', ...locate(facts, node) });
        if (loginHint && pieces.includes(LOGIN_VERIFY_PATH) && /id_token/.test(text)) loginSites.push({ text: 'ID token verification endpoint', ...locate(facts, node) });
        if (loginHint && pieces.includes('/oauth2/v2.1/token') && /authorization_code/.test(text)) loginSites.push({ text: 'authorization code exchanged for tokens', ...locate(facts, node) });
        if (liffHint && pieces.includes(LIFF_V1_SDK)) liff.push({ text: 'LIFF v1 SDK URL', ...locate(facts, node) });
        if (sendHint && SEND_PATH.test(pieces)) {
          const call = ts.findAncestor(node, (n) => ts.isCallExpression(n) || isFunctionLike(n));
          const anchor = call && ts.isCallExpression(call) ? call : node;
          const kind = SEND_PATH.exec(pieces)![1] as SendKind;
          sendCalls.push({ kind, via: 'http', ...locate(facts, anchor), ...ownerOf(anchor) });
        }
        return;
      }
      if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
        const callee = facts.origins.resolve(node.expression);
        if (tokenHinted && callee.kind === 'external') {
          const client = TOKEN_CLIENTS.find((c) => {
            const full = c.construct === 'new' ? c.path : c.path;
            return callee.module === c.module && full.length === callee.path.length && full.every((p, i) => callee.path[i] === p);
          });
          if (client && 'property' in client.token) {
            const token = optionProperty(facts.origins, node.arguments?.[0], client.token.property);
            if (token) {
              const literal = facts.origins.staticString(token) !== undefined;
              if (literal || isEnvRead(facts, token)) {
                staticSites.push({ text: `${callee.path.join('.') || callee.module} built with a ${literal ? 'literal' : 'configured'} channel access token`, ...locate(facts, node) });
              }
            }
          }
          if (OriginService.isExternal(callee, RUNTIME_TOKEN_MANAGER.module, RUNTIME_TOKEN_MANAGER.path)) {
            issuanceSites.push({ text: 'ChannelTokenManager from line-bot-guard/runtime (issues, caches, reissues, revokes)', ...locate(facts, node) });
            issuedKinds.add('managed');
          }
        }
        if (loginHint && callee.kind === 'external' && callee.module === RUNTIME_LOGIN.module && runtimeLoginNames.has(callee.path[0] ?? '')) {
          loginSites.push({ text: `${callee.path[0]} from line-bot-guard/runtime`, ...locate(facts, node) });
        }
        if (liffHint && callee.kind === 'external' && callee.module === LIFF_MODULE && callee.path.at(-1) === 'init') {
          liff.push({ text: 'liff.init()', ...locate(facts, node) });
        }
      }
      if (!ts.isCallExpression(node)) return;
      const name = calleeName(node);
      if (!name) return;
      if (tokenHinted) {
        const method = SDK_TOKEN_METHODS.find((m) => m.name === name);
        if (method && (UNAMBIGUOUS_TOKEN_METHODS.has(name) || receiverIsLineClient(facts, node))) {
          issuanceSites.push({ text: `${name}() (${method.action === 'issue' ? `issues a ${method.kind} token` : 'revokes a token'})`, ...locate(facts, node) });
          if (method.action === 'issue') issuedKinds.add(method.kind);
        }
      }
      if (sendHint) {
        const base = name.replace(/WithHttpInfo$/, '');
        const kind = SEND_METHODS[base];
        if (kind && isAccess(unwrap(node.expression)) && (receiverIsLineClient(facts, node) || (sdkPackage && UNAMBIGUOUS_SEND_METHODS.has(base)))) {
          sendCalls.push({ kind, via: 'sdk', ...locate(facts, node), ...ownerOf(node) });
        }
      }
    });
  }

  function ownerOf(node: ts.Node): { endpoint?: string } {
    const label = endpointOwning(node, reach);
    return label ? { endpoint: label } : {};
  }

  const kinds = [...issuedKinds].filter((k) => k !== 'managed').sort();
  let strategy: string;
  if (issuedKinds.has('managed')) strategy = 'issued and renewed at run time by ChannelTokenManager (line-bot-guard/runtime)';
  else if (issuanceSites.length > 0) strategy = `issued at run time${kinds.length ? ` (${kinds.join(', ')})` : ''}`;
  else if (staticSites.length > 0) strategy = 'static channel access token from configuration (no issuance in code)';
  else strategy = 'no channel access token found in code';

  return {
    sendCalls: dedupe(sendCalls).sort(compareEvidence),
    tokens: { strategy, staticSites: dedupe(staticSites).sort(compareEvidence), issuanceSites: dedupe(issuanceSites).sort(compareEvidence) },
    login: { sites: dedupe(loginSites).sort(compareEvidence) },
    liff: dedupe(liff).sort(compareEvidence),
  };
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
  const heuristic = heuristicFacts(facts);
  return {
    packages: packagesOf(facts),
    endpoints: endpointsOf(facts),
    sendCalls: heuristic.sendCalls,
    tokens: heuristic.tokens,
    login: heuristic.login,
    liff: heuristic.liff,
    sources: { endpoints: 'analysis', sendCalls: 'heuristic', tokens: 'heuristic', login: 'heuristic', liff: 'heuristic' },
  };
}

/** Whether the code calls the Messaging API or holds a channel token. */
export function usesMessagingApi(inventory: Inventory): boolean {
  return inventory.sendCalls.length > 0 || inventory.tokens.staticSites.length > 0 || inventory.tokens.issuanceSites.length > 0;
}
