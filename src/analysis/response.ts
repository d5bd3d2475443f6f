/**
 * When and how a webhook handler answers, and what it waits for before that: the first awaited
 * processing on the success path before the success answer (LINE asks for a 200 within 2 seconds and
 * processing afterwards), or the fact that the handler never answers.
 *
 * The answer, per endpoint (`Endpoint.answer`, defaulting from the request style):
 * - `respond-call`: a call on the response parameter (`res.json()`, `res.status(200).end()`,
 *   `reply.code(200).send()`), or a helper the response is passed to; Fastify also answers with the
 *   value an async handler returns.
 * - `return`: the handler's return value (`Response`, `{ statusCode }`, a Nest controller result).
 * - `settle`: the end of the handler (Koa sends `ctx.body` once the middleware settles).
 * - `library`: the library answers before user code (linebot, Bottender without `sync`).
 */
import { ts, unwrap, walk, isAccess, calleeName, isFunctionLike, type FunctionLike } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import type { AnswerStyle, Endpoint, HostPlatform, RequestStyle } from '../frameworks/types.js';
import { OperationClassifier, isDeferCall, isBlockingCall } from './handoff.js';
import { calledFunction } from './calls.js';
import { terminates } from './signature.js';

const ANSWER_METHODS = new Set(['send', 'json', 'jsonp', 'end', 'sendStatus', 'redirect', 'sendFile', 'render', 'download']);
const STATUS_METHODS = new Set(['status', 'sendStatus', 'writeHead', 'code']);
const SERVERLESS: ReadonlySet<HostPlatform> = new Set(['lambda', 'firebase', 'cloud-functions', 'workers', 'pages-functions', 'deno', 'supabase', 'vercel', 'next']);
const ERROR_STATUS_NAME = /UNAUTHORI[SZ]ED|FORBIDDEN|BAD_REQUEST|INTERNAL|NOT_FOUND|SERVICE_UNAVAILABLE|TOO_MANY|METHOD_NOT_ALLOWED|UNPROCESSABLE|PAYLOAD_TOO_LARGE|CONFLICT/;
const MAX_DEPTH = 3;

export interface ResponseAssessment {
  endpoint: Endpoint;
  answer: AnswerStyle;
  serverless: boolean;
  /** The first processing the handler waits for before its success answer (the node to report). */
  processing?: ts.Node;
  /** The success answer that waits for it. */
  answerNode?: ts.Node;
  /** The handler never answers the request (report at the registration). */
  neverAnswers: boolean;
}

export function defaultAnswerStyle(style: RequestStyle): AnswerStyle {
  switch (style) {
    case 'node':
    case 'fastify':
      return 'respond-call';
    case 'koa':
      return 'settle';
    case 'library':
      return 'library';
    default:
      return 'return';
  }
}

export function isServerless(endpoint: Endpoint): boolean {
  return !!endpoint.host && SERVERLESS.has(endpoint.host);
}

interface AnswerPoint {
  node: ts.Node;
  /** Processing found inside a helper that answers (reported at the call in the handler). */
  delegatedWork?: ts.Node;
}

/** A numeric HTTP status of an expression when statically known; error names count as 500. */
function statusOf(origins: OriginService, expression: ts.Expression | undefined): number | undefined {
  if (!expression) return undefined;
  const value = origins.staticNumber(expression);
  if (value !== undefined) return value;
  return ERROR_STATUS_NAME.test(expression.getText()) ? 500 : undefined;
}

/** An error answer: a status ≥ 400 in the answer chain or the returned value. */
export function isErrorAnswer(origins: OriginService, node: ts.Node): boolean {
  let error = false;
  const visit = (child: ts.Node): void => {
    if (error || isFunctionLike(child)) return;
    if (ts.isCallExpression(child)) {
      const name = calleeName(child);
      if (name && STATUS_METHODS.has(name)) {
        const status = statusOf(origins, child.arguments[0]);
        if (status !== undefined && status >= 400) error = true;
      }
      // `c.text('...', 401)`, `c.json({...}, 500)`, `Response.json(x, { status: 401 })`
      for (const arg of child.arguments.slice(1)) {
        const status = ts.isNumericLiteral(unwrap(arg)) ? statusOf(origins, arg) : undefined;
        if (status !== undefined && status >= 400) error = true;
      }
    }
    if (ts.isPropertyAssignment(child) && ts.isIdentifier(child.name) && (child.name.text === 'status' || child.name.text === 'statusCode')) {
      const status = statusOf(origins, child.initializer);
      if (status !== undefined && status >= 400) error = true;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return error;
}

function insideCatch(node: ts.Node, fn: FunctionLike): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (ts.isCatchClause(current)) return true;
  }
  return false;
}

