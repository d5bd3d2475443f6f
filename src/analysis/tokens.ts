/**
 * Channel access token facts (LINE-PLATFORM.md §1.7, §2.4): where tokens are issued at run time (SDK,
 * raw HTTP, the runtime's ChannelTokenManager), revoked, handed to a client or an `Authorization: Bearer`
 * header of a raw call to LINE, and where those tokens come from (a literal, an env var, a config module,
 * a secret manager, Firebase config — "static" — or an issuance).
 *
 * Project-level questions are answered per package (its own package.json): `packageIssues(pkg)`.
 * LINE Login's `authorization_code` exchange uses the same paths and is kept apart by its grant.
 */
import {
  ts,
  unwrap,
  unwrapAwait,
  accessedName,
  isAccess,
  calleeName,
  walk,
  enclosingFunction,
  isFunctionLike,
  propertyNameText,
  isInside,
  type FunctionLike,
} from '../project/ast.js';
import { OriginService, GLOBAL_MODULE, type Origin } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import type { PackageInfo } from '../project/packages.js';
import { LINE_SDK } from '../platform/sdk.js';
import {
  AUTHORIZATION_HEADER,
  BOTTENDER_CONFIG_FILE,
  CHANNEL_TOKEN_GRANT,
  CHANNEL_TOKEN_PARAMS,
  FIREBASE_CONFIG,
  LINE_API_HOSTS,
  LOGIN_GRANTS,
  RUNTIME_TOKEN_MANAGER,
  SDK_TOKEN_METHODS,
  SECRET_MANAGER_COMMANDS,
  SECRET_MANAGER_METHODS,
  TOKEN_CLIENTS,
  TOKEN_ENDPOINTS,
  UNAMBIGUOUS_TOKEN_METHODS,
  USER_TOKEN_PATHS,
  type IssuedTokenKind,
  type TokenClient,
} from '../platform/tokens.js';
import { callSitesOfFunction } from './call-sites.js';
import { calledFunction } from './calls.js';
import { HttpCallIndex, isLineUrl, paramsOf, propertyOf, type HttpCall, type ParamSet } from './http-calls.js';

const MAX_DEPTH = 10;
const TOKEN_HINT = /issue|revoke|ChannelTokenManager|oauth|accessToken|v3\/token/i;
const CLIENT_HINT = /Client|linebot|LineBotClient|Bearer|authorization|accessToken/i;
const SEND_METHODS = new Set(['replyMessage', 'pushMessage', 'multicast', 'narrowcast', 'broadcast', 'reply', 'push', 'pushMessagesByPhone', 'getProfile', 'getMessageContent']);
const SCHEDULERS = new Set(['setInterval', 'setTimeout', 'schedule', 'scheduleJob', 'onSchedule', 'cron', 'every', 'CronJob']);
const EXPIRY_NAMES = /^(expires_?in|expiresIn|expires_?at|expiresAt|expiry|expiration|expirationTime|expireAt|expire_at|refreshAt|exp|ttl|maxAge)$/i;

export interface TokenIssuance {
  node: ts.CallExpression | ts.NewExpression;
  /** Undefined when the kind cannot be told. */
  kind?: IssuedTokenKind;
  via: 'sdk' | 'http' | 'runtime';
  file: ProjectFile;
  /** Operator scripts (under `scripts/`) are issuance too, but are not judged for their lifecycle. */
  inScript: boolean;
}

export interface TokenRevocation {
  node: ts.CallExpression | ts.NewExpression;
  /** Kinds of token it revokes (undefined: any). */
  kinds?: readonly IssuedTokenKind[];
  via: 'sdk' | 'http' | 'runtime';
  file: ProjectFile;
}

/** Where a token value comes from. */
export type TokenLeaf =
  | { kind: 'static'; via: 'literal' | 'env' | 'config-file' | 'secret-manager' | 'firebase' | 'env-binding'; node: ts.Node; site?: ts.Node }
  | { kind: 'issued'; node: ts.Node }
  | { kind: 'unknown' };

/** A place where a channel access token enters a client. */
export interface TokenSite {
  /** The client construction call, the `Authorization` header property, or the bottender `accessToken` property. */
  node: ts.Node;
  client: 'client' | 'header' | 'config';
  /** The token expression, and a member path into it when the token is a property of it. */
  token: ts.Expression;
  path: string[];
}

