/**
 * The message objects a send call delivers, when they are visible: followed from the call's `messages`
 * through array literals, spreads, variables (and their `push` calls), parameters (at every call site),
 * helper functions that build messages, `map` callbacks, `for...of` variables and chunking. Also how many
 * messages one request can carry.
 */
import { ts, unwrap, unwrapAwait, accessedName, isAccess, calleeName, walk, enclosingFunction, propertyNameText, type FunctionLike } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import { MAX_MESSAGES_PER_REQUEST, MEDIA_URL_PROPERTIES } from '../platform/limits.js';
import { calledFunction } from './calls.js';
import type { SendCallModel } from './send-calls.js';
import type { TextOrigins } from './text-origin.js';
import { isRuntimeExport, type Bindings, type ValueTools } from './values.js';

export interface MessageObject {
  node: ts.ObjectLiteralExpression;
  /** Bindings to read the object's properties in (the helper call that built it). */
  bindings?: Bindings;
}

export interface MessageCount {
  /** At least this many messages. */
  min: number;
  /** At most this many, when bounded. */
  max?: number;
  /** The count grows with a list that is not bounded (and where that list comes from). */
  unbounded?: { what: string; node: ts.Node };
}

const MAX_DEPTH = 12;
const MAX_CALL_SITES = 12;
const CHUNKING_HELPER = /chunk|batch|paginat|split|group/i;

export class MessageAnalysis {
  constructor(
    readonly origins: OriginService,
    readonly values: ValueTools,
    readonly model: SendCallModel,
    readonly texts: TextOrigins,
  ) {}

  /** Message object literals `messages` evaluates to (each once). */
  objects(messages: ts.Expression, bindings?: Bindings): MessageObject[] {
    const found = new Map<ts.ObjectLiteralExpression, MessageObject>();
    this.visit(messages, bindings, 0, new Set(), (object) => {
      if (!found.has(object.node)) found.set(object.node, object);
    });
    return [...found.values()];
  }