/** The callback of `.catch(cb)` / `.then(_, cb)`: the failure path. */
function inRejectionCallback(node: ts.Node, fn: FunctionLike): boolean {
  for (let current: ts.Node | undefined = node; current && current !== fn; current = current.parent) {
    if (isFunctionLike(current) && current.parent && ts.isCallExpression(current.parent)) {
      const call: ts.CallExpression = current.parent;
      const name = calleeName(call);
      if (name === 'catch' || (name === 'then' && call.arguments[1] === current)) return true;
      if (name === 'on' && call.arguments[0] && /error/i.test(call.arguments[0].getText())) return true;
    }
  }
  return false;
}

export class ResponseAnalysis {
  readonly operations: OperationClassifier;

  constructor(readonly origins: OriginService) {
    this.operations = new OperationClassifier(origins);
  }

  assess(endpoint: Endpoint): ResponseAssessment {
    const answer = endpoint.answer ?? defaultAnswerStyle(endpoint.style);
    const result: ResponseAssessment = { endpoint, answer, serverless: isServerless(endpoint), neverAnswers: false };
    const fn = endpoint.handler;
    if (!fn || !fn.body || answer === 'library') return result;
    const response = endpoint.responseParameter ?? fn.parameters[1];
    if (answer === 'respond-call' && (response || endpoint.style !== 'fastify')) {
      if (!response) return result;
      const analysis = this.respondCall(fn, response, endpoint.style === 'fastify', 0);
      // Fastify: an async handler that neither calls reply.send() nor returns a value answers when it resolves.
      if (endpoint.style === 'fastify' && analysis.points.length === 0 && ts.isBlock(fn.body)) {
        analysis.points.push({ node: fn.body.getLastToken() ?? fn.body });
      }
      if (analysis.points.length === 0) {
        result.neverAnswers = !analysis.delegates && endpoint.style !== 'fastify' && !this.callsNext(fn);
        return result;
      }
      this.pickProcessing(fn, analysis.points, result);
      return result;
    }
    // `return` / `settle`: success returns and the end of the handler are the answer points.
    const points: AnswerPoint[] = [];
    if (!ts.isBlock(fn.body)) {
      points.push({ node: fn.body });
    } else {
      walk(fn.body, (node) => {
        if (isFunctionLike(node)) return false;
        if (ts.isReturnStatement(node) && !insideCatch(node, fn) && !(node.expression && isErrorAnswer(this.origins, node.expression))) points.push({ node });
        return undefined;
      });
      const last = fn.body.statements[fn.body.statements.length - 1];
      if (!last || !terminates(last)) points.push({ node: fn.body.getLastToken() ?? fn.body });
    }
    this.pickProcessing(fn, points, result);
    return result;
  }

  private callsNext(fn: FunctionLike): boolean {
    const next = fn.parameters[2];
    if (!next || !ts.isIdentifier(next.name)) return false;
    const name = next.name.text;
    let found = false;
    walk(fn, (node) => {
      if (ts.isIdentifier(node) && node.text === name && node !== next.name) found = true;
    });
    return found;
  }

  /** The earliest processing that precedes any success answer point. */
  private pickProcessing(fn: FunctionLike, points: AnswerPoint[], result: ResponseAssessment): void {
    let best: { work: ts.Node; answer: ts.Node } | undefined;
    for (const point of points) {
      const work = point.delegatedWork ?? this.workBefore(point.node, fn);
      if (work && (!best || work.getStart() < best.work.getStart())) best = { work, answer: point.node };
      if (point.delegatedWork) {
        const before = this.workBefore(point.node, fn);
        if (before && before.getStart() < (best?.work.getStart() ?? Infinity)) best = { work: before, answer: point.node };
      }
    }
    if (best) {
      result.processing = best.work;
      result.answerNode = best.answer;
    }
  }

  // ------------------------------------------------------------------ respond-call answers

