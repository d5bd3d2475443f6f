/**
 * Retry keys: where a key's value is generated (followed through variables, parameters at every call
 * site, helpers and `sendWithRetry`'s callback), what kind of value it is (a random UUID, a fixed
 * literal, a timestamp, a user id, ...), and whether its generation runs again for every attempt of a
 * send: inside a retry wrapper's callback (`p-retry`, `async-retry`, `retry`, `promise-retry`,
 * `exponential-backoff`, the runtime's `sendWithRetry`), a hand-written retry loop, a function that
 * calls itself to retry, or an axios request interceptor behind `axios-retry`.
 */
import { ts, unwrap, unwrapAwait, accessedName, isAccess, calleeName, walk, isFunctionLike, type FunctionLike } from '../project/ast.js';
import { OriginService, GLOBAL_MODULE, type Origin } from '../project/origin.js';
import type { SourceProject } from '../project/project.js';
import { calledFunction } from './calls.js';
import type { RetryKeyRef, SendCallModel } from './send-calls.js';
import { boundArgument, isRuntimeExport, type Bindings, type ValueTools } from './values.js';

export type KeyKind =
  /** A random UUID made by the code (crypto.randomUUID, uuid v4, the runtime). */
  | 'uuid'
  /** A name-based UUID (uuid v3/v5): stable for the same input. */
  | 'name-uuid'
  /** A UUID literal: the same key for every send. */
  | 'uuid-literal'
  /** A literal that is not a UUID. */
  | 'literal'
  | 'timestamp'
  /** Random, but not a UUID (Math.random, nanoid, ...). */
  | 'random'
  | 'user-id'
  /** Text around other values (`${userId}-${Date.now()}`). */
  | 'composite'
  | 'unknown';

export interface KeyOrigin {
  kind: KeyKind;
  /** The generating expression (the UUID call, the literal, ...). */
  node?: ts.Node;
  /** Call sites the key was followed through (innermost first), when it came in as an argument. */
  via: (ts.CallExpression | ts.NewExpression)[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_MODULES: readonly { module: string; paths: readonly string[][]; kind: KeyKind }[] = [
  { module: 'crypto', paths: [['randomUUID'], ['webcrypto', 'randomUUID']], kind: 'uuid' },
  { module: 'uuid', paths: [['v4'], ['v1'], ['v6'], ['v7']], kind: 'uuid' },
  { module: 'uuid', paths: [['v3'], ['v5']], kind: 'name-uuid' },
  { module: 'uuidv4', paths: [['uuid'], []], kind: 'uuid' },
  { module: 'uuid-random', paths: [[]], kind: 'uuid' },
  { module: 'nanoid', paths: [['nanoid'], ['customAlphabet'], []], kind: 'random' },
  { module: 'cuid', paths: [[]], kind: 'random' },
  { module: '@paralleldrive/cuid2', paths: [['createId']], kind: 'random' },
  { module: 'shortid', paths: [['generate'], []], kind: 'random' },
  { module: 'ulid', paths: [['ulid']], kind: 'random' },
];
const USER_ID_NAMES = /^(userId|userID|user_id|uid|lineUserId|lineId|to|recipient|recipientId|sourceUserId)$/;
const MAX_DEPTH = 12;
const MAX_CALL_SITES = 8;

/** Retry wrappers whose callback runs once per attempt: module → export path. */
const RETRY_WRAPPERS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'p-retry', path: [] },
  { module: 'p-retry', path: ['default'] },
  { module: 'async-retry', path: [] },
  { module: 'promise-retry', path: [] },
  { module: 'exponential-backoff', path: ['backOff'] },
  { module: 'ts-retry-promise', path: ['retry'] },
  { module: '@lifeomic/attempt', path: ['retry'] },
  { module: 'retry-axios', path: [] },
];
const ATTEMPT_WORDS = /attempt|retr(y|ies)|tries|backoff|sleep|delay|wait/i;

export interface PerAttempt {
  /** The retry wrapper call, retry loop, or recursive function that runs the generation again. */
  scope: ts.Node;
  how: 'wrapper' | 'loop' | 'recursion' | 'interceptor';
}