  private visit(expression: ts.Expression, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>, add: (o: MessageObject) => void): void {
    if (depth > MAX_DEPTH) return;
    const b = this.values.bound(expression, bindings);
    if (b.missing) return;
    const node = unwrapAwait(b.node);
    const key = node;
    if (seen.has(key)) return;
    seen.add(key);
    const next = (e: ts.Expression, nb: Bindings | undefined = b.bindings): void => this.visit(e, nb, depth + 1, seen, add);

    if (ts.isObjectLiteralExpression(node)) {
      add({ node, bindings: b.bindings });
      return;
    }
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) next(ts.isSpreadElement(element) ? element.expression : element);
      return;
    }
    if (ts.isConditionalExpression(node)) {
      next(node.whenTrue);
      next(node.whenFalse);
      return;
    }
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      next(node.left);
      next(node.right);
      return;
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const method = calleeName(node);
      if (isAccess(callee) && (method === 'map' || method === 'flatMap')) {
        const fn = this.values.functionOf(node.arguments[0]);
        if (fn) for (const returned of this.origins.returnsOf(fn)) next(returned, undefined);
        return;
      }
      if (isAccess(callee) && (method === 'slice' || method === 'filter' || method === 'reverse' || method === 'concat')) {
        next(callee.expression);
        if (method === 'concat') for (const arg of node.arguments) next(arg);
        return;
      }
      const origin = this.origins.resolve(node.expression);
      if (isRuntimeExport(origin, 'chunkMessages') && node.arguments[0]) {
        next(node.arguments[0]);
        return;
      }
      if (origin.kind === 'external' && origin.path.join('.') === 'Array.from' && node.arguments[0]) {
        next(node.arguments[0]);
        return;
      }
      const fn = calledFunction(this.origins, node);
      if (fn && !ts.isConstructorDeclaration(fn)) {
        const inner: Bindings = { call: node, fn, parent: b.bindings };
        for (const returned of this.origins.returnsOf(fn)) next(returned, inner);
      }
      return;
    }
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (!declaration) return;
      if (declaration.kind === 'parameter') {
        if (declaration.path.length > 0) return;
        const element = callbackList(declaration.fn, declaration.node);
        if (element) {
          next(element);
          return;
        }
        const index = declaration.fn.parameters.indexOf(declaration.node);
        for (const site of this.model.callSites(declaration.fn).slice(0, MAX_CALL_SITES)) {
          const arg = site.arguments?.[index];
          if (arg) next(arg, undefined);
        }
        return;
      }
      if (declaration.kind === 'variable') {
        const decl = declaration.node;
        const loop = decl.parent?.parent;
        if (loop && ts.isForOfStatement(loop) && loop.initializer === decl.parent) {
          next(loop.expression);
          return;
        }
        if (declaration.path.length === 0 && decl.initializer) {
          next(decl.initializer);
          for (const pushed of this.pushedValues(decl, node.text)) next(pushed);
          return;
        }
      }
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) next(origin.node, undefined);
      return;
    }
    if (isAccess(node)) {
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) next(origin.node, undefined);
    }
  }

  /** Arguments of `name.push(...)` / `name.unshift(...)` in the declaring scope. */
  private pushedValues(decl: ts.VariableDeclaration, name: string): ts.Expression[] {
    const scope = enclosingFunction(decl) ?? decl.getSourceFile();
    const values: ts.Expression[] = [];
    walk(scope, (node) => {
      if (ts.isCallExpression(node) && (calleeName(node) === 'push' || calleeName(node) === 'unshift') && isAccess(unwrap(node.expression))) {
        const target = unwrap((unwrap(node.expression) as ts.AccessExpression).expression);
        if (ts.isIdentifier(target) && target.text === name) for (const arg of node.arguments) values.push(ts.isSpreadElement(arg) ? arg.expression : arg);
      }
    });
    return values;
  }

  // ---------------------------------------------------------------- media URLs

  /**
   * Media URL properties inside a message object, at any depth (Flex components, template columns,
   * quick-reply items, the sender): `originalContentUrl`, `previewImageUrl`, imagemap `baseUrl`, Flex
   * image/video/icon `url`, `thumbnailImageUrl`, `imageUrl`, `iconUrl`.
   */
  mediaUrls(object: MessageObject): { node: ts.Node; key: string; value: ts.Expression; bindings?: Bindings }[] {
    const found: { node: ts.Node; key: string; value: ts.Expression; bindings?: Bindings }[] = [];
    const seen = new Set<ts.Node>();
    const visitObject = (node: ts.ObjectLiteralExpression, bindings: Bindings | undefined, depth: number): void => {
      if (seen.has(node) || depth > MAX_DEPTH) return;
      seen.add(node);
      const typeProp = this.values.property(node, 'type', bindings);
      const type = typeProp ? this.origins.staticString(typeProp.value) : undefined;
      for (const prop of node.properties) {
        if (ts.isSpreadAssignment(prop)) {
          visitValue(prop.expression, bindings, depth + 1);
          continue;
        }
        if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) continue;
        const key = propertyNameText(prop.name);
        const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
        const media = key ? MEDIA_URL_PROPERTIES.get(key) : undefined;
        if (key && media && (media === 'any' || (type !== undefined && media.has(type)))) {
          found.push({ node: prop, key, value, bindings });
          continue;
        }
        visitValue(value, bindings, depth + 1);
      }
    };
    const visitValue = (expression: ts.Expression, bindings: Bindings | undefined, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      const b = this.values.bound(expression, bindings);
      if (b.missing) return;
      const node = unwrapAwait(b.node);
      if (ts.isObjectLiteralExpression(node)) return visitObject(node, b.bindings, depth + 1);
      if (ts.isArrayLiteralExpression(node)) {
        for (const element of node.elements) visitValue(ts.isSpreadElement(element) ? element.expression : element, b.bindings, depth + 1);
        return;
      }
      if (ts.isConditionalExpression(node)) {
        visitValue(node.whenTrue, b.bindings, depth + 1);
        visitValue(node.whenFalse, b.bindings, depth + 1);
        return;
      }
      if (ts.isCallExpression(node)) {
        const callee = unwrap(node.expression);
        if (isAccess(callee) && (calleeName(node) === 'map' || calleeName(node) === 'flatMap')) {
          const fn = this.values.functionOf(node.arguments[0]);
          if (fn) for (const returned of this.origins.returnsOf(fn)) visitValue(returned, undefined, depth + 1);
          return;
        }
        const fn = calledFunction(this.origins, node);
        if (fn && !ts.isConstructorDeclaration(fn)) {
          const inner: Bindings = { call: node, fn, parent: b.bindings };
          for (const returned of this.origins.returnsOf(fn)) visitValue(returned, inner, depth + 1);
        }
        return;
      }
      if (ts.isIdentifier(node) || isAccess(node)) {
        const origin = this.origins.resolve(node);
        if (origin.kind === 'expression' && origin.node !== node) visitValue(origin.node, undefined, depth + 1);
      }
    };
    visitObject(object.node, object.bindings, 0);
    return found;
  }

  // ---------------------------------------------------------------- counting

  /** How many message objects `messages` holds (a single object counts as one). */
  count(messages: ts.Expression, bindings?: Bindings): MessageCount {
    return this.countOf(messages, bindings, 0, new Set());
  }

  private countOf(expression: ts.Expression, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): MessageCount {
    const unknown: MessageCount = { min: 0 };
    if (depth > MAX_DEPTH) return unknown;
    const b = this.values.bound(expression, bindings);
    if (b.missing) return unknown;
    const node = unwrapAwait(b.node);
    if (seen.has(node)) return unknown;
    seen = new Set(seen).add(node);
    const next = (e: ts.Expression, nb: Bindings | undefined = b.bindings): MessageCount => this.countOf(e, nb, depth + 1, seen);

    if (ts.isObjectLiteralExpression(node)) return { min: 1, max: 1 };
    if (ts.isArrayLiteralExpression(node)) {
      let min = 0;
      let max: number | undefined = 0;
      let unbounded: MessageCount['unbounded'];
      for (const element of node.elements) {
        if (ts.isSpreadElement(element)) {
          const inner = next(element.expression);
          min += inner.min;
          max = max !== undefined && inner.max !== undefined ? max + inner.max : undefined;
          unbounded ??= inner.unbounded;
        } else {
          // Each element is one message object.
          min += 1;
          if (max !== undefined) max += 1;
        }
      }
      return { min, max, unbounded };
    }
    if (ts.isConditionalExpression(node)) {
      const a = next(node.whenTrue);
      const c = next(node.whenFalse);
      return { min: Math.min(a.min, c.min), max: a.max !== undefined && c.max !== undefined ? Math.max(a.max, c.max) : undefined, unbounded: a.unbounded ?? c.unbounded };
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const method = calleeName(node);
      if (isAccess(callee) && (method === 'map' || method === 'filter' || method === 'reverse' || method === 'sort')) {
        const inner = this.listCount(callee.expression, b.bindings, depth + 1, seen);
        return method === 'filter' ? { min: 0, max: inner.max, unbounded: inner.unbounded } : inner;
      }
      if (isAccess(callee) && method === 'slice') {
        const inner = this.listCount(callee.expression, b.bindings, depth + 1, seen);
        const start = node.arguments[0] ? this.origins.staticNumber(node.arguments[0]) : 0;
        const end = node.arguments[1] ? this.origins.staticNumber(node.arguments[1]) : undefined;
        if (node.arguments[1] === undefined) return start === 0 ? inner : { min: 0, max: inner.max, unbounded: inner.unbounded };
        if (start === undefined || end === undefined) return { min: 0 };
        const cap = Math.max(0, end - start);
        return { min: Math.min(inner.min, cap), max: inner.max !== undefined ? Math.min(inner.max, cap) : cap };
      }
      if (isAccess(callee) && method === 'concat') {
        let result = this.listCount(callee.expression, b.bindings, depth + 1, seen);
        for (const arg of node.arguments) {
          const inner = this.countOf(arg, b.bindings, depth + 1, seen);
          result = { min: result.min + inner.min, max: result.max !== undefined && inner.max !== undefined ? result.max + inner.max : undefined, unbounded: result.unbounded ?? inner.unbounded };
        }
        return result;
      }
      if (isAccess(callee) && method === 'flatMap') return { min: 0, unbounded: this.listCount(callee.expression, b.bindings, depth + 1, seen).unbounded };
      const fn = calledFunction(this.origins, node);
      if (fn && !ts.isConstructorDeclaration(fn)) {
        const inner: Bindings = { call: node, fn, parent: b.bindings };
        return this.mergeCounts(this.origins.returnsOf(fn).map((r) => this.countOf(r, inner, depth + 1, seen)));
      }
      return this.listCount(node, b.bindings, depth + 1, seen);
    }
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'parameter' && declaration.path.length === 0) {
        const index = declaration.fn.parameters.indexOf(declaration.node);
        const sites = this.model.callSites(declaration.fn).slice(0, MAX_CALL_SITES);
        if (sites.length === 0) return unknown;
        return this.mergeCounts(sites.map((site) => (site.arguments?.[index] ? next(site.arguments[index]!, undefined) : unknown)), true);
      }
      if (declaration?.kind === 'variable') {
        const decl = declaration.node;
        const loop = decl.parent?.parent;
        if (loop && ts.isForOfStatement(loop) && loop.initializer === decl.parent) return this.elementCount(loop.expression, b.bindings, depth + 1, seen);
        if (declaration.path.length === 0 && decl.initializer) {
          const init = unwrap(decl.initializer);
          if (ts.isArrayLiteralExpression(init)) return this.withPushes(next(decl.initializer), decl, node.text, depth);
          return next(decl.initializer);
        }
      }
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) return next(origin.node, undefined);
      return unknown;
    }
    if (isAccess(node)) {
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) return next(origin.node, undefined);
    }
    return unknown;
  }

  /** The length of a list whose elements become messages (`items.map(toMessage)`). */
  private listCount(list: ts.Expression, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): MessageCount {
    const counted = this.countOf(list, bindings, depth, seen);
    if (counted.max !== undefined || counted.unbounded) return counted;
    const node = unwrapAwait(this.values.bound(list, bindings).node);
    // A static string split into a known number of pieces is bounded; other lists from unbounded origins are not.
    const source = this.texts.listSource(node, depth + 1);
    if (source) return { min: 0, unbounded: source };
    return counted;
  }

  /** The size of one element of an iterable (`for (const batch of chunkMessages(all))` → at most 5). */
  private elementCount(iterable: ts.Expression, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): MessageCount {
    const node = unwrapAwait(this.values.bound(iterable, bindings).node);
    if (ts.isCallExpression(node)) {
      const origin = this.origins.resolve(node.expression);
      if (isRuntimeExport(origin, 'chunkMessages')) {
        const size = node.arguments[1] ? this.origins.staticNumber(node.arguments[1]) : MAX_MESSAGES_PER_REQUEST;
        return { min: 0, max: size ?? MAX_MESSAGES_PER_REQUEST };
      }
      const fn = calledFunction(this.origins, node);
      const name = calleeName(node) ?? '';
      if (fn && CHUNKING_HELPER.test(name)) {
        const size = node.arguments[1] ? this.origins.staticNumber(node.arguments[1]) : undefined;
        return size !== undefined ? { min: 0, max: size } : { min: 0 };
      }
    }
    if (ts.isArrayLiteralExpression(node)) {
      return this.mergeCounts(node.elements.filter((e) => !ts.isSpreadElement(e)).map((e) => this.countOf(e, bindings, depth + 1, seen)));
    }
    return { min: 0 };
  }

  /** Counts of alternatives (returns of a helper, call sites of a parameter): the largest. */
  private mergeCounts(counts: MessageCount[], sites = false): MessageCount {
    if (counts.length === 0) return { min: 0 };
    let min = Infinity;
    let max: number | undefined = 0;
    let unbounded: MessageCount['unbounded'];
    for (const c of counts) {
      min = Math.min(min, c.min);
      max = max !== undefined && c.max !== undefined ? Math.max(max, c.max) : sites && c.max === undefined && !c.unbounded ? max : undefined;
      unbounded ??= c.unbounded;
    }
    return { min: min === Infinity ? 0 : min, max, unbounded };
  }

  /** A `[]` grown with `push`: static pushes add up; pushes inside a loop over an unbounded list do not end. */
  private withPushes(initial: MessageCount, decl: ts.VariableDeclaration, name: string, depth: number): MessageCount {
    const scope = enclosingFunction(decl) ?? decl.getSourceFile();
    let min = initial.min;
    let max = initial.max;
    let unbounded = initial.unbounded;
    walk(scope, (node) => {
      if (!ts.isCallExpression(node) || calleeName(node) !== 'push' || !isAccess(unwrap(node.expression))) return;
      const target = unwrap((unwrap(node.expression) as ts.AccessExpression).expression);
      if (!ts.isIdentifier(target) || target.text !== name) return;
      const loop = enclosingLoop(node, scope);
      const spread = node.arguments.some((a) => ts.isSpreadElement(a));
      if (loop) {
        const list = ts.isForOfStatement(loop) ? loop.expression : ts.isCallExpression(loop) && isAccess(unwrap(loop.expression)) ? (unwrap(loop.expression) as ts.AccessExpression).expression : undefined;
        const source = list ? this.texts.listSource(list, depth + 1) : undefined;
        if (source) unbounded ??= source;
        max = undefined;
        return;
      }
      if (spread) {
        max = undefined;
        return;
      }
      min += node.arguments.length;
      if (max !== undefined) max += node.arguments.length;
    });
    return { min, max, unbounded };
  }
}

/** The loop (`for...of`, `for`, `while`, or a `forEach`/`map` callback) around `node` within `scope`. */
function enclosingLoop(node: ts.Node, scope: ts.Node): ts.Node | undefined {
  for (let current: ts.Node | undefined = node.parent; current && current !== scope; current = current.parent) {
    if (ts.isForOfStatement(current) || ts.isForInStatement(current) || ts.isForStatement(current) || ts.isWhileStatement(current) || ts.isDoStatement(current)) return current;
    if (ts.isCallExpression(current) && ['forEach', 'map', 'flatMap'].includes(calleeName(current) ?? '')) return current;
  }
  return undefined;
}

/** When `fn` is a `list.map(fn)` / `forEach` callback and `param` its first parameter: `list`. */
function callbackList(fn: FunctionLike, param: ts.ParameterDeclaration): ts.Expression | undefined {
  if (fn.parameters[0] !== param) return undefined;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return undefined;
  const callee = unwrap(call.expression);
  if (!isAccess(callee) || !['map', 'forEach', 'flatMap', 'filter'].includes(accessedName(callee) ?? '')) return undefined;
  return callee.expression;
}

