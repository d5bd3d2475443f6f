/**
 * What an awaited operation in a webhook handler is: processing ("work": LINE sends, network, database,
 * LLM calls, project functions doing any of those), or something that is not processing — reading the
 * request body, verifying the signature, handing the events off to a queue or to `waitUntil`/`after()`.
 * `OperationClassifier` answers for calls, awaited expressions and whole functions (memoised, across files).
 */
import { ts, unwrap, unwrapAwait, isAccess, accessedName, calleeName, walkSameFunction, type FunctionLike } from '../project/ast.js';
import { OriginService, GLOBAL_MODULE, type Origin } from '../project/origin.js';
import { LINE_SDK, SDK_EXPORTS } from '../platform/sdk.js';
import { RUNTIME_MODULES } from '../platform/tokens.js';
import { calledFunction } from './calls.js';

export type OperationKind = 'work' | 'body-read' | 'verification' | 'hand-off' | 'neutral';

const CRYPTO_MODULES = ['crypto', 'node:crypto', 'crypto-js'];
const BODY_READ_MODULES: readonly { module: string; path: readonly string[] }[] = [
  { module: 'raw-body', path: [] },
  { module: 'raw-body', path: ['default'] },
  { module: 'micro', path: ['buffer'] },
  { module: 'micro', path: ['text'] },
  { module: 'micro', path: ['json'] },
  { module: 'co-body', path: [] },
  { module: 'co-body', path: ['json'] },
  { module: 'co-body', path: ['text'] },
  { module: 'get-stream', path: [] },
  { module: 'stream-to-string', path: [] },
  { module: 'node:stream/consumers', path: ['text'] },
  { module: 'stream/consumers', path: ['text'] },
  { module: 'node:stream/consumers', path: ['buffer'] },
  { module: 'stream/consumers', path: ['buffer'] },
  { module: 'node:stream/consumers', path: ['json'] },
  { module: 'stream/consumers', path: ['json'] },
];
/** Methods of a request object that read its body. */
const BODY_READ_METHODS = new Set(['text', 'json', 'arrayBuffer', 'blob', 'formData', 'bytes', 'parseBody']);

/** AWS SDK v3 commands that only enqueue or publish (`client.send(new SendMessageCommand(...))`). */
const HANDOFF_COMMANDS = new Set(['SendMessageCommand', 'SendMessageBatchCommand', 'PutEventsCommand', 'PublishCommand', 'PublishBatchCommand', 'StartExecutionCommand', 'InvokeAsyncCommand']);
/** Methods that enqueue work for later (queues, topics, task services, event buses, background runners). */
const HANDOFF_METHODS = new Set([
  'enqueue',
  'publish',
  'publishMessage',
  'publishJSON',
  'createTask',
  'sendMessage',
  'sendMessageBatch',
  'putEvents',
  'sendEvent',
  'trigger',
  'batchTrigger',
  'addBulk',
  'createJob',
  'startExecution',
]);
/** `send`/`add` only count when the receiver is a queue or a queue binding (`env.QUEUE.send`, `queue.add`). */
const QUEUE_RECEIVER = /queue|inngest|bus|topic|jobs?\b/i;
/** Calls that keep work alive after the answer (`ctx.waitUntil`, Next.js `after`). */
const DEFER_CALLS = new Set(['waitUntil', 'after']);

export function isDeferCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && DEFER_CALLS.has(calleeName(node) ?? '');
}

const MAX_DEPTH = 5;

export class OperationClassifier {
  private readonly functionWork = new Map<FunctionLike, ts.Node | null>();
  private readonly inProgress = new Set<FunctionLike>();

  constructor(readonly origins: OriginService) {}

  /** What a call is, for the purpose of "does the handler wait for processing". */
  classifyCall(call: ts.CallExpression | ts.NewExpression, depth = 0): OperationKind {
    const name = calleeName(call);
    const callee = unwrap(call.expression);
    if (name && DEFER_CALLS.has(name)) return 'hand-off';
    const origin = this.origins.resolve(call.expression);
    // `.promise()` of AWS SDK v2 requests: judge the request itself.
    if (name === 'promise' && isAccess(callee) && ts.isCallExpression(unwrap(callee.expression))) {
      return this.classifyCall(unwrap(callee.expression) as ts.CallExpression, depth);
    }
    if (origin.kind === 'external') {
      const known = this.classifyExternal(origin, call);
      if (known) return known;
    }
    if (origin.kind === 'function' && !ts.isClassLike(origin.node)) return this.doesWork(origin.node, depth + 1) ? 'work' : 'neutral';
    if (ts.isIdentifier(callee) && (callee.text === 'next' || callee.text === 'done')) return 'neutral';
    const method = isAccess(callee) ? accessedName(callee) : undefined;
    if (method && ts.isCallExpression(call) && call.arguments.length === 0 && BODY_READ_METHODS.has(method)) {
      // `await response.json()` of a fetch response is part of the fetch, which is work already.
      return 'body-read';
    }
    if (method && ts.isCallExpression(call) && this.isHandOff(call, method)) return 'hand-off';
    const fn = ts.isCallExpression(call) ? calledFunction(this.origins, call) : undefined;
    if (fn) return this.doesWork(fn, depth + 1) ? 'work' : 'neutral';
    const text = name ?? '';
    if (/verif|validat|signature/i.test(text)) return 'verification';
    if (/^(read|get|parse|collect)(Raw)?(Body|Buffer|Text|Json)$|^rawBody$|^buffer$/i.test(text)) return 'body-read';
    return 'work';
  }