  /** Answer points of a `(req, res)` handler: calls on `res` and helpers `res` is handed to. */
  private respondCall(fn: FunctionLike, response: ts.ParameterDeclaration, fastify: boolean, depth: number): { points: AnswerPoint[]; delegates: boolean } {
    const points: AnswerPoint[] = [];
    let delegates = false;
    if (!fn.body || !ts.isIdentifier(response.name)) return { points, delegates: true };
    const responseName = response.name.text;
    const isResponse = (expression: ts.Expression): boolean => {
      const node = unwrap(expression);
      if (!ts.isIdentifier(node) || node.text !== responseName) return false;
      const declaration = this.origins.declarationOf(node);
      return declaration?.kind === 'parameter' && declaration.node === response;
    };
    walk(fn.body, (node) => {
      if (ts.isCallExpression(node)) {
        // `res.status(200).json(x)`: the outermost call of a chain rooted at `res`.
        const name = calleeName(node);
        if (name && ANSWER_METHODS.has(name) && this.chainRoot(node, isResponse)) {
          if (!insideCatch(node, fn) && !inRejectionCallback(node, fn) && !isErrorAnswer(this.origins, node)) points.push({ node });
          return false;
        }
        // `res` handed to another function: that function answers.
        const argIndex = node.arguments.findIndex((arg) => isResponse(arg));
        if (argIndex >= 0 && !(isAccess(unwrap(node.expression)) && this.chainRoot(node, isResponse))) {
          delegates = true;
          const callee = calledFunction(this.origins, node);
          if (callee && depth < MAX_DEPTH && callee.parameters[argIndex]) {
            const inner = this.respondCall(callee, callee.parameters[argIndex]!, false, depth + 1);
            if (inner.points.length > 0) {
              let delegatedWork: ts.Node | undefined;
              for (const p of inner.points) delegatedWork ??= p.delegatedWork ?? this.workBefore(p.node, callee);
              points.push({ node, delegatedWork: delegatedWork ? this.reportableCall(node) : undefined });
            } else if (inner.delegates) {
              points.push({ node });
            }
          } else if (!insideCatch(node, fn)) {
            points.push({ node });
          }
        }
      }
      // Fastify: an async handler's return value is the answer.
      if (fastify && ts.isReturnStatement(node) && node.expression && !insideCatch(node, fn) && !isErrorAnswer(this.origins, node.expression)) {
        const returned = unwrap(node.expression);
        if (!(ts.isCallExpression(returned) && this.chainRoot(returned, isResponse)) && !isResponse(returned)) points.push({ node });
      }
      return undefined;
    });
    return { points, delegates };
  }

  /** For `await helper(req, res)`, report the await; else the call. */
  private reportableCall(call: ts.CallExpression): ts.Node {
    const parent = call.parent;
    return parent && ts.isAwaitExpression(parent) ? parent : call;
  }

  private chainRoot(call: ts.CallExpression, isResponse: (e: ts.Expression) => boolean): boolean {
    let current: ts.Expression = unwrap(call.expression);
    for (let i = 0; i < 8; i++) {
      if (isAccess(current)) {
        const base = unwrap(current.expression);
        if (isResponse(base)) return true;
        current = base;
        continue;
      }
      if (ts.isCallExpression(current)) {
        current = unwrap(current.expression);
        continue;
      }
      return false;
    }
    return false;
  }

  // ------------------------------------------------------------------ what runs before an answer