export class RetryKeyAnalysis {
  private readonly selfCalling = new WeakMap<FunctionLike, boolean>();

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
    readonly values: ValueTools,
    readonly model: SendCallModel,
  ) {}

  /** Where a key's value comes from (several origins when it arrives through a parameter). */
  originsOf(key: RetryKeyRef): KeyOrigin[] {
    const result: KeyOrigin[] = [];
    this.trace(key.value, key.bindings, [], 0, result);
    return result;
  }

  private trace(expression: ts.Expression, bindings: Bindings | undefined, via: KeyOrigin['via'], depth: number, out: KeyOrigin[]): void {
    if (depth > MAX_DEPTH) {
      out.push({ kind: 'unknown', via });
      return;
    }
    const b = this.values.bound(expression, bindings);
    if (b.missing) return;
    const node = unwrapAwait(b.node);
    const next = (e: ts.Expression, nb: Bindings | undefined = b.bindings, nv = via): void => this.trace(e, nb, nv, depth + 1, out);

    if (ts.isStringLiteralLike(node)) {
      out.push({ kind: UUID.test(node.text) ? 'uuid-literal' : 'literal', node, via });
      return;
    }
    if (ts.isNumericLiteral(node)) {
      out.push({ kind: 'literal', node, via });
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const only = node.head.text === '' && node.templateSpans.length === 1 && node.templateSpans[0]!.literal.text === '';
      if (only) next(node.templateSpans[0]!.expression);
      else out.push({ kind: 'composite', node, via });
      return;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) {
        out.push({ kind: 'composite', node, via });
        return;
      }
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        next(node.left);
        next(node.right);
        return;
      }
    }
    if (ts.isConditionalExpression(node)) {
      next(node.whenTrue);
      next(node.whenFalse);
      return;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const kind = this.generatorKind(node);
      if (kind) {
        out.push({ kind, node, via });
        return;
      }
      const callee = unwrap(node.expression);
      const method = calleeName(node);
      if (isAccess(callee) && (method === 'toString' || method === 'trim' || method === 'toLowerCase' || method === 'valueOf')) {
        next(callee.expression);
        return;
      }
      if (ts.isCallExpression(node)) {
        const origin = this.origins.resolve(node.expression);
        if (OriginService.isExternal(origin, GLOBAL_MODULE, ['String']) && node.arguments[0]) {
          next(node.arguments[0]);
          return;
        }
        const fn = calledFunction(this.origins, node);
        if (fn && !ts.isConstructorDeclaration(fn)) {
          const returns = this.origins.returnsOf(fn);
          if (returns.length > 0) {
            const inner: Bindings = { call: node, fn, parent: b.bindings };
            for (const returned of returns) next(returned, inner);
            return;
          }
        }
      }
      out.push({ kind: 'unknown', node, via });
      return;
    }
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'parameter' && declaration.path.length === 0) {
        const arg = boundArgument(declaration.node, b.bindings);
        if (arg?.value) {
          next(arg.value, arg.bindings);
          return;
        }
        // `sendWithRetry((retryKey) => ...)`: the runtime makes one key per send.
        const wrapper = this.runtimeCallback(declaration.fn, declaration.node);
        if (wrapper) {
          out.push({ kind: 'uuid', node: wrapper, via });
          return;
        }
        const index = declaration.fn.parameters.indexOf(declaration.node);
        const sites = this.model.callSites(declaration.fn).slice(0, MAX_CALL_SITES);
        if (sites.length === 0) {
          // Nothing passes it visibly: only its name can tell (`userId` is not a UUID).
          out.push({ kind: USER_ID_NAMES.test(node.text) ? 'user-id' : 'unknown', node, via });
          return;
        }
        for (const site of sites) {
          const value = site.arguments?.[index];
          if (value) next(value, undefined, [site, ...via]);
          else if (declaration.node.initializer) next(declaration.node.initializer, { call: site, fn: declaration.fn }, [site, ...via]);
        }
        return;
      }
      if (declaration?.kind === 'variable' && declaration.path.length === 0 && declaration.node.initializer) {
        next(declaration.node.initializer);
        return;
      }
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) next(origin.node, undefined);
      else out.push({ kind: USER_ID_NAMES.test(node.text) ? 'user-id' : 'unknown', node, via });
      return;
    }
    if (isAccess(node)) {
      const name = accessedName(node);
      if (name && USER_ID_NAMES.test(name) && name !== 'to') {
        out.push({ kind: 'user-id', node, via });
        return;
      }
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) next(origin.node, undefined);
      else out.push({ kind: 'unknown', node, via });
      return;
    }
    out.push({ kind: 'unknown', node, via });
  }

  /** What a call generates: a UUID, a timestamp, a random non-UUID. */
  private generatorKind(node: ts.CallExpression | ts.NewExpression): KeyKind | undefined {
    const origin = this.origins.resolve(node.expression);
    if (isRuntimeExport(origin, 'createRetryKey')) return 'uuid';
    if (origin.kind === 'external') {
      const module = origin.module === GLOBAL_MODULE ? (origin.path[0] === 'crypto' ? 'crypto' : GLOBAL_MODULE) : origin.module;
      const path = origin.module === GLOBAL_MODULE && origin.path[0] === 'crypto' ? origin.path.slice(1) : origin.path;
      const bare = path[0] === 'default' ? path.slice(1) : path;
      for (const entry of UUID_MODULES) {
        if (entry.module !== module && `node:${entry.module}` !== module) continue;
        if (entry.paths.some((p) => p.length === bare.length && p.every((part, i) => part === bare[i]))) return entry.kind;
      }
      if (module === GLOBAL_MODULE) {
        const joined = origin.path.join('.');
        if (joined === 'Date.now' || joined === 'performance.now') return 'timestamp';
        if (joined === 'Math.random') return 'random';
      }
      if (module === 'crypto' && (bare[0] === 'randomBytes' || bare[0] === 'randomInt')) return 'random';
    }
    // `new Date().getTime()`, `new Date().toISOString()`, `Date.now().toString()`.
    const callee = unwrap(node.expression);
    if (isAccess(callee)) {
      const receiver = unwrapAwait(callee.expression);
      if (ts.isNewExpression(receiver) && calleeName(receiver) === 'Date') return 'timestamp';
      if ((ts.isCallExpression(receiver) || ts.isNewExpression(receiver)) && ['toString', 'toISOString', 'getTime', 'valueOf', 'slice', 'substring', 'toFixed'].includes(calleeName(node) ?? '')) {
        const inner = this.generatorKind(receiver);
        if (inner === 'timestamp' || inner === 'random') return inner;
        if (inner === 'uuid' && calleeName(node) !== 'toString') return 'random';
      }
    }
    if (ts.isNewExpression(node) && calleeName(node) === 'Date') return 'timestamp';
    return undefined;
  }

  /** When `param` is the key parameter of a `sendWithRetry((retryKey) => ...)` callback: that call. */
  private runtimeCallback(fn: FunctionLike, param: ts.ParameterDeclaration): ts.CallExpression | undefined {
    if (fn.parameters[0] !== param) return undefined;
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
    return isRuntimeExport(this.origins.resolve(call.expression), 'sendWithRetry') ? call : undefined;
  }

  /** Is the generation the runtime's own (`sendWithRetry`'s key, made once per send)? */
  isRuntimeGenerated(node: ts.Node): boolean {
    return ts.isCallExpression(node) && isRuntimeExport(this.origins.resolve(node.expression), 'sendWithRetry');
  }

  // ---------------------------------------------------------------- per-attempt generation

  /** The retry that runs `generation` again on every attempt, if any. */
  perAttempt(generation: ts.Node, depth = 0): PerAttempt | undefined {
    if (depth > 2) return undefined;
    for (let current: ts.Node | undefined = generation.parent; current && !ts.isSourceFile(current); current = current.parent) {
      if (isFunctionLike(current)) {
        const wrapper = this.retryWrapperOf(current);
        if (wrapper) return { scope: wrapper, how: 'wrapper' };
        const helper = this.projectRetryHelperOf(current);
        if (helper) return helper;
        if (this.callsItself(current)) return { scope: current, how: 'recursion' };
        // The generating function runs once per call: is it called from a retry?
        for (const site of this.model.callSites(current).slice(0, MAX_CALL_SITES)) {
          const outer = this.perAttempt(site, depth + 1);
          if (outer) return outer;
        }
        return undefined;
      }
      if (this.isRetryLoop(current, generation)) return { scope: current, how: 'loop' };
    }
    return undefined;
  }

  /** When `fn` is the callback of a retry wrapper (`pRetry(fn)`, `retry(fn)`, `operation.attempt(fn)`): that call. */
  private retryWrapperOf(fn: FunctionLike): ts.CallExpression | undefined {
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return undefined;
    const origin = this.origins.resolve(call.expression);
    if (RETRY_WRAPPERS.some((w) => OriginService.isExternal(origin, w.module, w.path)) || isRuntimeExport(origin, 'sendWithRetry')) return call;
    // `retry.operation().attempt(fn)` (the `retry` package) and cockatiel's `policy.execute(fn)`.
    const method = calleeName(call);
    const callee = unwrap(call.expression);
    if ((method === 'attempt' || method === 'execute') && isAccess(callee) && this.rootModule(callee.expression) !== undefined) {
      const root = this.rootModule(callee.expression)!;
      if (root === 'retry' || root === 'cockatiel') return call;
    }
    return undefined;
  }

  /**
   * When `fn` is passed to a project function (`withRetry(() => send())`) that calls it inside a retry
   * loop or retries by calling itself: that loop or function.
   */
  private projectRetryHelperOf(fn: FunctionLike): PerAttempt | undefined {
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call)) return undefined;
    const index = call.arguments.indexOf(fn as ts.Expression);
    if (index < 0) return undefined;
    const helper = calledFunction(this.origins, call);
    const param = helper?.parameters[index];
    if (!helper?.body || !param || !ts.isIdentifier(param.name)) return undefined;
    let found: PerAttempt | undefined;
    walk(helper.body, (node) => {
      if (found) return false;
      if (!ts.isCallExpression(node)) return undefined;
      const callee = unwrap(node.expression);
      const declaration = ts.isIdentifier(callee) ? this.origins.declarationOf(callee) : undefined;
      if (declaration?.kind !== 'parameter' || declaration.node !== param) return undefined;
      for (let current: ts.Node | undefined = node.parent; current && current !== helper; current = current.parent) {
        if (this.isRetryLoop(current, node)) {
          found = { scope: current, how: 'loop' };
          return false;
        }
      }
      if (this.callsItself(helper)) found = { scope: helper, how: 'recursion' };
      return undefined;
    });
    return found;
  }

  /** The external module at the root of an expression chain (`retry.operation(opts)` → `retry`). */
  private rootModule(expression: ts.Expression, depth = 0): string | undefined {
    if (depth > 6) return undefined;
    const node = unwrapAwait(expression);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const origin: Origin = this.origins.resolve(node.expression);
      if (origin.kind === 'external') return origin.module;
      const callee = unwrap(node.expression);
      return isAccess(callee) ? this.rootModule(callee.expression, depth + 1) : undefined;
    }
    if (isAccess(node)) return this.rootModule(node.expression, depth + 1);
    const origin = this.origins.resolve(node);
    if (origin.kind === 'external') return origin.module;
    if (origin.kind === 'expression' && origin.node !== node) return this.rootModule(origin.node, depth + 1);
    return undefined;
  }

  private callsItself(fn: FunctionLike): boolean {
    const cached = this.selfCalling.get(fn);
    if (cached !== undefined) return cached;
    const result = this.computeCallsItself(fn);
    this.selfCalling.set(fn, result);
    return result;
  }

  private computeCallsItself(fn: FunctionLike): boolean {
    if (!fn.body) return false;
    // Only a function with a name can call itself; skip the walk when the name is not in its body.
    const name = functionNameOf(fn);
    if (!name || !fn.body.getText().includes(name)) return false;
    let found = false;
    walk(fn.body, (node) => {
      if (found) return false;
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && calledFunction(this.origins, node) === fn) found = true;
      return undefined;
    });
    return found;
  }

  /**
   * A hand-written retry loop around `inner`: a `for`/`while`/`do` (or `for...of` over a literal list of
   * delays) whose body catches a failure and goes round again, and that reads like a retry (attempt
   * counter, backoff, sleep) or loops forever until it succeeds.
   */
  isRetryLoop(loop: ts.Node, inner: ts.Node): boolean {
    let body: ts.Statement;
    let header = '';
    if (ts.isForStatement(loop)) {
      body = loop.statement;
      header = `${loop.initializer?.getText() ?? ''};${loop.condition?.getText() ?? ''};${loop.incrementor?.getText() ?? ''}`;
    } else if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) {
      body = loop.statement;
      header = loop.expression.getText();
    } else if (ts.isForOfStatement(loop)) {
      const list = unwrap(loop.expression);
      const literal = ts.isArrayLiteralExpression(list) ? list : undefined;
      const resolved = literal ?? ((): ts.ArrayLiteralExpression | undefined => {
        const origin = this.origins.resolve(list);
        return origin.kind === 'expression' && ts.isArrayLiteralExpression(origin.node) ? origin.node : undefined;
      })();
      if (!resolved || !resolved.elements.every((e) => this.origins.staticNumber(e) !== undefined)) return false;
      body = loop.statement;
      header = loop.initializer.getText();
    } else {
      return false;
    }
    if (!(inner.pos >= body.pos && inner.end <= body.end)) return false;
    // A loop that walks a collection by index (`ids[i]`, `ids.slice(start, ...)`) sends different things each round.
    if (ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
      const names = loop.initializer.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
      let indexes = false;
      walk(body, (node) => {
        if (indexes) return false;
        if (ts.isElementAccessExpression(node) && ts.isIdentifier(unwrap(node.argumentExpression)) && names.includes((unwrap(node.argumentExpression) as ts.Identifier).text)) indexes = true;
        if (ts.isCallExpression(node) && ['slice', 'splice', 'at', 'subarray'].includes(calleeName(node) ?? '') && node.arguments.some((a) => names.some((n) => new RegExp(`\\b${n}\\b`).test(a.getText())))) indexes = true;
        return undefined;
      });
      if (indexes) return false;
    }
    const forever = /^(true|1)?$/.test(header.replace(/\s|;/g, '')) || header.replace(/\s/g, '') === ';;';
    if (!forever && !ATTEMPT_WORDS.test(header) && !ATTEMPT_WORDS.test(body.getText())) return false;
    // The loop goes round again after a failure: a catch that does not always rethrow, or a status check.
    let catches = false;
    walk(body, (node) => {
      if (catches) return false;
      if (isFunctionLike(node)) return false;
      if (ts.isTryStatement(node) && node.catchClause && inner.pos >= node.tryBlock.pos && inner.end <= node.tryBlock.end) {
        const statements = node.catchClause.block.statements;
        const last = statements[statements.length - 1];
        if (!last || !ts.isThrowStatement(last)) catches = true;
      }
      if (ts.isIfStatement(node) && /\.(ok|status|statusCode)\b/.test(node.expression.getText())) catches = true;
      return undefined;
    });
    return catches;
  }

  /** Calls of the wrapper a send lives in that pass no value for the wrapper's retry-key parameter. */
  callersWithoutKey(call: { node: ts.Node; inner?: ts.Node; retryKey?: RetryKeyRef; bindings?: Bindings }): (ts.CallExpression | ts.NewExpression)[] {
    if (!call.retryKey || call.bindings) return [];
    const value = unwrap(call.retryKey.value);
    if (!ts.isIdentifier(value)) return [];
    const declaration = this.origins.declarationOf(value);
    if (declaration?.kind !== 'parameter' || declaration.path.length > 0 || declaration.node.initializer || declaration.node.dotDotDotToken) return [];
    const fn = declaration.fn;
    if (this.runtimeCallback(fn, declaration.node)) return [];
    const index = fn.parameters.indexOf(declaration.node);
    return this.model.callSites(fn).filter((site) => {
      const arg = site.arguments?.[index];
      if (site.arguments?.some((a) => ts.isSpreadElement(a))) return false;
      return !arg || (ts.isIdentifier(unwrap(arg)) && (unwrap(arg) as ts.Identifier).text === 'undefined');
    });
  }

  // ---------------------------------------------------------------- axios-retry

  /** Is `axios-retry` installed on the instance `creation` makes (or on axios itself when `creation` is undefined)? */
  axiosRetryOn(creation: ts.CallExpression): boolean {
    for (const file of this.project.allFiles()) {
      if (!file.text.includes('axios-retry')) continue;
      let found = false;
      walk(file.sourceFile, (node) => {
        if (found) return false;
        if (!ts.isCallExpression(node) || !node.arguments[0]) return undefined;
        const origin = this.origins.resolve(node.expression);
        if (!OriginService.isExternal(origin, 'axios-retry', []) && !OriginService.isExternal(origin, 'axios-retry', ['default'])) return undefined;
        const target = this.origins.resolve(node.arguments[0]);
        if (target.kind === 'expression' && target.node === creation) found = true;
        return undefined;
      });
      if (found) return true;
    }
    return false;
  }
}