  private classifyExternal(origin: Extract<Origin, { kind: 'external' }>, call: ts.CallExpression | ts.NewExpression): OperationKind | undefined {
    const [first] = origin.path;
    if (CRYPTO_MODULES.includes(origin.module)) return 'verification';
    if (origin.module === GLOBAL_MODULE) {
      if (first === 'crypto') return 'verification';
      if (first === 'fetch') return 'work';
      return 'neutral';
    }
    if (OriginService.isExternal(origin, LINE_SDK, SDK_EXPORTS.validateSignature.path)) return 'verification';
    if (RUNTIME_MODULES.includes(origin.module) && /^verifySignature/.test(origin.path[origin.path.length - 1] ?? '')) return 'verification';
    if (BODY_READ_MODULES.some((m) => OriginService.isExternal(origin, m.module, m.path))) return 'body-read';
    if (origin.module === 'node:child_process' || origin.module === 'child_process') return 'work';
    if (ts.isCallExpression(call)) {
      const method = origin.path[origin.path.length - 1];
      if (method && this.isHandOff(call, method)) return 'hand-off';
    }
    return 'work';
  }

  /** Enqueue-style calls: queues, topics, task services, event buses, async invocations. */
  private isHandOff(call: ts.CallExpression, method: string): boolean {
    const callee = unwrap(call.expression);
    const receiver = isAccess(callee) ? unwrap(callee.expression) : undefined;
    if (method === 'send' || method === 'sendBatch') {
      // AWS SDK v3: `client.send(new SendMessageCommand(...))`; Lambda `InvokeCommand` with InvocationType Event.
      const command = call.arguments[0] && unwrap(call.arguments[0]);
      if (command && ts.isNewExpression(command)) {
        const made = calleeName(command) ?? '';
        if (HANDOFF_COMMANDS.has(made)) return true;
        if (made === 'InvokeCommand') return this.isEventInvocation(command.arguments?.[0]);
        return false;
      }
      // Cloudflare Queues binding: `env.QUEUE.send(...)`, `c.env.QUEUE.sendBatch(...)`; Inngest `inngest.send`.
      if (receiver && isAccess(receiver)) {
        const base = unwrap(receiver.expression);
        const baseName = ts.isIdentifier(base) ? base.text : isAccess(base) ? accessedName(base) : undefined;
        if (baseName === 'env') return true;
      }
      return !!receiver && QUEUE_RECEIVER.test(receiver.getText());
    }
    if (method === 'add') return !!receiver && QUEUE_RECEIVER.test(receiver.getText());
    if (method === 'invoke') return this.isEventInvocation(call.arguments[0]);
    if (method === 'save' && receiver && ts.isCallExpression(receiver) && calleeName(receiver) === 'createJob') return true;
    return HANDOFF_METHODS.has(method);
  }

  private isEventInvocation(options: ts.Expression | undefined): boolean {
    const value = options ? this.origins.resolve(options) : undefined;
    if (!value || value.kind !== 'expression' || !ts.isObjectLiteralExpression(value.node)) return false;
    const type = this.origins.member(value, 'InvocationType');
    return type.kind === 'expression' && ts.isStringLiteralLike(type.node) && type.node.text === 'Event';
  }

