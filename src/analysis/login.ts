/**
 * LINE Login facts (LINE-PLATFORM.md §2.5, §5.10): authorization requests to
 * `access.line.me/oauth2/v2.1/authorize` (literal URLs, templates, concatenation, `new URL` +
 * `searchParams`, `URLSearchParams`, `querystring`/`qs`), where their `state`, `nonce`, `redirect_uri` and
 * `code_challenge` come from; callbacks that exchange the code and whether they compare the received
 * `state` with the stored one first (and fail-open comparisons); ID-token decoding vs verification; flows
 * run by libraries (passport strategies, Auth.js); user ids a server takes from request input.
 */
import {
  ts,
  unwrap,
  unwrapAwait,
  accessedName,
  isAccess,
  calleeName,
  walk,
  walkSameFunction,
  enclosingFunction,
  isFunctionLike,
  isInside,
  isNegation,
  isEqualityComparison,
  isNegativeEquality,
  isConstantOperand,
  propertyNameText,
  type FunctionLike,
} from '../project/ast.js';
import { OriginService, GLOBAL_MODULE } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import type { PackageInfo } from '../project/packages.js';
import { LINE_SDK } from '../platform/sdk.js';
import {
  AUTHJS_LINE_PROVIDER_SPECIFIERS,
  AUTHJS_STATE_CHECKS,
  AUTHORIZE_PARAMS,
  GENERIC_OAUTH2_STRATEGIES,
  JWT_DECODERS,
  JWT_VERIFIERS,
  LIFF_IDENTITY_CALLS,
  LIFF_MODULE,
  LOGIN_AUTHORIZE_HOST,
  LOGIN_AUTHORIZE_PATH,
  LOGIN_LIBRARIES,
  LOGIN_PROFILE_PATHS,
  LOGIN_VERIFY_PATH,
  RUNTIME_LOGIN,
  SDK_LOGIN_VERIFY,
} from '../platform/login.js';
import { LINE_API_HOSTS } from '../platform/tokens.js';
import {
  HttpCallIndex,
  isLineUrl,
  paramsOf,
  patternText,
  propertyOf,
  urlParamsOf,
  urlPatternOf,
  type HttpCall,
  type Hole,
  type ParamSet,
} from './http-calls.js';
import { classifyTokenCall } from './tokens.js';
import { callSitesOfFunction } from './call-sites.js';
import { calledFunction } from './calls.js';
import { requestContainerOf, requestReadOf, bindingKey, type RequestRead } from './request-input.js';

const MAX_DEPTH = 10;
const LOGIN_HINT = /oauth2\/v2\.1|createLoginRequest|exchangeLoginCode|passport|providers\/line|authorize/;

export interface AuthorizeRequest {
  /** Where findings about the request are reported: the expression producing the final URL. */
  node: ts.Expression;
  file: ProjectFile;
  builtBy: 'code' | 'runtime';
  params: ParamSet;
  /** `createLoginRequest({ pkce: false })`. */
  pkceDisabled?: boolean;
  /** For the runtime helper: its `redirectUri` option. */
  redirectUri?: ts.Expression;
}

export interface LibraryLogin {
  /** The construction of the strategy/provider, or its `checks` property when that weakens it. */
  node: ts.Node;
  library: 'passport' | 'authjs' | 'oauth2';
  stateWeakened: boolean;
  pkceMissing: boolean;
}

export interface CodeExchange {
  node: ts.CallExpression;
  file: ProjectFile;
  via: 'http' | 'runtime';
  redirectUri?: ts.Expression;
}

export type StateQuality = 'random' | 'predictable' | 'unknown';

export interface StateProblem {
  node: ts.Node;
  problem: 'missing-state' | 'predictable-state' | 'no-state-check' | 'fail-open' | 'library-weakened';
}

export interface IdTokenProblem {
  node: ts.Node;
  problem: 'decoded-only' | 'unchecked-verify' | 'incomplete-verify' | 'verify-ignored';
}

// ---------------------------------------------------------------- value sources (state, nonce)

const CSPRNG: readonly { module: string; path: readonly string[] }[] = [
  { module: 'crypto', path: ['randomBytes'] },
  { module: 'crypto', path: ['randomUUID'] },
  { module: 'crypto', path: ['getRandomValues'] },
  { module: 'crypto', path: ['randomInt'] },
  { module: 'crypto', path: ['webcrypto', 'getRandomValues'] },
  { module: 'crypto', path: ['webcrypto', 'randomUUID'] },
  { module: GLOBAL_MODULE, path: ['crypto', 'randomUUID'] },
  { module: GLOBAL_MODULE, path: ['crypto', 'getRandomValues'] },
  { module: 'uuid', path: ['v4'] },
  { module: 'uuid', path: ['v7'] },
  { module: 'nanoid', path: ['nanoid'] },
  { module: 'nanoid', path: ['customAlphabet'] },
  { module: 'crypto-random-string', path: [] },
  { module: 'randomstring', path: ['generate'] },
  { module: 'openid-client', path: ['generators', 'state'] },
  { module: 'openid-client', path: ['generators', 'nonce'] },
  { module: 'openid-client', path: ['randomState'] },
  { module: 'openid-client', path: ['randomNonce'] },
  { module: 'arctic', path: ['generateState'] },
  { module: 'oslo', path: ['generateState'] },
  { module: '@paralleldrive/cuid2', path: ['createId'] },
  { module: 'uid-safe', path: [] },
  { module: 'uid-safe', path: ['sync'] },
];
const WEAK_RANDOM: readonly { module: string; path: readonly string[] }[] = [
  { module: GLOBAL_MODULE, path: ['Math', 'random'] },
  { module: GLOBAL_MODULE, path: ['Date', 'now'] },
  { module: GLOBAL_MODULE, path: ['performance', 'now'] },
  { module: 'uuid', path: ['v1'] },
];
const DERIVING_METHODS = new Set(['toString', 'slice', 'substring', 'substr', 'replace', 'replaceAll', 'toUpperCase', 'toLowerCase', 'padStart', 'padEnd', 'trim', 'digest', 'join', 'toISOString', 'getTime', 'valueOf', 'map']);
const DERIVING_FUNCTIONS = new Set(['String', 'encodeURIComponent', 'encodeURI', 'btoa', 'from', 'Number']);
const USER_ID_NAME = /^(user_?id|userId|uid|email|username|user_?name|sub|lineUserId)$/i;

function isExternalAny(origins: OriginService, expression: ts.Expression, list: readonly { module: string; path: readonly string[] }[]): boolean {
  const origin = origins.resolve(expression);
  if (origin.kind !== 'external') return false;
  const module = origin.module === 'node:crypto' ? 'crypto' : origin.module;
  return list.some((entry) => OriginService.isExternal({ ...origin, module }, entry.module, entry.path));
}

/** Who could guess a `state`/`nonce` value: CSPRNG output is `random`; constants, time, Math.random, user ids are `predictable`. */
export function valueQuality(origins: OriginService, expression: ts.Expression): StateQuality {
  const leaves = new Set<'random' | 'weak' | 'constant' | 'unknown'>();
  collectLeaves(origins, expression, leaves, 0, new Set());
  if (leaves.has('random')) return 'random';
  if (leaves.has('weak')) return 'predictable';
  if (leaves.has('constant') && !leaves.has('unknown')) return 'predictable';
  return 'unknown';
}