export interface StaticTokenUse {
  /** Where to report: the token site, or the call that passes a static token into library code. */
  node: ts.Node;
  site: TokenSite;
  via: Extract<TokenLeaf, { kind: 'static' }>['via'];
}

export interface LifecycleProblem {
  node: ts.Node;
  problem: 'per-request' | 'expiry-ignored' | 'no-revoke';
  kind?: IssuedTokenKind;
}

function packageKey(project: SourceProject, pkg: PackageInfo | undefined): string {
  return pkg?.root ?? project.root;
}

export function isScriptFile(file: ProjectFile): boolean {
  const relative = file.package ? file.path.slice(file.package.root.length + 1).split('\\').join('/') : file.relative;
  return /^(scripts?|bin|tools)\//.test(relative);
}

function stringParam(origins: OriginService, params: ParamSet, name: string): string | undefined {
  const entry = params.entries.get(name);
  if (!entry) return undefined;
  if (entry.text !== undefined) return entry.text;
  return entry.expression ? origins.staticString(entry.expression) : undefined;
}

/** What a raw HTTP call to a token endpoint does (channel-token issue/revoke, or LINE Login's exchange). */
export function classifyTokenCall(
  origins: OriginService,
  call: HttpCall,
): { action: 'issue' | 'revoke' | 'login'; kind?: IssuedTokenKind; revokes?: IssuedTokenKind[] } | undefined {
  if (call.method && call.method !== 'POST') return undefined;
  for (const endpoint of TOKEN_ENDPOINTS) {
    if (!isLineUrl(call.url, LINE_API_HOSTS, endpoint.path)) continue;
    if (endpoint.revokes) {
      const revokes: IssuedTokenKind[] = [];
      for (const kind of endpoint.revokes) if (kind === 'short-lived' || kind === 'v2.1') revokes.push(kind);
      return { action: 'revoke', revokes };
    }
    const params = paramsOf(origins, call.body);
    const grant = stringParam(origins, params, 'grant_type');
    if (grant !== undefined && LOGIN_GRANTS.has(grant)) return { action: 'login' };
    if (params.entries.has('code') || params.entries.has('refresh_token') || params.entries.has('redirect_uri')) return { action: 'login' };
    if (grant === CHANNEL_TOKEN_GRANT || [...CHANNEL_TOKEN_PARAMS].some((p) => params.entries.has(p))) return { action: 'issue', kind: endpoint.issues };
    // The v3 endpoint only issues channel tokens; v2 accessToken's login use (v2.0) is long deprecated.
    if (endpoint.path === '/oauth2/v3/token' || (endpoint.path === '/v2/oauth/accessToken' && params.entries.has('client_secret'))) {
      return { action: 'issue', kind: endpoint.issues };
    }
    return undefined;
  }
  return undefined;
}

/** Is the URL a Messaging API call that authenticates with a channel access token? */
function isChannelTokenApiCall(call: HttpCall): boolean {
  return isLineUrl(call.url, LINE_API_HOSTS, (path) => {
    if (USER_TOKEN_PATHS.includes(path)) return false;
    if (TOKEN_ENDPOINTS.some((e) => e.path.toLowerCase() === path.toLowerCase())) return false;
    return /^\/(v2\/bot|bot|liff\/v1|shop|v2\/bot|user\/v1|message|insight|oauth2\/v2\.1\/tokens)/.test(path) || path.startsWith('/v2/');
  });
}

/** `Bearer ${x}`, `'Bearer ' + x`, `` `Bearer ` + x `` → x (or the literal itself). */
export function bearerValue(origins: OriginService, value: ts.Expression): ts.Expression | undefined {
  const node = unwrapAwait(value);
  if (ts.isTemplateExpression(node) && /^\s*bearer\s*$/i.test(node.head.text) && node.templateSpans.length === 1) return node.templateSpans[0]!.expression;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && /^\s*bearer\s*$/i.test(origins.staticString(node.left) ?? '')) return node.right;
  if (ts.isStringLiteralLike(node)) return /^\s*bearer\s+\S/i.test(node.text) ? node : undefined;
  if (ts.isIdentifier(node) || isAccess(node)) {
    const origin = origins.resolve(node);
    if (origin.kind === 'expression' && origin.node !== node) return bearerValue(origins, origin.node);
  }
  return undefined;
}