  /** The first processing executed before `target` on its path within `fn`. */
  workBefore(target: ts.Node, fn: FunctionLike): ts.Node | undefined {
    const candidates: ts.Node[] = [];
    // Inside the answer itself: `res.json(await handle(events))`, `return processAll(events)`.
    const own = ts.isReturnStatement(target) ? target.expression : ts.isExpression(target as ts.Expression) ? (target as ts.Expression) : undefined;
    if (own) {
      const inner = this.firstWorkIn(own, fn);
      if (inner) candidates.push(inner);
      if (ts.isReturnStatement(target) && !ts.isAwaitExpression(unwrap(own)) && this.returnedWork(own)) candidates.push(own);
    }
    let node: ts.Node = target;
    while (node !== fn && node.parent) {
      const parent: ts.Node = node.parent;
      if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
        for (const statement of parent.statements) {
          if (statement === node) break;
          const work = this.firstWorkIn(statement, fn);
          if (work) candidates.push(work);
        }
      } else if (ts.isIfStatement(parent) && node !== parent.expression) {
        const work = this.firstWorkIn(parent.expression, fn);
        if (work) candidates.push(work);
      } else if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && node === parent.statement) {
        const work = this.firstWorkIn(parent.expression, fn);
        if (work) candidates.push(work);
      } else if (ts.isCatchClause(parent)) {
        return undefined;
      } else if (ts.isTryStatement(parent) && node === parent.finallyBlock) {
        // `try { await work } finally { res.sendStatus(200) }`: the try block ran first.
        const work = this.firstWorkIn(parent.tryBlock, fn);
        if (work) candidates.push(work);
      } else if (isFunctionLike(parent) && parent !== fn) {
        // Crossing into the call that receives this callback.
        const call = parent.parent;
        if (call && ts.isCallExpression(call)) {
          const name = calleeName(call);
          const callee = unwrap(call.expression);
          if ((name === 'then' || name === 'finally') && isAccess(callee)) {
            const work = this.operations.workIn(callee.expression);
            if (work) candidates.push(work);
          }
        }
      }
      node = parent;
    }
    if (candidates.length === 0) return undefined;
    return candidates.reduce((a, b) => (b.getStart() < a.getStart() ? b : a));
  }

  /**
   * A returned promise the framework waits for before answering: a project function that processes
   * (`return handleWebhook(request)`), or a promise chain over processing. A response being built
   * (`c.text('OK')`, `new Response()`) is not.
   */
  private returnedWork(expression: ts.Expression): boolean {
    const node = unwrap(expression);
    if (!ts.isCallExpression(node)) return false;
    const name = calleeName(node);
    const origin = this.origins.resolve(node.expression);
    if (name === 'then' || name === 'catch' || name === 'finally' || (origin.kind === 'external' && origin.path[0] === 'Promise')) return !!this.operations.workIn(node);
    const fn = calledFunction(this.origins, node);
    return !!fn && this.operations.doesWork(fn);
  }

  /** The first awaited processing in `node` (source order), skipping code that does not reach the answer. */
  private firstWorkIn(node: ts.Node, fn: FunctionLike): ts.Node | undefined {
    let found: ts.Node | undefined;
    const visit = (child: ts.Node): void => {
      if (found || isFunctionLike(child)) return;
      if (ts.isCatchClause(child)) return;
      if (ts.isIfStatement(child)) {
        visit(child.expression);
        const deferThen = containsDefer(child.thenStatement);
        const deferElse = child.elseStatement ? containsDefer(child.elseStatement) : false;
        // A branch that ends the request never reaches the answer; a branch whose sibling hands the
        // same work to waitUntil()/after() is the fallback for runtimes without an execution context.
        if (!terminates(child.thenStatement) && !deferElse) visit(child.thenStatement);
        if (child.elseStatement && !terminates(child.elseStatement) && !deferThen) visit(child.elseStatement);
        return;
      }
      if (ts.isConditionalExpression(child) && (containsDefer(child.whenTrue) || containsDefer(child.whenFalse))) return;
      if (ts.isAwaitExpression(child)) {
        if (this.operations.workIn(child.expression)) {
          found = child;
          return;
        }
      }
      if (ts.isForOfStatement(child) && child.awaitModifier) {
        found = child;
        return;
      }
      if (ts.isCallExpression(child) && isBlockingCall(this.origins, child)) {
        found = child;
        return;
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
    void fn;
    return found;
  }
}

function containsDefer(node: ts.Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if (isDeferCall(child)) found = true;
    return undefined;
  });
  return found || isDeferCall(node);
}

/** `ctx.waitUntil` / `c.executionCtx.waitUntil` / `context.waitUntil` available to a fetch-style handler. */
export function waitUntilTarget(endpoint: Endpoint): string | undefined {
  const fn = endpoint.handler;
  if (!fn) return undefined;
  const name = (index: number) => {
    const param = fn.parameters[index];
    return param && ts.isIdentifier(param.name) ? param.name.text : undefined;
  };
  if (endpoint.framework === 'hono' && endpoint.host === 'workers') return name(0) ? `${name(0)}.executionCtx` : undefined;
  if (endpoint.framework === 'workers') return name(2);
  if (endpoint.framework === 'pages-functions') return name(0);
  return undefined;
}