/** Is `node` lexically outside every function (runs once, at module load)? */
export function isModuleLevel(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) || ts.isClassLike(current)) return false;
  }
  return true;
}



/**
 * Source text that makes a new UUID in `sourceFile`: the imported `randomUUID`, `crypto.randomUUID()` on
 * Node's crypto module or global. Undefined when `crypto` is something else there.
 */
export function uuidExpression(sourceFile: ts.SourceFile, origins: OriginService): string | undefined {
  const info = origins.project.module(sourceFile.fileName);
  for (const binding of info?.imports.values() ?? []) {
    const module = binding.specifier.replace(/^node:/, '');
    if (module === 'crypto' && binding.imported === 'randomUUID' && binding.path.length === 0) return `${binding.local}()`;
  }
  const crypto = info?.imports.get('crypto');
  if (crypto) return crypto.specifier.replace(/^node:/, '') === 'crypto' && crypto.path.length === 0 ? 'crypto.randomUUID()' : undefined;
  if (/\b(const|let|var|function|class)\s+crypto\b/.test(sourceFile.text)) return undefined;
  return 'crypto.randomUUID()';
}

function functionNameOf(fn: FunctionLike): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name) {
    return ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name) || ts.isStringLiteralLike(fn.name) ? fn.name.text : undefined;
  }
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && (ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name))) {
    return parent.name.text;
  }
  return undefined;
}