function collectLeaves(origins: OriginService, expression: ts.Expression, leaves: Set<'random' | 'weak' | 'constant' | 'unknown'>, depth: number, seen: Set<ts.Node>): void {
  if (depth > MAX_DEPTH || seen.has(expression)) {
    leaves.add('unknown');
    return;
  }
  seen.add(expression);
  const node = unwrapAwait(expression);
  const next = (e: ts.Expression): void => collectLeaves(origins, e, leaves, depth + 1, seen);
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) {
    leaves.add('constant');
    return;
  }
  if (ts.isTemplateExpression(node)) {
    for (const span of node.templateSpans) next(span.expression);
    return;
  }
  if (ts.isBinaryExpression(node)) {
    next(node.left);
    next(node.right);
    return;
  }
  if (ts.isConditionalExpression(node)) {
    next(node.whenTrue);
    next(node.whenFalse);
    return;
  }
  if (ts.isArrayLiteralExpression(node)) {
    for (const element of node.elements) next(element as ts.Expression);
    return;
  }
  if (ts.isNewExpression(node)) {
    const name = calleeName(node);
    if (name === 'Date') leaves.add('weak');
    else if (name && ['Uint8Array', 'Uint32Array'].includes(name)) leaves.add('unknown');
    else leaves.add('unknown');
    return;
  }
  if (ts.isCallExpression(node)) {
    if (isExternalAny(origins, node.expression, CSPRNG)) {
      leaves.add('random');
      return;
    }
    if (isExternalAny(origins, node.expression, WEAK_RANDOM)) {
      leaves.add('weak');
      return;
    }
    const callee = unwrap(node.expression);
    const name = calleeName(node);
    if (name === 'update' && isAccess(callee) && node.arguments[0]) {
      // createHash(...).update(x).digest(): as guessable as x.
      next(node.arguments[0]);
      return;
    }
    if (name === 'createHash' || name === 'createHmac') {
      leaves.add('constant');
      return;
    }
    if (isAccess(callee) && name && DERIVING_METHODS.has(name)) {
      next(callee.expression);
      return;
    }
    if (name && DERIVING_FUNCTIONS.has(name) && node.arguments[0]) {
      next(node.arguments[0]);
      return;
    }
    const fn = calledFunction(origins, node);
    if (fn) {
      const returns = origins.returnsOf(fn);
      if (returns.length === 0) leaves.add('unknown');
      for (const r of returns) next(r);
      return;
    }
    leaves.add('unknown');
    return;
  }
  if (ts.isIdentifier(node) || isAccess(node)) {
    const name = ts.isIdentifier(node) ? node.text : accessedName(node);
    const origin = origins.resolve(node);
    if (origin.kind === 'expression' && origin.node !== node) {
      next(origin.node);
      return;
    }
    // `attempt.state` where `attempt = createAttempt()` returns an object literal.
    if (isAccess(node) && name) {
      const base = origins.resolve(node.expression);
      if (base.kind === 'expression' && ts.isCallExpression(base.node)) {
        const fn = calledFunction(origins, base.node);
        const values = fn ? origins.returnsOf(fn).map((r) => propertyOf(origins, r, name)?.value) : [];
        if (values.length > 0 && values.every((v) => v !== undefined)) {
          for (const value of values) next(value!);
          return;
        }
      }
    }
    if (origin.kind === 'external' && origin.module === GLOBAL_MODULE && origin.path[0] === 'process' && origin.path[1] === 'env') {
      leaves.add('constant');
      return;
    }
    if (name && USER_ID_NAME.test(name)) {
      leaves.add('weak');
      return;
    }
    // A hand-filled buffer: `const bytes = new Uint8Array(16); crypto.getRandomValues(bytes)`.
    if (ts.isIdentifier(node)) {
      const declaration = origins.declarationOf(node);
      if (declaration?.kind === 'variable') {
        const scope = enclosingFunction(declaration.node) ?? declaration.node.getSourceFile();
        let filled = false;
        walk(scope, (inner) => {
          if (ts.isCallExpression(inner) && isExternalAny(origins, inner.expression, CSPRNG) && inner.arguments.some((a) => ts.isIdentifier(unwrap(a)) && (unwrap(a) as ts.Identifier).text === node.text)) filled = true;
        });
        if (filled) {
          leaves.add('random');
          return;
        }
      }
    }
    leaves.add('unknown');
    return;
  }
  leaves.add('unknown');
}

// ---------------------------------------------------------------- state comparisons on the callback

const STATE_NAME = /state/i;
const COMPARE_FUNCTIONS = new Set(['timingSafeEqual', 'safeCompare', 'safeEqual', 'compare', 'tsscmp', 'constantTimeEqual', 'equals', 'isEqual', 'strictEqual', 'equal', 'deepStrictEqual']);

function mentionsState(expression: ts.Expression): boolean {
  return STATE_NAME.test(expression.getText());
}

/** A comparison of a `state` value with another (equality, `timingSafeEqual`, a compare helper). */
function stateComparisonIn(origins: OriginService, root: ts.Node, depth = 0): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (isEqualityComparison(node)) {
      const { left, right } = node;
      if (!isConstantOperand(left) || !isConstantOperand(right)) {
        const presence = (ts.isIdentifier(unwrap(right)) && (unwrap(right) as ts.Identifier).text === 'undefined') || unwrap(right).kind === ts.SyntaxKind.NullKeyword || ts.isTypeOfExpression(unwrap(left)) || ts.isTypeOfExpression(unwrap(right));
        const empty = (ts.isStringLiteralLike(unwrap(right)) && (unwrap(right) as ts.StringLiteral).text === '') || (ts.isStringLiteralLike(unwrap(left)) && (unwrap(left) as ts.StringLiteral).text === '');
        if (!presence && !empty && (mentionsState(left) || mentionsState(right))) {
          found = node;
          return;
        }
      }
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name && COMPARE_FUNCTIONS.has(name) && node.arguments.length >= 2 && node.arguments.slice(0, 2).some((a) => mentionsState(a))) {
        found = node;
        return;
      }
      // A comparing helper given the state: `sameSecret(state, attempt.state)`.
      if (node.arguments.length >= 2 && node.arguments.slice(0, 2).some((a) => mentionsState(a))) {
        const helper = calledFunction(origins, node);
        if ((name && /equal|compare|same|match/i.test(name)) || (helper?.body && comparesValues(helper.body))) {
          found = node;
          return;
        }
      }
      // A project predicate/assertion that compares state: `if (!isValidState(req))`, `assertState(...)`.
      if (depth < 2) {
        const fn = calledFunction(origins, node);
        if (fn?.body && stateComparisonIn(origins, fn.body, depth + 1)) {
          found = node;
          return;
        }
      }
    }
    if (ts.isIdentifier(node) && depth < 2) {
      // `const valid = a === b; if (!valid) ...`
      const origin = origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node && (isEqualityComparison(origin.node) || ts.isCallExpression(origin.node))) {
        if (stateComparisonIn(origins, origin.node, depth + 1)) {
          found = node;
          return;
        }
      }
    }
    if (isFunctionLike(node) && node !== root) return;
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** Does a helper's body compare two values (equality of non-constants, timingSafeEqual, a compare call)? */
function comparesValues(body: ts.Node): boolean {
  let found = false;
  walk(body, (node) => {
    if (found) return false;
    if (isEqualityComparison(node) && !isConstantOperand(node.left) && !isConstantOperand(node.right)) found = true;
    else if (ts.isCallExpression(node) && COMPARE_FUNCTIONS.has(calleeName(node) ?? '')) found = true;
    return undefined;
  });
  return found;
}

