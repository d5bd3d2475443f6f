/**
 * Signature facts: HMAC computations, signature checks, whether a check's failure stops the request,
 * and, per webhook endpoint, whether it is protected and which checks are ignored, late or fail open.
 */
import {
  ts,
  unwrap,
  unwrapAwait,
  calleeName,
  isAccess,
  accessedName,
  walk,
  isFunctionLike,
  isNegation,
  isEqualityComparison,
  isNegativeEquality,
  isConstantOperand,
  enclosingFunction,
  enclosingStatement,
  propertyNameText,
  isInside,
  type FunctionLike,
} from '../project/ast.js';
import { OriginService, GLOBAL_MODULE, type Origin } from '../project/origin.js';
import type { SourceProject } from '../project/project.js';
import { LINE_SDK, RUNTIME_MODULE, SDK_EXPORTS } from '../platform/sdk.js';
import { optionProperty, isLineSdkMiddlewareFactory, isRuntimeWebhookHandler } from '../frameworks/middleware.js';
import type { Endpoint } from '../frameworks/types.js';
import { isSignatureValue, tracesTo, isEventsAccess, isSignatureHeaderName } from './request.js';
import { calledFunction } from './calls.js';
import { RUNTIME_MODULES } from '../platform/tokens.js';
import { isModelledFunction } from './models.js';

const CRYPTO_MODULES = ['crypto', 'node:crypto'];
/** Request styles where Connect-style `(req, res, next)` middleware (the SDK's `middleware()`) runs. */
const CONNECT_STYLES: ReadonlySet<Endpoint['style']> = new Set(['node', 'fastify']);
const HINT = /createHmac|HmacSHA256|subtle|validateSignature|timingSafeEqual|x-line-signature|verifySignature|LINE_SIGNATURE/i;

export interface HmacComputation {
  /** The creating call: `createHmac(...)`, `HmacSHA256(...)`, `subtle.sign(...)`. */
  node: ts.CallExpression;
  key?: ts.Expression;
  /** What is hashed. */
  input?: ts.Expression;
  /** Expressions whose value is the digest. */
  digests: ts.Expression[];
}

export type CheckKind =
  | 'sdk-validate'
  | 'runtime-verify'
  | 'timing-safe-equal'
  | 'subtle-verify'
  | 'comparison'
  | 'linebot-verify'
  | 'predicate'
  | 'throwing-verifier'
  | 'sdk-middleware-invoked'
  | 'runtime-delegate';

export interface CheckSite {
  node: ts.Expression;
  kind: CheckKind;
  /** For calls: the body argument that is verified. */
  input?: ts.Expression;
}

export type CheckOutcome = 'guards' | 'ignored' | 'fail-open' | 'returned';

export interface SignatureProblem {
  kind: 'missing' | 'ignored' | 'fail-open' | 'late' | 'disabled' | 'never-runs' | 'discarded-middleware' | 'fail-open-secret' | 'disclosure';
  node: ts.Node;
}

export interface EndpointAssessment {
  endpoint: Endpoint;
  protected: boolean;
  problems: SignatureProblem[];
  /** Check sites that guard the endpoint (handler or chain). */
  checks: CheckSite[];
}

function isCryptoMember(origin: Origin, name: string): boolean {
  return origin.kind === 'external' && (CRYPTO_MODULES.includes(origin.module) || origin.module === GLOBAL_MODULE) && origin.path[origin.path.length - 1] === name &&
    (origin.module !== GLOBAL_MODULE || origin.path[0] === 'crypto');
}

function isSubtle(origin: Origin, method: 'sign' | 'verify'): boolean {
  if (origin.kind !== 'external') return false;
  const p = origin.path;
  return p.length >= 2 && p[p.length - 1] === method && p[p.length - 2] === 'subtle';
}