export class TokenAnalysis {
  private issuanceList?: TokenIssuance[];
  private revocationList?: TokenRevocation[];
  private siteList?: TokenSite[];
  private staticUses?: StaticTokenUse[];
  private lifecycle?: LifecycleProblem[];
  private readonly issuingPackages = new Map<string, boolean>();
  /** Functions being traced through a return, with the call whose arguments their parameters hold. */
  private readonly bindings = new Map<FunctionLike, ts.CallExpression | ts.NewExpression>();

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
    readonly http: HttpCallIndex,
  ) {}

  // ---------------------------------------------------------------- issuance and revocation

  private sdkTokenMethod(call: ts.CallExpression): (typeof SDK_TOKEN_METHODS)[number] | undefined {
    const callee = unwrap(call.expression);
    if (!isAccess(callee)) return undefined;
    const name = accessedName(callee);
    const candidates = SDK_TOKEN_METHODS.filter((m) => m.name === name);
    if (candidates.length === 0) return undefined;
    const receiver = this.origins.resolve(callee.expression);
    if (receiver.kind === 'expression' && ts.isNewExpression(receiver.node)) {
      const ctor = this.origins.resolve(receiver.node.expression);
      const match = candidates.find((m) => OriginService.isExternal(ctor, LINE_SDK, m.owner));
      if (match) return match;
      if (ctor.kind === 'external' || ctor.kind === 'function') return undefined;
    }
    const method = candidates[0]!;
    return UNAMBIGUOUS_TOKEN_METHODS.has(method.name) ? method : undefined;
  }

  private isTokenManager(node: ts.Node): node is ts.NewExpression {
    return ts.isNewExpression(node) && OriginService.isExternal(this.origins.resolve(node.expression), RUNTIME_TOKEN_MANAGER.module, RUNTIME_TOKEN_MANAGER.path);
  }

  private scan(): void {
    const issuances: TokenIssuance[] = [];
    const revocations: TokenRevocation[] = [];
    for (const file of this.project.allFiles()) {
      const text = file.text;
      if (!TOKEN_HINT.test(text)) continue;
      const inScript = isScriptFile(file);
      walk(file.sourceFile, (node) => {
        if (this.isTokenManager(node)) {
          const kindValue = propertyOf(this.origins, node.arguments?.[0], RUNTIME_TOKEN_MANAGER.kindOption)?.value;
          const kind = kindValue ? (this.origins.staticString(kindValue) as IssuedTokenKind | undefined) : undefined;
          issuances.push({ node, kind, via: 'runtime', file, inScript });
          revocations.push({ node, via: 'runtime', file });
          return undefined;
        }
        if (!ts.isCallExpression(node)) return undefined;
        const method = this.sdkTokenMethod(node);
        if (method) {
          if (method.action === 'issue') issuances.push({ node, kind: method.kind === 'any' ? undefined : method.kind, via: 'sdk', file, inScript });
          else revocations.push({ node, kinds: method.kind === 'any' ? undefined : [method.kind], via: 'sdk', file });
        }
        return undefined;
      });
      for (const call of this.http.inFile(file)) {
        const what = classifyTokenCall(this.origins, call);
        if (what?.action === 'issue') issuances.push({ node: call.node, kind: what.kind, via: 'http', file, inScript });
        else if (what?.action === 'revoke') revocations.push({ node: call.node, kinds: what.revokes, via: 'http', file });
      }
    }
    this.issuanceList = issuances;
    this.revocationList = revocations;
  }

  issuances(): TokenIssuance[] {
    if (!this.issuanceList) this.scan();
    return this.issuanceList!;
  }

  revocations(): TokenRevocation[] {
    if (!this.revocationList) this.scan();
    return this.revocationList!;
  }

  /** Does this package (its own package.json) issue channel tokens anywhere, operator scripts included? */
  packageIssues(pkg: PackageInfo | undefined): boolean {
    const key = packageKey(this.project, pkg);
    let known = this.issuingPackages.get(key);
    if (known === undefined) {
      known = this.issuances().some((i) => packageKey(this.project, i.file.package) === key);
      this.issuingPackages.set(key, known);
    }
    return known;
  }

  /** Does the package revoke tokens of `kind` anywhere? */
  packageRevokes(pkg: PackageInfo | undefined, kind?: IssuedTokenKind): boolean {
    const key = packageKey(this.project, pkg);
    return this.revocations().some((r) => packageKey(this.project, r.file.package) === key && (!kind || !r.kinds || r.kinds.includes(kind)));
  }


  // ---------------------------------------------------------------- where tokens enter clients

  private clientOf(node: ts.CallExpression | ts.NewExpression): TokenClient | undefined {
    const callee = this.origins.resolve(node.expression);
    if (callee.kind !== 'external') return undefined;
    return TOKEN_CLIENTS.find(
      (c) => OriginService.isExternal(callee, c.module, c.path) && (c.construct === 'new' ? ts.isNewExpression(node) : ts.isCallExpression(node)),
    );
  }

  sites(): TokenSite[] {
    if (this.siteList) return this.siteList;
    const sites: TokenSite[] = [];
    const seen = new Set<ts.Node>();
    for (const file of this.project.allFiles()) {
      const text = file.text;
      if (!CLIENT_HINT.test(text)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return;
        const client = this.clientOf(node);
        if (!client) return;
        const args = node.arguments ?? ts.factory.createNodeArray();
        if ('property' in client.token) {
          if (args[0]) sites.push({ node, client: 'client', token: args[0], path: [client.token.property] });
        } else if (args[client.token.argument]) {
          sites.push({ node, client: 'client', token: args[client.token.argument]!, path: [] });
        }
      });
      for (const call of this.http.inFile(file)) {
        if (!isChannelTokenApiCall(call)) continue;
        for (const header of call.headers) {
          if (header.name !== AUTHORIZATION_HEADER || seen.has(header.node)) continue;
          const token = bearerValue(this.origins, header.value);
          if (!token) continue;
          seen.add(header.node);
          sites.push({ node: header.node, client: 'header', token, path: [] });
        }
      }
      if (BOTTENDER_CONFIG_FILE.test(file.relative)) {
        walk(file.sourceFile, (node) => {
          if (!ts.isPropertyAssignment(node) || propertyNameText(node.name) !== 'accessToken') return;
          const owner = node.parent.parent;
          if (owner && ts.isPropertyAssignment(owner) && propertyNameText(owner.name) === 'line') {
            sites.push({ node, client: 'config', token: node.initializer, path: [] });
          }
        });
      }
    }
    this.siteList = sites;
    return sites;
  }

  // ---------------------------------------------------------------- token origins

  /** Where the value of `expression` (then `path` into it) comes from. */
  trace(expression: ts.Expression, path: string[] = [], site?: ts.Node, depth = 0, seen = new Set<string>()): TokenLeaf[] {
    if (depth > MAX_DEPTH) return [{ kind: 'unknown' }];
    const node = unwrapAwait(expression);
    const key = `${node.pos}:${node.end}:${node.getSourceFile().fileName}:${path.join('.')}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const next = (e: ts.Expression, p: string[] = path, s: ts.Node | undefined = site): TokenLeaf[] => this.trace(e, p, s, depth + 1, seen);

    if (ts.isStringLiteralLike(node)) {
      if (path.length > 0 || node.text.trim() === '') return [];
      return [{ kind: 'static', via: 'literal', node, site }];
    }
    if (ts.isTemplateExpression(node)) return path.length > 0 ? [] : node.templateSpans.flatMap((span) => next(span.expression));
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return [...next(node.left), ...next(node.right)];
      if (op === ts.SyntaxKind.PlusToken) return [...next(node.left), ...next(node.right)];
      return [{ kind: 'unknown' }];
    }
    if (ts.isConditionalExpression(node)) return [...next(node.whenTrue), ...next(node.whenFalse)];
    if (ts.isObjectLiteralExpression(node)) {
      if (path.length === 0) return [{ kind: 'unknown' }];
      const prop = propertyOf(this.origins, node, path[0]!);
      return prop ? next(prop.value, path.slice(1)) : [{ kind: 'unknown' }];
    }
    if (ts.isIdentifier(node)) return this.traceIdentifier(node, path, site, depth, seen);
    if (isAccess(node)) {
      const name = accessedName(node);
      if (name === undefined) {
        // `process.env[name]`: an environment variable whose name is computed.
        const base = this.origins.resolve(node.expression);
        if (path.length === 0 && base.kind === 'external' && base.module === GLOBAL_MODULE && base.path.join('.') === 'process.env') {
          return [{ kind: 'static', via: 'env', node, site }];
        }
        return [{ kind: 'unknown' }];
      }
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const origin = this.origins.resolve(node);
        if (origin.kind === 'expression' && origin.node !== node) return next(origin.node);
        return this.traceThisAssignments(node, name, path, site, depth, seen);
      }
      return next(node.expression, [name, ...path]);
    }
    if (ts.isCallExpression(node)) return this.traceCall(node, path, site, depth, seen);
    if (ts.isNewExpression(node)) return this.isIssuanceNode(node) ? [{ kind: 'issued', node }] : [{ kind: 'unknown' }];
    return [{ kind: 'unknown' }];
  }

  private traceThisAssignments(access: ts.AccessExpression, name: string, path: string[], site: ts.Node | undefined, depth: number, seen: Set<string>): TokenLeaf[] {
    let cls: ts.Node | undefined = access.parent;
    while (cls && !ts.isClassLike(cls)) cls = cls.parent;
    if (!cls) return [{ kind: 'unknown' }];
    const leaves: TokenLeaf[] = [];
    walk(cls, (node) => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        isAccess(node.left) &&
        node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        accessedName(node.left) === name
      ) {
        leaves.push(...this.trace(node.right, path, site, depth + 1, seen));
      }
    });
    return leaves.length ? leaves : [{ kind: 'unknown' }];
  }

  private traceIdentifier(identifier: ts.Identifier, path: string[], site: ts.Node | undefined, depth: number, seen: Set<string>): TokenLeaf[] {
    const next = (e: ts.Expression, p: string[] = path, s: ts.Node | undefined = site): TokenLeaf[] => this.trace(e, p, s, depth + 1, seen);
    const declaration = this.origins.declarationOf(identifier);
    if (!declaration) return this.classifyOrigin(this.origins.resolve(identifier), path, identifier, site, depth, seen);
    if (declaration.kind === 'variable') {
      const fullPath = [...declaration.path, ...path];
      if (declaration.node.initializer) return next(declaration.node.initializer, fullPath);
      // `let token; ... token = value` (every assignment).
      const leaves: TokenLeaf[] = [];
      const scope = declaration.node.parent.parent.parent;
      walk(scope, (node) => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && node.left.text === identifier.text) {
          leaves.push(...next(node.right, fullPath));
        }
      });
      return leaves.length ? leaves : [{ kind: 'unknown' }];
    }
    if (declaration.kind === 'parameter') {
      const fullPath = [...declaration.path, ...path];
      const bound = this.bindings.get(declaration.fn);
      if (bound) {
        const arg = bound.arguments?.[declaration.fn.parameters.indexOf(declaration.node)];
        return arg ? next(arg, fullPath) : [];
      }
      const calls = this.callSitesFor(declaration.fn);
      const index = declaration.fn.parameters.indexOf(declaration.node);
      const leaves: TokenLeaf[] = [];
      for (const call of calls) {
        const arg = call.arguments?.[index];
        if (!arg) continue;
        // The finding moves to the caller when the caller writes the token (or an object holding it) in the call.
        const inline = declaration.path.length === 0 && (path.length === 0 || ts.isObjectLiteralExpression(unwrap(arg)));
        leaves.push(...next(arg, fullPath, inline ? call : site));
      }
      if (calls.length > 0) return leaves;
      // A platform binding: Workers `env.LINE_CHANNEL_ACCESS_TOKEN`, Hono `c.env.X`.
      const paramName = ts.isIdentifier(declaration.node.name) ? declaration.node.name.text : '';
      const segments = [paramName, ...fullPath];
      const last = fullPath[fullPath.length - 1] ?? '';
      if (segments.slice(0, -1).some((s) => /^(env|bindings)$/i.test(s)) && /token/i.test(last)) {
        return [{ kind: 'static', via: 'env-binding', node: identifier, site }];
      }
      return [{ kind: 'unknown' }];
    }
    if (declaration.kind === 'import') {
      if (/\.json$/i.test(declaration.binding.specifier)) return [{ kind: 'static', via: 'config-file', node: identifier, site }];
      let origin = this.origins.resolve(identifier);
      const rest = [...path];
      // A module namespace (CommonJS `module.exports = {...}` or `import * as cfg`): step into its exports.
      while (rest.length > 0 && origin.kind === 'expression' && ts.isSourceFile(origin.node as ts.Node)) {
        origin = this.origins.member(origin, rest.shift()!);
      }
      if (origin.kind === 'expression' && origin.node !== identifier) return next(origin.node, rest);
      return this.classifyOrigin(origin, rest, identifier, site, depth, seen);
    }
    return [{ kind: 'unknown' }];
  }

  private classifyOrigin(origin: Origin, path: string[], node: ts.Node, site: ts.Node | undefined, depth = MAX_DEPTH, seen = new Set<string>()): TokenLeaf[] {
    if (origin.kind === 'expression') return origin.node === node ? [{ kind: 'unknown' }] : this.trace(origin.node, path, site, depth + 1, seen);
    if (origin.kind !== 'external') return [{ kind: 'unknown' }];
    const full = [...origin.path, ...path];
    if (origin.module === GLOBAL_MODULE && full[0] === 'process' && full[1] === 'env' && full.length >= 3) return [{ kind: 'static', via: 'env', node, site }];
    if (origin.module === 'process' && full[0] === 'env' && full.length >= 2) return [{ kind: 'static', via: 'env', node, site }];
    if (origin.module === GLOBAL_MODULE && full[0] === 'Bun' && full[1] === 'env' && full.length >= 3) return [{ kind: 'static', via: 'env', node, site }];
    if (origin.module === GLOBAL_MODULE && full[0] === 'import' && full[1] === 'meta' && full[2] === 'env') return [{ kind: 'static', via: 'env', node, site }];
    if (origin.module === '.' || origin.module === '..') return [{ kind: 'static', via: 'config-file', node, site }];
    return [{ kind: 'unknown' }];
  }

  private traceCall(call: ts.CallExpression, path: string[], site: ts.Node | undefined, depth: number, seen: Set<string>): TokenLeaf[] {
    const next = (e: ts.Expression, p: string[] = path): TokenLeaf[] => this.trace(e, p, site, depth + 1, seen);
    if (this.isIssuanceNode(call)) return [{ kind: 'issued', node: call }];
    const calleeNode = unwrap(call.expression);
    const callee = this.origins.resolve(calleeNode);
    const name = calleeName(call);
    // Firebase: functions.config().line.token; defineSecret('X').value().
    if (OriginService.isExternal(callee, FIREBASE_CONFIG.module, FIREBASE_CONFIG.config)) return [{ kind: 'static', via: 'firebase', node: call, site }];
    if (name === 'value' && isAccess(calleeNode)) {
      const receiver = this.origins.resolve(calleeNode.expression);
      if (receiver.kind === 'expression' && ts.isCallExpression(receiver.node)) {
        const factory = this.origins.resolve(receiver.node.expression);
        if (factory.kind === 'external' && factory.module === FIREBASE_CONFIG.module && FIREBASE_CONFIG.params.includes(factory.path[factory.path.length - 1] as never)) {
          return [{ kind: 'static', via: 'firebase', node: call, site }];
        }
      }
    }
    if (OriginService.isExternal(callee, GLOBAL_MODULE, ['Deno', 'env', 'get'])) return [{ kind: 'static', via: 'env', node: call, site }];
    if (name && SECRET_MANAGER_METHODS.has(name)) return [{ kind: 'static', via: 'secret-manager', node: call, site }];
    if (name === 'send' && call.arguments[0]) {
      const command = unwrap(call.arguments[0]);
      if (ts.isNewExpression(command) && SECRET_MANAGER_COMMANDS.has(calleeName(command) ?? '')) return [{ kind: 'static', via: 'secret-manager', node: call, site }];
    }
    if (OriginService.isExternal(callee, GLOBAL_MODULE, ['JSON', 'parse']) && call.arguments[0]) {
      const inner = next(call.arguments[0], []);
      return inner.map((leaf) => (leaf.kind === 'static' ? leaf : leaf));
    }
    // The runtime manager's token: `tokens.getToken()`.
    if (name === 'getToken' && isAccess(calleeNode)) {
      const receiver = this.origins.resolve(calleeNode.expression);
      if (receiver.kind === 'expression' && this.isTokenManager(receiver.node)) return [{ kind: 'issued', node: receiver.node }];
    }
    // Response bodies: `res.json()`, `res.text()` → the request.
    if ((name === 'json' || name === 'text') && isAccess(calleeNode) && call.arguments.length === 0) return next(calleeNode.expression);
    // Conversions keep the value.
    if (isAccess(calleeNode) && name && ['toString', 'trim', 'valueOf'].includes(name)) return next(calleeNode.expression);
    if (OriginService.isExternal(callee, GLOBAL_MODULE, ['String']) && call.arguments[0]) return next(call.arguments[0]);
    // A project function: what it returns.
    const fn = calledFunction(this.origins, call);
    if (fn && !ts.isConstructorDeclaration(fn)) {
      const returns = this.origins.returnsOf(fn);
      if (returns.length === 0) return [{ kind: 'unknown' }];
      // Inside the function, its parameters hold this call's arguments (not every caller's).
      const previous = this.bindings.get(fn);
      this.bindings.set(fn, call);
      try {
        return returns.flatMap((r) => next(r));
      } finally {
        if (previous) this.bindings.set(fn, previous);
        else this.bindings.delete(fn);
      }
    }
    return [{ kind: 'unknown' }];
  }

  private issuanceNodes?: Set<ts.Node>;

  private isIssuanceNode(node: ts.Node): boolean {
    this.issuanceNodes ??= new Set(this.issuances().map((i) => i.node));
    return this.issuanceNodes.has(node);
  }

  /** Call sites of a function, including `new C(...)` for a constructor and injected-service method calls. */
  callSitesFor(fn: FunctionLike): readonly (ts.CallExpression | ts.NewExpression)[] {
    return callSitesOfFunction(this.origins, fn);
  }

  /** Sites where a static token enters a client, with the node to report (see no-long-lived-channel-token). */
  staticTokenUses(): StaticTokenUse[] {
    if (this.staticUses) return this.staticUses;
    const uses: StaticTokenUse[] = [];
    const seen = new Set<ts.Node>();
    for (const site of this.sites()) {
      const leaves = this.trace(site.token, site.path);
      if (leaves.some((l) => l.kind === 'issued')) continue;
      for (const leaf of leaves) {
        if (leaf.kind !== 'static') continue;
        const node = leaf.site ?? site.node;
        if (seen.has(node)) continue;
        seen.add(node);
        uses.push({ node, site, via: leaf.via });
      }
    }
    this.staticUses = uses;
    return uses;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Does `scope` hand a token to a client or to LINE (client construction, Authorization header, SDK send)? */
  private usesTokenForLine(scope: ts.Node): boolean {
    let found = false;
    walk(scope, (node) => {
      if (found) return false;
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && this.clientOf(node)) found = true;
      else if (ts.isCallExpression(node)) {
        const name = calleeName(node);
        if (name && SEND_METHODS.has(name) && isAccess(unwrap(node.expression))) found = true;
        const call = this.http.at(node);
        if (call && isChannelTokenApiCall(call) && call.headers.some((h) => h.name === AUTHORIZATION_HEADER)) found = true;
      }
      return undefined;
    });
    return found;
  }

  /** Is something assigned after `after` in `fn` to state that outlives the call (module variable, `this.x`, a cache)? */
  private storesOutside(fn: FunctionLike, after: ts.Node): boolean {
    if (!fn.body) return false;
    let stored = false;
    walk(fn.body, (node) => {
      if (stored) return false;
      if (node.pos < after.pos) return undefined;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        let target = unwrap(node.left);
        while (isAccess(target)) target = unwrap(target.expression);
        if (target.kind === ts.SyntaxKind.ThisKeyword) stored = true;
        else if (ts.isIdentifier(target)) {
          const declaration = this.origins.declarationOf(target);
          const declNode = declaration && 'node' in declaration ? (declaration.node as ts.Node) : undefined;
          if (!declNode || !isInside(declNode, fn)) stored = true;
        }
      }
      if (ts.isCallExpression(node) && /^(set|setex|setEx|put|save|update|hset|write|writeFile|writeFileSync)$/.test(calleeName(node) ?? '') && isAccess(unwrap(node.expression))) {
        stored = true;
      }
      return undefined;
    });
    return stored;
  }

  /** Expiry handling near the issuance: `expires_in` read, an expiry timestamp, or a scheduler. */
  private handlesExpiry(file: ProjectFile, fn: FunctionLike | undefined): boolean {
    let handled = false;
    walk(file.sourceFile, (node) => {
      if (handled) return false;
      if (ts.isIdentifier(node) && EXPIRY_NAMES.test(node.text)) handled = true;
      else if (ts.isStringLiteralLike(node) && EXPIRY_NAMES.test(node.text)) handled = true;
      else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node);
        if (name && SCHEDULERS.has(name) && fn && (node.arguments ?? []).some((arg) => this.reaches(arg, fn))) handled = true;
      }
      return undefined;
    });
    if (handled || !fn) return handled;
    // Scheduled from another file: a scheduler callback that calls `fn`.
    for (const call of this.callSitesFor(fn)) {
      for (let current: ts.Node | undefined = call.parent; current; current = current.parent) {
        if ((ts.isCallExpression(current) || ts.isNewExpression(current)) && SCHEDULERS.has(calleeName(current) ?? '')) return true;
      }
    }
    return false;
  }

  /** Does `expression` (a function argument) call or refer to `fn`? */
  private reaches(expression: ts.Expression, fn: FunctionLike): boolean {
    const origin = this.origins.resolve(expression);
    if (origin.kind === 'function' && origin.node === fn) return true;
    let found = false;
    walk(expression, (node) => {
      if (found) return false;
      if (node === fn) found = true;
      else if (ts.isCallExpression(node) && calledFunction(this.origins, node) === fn) found = true;
      return undefined;
    });
    return found;
  }

  /**
   * How the token of an issuance is used, following returns into callers: stored beyond the call
   * (`cached`), handed to LINE in the same invocation (`perUse`), or neither (printed, returned to a human).
   */
  private usage(issuance: ts.Node, fn: FunctionLike | undefined, depth = 0, seen = new Set<ts.Node>()): { cached: boolean; perUse: boolean } {
    if (!fn) return { cached: true, perUse: false };
    if (depth > 3 || seen.has(fn)) return { cached: false, perUse: false };
    seen.add(fn);
    if (this.storesOutside(fn, issuance)) return { cached: true, perUse: false };
    if (fn.body && this.usesTokenForLine(fn.body)) return { cached: false, perUse: true };
    const result = { cached: false, perUse: false };
    // Returned to callers: judge each caller at its call.
    const returns = this.origins.returnsOf(fn);
    if (returns.length === 0) return result;
    for (const call of this.callSitesFor(fn)) {
      const caller = enclosingFunction(call);
      const inner = this.usage(call, caller, depth + 1, seen);
      if (inner.cached) result.cached = true;
      if (inner.perUse) result.perUse = true;
    }
    if (result.cached) result.perUse = false;
    return result;
  }

  lifecycleProblems(): LifecycleProblem[] {
    if (this.lifecycle) return this.lifecycle;
    const problems: LifecycleProblem[] = [];
    for (const issuance of this.issuances()) {
      if (issuance.via === 'runtime' || issuance.inScript) continue;
      const fn = enclosingFunction(issuance.node);
      const { cached, perUse } = this.usage(issuance.node, fn && isFunctionLike(fn) ? fn : undefined);
      const rotating = issuance.kind === 'short-lived' || issuance.kind === 'v2.1';
      if (perUse) {
        if (issuance.kind !== 'stateless') problems.push({ node: issuance.node, problem: 'per-request', kind: issuance.kind });
        continue;
      }
      if (!cached) continue;
      if (!this.handlesExpiry(issuance.file, fn)) {
        problems.push({ node: issuance.node, problem: 'expiry-ignored', kind: issuance.kind });
        continue;
      }
      if (rotating && !this.packageRevokes(issuance.file.package, issuance.kind)) problems.push({ node: issuance.node, problem: 'no-revoke', kind: issuance.kind });
    }
    this.lifecycle = problems;
    return problems;
  }
}

/** The shape of ProjectFacts this module needs. */
export interface TokenFacts {
  project: SourceProject;
  origins: OriginService;
  shared<T>(key: string, compute: () => T): T;
}

export function sharedTokenAnalysis(facts: TokenFacts, http: HttpCallIndex): TokenAnalysis {
  return facts.shared('token-analysis', () => new TokenAnalysis(facts.project, facts.origins, http));
}