function exits(statement: ts.Node): boolean {
  let result = false;
  const visit = (node: ts.Node): void => {
    if (result) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      result = true;
      return;
    }
    if (ts.isCallExpression(node) && /^(process\.)?exit$/.test(node.expression.getText())) {
      result = true;
      return;
    }
    if (isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return result;
}

/** Is there a guard in `fn` before `point` whose failure ends the request: `if (<state mismatch>) return/throw`, an asserting call, or `point` inside `if (<state match>)`? */
function guardedBefore(origins: OriginService, fn: FunctionLike, point: ts.Node): ts.Node | undefined {
  if (!fn.body) return undefined;
  // `point` inside the then-branch of `if (state === stored)`.
  for (let current: ts.Node | undefined = point.parent; current && current !== fn; current = current.parent) {
    if (ts.isIfStatement(current) && isInside(point, current.thenStatement)) {
      const comparison = stateComparisonIn(origins, current.expression);
      if (comparison && !isNegation(unwrap(current.expression)) && !(isEqualityComparison(unwrap(current.expression)) && isNegativeEquality(unwrap(current.expression) as ts.BinaryExpression))) return comparison;
    }
  }
  let guard: ts.Node | undefined;
  walkSameFunction(fn.body, (node) => {
    if (guard) return false;
    if (node.getStart() >= point.getStart()) return false;
    if (ts.isIfStatement(node) && node.end <= point.getStart()) {
      const comparison = stateComparisonIn(origins, node.expression);
      if (comparison && exits(node.thenStatement)) {
        guard = comparison;
        return false;
      }
    }
    // An asserting call before the exchange: `assertState(req)`, `assert.strictEqual(state, saved)`.
    if (ts.isExpressionStatement(node) && node.end <= point.getStart()) {
      const expression = unwrapAwait(node.expression);
      if (ts.isCallExpression(expression)) {
        const comparison = stateComparisonIn(origins, expression);
        if (comparison) {
          const fnCalled = calledFunction(origins, expression);
          const throwsInside = fnCalled?.body ? exits(fnCalled.body) : /assert|strictEqual|equal/i.test(calleeName(expression) ?? '');
          if (throwsInside) {
            guard = comparison;
            return false;
          }
        }
      }
    }
    return undefined;
  });
  return guard;
}

// ---------------------------------------------------------------- the analysis

export class LoginAnalysis {
  private authorizeList?: AuthorizeRequest[];
  private libraryList?: LibraryLogin[];
  private exchangeList?: CodeExchange[];
  private stateProblemList?: StateProblem[];
  private idTokenProblemList?: IdTokenProblem[];
  private liffKeys?: Set<string>;

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
    readonly http: HttpCallIndex,
  ) {}

  // ---------------------------------------------------------------- authorization requests

  /** Names of constants holding the authorize endpoint URL, so files that only use the constant are scanned too. */
  private authorizeConstantNames(): Set<string> {
    const names = new Set<string>();
    for (const file of this.project.allFiles()) {
      if (!file.text.includes(LOGIN_AUTHORIZE_PATH)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isStringLiteralLike(node) && !ts.isTemplateExpression(node)) return undefined;
        if (!node.getText().includes(LOGIN_AUTHORIZE_PATH)) return undefined;
        let holder: ts.Node = node;
        while (holder.parent && (ts.isBinaryExpression(holder.parent) || ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent))) holder = holder.parent;
        const parent = holder.parent;
        if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) names.add(parent.name.text);
        if (parent && ts.isPropertyAssignment(parent)) {
          const key = propertyNameText(parent.name);
          if (key) names.add(key);
        }
        return false;
      });
    }
    return names;
  }

  authorizeRequests(): AuthorizeRequest[] {
    if (this.authorizeList) return this.authorizeList;
    const list: AuthorizeRequest[] = [];
    const constants = this.authorizeConstantNames();
    const constantPattern = constants.size ? new RegExp(`\\b(${[...constants].map((n) => n.replace(/[$]/g, '\\$')).join('|')})\\b`) : undefined;
    for (const file of this.project.allFiles()) {
      const text = file.text;
      const candidate = text.includes(LOGIN_AUTHORIZE_PATH) || (constantPattern?.test(text) ?? false);
      if (candidate) list.push(...this.authorizeRequestsIn(file));
      if (text.includes(RUNTIME_LOGIN.createRequest)) {
        walk(file.sourceFile, (node) => {
          if (ts.isCallExpression(node) && OriginService.isExternal(this.origins.resolve(node.expression), RUNTIME_LOGIN.module, [RUNTIME_LOGIN.createRequest])) {
            const options = node.arguments[0];
            const pkce = propertyOf(this.origins, options, 'pkce')?.value;
            list.push({
              node,
              file,
              builtBy: 'runtime',
              params: { entries: new Map(), complete: false },
              pkceDisabled: pkce !== undefined && unwrap(pkce).kind === ts.SyntaxKind.FalseKeyword,
              redirectUri: propertyOf(this.origins, options, 'redirectUri')?.value,
            });
          }
        });
      }
    }
    this.authorizeList = list;
    return list;
  }

  private isAuthorizePattern(parts: readonly (string | Hole)[]): boolean {
    const text = patternText(parts);
    const index = text.indexOf(LOGIN_AUTHORIZE_PATH);
    if (index === -1) return false;
    const before = text.slice(0, index);
    // `https://access.line.me` literally, or a configured base URL (a hole) right before the path.
    return new RegExp(`(^|[^\\w.-])(https?:)?//${LOGIN_AUTHORIZE_HOST.replace(/\./g, '\\.')}$`).test(before) || before.endsWith('\u0000') || before === '';
  }

  private authorizeRequestsIn(file: ProjectFile): AuthorizeRequest[] {
    const found: AuthorizeRequest[] = [];
    const claimed = new Set<ts.Node>();
    walk(file.sourceFile, (node) => {
      if (claimed.has(node)) return false;
      const candidate =
        ts.isTemplateExpression(node) ||
        (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
        (ts.isNewExpression(node) && calleeName(node) === 'URL') ||
        (ts.isStringLiteralLike(node) && node.text.includes(LOGIN_AUTHORIZE_PATH + '?')) ||
        (ts.isCallExpression(node) && calleeName(node) === 'join' && isAccess(unwrap(node.expression)) && ts.isArrayLiteralExpression(unwrap((unwrap(node.expression) as ts.AccessExpression).expression)));
      if (!candidate) return undefined;
      const expression = node as ts.Expression;
      // Only the outermost URL-building expression.
      const parent = expression.parent;
      if (parent && (ts.isTemplateSpan(parent) || (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken))) return undefined;
      let parts: readonly (string | Hole)[];
      let params: ParamSet;
      let reportAt: ts.Expression = expression;
      if (ts.isNewExpression(expression)) {
        const first = expression.arguments?.[0];
        if (!first) return undefined;
        parts = urlPatternOf(this.origins, expression).parts;
        if (!this.isAuthorizePattern(parts)) return undefined;
        params = urlParamsOf(this.origins, expression);
        reportAt = this.finalUseOfUrl(expression) ?? expression;
      } else if (ts.isCallExpression(expression)) {
        const array = unwrap((unwrap(expression.expression) as ts.AccessExpression).expression) as ts.ArrayLiteralExpression;
        const separator = expression.arguments[0] ? this.origins.staticString(expression.arguments[0]) : ',';
        if (separator === undefined || array.elements.length < 2) return undefined;
        const first = urlPatternOf(this.origins, array.elements[0] as ts.Expression).parts;
        if (!this.isAuthorizePattern(first)) return undefined;
        parts = first;
        params = { entries: new Map(), complete: true };
        for (const element of array.elements.slice(1)) {
          const inner = paramsOf(this.origins, element as ts.Expression);
          for (const [k, v] of inner.entries) params.entries.set(k, v);
          if (!inner.complete) params.complete = false;
        }
      } else {
        if (ts.isStringLiteralLike(expression) && /\.\.\.['"`]?$|\.\.\.$/.test(expression.text)) return undefined;
        parts = urlPatternOf(this.origins, expression).parts;
        if (!this.isAuthorizePattern(parts)) return undefined;
        // Inside HTML or other text: keep the URL part only.
        params = urlParamsOf(this.origins, expression);
      }
      if (this.isUrlConstantDeclaration(expression)) return undefined;
      walk(expression, (inner) => {
        claimed.add(inner);
      });
      found.push({ node: reportAt, file, builtBy: 'code', params });
      return false;
    });
    return found;
  }

  /** `const AUTH = 'https://access.line.me/oauth2/v2.1/authorize'` (a base, no query): not a request. */
  private isUrlConstantDeclaration(expression: ts.Expression): boolean {
    const text = patternText(urlPatternOf(this.origins, expression));
    return !text.includes('?') && !ts.isNewExpression(expression);
  }

  /** `url.toString()`, `url.href`, `String(url)` for `const url = new URL(...)`. */
  private finalUseOfUrl(construction: ts.NewExpression): ts.Expression | undefined {
    const decl = construction.parent;
    if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
    const name = decl.name.text;
    const scope = enclosingFunction(decl) ?? decl.getSourceFile();
    let found: ts.Expression | undefined;
    walk(scope, (node) => {
      if (found) return false;
      if (ts.isCallExpression(node) && calleeName(node) === 'toString' && isAccess(unwrap(node.expression))) {
        const target = unwrap((unwrap(node.expression) as ts.AccessExpression).expression);
        if (ts.isIdentifier(target) && target.text === name) found = node;
      } else if (isAccess(node) && accessedName(node) === 'href' && ts.isIdentifier(unwrap(node.expression)) && (unwrap(node.expression) as ts.Identifier).text === name) {
        found = node;
      } else if (ts.isCallExpression(node) && ts.isIdentifier(unwrap(node.expression)) && (unwrap(node.expression) as ts.Identifier).text === 'String' && node.arguments[0] && ts.isIdentifier(unwrap(node.arguments[0])) && (unwrap(node.arguments[0]) as ts.Identifier).text === name) {
        found = node;
      }
      return undefined;
    });
    return found;
  }

  // ---------------------------------------------------------------- libraries

  libraryLogins(): LibraryLogin[] {
    if (this.libraryList) return this.libraryList;
    const list: LibraryLogin[] = [];
    for (const file of this.project.allFiles()) {
      const text = file.text;
      if (!/passport|providers\/line/.test(text)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return;
        const callee = this.origins.resolve(node.expression);
        const options = node.arguments?.[0];
        const library = LOGIN_LIBRARIES.find((l) => l.kind === 'passport' && OriginService.isExternal(callee, l.module, l.path));
        if (library && ts.isNewExpression(node)) {
          const state = propertyOf(this.origins, options, 'state')?.value;
          const stateOff = !library.forcesState && state !== undefined && unwrap(state).kind === ts.SyntaxKind.FalseKeyword;
          list.push({ node, library: 'passport', stateWeakened: stateOff, pkceMissing: false });
          return;
        }
        if (ts.isNewExpression(node) && GENERIC_OAUTH2_STRATEGIES.some((s) => OriginService.isExternal(callee, s.module, s.path))) {
          const authorizationURL = propertyOf(this.origins, options, 'authorizationURL')?.value;
          const url = authorizationURL ? this.origins.staticString(authorizationURL) : undefined;
          if (!url || !url.includes(LOGIN_AUTHORIZE_HOST + LOGIN_AUTHORIZE_PATH)) return;
          const state = propertyOf(this.origins, options, 'state')?.value;
          const store = propertyOf(this.origins, options, 'store');
          const pkce = propertyOf(this.origins, options, 'pkce')?.value;
          const stateOn = (state !== undefined && unwrap(state).kind === ts.SyntaxKind.TrueKeyword) || store !== undefined;
          const pkceOn = pkce !== undefined && unwrap(pkce).kind === ts.SyntaxKind.TrueKeyword;
          list.push({ node, library: 'oauth2', stateWeakened: !stateOn && !pkceOn, pkceMissing: !pkceOn });
          return;
        }
        if (ts.isCallExpression(node) && this.isAuthjsLineProvider(node.expression)) {
          const checks = propertyOf(this.origins, options, 'checks');
          if (!checks) {
            list.push({ node, library: 'authjs', stateWeakened: false, pkceMissing: false });
            return;
          }
          const values = this.staticStrings(checks.value);
          if (!values) return;
          const bindsSession = values.some((v) => AUTHJS_STATE_CHECKS.has(v));
          list.push({ node: checks.node, library: 'authjs', stateWeakened: !bindsSession, pkceMissing: !values.includes('pkce') });
        }
      });
    }
    this.libraryList = list;
    return list;
  }

  private isAuthjsLineProvider(expression: ts.Expression): boolean {
    const node = unwrap(expression);
    if (!ts.isIdentifier(node)) return false;
    const declaration = this.origins.declarationOf(node);
    return declaration?.kind === 'import' && AUTHJS_LINE_PROVIDER_SPECIFIERS.has(declaration.binding.specifier);
  }

  private staticStrings(expression: ts.Expression): string[] | undefined {
    const value = this.origins.resolve(expression);
    const node = value.kind === 'expression' ? unwrap(value.node) : unwrap(expression);
    if (ts.isArrayLiteralExpression(node)) {
      const result: string[] = [];
      for (const element of node.elements) {
        const text = this.origins.staticString(element as ts.Expression);
        if (text === undefined) return undefined;
        result.push(text);
      }
      return result;
    }
    const single = this.origins.staticString(node);
    return single === undefined ? undefined : [single];
  }

  // ---------------------------------------------------------------- code exchanges

  exchanges(): CodeExchange[] {
    if (this.exchangeList) return this.exchangeList;
    const list: CodeExchange[] = [];
    for (const file of this.project.allFiles()) {
      const text = file.text;
      if (!LOGIN_HINT.test(text) && !/token/i.test(text)) continue;
      for (const call of this.http.inFile(file)) {
        const what = classifyTokenCall(this.origins, call);
        if (what?.action !== 'login') continue;
        const params = paramsOf(this.origins, call.body);
        const grant = params.entries.get('grant_type');
        const grantText = grant?.text ?? (grant?.expression ? this.origins.staticString(grant.expression) : undefined);
        if (grantText === 'refresh_token' || (!params.entries.has('code') && grantText !== 'authorization_code')) continue;
        list.push({ node: call.node, file, via: 'http', redirectUri: this.paramExpression(params, 'redirect_uri') });
      }
      if (text.includes(RUNTIME_LOGIN.exchange)) {
        walk(file.sourceFile, (node) => {
          if (ts.isCallExpression(node) && OriginService.isExternal(this.origins.resolve(node.expression), RUNTIME_LOGIN.module, [RUNTIME_LOGIN.exchange])) {
            list.push({ node, file, via: 'runtime', redirectUri: propertyOf(this.origins, node.arguments[0], 'redirectUri')?.value });
          }
        });
      }
    }
    this.exchangeList = list;
    return list;
  }

  private paramExpression(params: ParamSet, name: string): ts.Expression | undefined {
    const entry = params.entries.get(name);
    if (!entry) return undefined;
    if (entry.expression) return entry.expression;
    return undefined;
  }

  /** A static form of a redirect URI value: literal text with holes named by their origin; undefined when unknowable. */
  redirectShape(expression: ts.Expression | undefined, text?: string): string | undefined {
    if (text !== undefined) return safeDecode(text);
    if (!expression) return undefined;
    const parts = urlPatternOf(this.origins, stripEncoding(this.origins, expression)).parts;
    let shape = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        shape += safeDecode(part);
        continue;
      }
      const key = this.holeKey(stripEncoding(this.origins, part.expression));
      if (!key) return undefined;
      shape += `{${key}}`;
    }
    return shape;
  }

  private holeKey(expression: ts.Expression): string | undefined {
    const origin = this.origins.resolve(expression);
    if (origin.kind === 'external') return `${origin.module}:${origin.path.join('.')}`;
    if (origin.kind === 'expression') {
      const node = origin.node;
      const stripped = stripEncoding(this.origins, node);
      if (stripped !== unwrap(node) && stripped !== expression) return this.holeKey(stripped);
      if (ts.isCallExpression(node)) {
        const callee = this.origins.resolve(node.expression);
        // `required('LINE_LOGIN_CALLBACK_URL')`-style config readers: keyed by their literal argument.
        const arg = node.arguments[0] ? this.origins.staticString(node.arguments[0]) : undefined;
        if (arg !== undefined && node.arguments.length === 1) return `call:${callee.kind === 'function' ? 'fn' : calleeName(node)}(${arg})`;
      }
      return `node:${node.getSourceFile().fileName}:${node.getStart()}`;
    }
    return undefined;
  }

  /** The redirect URI written in an authorization request, as a shape. */
  authorizeRedirectShape(request: AuthorizeRequest): string | undefined {
    if (request.builtBy === 'runtime') return this.redirectShape(request.redirectUri);
    const entry = request.params.entries.get(AUTHORIZE_PARAMS.redirectUri);
    if (!entry) return undefined;
    return this.redirectShape(entry.expression, entry.text);
  }

  // ---------------------------------------------------------------- state problems

  stateProblems(): StateProblem[] {
    if (this.stateProblemList) return this.stateProblemList;
    const problems: StateProblem[] = [];
    for (const request of this.authorizeRequests()) {
      if (request.builtBy !== 'code') continue;
      const state = request.params.entries.get(AUTHORIZE_PARAMS.state);
      if (!state) {
        if (request.params.complete && request.params.entries.has(AUTHORIZE_PARAMS.clientId)) problems.push({ node: request.node, problem: 'missing-state' });
        continue;
      }
      const quality = state.text !== undefined ? 'predictable' : state.expression ? valueQuality(this.origins, state.expression) : 'unknown';
      if (quality === 'predictable') problems.push({ node: request.node, problem: 'predictable-state' });
    }
    for (const library of this.libraryLogins()) {
      if (library.stateWeakened) problems.push({ node: library.node, problem: 'library-weakened' });
    }
    for (const exchange of this.exchanges()) {
      if (exchange.via !== 'http') continue;
      const result = this.exchangeGuard(exchange.node);
      if (result.failOpen) problems.push({ node: result.failOpen, problem: 'fail-open' });
      else if (!result.guarded) problems.push({ node: exchange.node, problem: 'no-state-check' });
    }
    this.stateProblemList = dedupe(problems);
    return this.stateProblemList;
  }

  /** Is the exchange at `point` preceded by a state check on every path that reaches it (callers up to three levels)? */
  private exchangeGuard(point: ts.Node, depth = 0, seen = new Set<ts.Node>()): { guarded: boolean; failOpen?: ts.Node } {
    const fn = enclosingFunction(point);
    if (!fn || seen.has(fn) || depth > 3) return { guarded: false };
    seen.add(fn);
    const guard = guardedBefore(this.origins, fn, point);
    if (guard) return { guarded: true, failOpen: this.failOpenComparison(guard, fn) };
    // Middleware before the handler in the same registration: `app.get('/cb', checkState, handler)`.
    const registration = fn.parent;
    if (registration && ts.isCallExpression(registration)) {
      for (const arg of registration.arguments) {
        if (arg === fn || arg.pos >= fn.pos) break;
        const mw = this.origins.resolve(arg);
        if (mw.kind === 'function' && !ts.isClassLike(mw.node) && mw.node.body) {
          const comparison = stateComparisonIn(this.origins, mw.node.body);
          if (comparison) return { guarded: true, failOpen: this.failOpenComparison(comparison, mw.node) };
        }
      }
    }
    const calls = callSitesOfFunction(this.origins, fn);
    if (calls.length === 0) return { guarded: false };
    let failOpen: ts.Node | undefined;
    for (const call of calls) {
      const result = this.exchangeGuard(call, depth + 1, seen);
      if (!result.guarded) return { guarded: false };
      failOpen ??= result.failOpen;
    }
    return { guarded: true, failOpen };
  }

  /**
   * A comparison `received !== stored` passes when both are missing. It is fail-open when one side is
   * request input, the other is stored state (session, cookie), and neither is checked for presence.
   */
  private failOpenComparison(comparison: ts.Node, fn: FunctionLike): ts.Node | undefined {
    if (!isEqualityComparison(comparison)) return undefined;
    const sides = [comparison.left, comparison.right];
    const kinds = sides.map((side) => this.sideKind(side));
    if (!(kinds.includes('received') && kinds.includes('stored'))) return undefined;
    const texts = new Set<string>();
    for (const side of sides) {
      texts.add(unwrap(side).getText());
      const inner = unwrap(side);
      if (ts.isIdentifier(inner)) texts.add(inner.text);
      if (isAccess(inner)) texts.add(accessedName(inner) ?? '');
    }
    // Presence checks: `!x`, `x == null`, `typeof x`, `x &&`, `x?.length` before or within the comparison's condition.
    let present = false;
    const limit = comparison.getEnd();
    walk(fn, (node) => {
      if (present || node.getStart() > limit) return false;
      if (node === comparison) return false;
      const operand = isNegation(node)
        ? node.operand
        : ts.isTypeOfExpression(node)
          ? node.expression
          : isEqualityComparison(node) && (isConstantOperand(node.right) || isConstantOperand(node.left))
            ? isConstantOperand(node.right)
              ? node.left
              : node.right
            : ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken
              ? node.left
              : undefined;
      if (operand) {
        const inner = unwrap(operand);
        const name = ts.isIdentifier(inner) ? inner.text : isAccess(inner) ? accessedName(inner) : undefined;
        if (texts.has(inner.getText()) || (name && texts.has(name))) present = true;
      }
      return undefined;
    });
    return present ? undefined : comparison;
  }

  private sideKind(side: ts.Expression): 'received' | 'stored' | 'other' {
    const node = unwrap(side);
    const read = this.readOf(node);
    if (read) {
      if (read.source === 'session' || read.source === 'cookies') return 'stored';
      return 'received';
    }
    // `req.session.oauth.state`, `req.session.state`.
    let current: ts.Expression = node;
    while (isAccess(current)) {
      const name = accessedName(current);
      if (name === 'session' || name === 'signedCookies' || name === 'cookies') return 'stored';
      current = unwrap(current.expression);
    }
    if (ts.isCallExpression(node) && /^(get|getItem|unseal|getIronSession)$/.test(calleeName(node) ?? '') && /session|cookie|store|redis|cache/i.test(node.expression.getText())) return 'stored';
    if (ts.isIdentifier(node)) {
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) return this.sideKind(origin.node);
    }
    return 'other';
  }

  private readOf(node: ts.Expression): RequestRead | undefined {
    return requestReadOf(this.origins, node);
  }

  // ---------------------------------------------------------------- ID tokens

  private isIdTokenExpression(expression: ts.Expression, depth = 0): boolean {
    if (depth > 6) return false;
    const node = unwrapAwait(expression);
    const name = ts.isIdentifier(node) ? node.text : isAccess(node) ? accessedName(node) : undefined;
    if (name && /^id_?token$/i.test(name)) return true;
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      if (isAccess(callee) && accessedName(callee) === 'getIDToken') return true;
      // `token.split('.')[1]`-style pieces are handled by the caller; `String(x)`, `x.trim()`.
      if (isAccess(callee) && ['toString', 'trim'].includes(accessedName(callee) ?? '')) return this.isIdTokenExpression(callee.expression, depth + 1);
    }
    if (ts.isIdentifier(node) || isAccess(node)) {
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) return this.isIdTokenExpression(origin.node, depth + 1);
      if (origin.kind === 'parameter') {
        const last = origin.path[origin.path.length - 1] ?? (ts.isIdentifier(origin.node.name) ? origin.node.name.text : '');
        return /^id_?token$/i.test(last);
      }
    }
    return false;
  }

  /** A decode of a JWT without verification, when the token is an ID token. */
  private decodeOf(call: ts.CallExpression): boolean {
    const callee = this.origins.resolve(call.expression);
    const isDecoder = JWT_DECODERS.some((d) => OriginService.isExternal(callee, d.module, d.path));
    // Decoding the LIFF app's own ID token in the browser (for display) is not trusting it on a server.
    if (isDecoder) return !!call.arguments[0] && this.isIdTokenExpression(call.arguments[0]) && !this.fromLiff(call.arguments[0]);
    // Base64 of the middle part: Buffer.from(t.split('.')[1], 'base64'), atob(t.split('.')[1]).
    const name = calleeName(call);
    if ((name === 'from' || name === 'atob' || name === 'decode') && call.arguments[0]) {
      const piece = this.middlePartOf(call.arguments[0]);
      return !!piece && this.isIdTokenExpression(piece) && !this.fromLiff(piece);
    }
    return false;
  }

  /** `t.split('.')[1]` (through variables, `const [, payload] = t.split('.')`) → `t`. */
  private middlePartOf(expression: ts.Expression, depth = 0): ts.Expression | undefined {
    if (depth > 4) return undefined;
    const node = unwrapAwait(expression);
    const fromSplit = (call: ts.Expression): ts.Expression | undefined => {
      const inner = unwrap(call);
      if (ts.isCallExpression(inner) && calleeName(inner) === 'split' && isAccess(unwrap(inner.expression)) && inner.arguments[0] && this.origins.staticString(inner.arguments[0]) === '.') {
        return (unwrap(inner.expression) as ts.AccessExpression).expression;
      }
      return undefined;
    };
    if (ts.isElementAccessExpression(node) && this.origins.staticNumber(node.argumentExpression) === 1) return fromSplit(node.expression);
    if (ts.isCallExpression(node) && isAccess(unwrap(node.expression)) && ['replace', 'replaceAll'].includes(calleeName(node) ?? '')) {
      return this.middlePartOf((unwrap(node.expression) as ts.AccessExpression).expression, depth + 1);
    }
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'variable' && declaration.node.initializer) {
        if (declaration.path.length === 1 && declaration.path[0] === '1') return fromSplit(declaration.node.initializer);
        if (declaration.path.length === 0) return this.middlePartOf(declaration.node.initializer, depth + 1);
      }
    }
    return undefined;
  }

  /** Verifications of an ID token in a function: runtime/SDK helpers, the verify endpoint, a JWT verify with aud/iss. */
  private verificationsIn(root: ts.Node): ts.Node[] {
    const found: ts.Node[] = [];
    walk(root, (node) => {
      if (!ts.isCallExpression(node)) return;
      if (this.isVerification(node)) found.push(node);
    });
    return found;
  }

  private isVerification(call: ts.CallExpression): boolean {
    const callee = this.origins.resolve(call.expression);
    if (OriginService.isExternal(callee, RUNTIME_LOGIN.module, [RUNTIME_LOGIN.verifyIdToken])) return true;
    const name = calleeName(call);
    if (name && SDK_LOGIN_VERIFY.methods.has(name) && isAccess(unwrap(call.expression))) {
      const receiver = this.origins.resolve((unwrap(call.expression) as ts.AccessExpression).expression);
      if (receiver.kind === 'expression' && ts.isNewExpression(receiver.node) && OriginService.isExternal(this.origins.resolve(receiver.node.expression), LINE_SDK, SDK_LOGIN_VERIFY.owner)) return true;
    }
    if (JWT_VERIFIERS.some((v) => OriginService.isExternal(callee, v.module, v.path))) return true;
    const http = this.http.at(call);
    if (http && this.isVerifyCall(http)) return true;
    return false;
  }

  private isVerifyCall(call: HttpCall): boolean {
    return isLineUrl(call.url, LINE_API_HOSTS, LOGIN_VERIFY_PATH) || isLineUrl(call.url, LINE_API_HOSTS, (p) => LOGIN_PROFILE_PATHS.includes(p));
  }

  /** Functions that run for the same request as `fn`: its callers (two levels) and the project functions it calls. */
  private flowOf(fn: FunctionLike): ts.Node[] {
    const nodes: ts.Node[] = [fn];
    const seen = new Set<ts.Node>([fn]);
    let frontier: FunctionLike[] = [fn];
    for (let level = 0; level < 2; level++) {
      const nextFrontier: FunctionLike[] = [];
      for (const f of frontier) {
        for (const call of callSitesOfFunction(this.origins, f)) {
          const caller = enclosingFunction(call);
          if (caller && !seen.has(caller)) {
            seen.add(caller);
            nodes.push(caller);
            nextFrontier.push(caller);
          }
        }
      }
      frontier = nextFrontier;
    }
    walk(fn, (node) => {
      if (ts.isCallExpression(node)) {
        const callee = calledFunction(this.origins, node);
        if (callee && !seen.has(callee)) {
          seen.add(callee);
          nodes.push(callee);
        }
      }
    });
    return nodes;
  }

  idTokenProblems(): IdTokenProblem[] {
    if (this.idTokenProblemList) return this.idTokenProblemList;
    const problems: IdTokenProblem[] = [];
    for (const file of this.project.allFiles()) {
      const text = file.text;
      if (!/id_?token|getIDToken|idToken/i.test(text)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isCallExpression(node)) return;
        if (this.decodeOf(node)) {
          if (ts.isExpressionStatement(node.parent)) return;
          const fn = enclosingFunction(node);
          const flow = fn ? this.flowOf(fn) : [file.sourceFile];
          if (!flow.some((root) => this.verificationsIn(root).length > 0)) problems.push({ node, problem: 'decoded-only' });
          return;
        }
        const problem = this.verificationProblem(node);
        if (problem) problems.push({ node, problem });
      });
    }
    this.idTokenProblemList = problems;
    return problems;
  }

  /** Problems of a verification call: unchecked status, no aud/iss check, failure ignored. */
  private verificationProblem(call: ts.CallExpression): IdTokenProblem['problem'] | undefined {
    const callee = this.origins.resolve(call.expression);
    const verifier = JWT_VERIFIERS.find((v) => OriginService.isExternal(callee, v.module, v.path));
    if (verifier) {
      if (!call.arguments[0] || !this.isIdTokenExpression(call.arguments[0])) return undefined;
      const options = call.arguments[verifier.optionsArgument];
      const audience = propertyOf(this.origins, options, 'audience');
      const issuer = propertyOf(this.origins, options, 'issuer');
      if (!audience && !issuer) return 'incomplete-verify';
      return this.failureIgnored(call) ? 'verify-ignored' : undefined;
    }
    const http = this.http.at(call);
    if (http && isLineUrl(http.url, LINE_API_HOSTS, LOGIN_VERIFY_PATH) && http.method === 'POST') {
      const params = paramsOf(this.origins, http.body);
      if (!params.entries.has('id_token')) return undefined;
      if (['fetch', 'undici', 'urlfetchapp', 'node-http', 'request'].includes(http.library) && !this.statusChecked(call)) return 'unchecked-verify';
      return this.failureIgnored(call) ? 'verify-ignored' : undefined;
    }
    if (OriginService.isExternal(callee, RUNTIME_LOGIN.module, [RUNTIME_LOGIN.verifyIdToken])) return this.failureIgnored(call) ? 'verify-ignored' : undefined;
    return undefined;
  }

  /** Inside `try { ... } catch { ... }` whose handler neither returns nor throws: the flow goes on unverified. */
  private failureIgnored(call: ts.Node): boolean {
    for (let current: ts.Node | undefined = call.parent; current && !isFunctionLike(current); current = current.parent) {
      if (ts.isTryStatement(current) && isInside(call, current.tryBlock)) {
        const handler = current.catchClause?.block;
        return !!handler && !exits(handler);
      }
    }
    return false;
  }

  /** A fetch-style response whose status (`ok`, `status`) is read after the call, or that is passed to a helper that reads it. */
  private statusChecked(call: ts.CallExpression): boolean {
    let holder: ts.Node = call;
    while (holder.parent && (ts.isAwaitExpression(holder.parent) || ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent))) holder = holder.parent;
    const decl = holder.parent;
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
    const name = decl.name.text;
    const scope: ts.Node = enclosingFunction(call) ?? call.getSourceFile();
    let checked = false;
    walk(scope, (node) => {
      if (checked) return false;
      if (node.getStart() < call.getStart()) return undefined;
      if (isAccess(node) && ['ok', 'status', 'statusCode'].includes(accessedName(node) ?? '') && ts.isIdentifier(unwrap(node.expression)) && (unwrap(node.expression) as ts.Identifier).text === name) checked = true;
      if (ts.isCallExpression(node) && node !== call && node.arguments.some((a) => ts.isIdentifier(unwrap(a)) && (unwrap(a) as ts.Identifier).text === name)) {
        if (calleeName(node) === 'getResponseCode') checked = true;
        const helper = calledFunction(this.origins, node);
        if (helper?.body && /\.(ok|status|statusCode)\b/.test(helper.body.getText())) checked = true;
      }
      if (ts.isCallExpression(node) && calleeName(node) === 'getResponseCode' && isAccess(unwrap(node.expression)) && ts.isIdentifier(unwrap((unwrap(node.expression) as ts.AccessExpression).expression)) && (unwrap((unwrap(node.expression) as ts.AccessExpression).expression) as ts.Identifier).text === name) checked = true;
      return undefined;
    });
    return checked;
  }


  // ---------------------------------------------------------------- user ids from request input

  /** Keys under which client code sends LIFF identity to a server (`{ userId: profile.userId }`). */
  liffSentKeys(): Set<string> {
    if (this.liffKeys) return this.liffKeys;
    const keys = new Set<string>();
    for (const file of this.project.allFiles()) {
      if (!file.text.includes('liff')) continue;
      for (const call of this.http.inFile(file)) {
        const params = paramsOf(this.origins, call.body);
        for (const [key, value] of params.entries) {
          if (value.expression && this.fromLiff(value.expression)) keys.add(key);
        }
      }
    }
    this.liffKeys = keys;
    return keys;
  }

  private fromLiff(expression: ts.Expression, depth = 0): boolean {
    if (depth > 6) return false;
    const node = unwrapAwait(expression);
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name && LIFF_IDENTITY_CALLS.has(name) && isAccess(unwrap(node.expression))) {
        const receiver = this.origins.resolve((unwrap(node.expression) as ts.AccessExpression).expression);
        if (receiver.kind === 'external' && (receiver.module === LIFF_MODULE || receiver.path[0] === 'liff')) return true;
        if (/\bliff\b/.test((unwrap(node.expression) as ts.AccessExpression).expression.getText())) return true;
      }
      return false;
    }
    if (isAccess(node)) return this.fromLiff(node.expression, depth + 1);
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'variable' && declaration.node.initializer) return this.fromLiff(declaration.node.initializer, depth + 1);
      const origin = this.origins.resolve(node);
      if (origin.kind === 'external' && origin.module === GLOBAL_MODULE && origin.path[0] === 'liff') return true;
    }
    return false;
  }

  /** Does the function (with its helpers and callers) verify a LINE ID token or access token? */
  verifiesToken(fn: FunctionLike): boolean {
    return this.flowOf(fn).some((root) => this.verificationsIn(root).length > 0);
  }

  /** Reads of a LINE user id from request input in `file`, with how the id is then used. */
  userIdReadsIn(file: ProjectFile, isLineUserIdKey: (key: string) => boolean): ts.Node[] {
    const text = file.text;
    if (!/user_?id|lineId|line_?uid|\buid\b/i.test(text)) return [];
    const reads: ts.Node[] = [];
    walk(file.sourceFile, (node) => {
      if (ts.isBindingElement(node)) {
        const key = bindingKey(node);
        const pattern = node.parent;
        const decl = pattern.parent;
        if (!key || !isLineUserIdKey(key) || !ts.isObjectBindingPattern(pattern)) return undefined;
        if (ts.isVariableDeclaration(decl) && decl.initializer && requestContainerOf(this.origins, decl.initializer) && ['body', 'query', 'params', 'headers'].includes(requestContainerOf(this.origins, decl.initializer)!)) {
          if (ts.isIdentifier(node.name) && this.usedAsIdentity(node.name, decl)) reads.push(node);
        }
        return undefined;
      }
      if (ts.isParameter(node) && ts.isIdentifier(node.name)) {
        // Only framework-bound parameters (NestJS `@Body('lineUserId')`); others are followed from their callers.
        if (!ts.getDecorators(node)?.length) return undefined;
        const read = requestReadOf(this.origins, node.name);
        if (read?.key && isLineUserIdKey(read.key) && read.source !== 'session' && read.source !== 'cookies' && this.usedAsIdentity(node.name, node)) reads.push(node);
        return undefined;
      }
      if (!isAccess(node) && !ts.isCallExpression(node)) return undefined;
      const read = requestReadOf(this.origins, node as ts.Expression);
      if (!read?.key || !isLineUserIdKey(read.key) || read.source === 'session' || read.source === 'cookies') return undefined;
      if (this.valueUsedAsIdentity(node as ts.Expression)) reads.push(node);
      return false;
    });
    return reads;
  }

  /** How a read value is used: follow a variable it initialises; a push target, a presence check or a log is not identity use. */
  private valueUsedAsIdentity(read: ts.Expression): boolean {
    let current: ts.Node = read;
    while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent) || ts.isAwaitExpression(current.parent))) current = current.parent;
    const parent = current.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return this.usedAsIdentity(parent.name, parent);
    return this.isIdentityUse(current);
  }

  private usedAsIdentity(name: ts.Identifier, declaration: ts.Node, depth = 0): boolean {
    const fn = enclosingFunction(declaration) ?? declaration.getSourceFile();
    let used = false;
    walk(fn, (node) => {
      if (used) return false;
      if (ts.isIdentifier(node) && node.text === name.text && node !== name && !(ts.isPropertyAssignment(node.parent) && node.parent.name === node) && !(isAccess(node.parent) && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const declared = this.origins.declarationOf(node);
        const same = declared && 'node' in declared && (declared.node === declaration || (ts.isBindingElement(name.parent) && declared.node === name.parent.parent.parent) || declared.node === name.parent);
        if (same && this.isIdentityUse(node, depth)) used = true;
      }
      return undefined;
    });
    return used;
  }

  private isIdentityUse(node: ts.Node, depth = 0): boolean {
    let current = node;
    while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent))) current = current.parent;
    const parent = current.parent;
    if (!parent) return false;
    // Presence and format checks.
    if (isNegation(parent) || ts.isTypeOfExpression(parent)) return false;
    if (isEqualityComparison(parent) && (isConstantOperand(parent.left) || isConstantOperand(parent.right))) return false;
    if (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) && parent.left === current) return false;
    if (ts.isIfStatement(parent) || ts.isConditionalExpression(parent) && parent.condition === current) return false;
    if (ts.isCallExpression(parent)) {
      const callee = parent.expression.getText();
      if (/^console\.|^logger\.|\.log$|\.info$|\.debug$|\.warn$|\.test$/.test(callee)) return false;
      const name = calleeName(parent);
      // Legacy push/multicast: the first argument is the target.
      if (name && /^(pushMessage|push|multicast|pushText|pushFlex)$/.test(name) && parent.arguments[0] === current) return false;
      // A project function: judge how its parameter is used (a helper that only pushes to it is fine).
      const helper = calledFunction(this.origins, parent);
      const index = parent.arguments.indexOf(current as ts.Expression);
      const param = helper?.parameters[index];
      if (helper && param && ts.isIdentifier(param.name) && depth < 3) return this.usedAsIdentity(param.name, param, depth + 1);
      return true;
    }
    if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) {
      const key = propertyNameText(parent.name);
      if (key === 'to') return false;
      return true;
    }
    if (ts.isTemplateSpan(parent) || ts.isBinaryExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isElementAccessExpression(parent) || ts.isReturnStatement(parent)) return true;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return this.usedAsIdentity(parent.name, parent, depth + 1);
    return false;
  }

  /** Package dependencies that mark a codebase as a LINE (bot / LIFF / Login) codebase. */
  static isLinePackage(pkg: PackageInfo | undefined): boolean {
    if (!pkg) return false;
    return [...pkg.dependencies.keys()].some((d) => d === '@line/bot-sdk' || d === '@line/liff' || d === 'linebot' || d.startsWith('passport-line') || d === 'line-bot-guard');
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `encodeURIComponent(x)` / `encodeURI(x)` → x. */
function stripEncoding(origins: OriginService, expression: ts.Expression): ts.Expression {
  let node = unwrap(expression);
  // `process.env.X ?? ''`, `cfg.uri || ''`: the configured value is what matters.
  while (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
    isConstantOperand(node.right)
  ) {
    node = unwrap(node.left);
  }
  if (ts.isCallExpression(node) && ['encodeURIComponent', 'encodeURI'].includes(calleeName(node) ?? '') && node.arguments[0]) return node.arguments[0];
  void origins;
  return node;
}

function dedupe<T extends { node: ts.Node }>(items: T[]): T[] {
  const seen = new Set<ts.Node>();
  return items.filter((item) => (seen.has(item.node) ? false : (seen.add(item.node), true)));
}

/** The shape of ProjectFacts this module needs. */
export interface LoginFacts {
  project: SourceProject;
  origins: OriginService;
  shared<T>(key: string, compute: () => T): T;
}

export function sharedLoginAnalysis(facts: LoginFacts, http: HttpCallIndex): LoginAnalysis {
  return facts.shared('login-analysis', () => new LoginAnalysis(facts.project, facts.origins, http));
}