export class SignatureAnalysis {
  private hmacs?: HmacComputation[];
  private digestNodes?: Set<ts.Node>;
  private readonly checkCache = new WeakMap<FunctionLike, CheckSite[]>();
  private readonly predicateCache = new WeakMap<FunctionLike, boolean>();

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
  ) {}

  // ---------------------------------------------------------------- HMAC

  allHmacs(): HmacComputation[] {
    if (this.hmacs) return this.hmacs;
    const result: HmacComputation[] = [];
    for (const file of this.project.allFiles()) {
      if (!HINT.test(file.text)) continue;
      walk(file.sourceFile, (node) => {
        if (ts.isCallExpression(node)) {
          const computation = this.hmacAt(node);
          if (computation) result.push(computation);
        }
      });
    }
    this.hmacs = result;
    // Only LINE signature HMACs count as digests: a Stripe or GitHub webhook check is not ours to judge.
    this.digestNodes = new Set();
    this.digestNodes = new Set(result.filter((h) => this.isLineHmac(h)).flatMap((h) => h.digests));
    return result;
  }

  private hmacAt(call: ts.CallExpression): HmacComputation | undefined {
    const callee = this.origins.resolve(call.expression);
    if (isCryptoMember(callee, 'createHmac')) {
      const algorithm = call.arguments[0] ? this.origins.staticString(call.arguments[0])?.toLowerCase() : undefined;
      if (algorithm !== undefined && algorithm !== 'sha256') return undefined;
      const computation: HmacComputation = { node: call, key: call.arguments[1], digests: [] };
      this.followHmacChain(call, computation);
      return computation;
    }
    if (callee.kind === 'external' && callee.module.startsWith('crypto-js') && (callee.path.includes('HmacSHA256') || callee.module === 'crypto-js/hmac-sha256')) {
      return { node: call, key: call.arguments[1], input: call.arguments[0], digests: [call] };
    }
    if (isSubtle(callee, 'sign')) {
      return { node: call, key: call.arguments[1], input: call.arguments[2], digests: [call] };
    }
    return undefined;
  }

  /** `createHmac(...).update(x).digest(...)` chains and `h = createHmac(); h.update(x); h.digest()`. */
  private followHmacChain(start: ts.Expression, computation: HmacComputation): void {
    let current: ts.Node = start;
    for (;;) {
      const parent: ts.Node = current.parent;
      if (isAccess(parent) && parent.expression === current && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
        const method = accessedName(parent);
        const call = parent.parent;
        if (method === 'update' && call.arguments[0]) computation.input = call.arguments[0];
        if (method === 'digest') {
          computation.digests.push(call);
          return;
        }
        current = call;
        continue;
      }
      if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
        const name = parent.name.text;
        const scope = enclosingFunction(parent) ?? parent.getSourceFile();
        walk(scope, (node) => {
          if (ts.isCallExpression(node) && isAccess(unwrap(node.expression))) {
            const access = unwrap(node.expression) as ts.AccessExpression;
            const target = unwrap(access.expression);
            if (ts.isIdentifier(target) && target.text === name) {
              const method = accessedName(access);
              if (method === 'update' && node.arguments[0]) computation.input = node.arguments[0];
              if (method === 'digest') computation.digests.push(node);
            }
          }
        });
      }
      return;
    }
  }

  /** Is this value an HMAC digest (possibly base64-encoded, possibly returned by a helper)? */
  isDigestValue(expression: ts.Expression, depth = 0): boolean {
    this.allHmacs();
    const digests = this.digestNodes!;
    return tracesTo(this.origins, expression, (node) => {
      if (digests.has(node)) return true;
      if (depth < 3 && ts.isCallExpression(node)) {
        const fn = this.origins.calledFunction(node);
        if (fn && this.origins.returnsOf(fn).some((r) => this.isDigestValue(r, depth + 1))) return true;
        // `toBase64(digest)`-style encoders.
        if (!fn || true) {
          const name = calleeName(node) ?? '';
          if (/base64|encode|hex/i.test(name) && node.arguments[0] && digests.size > 0 && this.isDigestValue(node.arguments[0], depth + 1)) return true;
        }
      }
      return false;
    });
  }

  /** An HMAC that serves LINE signature verification (not, say, a Stripe webhook). */
  isLineHmac(hmac: HmacComputation): boolean {
    const fn = enclosingFunction(hmac.node);
    const scopeText = (fn ?? hmac.node.getSourceFile()).getText();
    if (/x-line-signature|LINE_SIGNATURE_HTTP_HEADER_NAME/i.test(scopeText)) return true;
    if (hmac.key && /channel_?secret|line_?secret|line.*secret|channelSecret/i.test(hmac.key.getText())) return true;
    if (hmac.key) {
      const keyOrigin = this.origins.resolve(hmac.key);
      const keyName = keyOrigin.kind === 'external' || keyOrigin.kind === 'parameter' ? keyOrigin.path.join('.') : '';
      if (/channel_?secret|line_?secret/i.test(keyName)) return true;
    }
    // A helper whose digest callers compare with the signature header.
    if (fn) {
      for (const site of this.origins.callSitesOf(fn)) {
        const caller = enclosingFunction(site);
        if (caller && /x-line-signature|LINE_SIGNATURE_HTTP_HEADER_NAME/i.test(caller.getText())) return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- checks

  private isSignatureOrDigest(expression: ts.Expression): boolean {
    return isSignatureValue(this.origins, expression) || this.isDigestValue(expression);
  }

  /** A comparison whose operands are the signature and/or a digest (not a presence or type test). */
  signatureComparison(node: ts.Node): ts.Expression | undefined {
    if (isEqualityComparison(node)) {
      if (isConstantOperand(node.left) || isConstantOperand(node.right)) return undefined;
      const left = this.isSignatureOrDigest(node.left);
      const right = this.isSignatureOrDigest(node.right);
      if (!left && !right) return undefined;
      // `sig.length === digest.length` compares lengths, not values.
      if ([node.left, node.right].some((side) => accessedName(unwrap(side)) === 'length')) return undefined;
      return node;
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const callee = unwrap(node.expression);
      if ((name === 'equals' || name === 'localeCompare' || name === 'includes') && isAccess(callee) && node.arguments[0]) {
        if (this.isSignatureOrDigest(callee.expression) || this.isSignatureOrDigest(node.arguments[0])) {
          if (name === 'includes' && !(this.isSignatureOrDigest(callee.expression) && this.isSignatureOrDigest(node.arguments[0])) && !this.isDigestValue(node.arguments[0]) && !this.isDigestValue(callee.expression)) return undefined;
          return node;
        }
      }
      if (name === 'is' && node.arguments.length === 2 && OriginService.isExternal(this.origins.resolve(node.expression), GLOBAL_MODULE, ['Object', 'is'])) {
        if (node.arguments.some((a) => this.isSignatureOrDigest(a))) return node;
      }
    }
    return undefined;
  }

  /** The check a node performs, when it is one. */
  checkAt(node: ts.Node, depth = 0): CheckSite | undefined {
    if (ts.isCallExpression(node)) {
      const callee = this.origins.resolve(node.expression);
      // The team's own verifier, named in the configuration's `models.signatureVerifiers`.
      const modelled = isModelledFunction(this.origins, node, 'signatureVerifiers');
      if (modelled) return { node, kind: modelled.onFailure === 'throws' ? 'throwing-verifier' : 'predicate', input: node.arguments[0] };
      if (OriginService.isExternal(callee, LINE_SDK, SDK_EXPORTS.validateSignature.path)) return { node, kind: 'sdk-validate', input: node.arguments[0] };
      if (OriginService.isExternal(callee, RUNTIME_MODULES, ['verifySignature']) || OriginService.isExternal(callee, RUNTIME_MODULES, ['verifySignatureAsync'])) {
        return { node, kind: 'runtime-verify', input: node.arguments[0] };
      }
      if (isCryptoMember(callee, 'timingSafeEqual') && node.arguments.some((a) => this.isSignatureOrDigest(a))) return { node, kind: 'timing-safe-equal' };
      if (isSubtle(callee, 'verify')) return { node, kind: 'subtle-verify', input: node.arguments[3] };
      // linebot: `bot.verify(rawBody, signature)`
      if (calleeName(node) === 'verify' && node.arguments.length === 2 && isAccess(unwrap(node.expression)) && isSignatureValue(this.origins, node.arguments[1]!)) {
        return { node, kind: 'linebot-verify', input: node.arguments[0] };
      }
      // `middleware(config)(req, res, next)`
      const inner = unwrap(node.expression);
      if (ts.isCallExpression(inner) && isLineSdkMiddlewareFactory(this.origins.resolve(inner.expression))) {
        return { node, kind: 'sdk-middleware-invoked' };
      }
      // `handler.fetch(request)` / `handler.node(req, res)` of the runtime
      if (isAccess(inner) && ['fetch', 'node'].includes(accessedName(inner) ?? '')) {
        if (isRuntimeWebhookHandler(this.origins, inner.expression)) {
          return { node, kind: 'runtime-delegate' };
        }
      }
      const comparison = this.signatureComparison(node);
      if (comparison) return { node: comparison, kind: 'comparison' };
      if (depth < 3) {
        const fn = calledFunction(this.origins, node);
        if (fn && fn !== enclosingFunction(node)) {
          if (this.isPredicate(fn, depth + 1)) return { node, kind: 'predicate', input: node.arguments[0] };
          if (this.throwsOnFailure(fn, depth + 1)) return { node, kind: 'throwing-verifier', input: node.arguments[0] };
        }
      }
      return undefined;
    }
    const comparison = this.signatureComparison(node);
    return comparison ? { node: comparison, kind: 'comparison' } : undefined;
  }

  /** Check sites in a function, nested callbacks included. */
  checksIn(fn: FunctionLike, depth = 0): CheckSite[] {
    const cached = this.checkCache.get(fn);
    if (cached) return cached;
    const sites: CheckSite[] = [];
    this.checkCache.set(fn, sites);
    if (!fn.body || (!HINT.test(fn.getText()) && !/\.(node|fetch)\s*\(/.test(fn.getText()) && !this.mayCallVerifier(fn))) return sites;
    // An expression-bodied arrow (`(c) => handler.fetch(c.req.raw)`) is itself the first node to look at.
    const own = ts.isBlock(fn.body) ? undefined : this.checkAt(fn.body, depth);
    if (own) {
      sites.push(own);
      return sites;
    }
    walk(fn.body, (node) => {
      const site = this.checkAt(node, depth);
      if (site) {
        sites.push(site);
        // A comparison inside a recognised call (e.g. inside timingSafeEqual args) is not a second check.
        return false;
      }
      return undefined;
    });
    return sites;
  }

  private mayCallVerifier(fn: FunctionLike): boolean {
    let calls = false;
    walk(fn, (node) => {
      if (calls) return false;
      if (ts.isCallExpression(node) && calledFunction(this.origins, node)) calls = true;
      return undefined;
    });
    return calls;
  }

  /** A function that returns the outcome of a signature check (`return validateSignature(...)`). */
  isPredicate(fn: FunctionLike, depth = 0): boolean {
    const cached = this.predicateCache.get(fn);
    if (cached !== undefined) return cached;
    this.predicateCache.set(fn, false);
    const result = this.checksIn(fn, depth).some((site) => this.outcomeOf(site, fn) === 'returned');
    this.predicateCache.set(fn, result);
    return result;
  }

  /** A function that throws when the signature is wrong (`if (!ok) throw new Error()`). */
  throwsOnFailure(fn: FunctionLike, depth = 0): boolean {
    return this.checksIn(fn, depth).some((site) => {
      const outcome = this.outcomeOf(site, fn);
      return outcome === 'guards' && this.failureThrows(site);
    });
  }

  private failureThrows(site: CheckSite): boolean {
    const consumer = this.conditionConsumer(site.node);
    if (!consumer) return false;
    const branch = consumer.negated ? consumer.statement.thenStatement : consumer.statement.elseStatement;
    return !!branch && endsWith(branch, (s) => ts.isThrowStatement(s));
  }

  // ---------------------------------------------------------------- outcome of a check

  /** Walks up from a check to the `if` that consumes it, tracking negation. */
  private conditionConsumer(node: ts.Node): { statement: ts.IfStatement; negated: boolean } | undefined {
    // `hash !== signature` is true on failure.
    let negated = isEqualityComparison(node) && isNegativeEquality(node);
    let current: ts.Node = node;
    for (;;) {
      const parent: ts.Node = current.parent;
      if (!parent) return undefined;
      if (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
        current = parent;
        continue;
      }
      if (isNegation(parent)) {
        negated = !negated;
        current = parent;
        continue;
      }
      if (ts.isBinaryExpression(parent)) {
        const op = parent.operatorToken.kind;
        if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
          current = parent;
          continue;
        }
        if (isEqualityComparison(parent)) {
          const other = parent.left === current ? parent.right : parent.left;
          const literal = unwrap(other);
          if (literal.kind === ts.SyntaxKind.FalseKeyword) negated = !negated;
          else if (literal.kind !== ts.SyntaxKind.TrueKeyword) return undefined;
          if (isNegativeEquality(parent)) negated = !negated;
          current = parent;
          continue;
        }
        return undefined;
      }
      if (ts.isIfStatement(parent) && parent.expression === current) return { statement: parent, negated };
      return undefined;
    }
  }

  /**
   * What happens with a check's result inside `fn`: it guards the request (failure ends it), is
   * returned to the caller, is ignored, or fails open (failure path continues to the events).
   */
  outcomeOf(site: CheckSite, fn: FunctionLike, seen = new Set<ts.Node>()): CheckOutcome {
    if (site.kind === 'runtime-delegate' || site.kind === 'sdk-middleware-invoked') {
      return site.kind === 'runtime-delegate' ? 'guards' : this.invokedMiddlewareOutcome(site.node as ts.CallExpression);
    }
    if (site.kind === 'throwing-verifier') {
      return this.insideSwallowingTry(site.node, fn) ? 'fail-open' : 'guards';
    }
    return this.valueOutcome(site.node, fn, seen);
  }

  private valueOutcome(node: ts.Node, fn: FunctionLike, seen: Set<ts.Node>): CheckOutcome {
    if (seen.has(node)) return 'guards';
    seen.add(node);
    let negated = isEqualityComparison(node) && isNegativeEquality(node);
    let current: ts.Node = node;
    for (;;) {
      const parent: ts.Node = current.parent;
      if (!parent) return 'ignored';
      if (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
        current = parent;
        continue;
      }
      if (isNegation(parent)) {
        negated = !negated;
        current = parent;
        continue;
      }
      if (ts.isBinaryExpression(parent)) {
        const op = parent.operatorToken.kind;
        if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
          current = parent;
          continue;
        }
        if (isEqualityComparison(parent) && (isConstantOperand(parent.left) || isConstantOperand(parent.right))) {
          current = parent;
          continue;
        }
        if (op === ts.SyntaxKind.EqualsToken && parent.right === current) {
          return this.assignedFlagOutcome(parent.left, fn, seen);
        }
        return 'guards';
      }
      if (ts.isIfStatement(parent) && parent.expression === current) {
        const consumer = this.conditionConsumer(node);
        return this.ifOutcome(consumer ? consumer.statement : parent, consumer ? consumer.negated : negated, fn);
      }
      if (ts.isConditionalExpression(parent) && parent.condition === current) {
        const failure = negated ? parent.whenTrue : parent.whenFalse;
        return isRejection(failure) ? 'guards' : containsNextCall(failure) ? 'fail-open' : 'guards';
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) {
        return this.variableOutcome(parent.name.text, parent, fn, seen);
      }
      if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === current)) return 'returned';
      if (ts.isExpressionStatement(parent)) return 'ignored';
      if (ts.isCallExpression(parent)) {
        const name = calleeName(parent);
        if (name === 'assert' || name === 'ok' || name === 'strictEqual' || name === 'equal') return 'guards';
        // `.then(ok => ...)`, passing to another function: not understood, do not flag.
        return 'guards';
      }
      if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) return 'guards';
      return 'guards';
    }
  }

  private variableOutcome(name: string, declaration: ts.Node, fn: FunctionLike, seen: Set<ts.Node>): CheckOutcome {
    const outcomes: CheckOutcome[] = [];
    walk(fn.body ?? fn, (node) => {
      if (ts.isIdentifier(node) && node.text === name && node !== (declaration as ts.VariableDeclaration).name && node.pos > declaration.pos) {
        const parent = node.parent;
        if (isAccess(parent) && parent.expression !== node) return;
        if (ts.isPropertyAccessExpression(parent) && parent.name === node) return;
        outcomes.push(this.valueOutcome(node, fn, seen));
      }
    });
    if (outcomes.length === 0) return 'ignored';
    if (outcomes.includes('guards')) return 'guards';
    if (outcomes.includes('returned')) return 'returned';
    if (outcomes.includes('fail-open')) return 'fail-open';
    return 'ignored';
  }

  /** `req.verified = ok` / `verified = ok`: the flag must be tested somewhere with a rejecting branch. */
  private assignedFlagOutcome(target: ts.Expression, fn: FunctionLike, seen: Set<ts.Node>): CheckOutcome {
    const name = ts.isIdentifier(target) ? target.text : accessedName(target);
    if (!name) return 'guards';
    const files = [fn.getSourceFile()];
    let tested: CheckOutcome | undefined;
    for (const file of files) {
      walk(file, (node) => {
        if (tested === 'guards') return false;
        const matches = ts.isIdentifier(node) ? node.text === name && !(isAccess(node.parent) && (node.parent as ts.PropertyAccessExpression).name === node) : accessedName(node) === name && isAccess(node);
        if (!matches || node === target || (node.parent && ts.isBinaryExpression(node.parent) && node.parent.left === node)) return undefined;
        const owner = enclosingFunction(node) ?? fn;
        const consumer = this.conditionConsumer(node);
        if (consumer) tested = this.ifOutcome(consumer.statement, consumer.negated, owner);
        return undefined;
      });
    }
    if (tested) return tested;
    // Verifiers used as middleware may hand the flag to the route; only a flag nobody reads fails open.
    return this.continuesAfter(target, fn) ? 'fail-open' : 'ignored';
  }

  /** The outcome of `if (cond)` where `negated` says the condition is true on *failure*. */
  private ifOutcome(statement: ts.IfStatement, negated: boolean, fn: FunctionLike): CheckOutcome {
    const failureBranch = negated ? statement.thenStatement : statement.elseStatement;
    const successBranch = negated ? statement.elseStatement : statement.thenStatement;
    if (failureBranch && terminates(failureBranch)) {
      if (containsNextCall(failureBranch)) return 'fail-open';
      if (endsWith(failureBranch, (s) => ts.isThrowStatement(s)) && this.insideSwallowingTry(statement, fn)) return 'fail-open';
      if (endsWith(failureBranch, (s) => ts.isReturnStatement(s) && !!s.expression && unwrap(s.expression).kind === ts.SyntaxKind.TrueKeyword)) return 'fail-open';
      return 'guards';
    }
    // The failure path runs the failure branch (if any) and then whatever follows the `if`.
    if (failureBranch && continues(failureBranch)) return 'fail-open';
    if (successBranch && terminates(successBranch) && !failureBranch) {
      // `if (ok) { ...; return next(); }` then falling through to a rejection is fine.
      return this.continuesAfter(statement, fn) ? 'fail-open' : 'guards';
    }
    return this.continuesAfter(statement, fn) ? 'fail-open' : 'guards';
  }

  /** Do statements after `node` (within `fn`) proceed with the request: call `next()`, use the events? */
  private continuesAfter(node: ts.Node, fn: FunctionLike): boolean {
    let statement = enclosingStatement(node);
    while (statement) {
      const block = statement.parent;
      if (ts.isBlock(block) || ts.isSourceFile(block) || ts.isCaseClause(block) || ts.isDefaultClause(block)) {
        const index = block.statements.indexOf(statement);
        for (const next of block.statements.slice(index + 1)) {
          if (continues(next)) return true;
          if (terminates(next)) return false;
        }
      }
      if (block === fn.body || !block.parent || block.parent === fn) return false;
      statement = enclosingStatement(block);
      if (statement && isFunctionLike(statement)) return false;
    }
    return false;
  }

  private insideSwallowingTry(node: ts.Node, fn: FunctionLike): boolean {
    for (let current: ts.Node | undefined = node.parent; current && current !== fn; current = current.parent) {
      if (ts.isBlock(current) && ts.isTryStatement(current.parent) && current.parent.tryBlock === current) {
        const catchClause = current.parent.catchClause;
        if (!catchClause) continue;
        if (terminates(catchClause.block)) return containsNextCall(catchClause.block);
        return this.continuesAfter(current.parent, fn);
      }
    }
    return false;
  }

  private invokedMiddlewareOutcome(call: ts.CallExpression): CheckOutcome {
    const callback = call.arguments[2];
    if (!callback) return 'ignored';
    const value = this.origins.resolve(callback);
    if (value.kind !== 'function' || ts.isClassLike(value.node)) return 'guards';
    const errorParam = value.node.parameters[0];
    if (!errorParam || !ts.isIdentifier(errorParam.name)) return 'ignored';
    const name = errorParam.name.text;
    let used = false;
    walk(value.node, (node) => {
      if (ts.isIdentifier(node) && node.text === name && node !== errorParam.name) used = true;
    });
    return used ? 'guards' : 'ignored';
  }

  // ---------------------------------------------------------------- endpoints

  /** SDK `middleware(config)` switched off through `skipSignatureVerification: () => true`. */
  isDisabledSdkMiddleware(call: ts.CallExpression): boolean {
    const skip = optionProperty(this.origins, call.arguments[0], 'skipSignatureVerification');
    if (!skip) return false;
    const value = this.origins.resolve(skip);
    if (value.kind !== 'function' || ts.isClassLike(value.node)) return false;
    const returns = this.origins.returnsOf(value.node);
    return returns.length > 0 && returns.every((r) => unwrap(r).kind === ts.SyntaxKind.TrueKeyword);
  }

  /** `linebot({ verify: false })`: the library's own verification switched off. */
  disabledLinebotClients(): ts.CallExpression[] {
    const result: ts.CallExpression[] = [];
    for (const file of this.project.allFiles()) {
      if (!/linebot/.test(file.text)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isCallExpression(node) || !OriginService.isExternal(this.origins.resolve(node.expression), 'linebot', [])) return;
        const verify = optionProperty(this.origins, node.arguments[0], 'verify');
        if (verify && unwrap(verify).kind === ts.SyntaxKind.FalseKeyword) result.push(node);
      });
    }
    return result;
  }

  /** `if (!secret) return true / next()` in a verifier: an unset secret lets every request through. */
  missingSecretFailOpen(fn: FunctionLike): boolean {
    let found = false;
    walk(fn.body ?? fn, (node) => {
      if (found || !ts.isIfStatement(node)) return;
      const condition = unwrap(node.expression);
      const tested = isNegation(condition) ? unwrap(condition.operand) : isEqualityComparison(condition) ? unwrap(condition.left) : undefined;
      if (!tested || !/secret/i.test(tested.getText())) return;
      const branch = node.thenStatement;
      const passes =
        endsWith(branch, (s) => ts.isReturnStatement(s) && !!s.expression && unwrap(s.expression).kind === ts.SyntaxKind.TrueKeyword) ||
        containsNextCall(branch);
      if (passes) found = true;
    });
    return found;
  }

  /** Processing of the events (iteration, hand-off) before `node` in the same function. */
  processedBefore(node: ts.Node, fn: FunctionLike): ts.Node | undefined {
    const statement = enclosingStatement(node);
    if (!statement || !fn.body) return undefined;
    let found: ts.Node | undefined;
    walk(fn.body, (child) => {
      if (found || child.pos >= statement.pos) return false;
      // Only code that finishes before the check counts (not a callback that contains it).
      if (child.end > statement.pos) return undefined;
      if ((ts.isCallExpression(child) || ts.isForOfStatement(child)) && processesEvents(child)) {
        found = child;
        return false;
      }
      return undefined;
    });
    return found;
  }

  assess(endpoint: Endpoint): EndpointAssessment {
    const problems: SignatureProblem[] = [];
    const checks: CheckSite[] = [];
    let isProtected = false;

    // The runtime's handler, or a library that verifies before calling user code (linebot, Bottender).
    if (endpoint.handlerRole?.kind === 'runtime-handler' || endpoint.handlerRole?.kind === 'verifying-package') isProtected = true;
    for (const step of endpoint.chain) {
      const role = step.role;
      // A modelled verifier mounted as middleware (or the middleware its factory returns) guards the route.
      if (isModelledFunction(this.origins, step.node, 'signatureVerifiers')) {
        isProtected = true;
        continue;
      }
      if (role.kind === 'line-sdk-middleware') {
        if (!CONNECT_STYLES.has(endpoint.style)) problems.push({ kind: 'never-runs', node: role.call ?? step.node });
        else if (role.call && this.isDisabledSdkMiddleware(role.call)) problems.push({ kind: 'disabled', node: role.call });
        else isProtected = true;
      } else if (role.kind === 'verifying-package' || role.kind === 'runtime-handler') {
        isProtected = true;
      } else if (role.kind === 'function' || role.kind === 'guard') {
        const result = this.assessVerifierFunction(role.fn, problems, false, role.kind === 'guard');
        if (result.guards) {
          isProtected = true;
          checks.push(...result.checks);
        }
      }
    }
    if (endpoint.handler) {
      const result = this.assessVerifierFunction(endpoint.handler, problems, true);
      if (result.guards) {
        isProtected = true;
        checks.push(...result.checks);
      }
      // A router-like handler that hands the request to the function that really serves it
      // (`return handleWebhook(request, env)`): that function's checks protect the endpoint.
      if (!result.guards) {
        for (const delegate of this.requestDelegates(endpoint.handler)) {
          const inner = this.assessVerifierFunction(delegate, problems, true);
          if (inner.guards) {
            isProtected = true;
            checks.push(...inner.checks);
          }
        }
      }
    }
    if (!isProtected && problems.length === 0) {
      const functions = [...endpoint.chain.flatMap((s) => (s.role.kind === 'function' ? [s.role.fn] : [])), ...(endpoint.handler ? [endpoint.handler] : [])];
      const unmounted = this.unmountedSdkMiddleware().filter((u) => functions.some((fn) => isInside(u.node, fn)));
      for (const u of unmounted) problems.push({ kind: u.neverRuns ? 'never-runs' : 'discarded-middleware', node: u.node });
    }
    if (!isProtected && problems.length === 0) problems.push({ kind: 'missing', node: endpoint.registration });
    return { endpoint, protected: isProtected && problems.length === 0, problems, checks };
  }

  /** `rejectsOnFalse`: the framework rejects the request when `fn` returns false (NestJS guards). */
  private assessVerifierFunction(fn: FunctionLike, problems: SignatureProblem[], isHandler = false, rejectsOnFalse = false): { guards: boolean; checks: CheckSite[] } {
    const sites = this.checksIn(fn).filter((site) => site.kind !== 'comparison' || !this.insideCheckCall(site.node));
    let guards = false;
    const checks: CheckSite[] = [];
    for (const site of sites) {
      let outcome = this.outcomeOf(site, fn);
      if (outcome === 'returned' && rejectsOnFalse) outcome = 'guards';
      if (outcome === 'guards') {
        const late = isHandler ? this.processedBefore(site.node, fn) : undefined;
        if (late) {
          problems.push({ kind: 'late', node: site.node });
          continue;
        }
        const owner = this.predicateOwner(site) ?? fn;
        if (this.missingSecretFailOpen(owner) || (owner !== fn && this.missingSecretFailOpen(fn))) {
          problems.push({ kind: 'fail-open-secret', node: site.node });
          continue;
        }
        guards = true;
        checks.push(site);
      } else if (outcome === 'fail-open') {
        problems.push({ kind: 'fail-open', node: site.node });
      } else if (outcome === 'ignored') {
        problems.push({ kind: 'ignored', node: site.node });
      }
    }
    return { guards, checks };
  }

  /** Project functions the handler passes its request object to (not verifiers it calls). */
  private requestDelegates(handler: FunctionLike): FunctionLike[] {
    const request = handler.parameters[0];
    if (!request || !ts.isIdentifier(request.name) || !handler.body) return [];
    const name = request.name.text;
    const delegates: FunctionLike[] = [];
    walk(handler.body, (node) => {
      if (isFunctionLike(node)) return false;
      if (!ts.isCallExpression(node)) return undefined;
      const passesRequest = node.arguments.some((arg) => {
        const value = unwrap(arg);
        if (!ts.isIdentifier(value) || value.text !== name) return false;
        const declaration = this.origins.declarationOf(value);
        return declaration?.kind === 'parameter' && declaration.node === request;
      });
      if (!passesRequest) return undefined;
      const fn = calledFunction(this.origins, node);
      if (fn && fn !== handler && !this.isPredicate(fn) && !this.throwsOnFailure(fn) && !delegates.includes(fn)) delegates.push(fn);
      return undefined;
    });
    return delegates;
  }

  /** For a predicate call, the predicate function (its own secret handling counts). */
  private predicateOwner(site: CheckSite): FunctionLike | undefined {
    if (site.kind !== 'predicate' || !ts.isCallExpression(site.node)) return undefined;
    return calledFunction(this.origins, site.node);
  }

  private insideCheckCall(node: ts.Node): boolean {
    for (let current = node.parent; current && !isFunctionLike(current); current = current.parent) {
      if (ts.isCallExpression(current)) {
        const site = this.checkAt(current);
        if (site && site.kind !== 'comparison') return true;
      }
    }
    return false;
  }

  /** SDK `middleware(config)` calls whose result can never run as middleware. */
  private unmounted?: { node: ts.CallExpression; neverRuns: boolean }[];

  unmountedSdkMiddleware(): { node: ts.CallExpression; neverRuns: boolean }[] {
    if (this.unmounted) return this.unmounted;
    const result: { node: ts.CallExpression; neverRuns: boolean }[] = [];
    this.unmounted = result;
    for (const file of this.project.allFiles()) {
      if (!/middleware/.test(file.text)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isCallExpression(node) || !isLineSdkMiddlewareFactory(this.origins.resolve(node.expression))) return;
        if (this.isMounted(node)) return;
        const fn = enclosingFunction(node);
        const inFetchStyle = !!fn && fn.parameters.length <= 2 && /\bc\.req\b|\.executionCtx|\bRequest\b|NextRequest|\bnext\(\)/.test(fn.getText()) && !/\bres\b/.test(fn.parameters.map((p) => p.getText()).join(','));
        result.push({ node, neverRuns: inFetchStyle });
      });
    }
    return result;
  }

  private isMounted(call: ts.CallExpression): boolean {
    const parent = unwrapParent(call);
    if (ts.isCallExpression(parent)) {
      if (parent.expression === skipParens(call, parent)) return this.invokedMiddlewareOutcome(parent) === 'guards';
      return true; // passed to something: `app.use(...)`, `runMiddleware(req, res, ...)`
    }
    if (ts.isExpressionStatement(parent)) return false;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      const name = parent.name.text;
      let used = false;
      const statement = parent.parent?.parent;
      if (statement && ts.isVariableStatement(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
      walk(parent.getSourceFile(), (node) => {
        if (ts.isIdentifier(node) && node.text === name && node !== parent.name) used = true;
      });
      return used;
    }
    return true;
  }

  /** Responses that disclose an HMAC digest or the channel secret. */
  disclosures(): ts.CallExpression[] {
    const result: ts.CallExpression[] = [];
    const digests = this.allHmacs().filter((h) => this.isLineHmac(h));
    if (digests.length === 0 && !this.project.allFiles().some((f) => /SECRET/i.test(f.text))) return result;
    for (const file of this.project.allFiles()) {
      if (!/createHmac|HmacSHA256|subtle|secret/i.test(file.text)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return;
        if (!isResponseCall(node as ts.CallExpression)) return;
        const args = node.arguments ?? [];
        const leaks = args.some((arg) => {
          let leak = false;
          walk(arg, (inner) => {
            if (leak || !ts.isExpression(inner as ts.Expression)) return;
            if ((ts.isIdentifier(inner) || isAccess(inner) || ts.isCallExpression(inner)) && (this.isChannelSecret(inner as ts.Expression) || digests.length > 0 && this.isDigestValue(inner as ts.Expression))) leak = true;
          });
          if (!leak && (ts.isIdentifier(unwrap(arg)) || isAccess(unwrap(arg)) || ts.isCallExpression(unwrap(arg)))) {
            leak = this.isChannelSecret(arg) || (digests.length > 0 && this.isDigestValue(arg));
          }
          return leak;
        });
        if (leaks) result.push(node as ts.CallExpression);
      });
    }
    return result;
  }

  isChannelSecret(expression: ts.Expression): boolean {
    const origin = this.origins.resolve(expression);
    if (origin.kind === 'external' && origin.module === GLOBAL_MODULE && origin.path[0] === 'process' && origin.path[1] === 'env') {
      const name = origin.path[2] ?? '';
      return /SECRET/i.test(name) && /LINE|CHANNEL/i.test(name);
    }
    const last = isAccess(unwrap(expression)) ? accessedName(unwrap(expression)) : undefined;
    return !!last && /^(line)?channel_?secret$/i.test(last);
  }
}