  /** Is waiting for `expression` waiting for processing? Returns the node that does the work. */
  workIn(expression: ts.Expression, depth = 0): ts.Node | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapAwait(expression);
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const callee = unwrap(node.expression);
      if ((name === 'then' || name === 'catch' || name === 'finally') && isAccess(callee)) {
        const inner = this.workIn(callee.expression, depth + 1);
        if (inner) return inner;
        if (name !== 'catch') {
          for (const arg of node.arguments) {
            const fn = this.functionValue(arg);
            if (fn && this.doesWork(fn, depth + 1)) return node;
          }
        }
        return undefined;
      }
      const origin = this.origins.resolve(node.expression);
      if (origin.kind === 'external' && origin.module === GLOBAL_MODULE && origin.path[0] === 'Promise') {
        for (const arg of node.arguments) if (this.collectionDoesWork(arg, depth + 1)) return node;
        return undefined;
      }
      return this.classifyCall(node, depth) === 'work' ? node : undefined;
    }
    if (ts.isIdentifier(node) || isAccess(node)) {
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node && (ts.isCallExpression(origin.node) || ts.isAwaitExpression(origin.node))) {
        return this.workIn(origin.node, depth + 1) ? node : undefined;
      }
      return undefined;
    }
    // `new Promise((resolve) => setTimeout(resolve, ms))`: the answer waits on a timer (a slow call, a delay).
    if (ts.isNewExpression(node) && calleeName(node) === 'Promise') {
      const executor = node.arguments?.[0] ? this.functionValue(node.arguments[0]) : undefined;
      let waits = false;
      if (executor) {
        walkSameFunction(executor, (child) => {
          if (ts.isCallExpression(child) && /^set(Timeout|Interval)$/.test(calleeName(child) ?? '')) waits = true;
        });
      }
      return waits ? node : undefined;
    }
    if (ts.isConditionalExpression(node)) return this.workIn(node.whenTrue, depth + 1) ?? this.workIn(node.whenFalse, depth + 1);
    if (ts.isBinaryExpression(node)) return this.workIn(node.left, depth + 1) ?? this.workIn(node.right, depth + 1);
    return undefined;
  }

  /** `Promise.all(events.map(handle))`, `Promise.all([a(), b()])`. */
  private collectionDoesWork(expression: ts.Expression, depth: number): boolean {
    const value = this.origins.resolve(expression);
    const node = value.kind === 'expression' ? value.node : unwrap(expression);
    if (ts.isArrayLiteralExpression(node)) {
      return node.elements.some((e) => (ts.isSpreadElement(e) ? this.collectionDoesWork(e.expression, depth + 1) : !!this.workIn(e, depth + 1)));
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'map' || name === 'flatMap') {
        const callback = node.arguments[0];
        if (!callback) return false;
        const fn = this.functionValue(callback);
        // A callback from a package or an unresolved module: awaiting all its results is waiting for work.
        return fn ? this.doesWork(fn, depth + 1) : this.origins.resolve(callback).kind !== 'expression';
      }
      return !!this.workIn(node, depth + 1);
    }
    return false;
  }

  private functionValue(expression: ts.Expression): FunctionLike | undefined {
    const origin = this.origins.resolve(expression);
    return origin.kind === 'function' && !ts.isClassLike(origin.node) ? origin.node : undefined;
  }

  /** The first awaited (or returned) processing inside a function, if any. */
  workOf(fn: FunctionLike, depth = 0): ts.Node | undefined {
    const cached = this.functionWork.get(fn);
    if (cached !== undefined) return cached ?? undefined;
    if (this.inProgress.has(fn) || depth > MAX_DEPTH || !fn.body) return undefined;
    this.inProgress.add(fn);
    let found: ts.Node | undefined;
    try {
      if (!ts.isBlock(fn.body)) {
        found = this.workIn(fn.body as ts.Expression, depth);
      } else {
        walkSameFunction(fn.body, (node) => {
          if (found) return false;
          if (ts.isAwaitExpression(node) && this.workIn(node.expression, depth)) found = node;
          else if (ts.isReturnStatement(node) && node.expression && this.workIn(node.expression, depth)) found = node.expression;
          else if (ts.isForOfStatement(node) && node.awaitModifier) found = node;
          else if (ts.isCallExpression(node) && isBlockingCall(this.origins, node)) found = node;
          return undefined;
        });
      }
    } finally {
      this.inProgress.delete(fn);
    }
    this.functionWork.set(fn, found ?? null);
    return found;
  }

  doesWork(fn: FunctionLike, depth = 0): boolean {
    return !!this.workOf(fn, depth);
  }
}

/** Synchronous calls that block the event loop for long (`execSync` of ImageMagick in the SDK's kitchensink). */
export function isBlockingCall(origins: OriginService, call: ts.CallExpression): boolean {
  const name = calleeName(call) ?? '';
  if (!/Sync$/.test(name) || !/^(exec|spawn|execFile)Sync$/.test(name)) return false;
  const origin = origins.resolve(call.expression);
  return origin.kind === 'external' && (origin.module === 'child_process' || origin.module === 'node:child_process');
}