// ---------------------------------------------------------------- statement-level helpers

function skipParens(call: ts.Node, parent: ts.Node): ts.Node {
  let node: ts.Node = call;
  while (node.parent && node.parent !== parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return node;
}

function unwrapParent(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent))) parent = parent.parent;
  return parent;
}

/** Every path through `node` ends in `return` or `throw`. */
export function terminates(node: ts.Node): boolean {
  if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) return true;
  if (ts.isBlock(node)) return node.statements.some((s) => terminates(s));
  if (ts.isIfStatement(node)) return !!node.elseStatement && terminates(node.thenStatement) && terminates(node.elseStatement);
  if (ts.isExpressionStatement(node)) {
    const expr = unwrapAwait(node.expression);
    if (ts.isCallExpression(expr)) {
      const text = expr.expression.getText();
      if (text === 'process.exit') return true;
      // Koa's `ctx.throw(401)` always throws.
      if (/^\w+\.throw$/.test(text)) return true;
    }
  }
  if (ts.isTryStatement(node)) return terminates(node.tryBlock) && (!node.catchClause || terminates(node.catchClause.block));
  return false;
}

function endsWith(node: ts.Node, test: (statement: ts.Statement) => boolean): boolean {
  if (ts.isBlock(node)) {
    const last = node.statements.find((s) => terminates(s));
    return !!last && (test(last) || endsWith(last, test));
  }
  if (ts.isIfStatement(node)) return !!node.elseStatement && endsWith(node.thenStatement, test) && endsWith(node.elseStatement, test);
  return test(node as ts.Statement);
}

/** A call of `next()` with no error argument (Express/Koa/Hono style "go on"). */
function containsNextCall(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || isFunctionLike(child)) return;
    if (ts.isCallExpression(child) && ts.isIdentifier(child.expression) && child.expression.text === 'next' && child.arguments.length === 0) found = true;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** A rejecting expression: `res.status(401)...`, `c.text(..., 401)`, `new Response(..., { status: 403 })`, `throw`. */
function isRejection(node: ts.Node): boolean {
  return /\b40[0-9]\b|Unauthorized|Forbidden|throw/.test(node.getText());
}

/** Does this statement proceed with the request: `next()`, or use the events or the body? */
function continues(node: ts.Node): boolean {
  if (containsNextCall(node)) return true;
  let uses = false;
  const visit = (child: ts.Node): void => {
    if (uses) return;
    if (isEventsAccess(child)) uses = true;
    if (ts.isCallExpression(child) && child.arguments.some((a) => /\bevents\b/.test(a.getText()))) uses = true;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return uses;
}

/** Iteration over, or a hand-off of, the webhook events. */
function processesEvents(node: ts.Node): boolean {
  if (ts.isForOfStatement(node)) return /\bevents\b/.test(node.expression.getText());
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    if (isAccess(callee) && ['map', 'forEach', 'filter', 'reduce', 'some', 'every'].includes(accessedName(callee) ?? '')) {
      return /\bevents\b/.test(callee.expression.getText());
    }
    return node.arguments.some((a) => !isFunctionLike(a) && /\bevents\b/.test(a.getText()) && !ts.isStringLiteralLike(a));
  }
  return false;
}

const RESPONSE_METHODS = new Set(['send', 'json', 'end', 'write', 'text', 'body', 'html']);

/** `res.send(x)`, `res.status(n).json(x)`, `c.json(x)`, `new Response(x)`, `Response.json(x)`. */
function isResponseCall(node: ts.CallExpression | ts.NewExpression): boolean {
  if (ts.isNewExpression(node)) return calleeName(node) === 'Response';
  const name = calleeName(node);
  const callee = unwrap(node.expression);
  if (!isAccess(callee) || !name || !RESPONSE_METHODS.has(name)) return false;
  const base = unwrap(callee.expression);
  const text = base.getText();
  return /^(res|response|reply|c|ctx|Response|NextResponse)\b/.test(text) || /\.status\(/.test(text);
}

export { isSignatureHeaderName, propertyNameText };
