/**
 * Where text comes from and how long it can be. `TextOrigins.bound(expr)` follows a value back through
 * variables, parameters (with call-site bindings), helper returns, template literals, concatenation,
 * `repeat`, `join` and callbacks (`map`, `for...of`) to literals and to sources that are not bounded:
 * LLM clients, HTTP responses, database clients, file reads and free text of an HTTP request. Guards on
 * the way (a length check, `slice`/`substring`/`substr` to at most the limit, a split into chunks, the
 * runtime's `truncateText`/`splitText`, an LLM token cap of at most 1000) make the value bounded. Text of a
 * LINE message event is bounded (LINE limits it to 5000 itself).
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
  type FunctionLike,
} from '../project/ast.js';
import { OriginService, GLOBAL_MODULE } from '../project/origin.js';
import { requestReadOf, requestContainerOf } from './request-input.js';
import { calledFunction } from './calls.js';
import type { SendCallModel } from './send-calls.js';
import { boundArgument, isRuntimeExport, type Bindings, type ParameterRef, type ValueTools } from './values.js';

/** An origin whose text has no length bound. */
export interface UnboundedSource {
  /** Human description for messages: `LLM output`, `an HTTP response`, ... */
  what: string;
  node: ts.Node;
}

export interface TextBound {
  /** Statically known minimum length in UTF-16 code units. */
  min: number;
  /** The whole value is static (its length is exactly `min`). */
  exact: boolean;
  /** An unguarded unbounded origin flows into the value. */
  unbounded?: UnboundedSource;
  /** Unguarded parameters of enclosing helpers the value comes from (their call sites decide). */
  params: ParameterRef[];
}

const LLM_MODULES = [
  'openai',
  '@anthropic-ai/sdk',
  '@google/generative-ai',
  '@google/genai',
  '@google-cloud/vertexai',
  '@mistralai/mistralai',
  'cohere-ai',
  'groq-sdk',
  'ollama',
  'ai',
  'replicate',
  '@aws-sdk/client-bedrock-runtime',
  'together-ai',
  '@huggingface/inference',
  'langchain',
];
const LLM_MODULE_PREFIXES = ['@langchain/', '@ai-sdk/'];
const HTTP_MODULES = ['axios', 'got', 'ky', 'node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici', 'superagent', 'request', 'request-promise'];
const DB_MODULES = [
  'pg',
  'mysql',
  'mysql2',
  'mysql2/promise',
  'mongodb',
  'mongoose',
  '@prisma/client',
  'sequelize',
  'knex',
  'typeorm',
  'drizzle-orm',
  'better-sqlite3',
  'sqlite3',
  'sqlite',
  'redis',
  'ioredis',
  '@upstash/redis',
  '@supabase/supabase-js',
  'firebase-admin',
  '@google-cloud/firestore',
  'firebase',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@notionhq/client',
  'googleapis',
  '@planetscale/database',
  '@neondatabase/serverless',
  '@vercel/postgres',
  '@vercel/kv',
  'airtable',
  'postgres',
];
const DB_MODULE_PREFIXES = ['firebase-admin/', 'firebase/', 'drizzle-orm/'];
const FS_MODULES = ['fs', 'fs/promises'];
const FS_READS = new Set(['readFile', 'readFileSync']);
const TOKEN_CAPS = /^(max_tokens|maxTokens|max_output_tokens|maxOutputTokens|max_completion_tokens|maxCompletionTokens|num_predict|maxLength|max_new_tokens)$/;
/** An LLM `max_tokens`-style cap counts as a guard only up to this many tokens (tokens are not characters). */
export const LLM_TOKEN_CAP = 1000;
const PASS_THROUGH_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'normalize',
  'replace',
  'replaceAll',
  'toString',
  'valueOf',
  'padStart',
  'padEnd',
]);
const SLICERS = new Set(['slice', 'substring', 'substr']);
const ITERATING_METHODS = new Set(['map', 'forEach', 'flatMap', 'filter', 'find', 'some', 'every', 'reduce', 'findLast']);
const TRUNCATING_HELPER = /truncat|ellipsi[sz]|clip|shorten|limitText|limitLength|cutText|clamp/i;
const SPLITTING_HELPER = /split|chunk|paginat|segment|wrapText/i;
const MAX_DEPTH = 14;
/** Field names of identifiers and short labels: not free text, whatever their origin. */
const SHORT_FIELD =
  /(^|_)(id|ids|uuid|key|code|status|state|type|kind|name|names|title|label|number|no|num|count|total|price|amount|currency|date|time|timestamp|createdAt|updatedAt|url|uri|link|email|phone|tel|zip|postcode|sku|rank|score|rating|version|lang|locale|color|size|unit|category|tag|tags|slug)$|(Id|Ids|Code|Status|Name|Type|Key|Number|Count|Date|Time|At|Url|Title|Label)$/;

function moduleIs(module: string, list: readonly string[], prefixes: readonly string[] = []): boolean {
  const bare = module.startsWith('node:') ? module.slice(5) : module;
  return list.includes(bare) || prefixes.some((p) => bare.startsWith(p));
}

const EMPTY: TextBound = { min: 0, exact: false, params: [] };

function staticBound(length: number): TextBound {
  return { min: length, exact: true, params: [] };
}

function concat(a: TextBound, b: TextBound): TextBound {
  return { min: a.min + b.min, exact: a.exact && b.exact, unbounded: a.unbounded ?? b.unbounded, params: [...a.params, ...b.params] };
}

function either(a: TextBound, b: TextBound): TextBound {
  return {
    min: Math.min(a.min, b.min),
    exact: a.exact && b.exact && a.min === b.min,
    unbounded: a.unbounded ?? b.unbounded,
    params: [...a.params, ...b.params],
  };
}

/** Bounded: no unbounded origin, no parameters left to judge; keeps a static minimum up to the cap. */
function guarded(inner: TextBound, cap?: number): TextBound {
  return { min: cap === undefined ? 0 : Math.min(inner.min, cap), exact: false, params: [] };
}

export class TextOrigins {
  private readonly lengthChecks = new WeakMap<ts.Node, Set<string>>();

  constructor(
    readonly origins: OriginService,
    readonly values: ValueTools,
    readonly model: SendCallModel,
  ) {}

  /** The length bound of a text value (judged against `limit` for guards such as `slice(0, n)`). */
  bound(expression: ts.Expression, limit: number, bindings?: Bindings): TextBound {
    return this.text(expression, limit, bindings, 0, new Set());
  }

  private text(expression: ts.Expression, limit: number, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): TextBound {
    if (depth > MAX_DEPTH) return EMPTY;
    const node = unwrapAwait(expression);
    if (seen.has(node)) return EMPTY;
    seen = new Set(seen).add(node);
    const next = (e: ts.Expression, b: Bindings | undefined = bindings): TextBound => this.text(e, limit, b, depth + 1, seen);

    if (ts.isStringLiteralLike(node)) return staticBound(node.text.length);
    if (ts.isNumericLiteral(node)) return staticBound(node.text.length);
    if (ts.isTemplateExpression(node)) {
      let result = staticBound(node.head.text.length);
      for (const span of node.templateSpans) result = concat(concat(result, next(span.expression)), staticBound(span.literal.text.length));
      return result;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) return concat(next(node.left), next(node.right));
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return either(next(node.left), next(node.right));
      return EMPTY;
    }
    if (ts.isConditionalExpression(node)) {
      const merged = either(next(node.whenTrue), next(node.whenFalse));
      if (merged.unbounded && this.conditionChecksLength(node.condition)) return guarded(merged);
      return merged;
    }
    if (ts.isCallExpression(node)) return this.callText(node, limit, bindings, depth, seen);
    if (ts.isIdentifier(node)) return this.identifierText(node, limit, bindings, depth, seen);
    if (isAccess(node)) return this.accessText(node, limit, bindings, depth, seen);
    return EMPTY;
  }

  private identifierText(node: ts.Identifier, limit: number, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): TextBound {
    const declaration = this.origins.declarationOf(node);
    const next = (e: ts.Expression, b: Bindings | undefined = bindings): TextBound => this.text(e, limit, b, depth + 1, seen);
    if (!declaration) return EMPTY;
    let result: TextBound;
    if (declaration.kind === 'parameter') {
      if (declaration.path.length === 0) {
        const arg = boundArgument(declaration.node, bindings);
        if (arg?.value) return next(arg.value, arg.bindings);
        if (arg?.missing) return EMPTY;
      }
      const element = this.callbackElement(declaration.fn, declaration.node);
      if (element) {
        result = this.elementText(element, declaration.path, limit, bindings, depth + 1, seen);
      } else if (this.isLineEventPath(declaration.path)) {
        return EMPTY;
      } else {
        const ref: ParameterRef = { param: declaration.node, fn: declaration.fn, path: declaration.path };
        result = this.lineEventParameter(ref) ? EMPTY : { min: 0, exact: false, params: [ref] };
      }
    } else if (declaration.kind === 'variable') {
      const decl = declaration.node;
      const loop = decl.parent?.parent;
      if (loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && loop.initializer === decl.parent) {
        result = ts.isForOfStatement(loop) ? this.elementText(loop.expression, declaration.path, limit, bindings, depth + 1, seen) : EMPTY;
      } else if (decl.initializer) {
        result = declaration.path.length > 0 ? this.pathText(decl.initializer, declaration.path, limit, bindings, depth + 1, seen) : next(decl.initializer);
        // `let text = await llm(); text = text.slice(0, 4000)`: a later guard on the variable counts.
        if (result.unbounded && this.isReassignedWithGuard(decl, node.text, limit)) result = guarded(result);
      } else {
        const origin = this.origins.resolve(node);
        result = origin.kind === 'expression' && origin.node !== node ? next(origin.node) : EMPTY;
      }
    } else {
      const origin = this.origins.resolve(node);
      result = origin.kind === 'expression' && origin.node !== node ? next(origin.node, undefined) : EMPTY;
    }
    if ((result.unbounded || result.params.length > 0) && this.hasLengthCheck(node, node.text)) return guarded(result);
    return result;
  }

  /** `a.b.c` of a value: LINE event fields are bounded; request input and unbounded objects are not. */
  private accessText(node: ts.AccessExpression, limit: number, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): TextBound {
    const path: string[] = [];
    let base: ts.Expression = node;
    while (isAccess(base)) {
      const name = accessedName(base);
      if (name === undefined) break;
      path.unshift(name);
      base = unwrapAwait(base.expression);
    }
    if (path[path.length - 1] === 'length') return EMPTY;
    if (this.isLineEventPath(path)) return EMPTY;
    const read = requestReadOf(this.origins, node);
    if (read && (read.source === 'body' || read.source === 'query')) {
      if (this.isWebhookBody(node)) return EMPTY;
      return this.fromSource({ unbounded: { what: 'free text from the HTTP request', node } }, path);
    }
    if (ts.isIdentifier(base) || ts.isCallExpression(base) || ts.isParenthesizedExpression(base) || base.kind === ts.SyntaxKind.ThisKeyword) {
      // Through bindings (`opts.text` where `opts` is a bound parameter) and resolvable objects.
      if (bindings && ts.isIdentifier(base)) {
        const declaration = this.origins.declarationOf(base);
        if (declaration?.kind === 'parameter') {
          const arg = boundArgument(declaration.node, bindings);
          if (arg?.value) return this.pathText(arg.value, [...declaration.path, ...path], limit, arg.bindings, depth + 1, seen);
        }
      }
      if (ts.isIdentifier(base)) {
        const declaration = this.origins.declarationOf(base);
        if (declaration?.kind === 'parameter') {
          const element = this.callbackElement(declaration.fn, declaration.node);
          if (element) return this.elementText(element, [...declaration.path, ...path], limit, bindings, depth + 1, seen);
          if (this.isLineEventPath([...declaration.path, ...path])) return EMPTY;
        }
        if (declaration?.kind === 'variable') {
          const loop = declaration.node.parent?.parent;
          if (loop && ts.isForOfStatement(loop) && loop.initializer === declaration.node.parent) {
            return this.elementText(loop.expression, [...declaration.path, ...path], limit, bindings, depth + 1, seen);
          }
          if (declaration.node.initializer) return this.pathText(declaration.node.initializer, [...declaration.path, ...path], limit, bindings, depth + 1, seen);
        }
      }
      const source = this.sourceOf(base, depth + 1);
      if (source) return this.fromSource(source, path);
    }
    const origin = this.origins.resolve(node);
    if (origin.kind === 'expression' && origin.node !== node) return this.text(origin.node, limit, undefined, depth + 1, seen);
    if (origin.kind === 'parameter') {
      if (this.isLineEventPath(origin.path)) return EMPTY;
      const ref: ParameterRef = { param: origin.node, fn: origin.fn, path: origin.path };
      return this.lineEventParameter(ref) ? EMPTY : { min: 0, exact: false, params: [ref] };
    }
    return EMPTY;
  }

  /** Member `path` of the value `expression` evaluates to. */
  private pathText(expression: ts.Expression, path: readonly string[], limit: number, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): TextBound {
    if (path.length === 0) return this.text(expression, limit, bindings, depth, seen);
    if (depth > MAX_DEPTH) return EMPTY;
    const prop = this.values.property(expression, path[0]!, bindings);
    if (prop) return this.pathText(prop.value, path.slice(1), limit, prop.bindings, depth + 1, seen);
    if (this.isLineEventPath(path)) return EMPTY;
    const node = unwrapAwait(this.values.bound(expression, bindings).node);
    const container = requestContainerOf(this.origins, node);
    if (container === 'body' || container === 'query') {
      if (this.isWebhookBody(node) || path.includes('events')) return EMPTY;
      return this.fromSource({ unbounded: { what: 'free text from the HTTP request', node } }, path);
    }
    const source = this.sourceOf(node, depth + 1);
    if (source) return this.fromSource(source, path);
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'parameter') {
        const element = this.callbackElement(declaration.fn, declaration.node);
        if (element) return this.elementText(element, [...declaration.path, ...path], limit, bindings, depth + 1, seen);
        const full = [...declaration.path, ...path];
        if (this.isLineEventPath(full)) return EMPTY;
        const ref: ParameterRef = { param: declaration.node, fn: declaration.fn, path: full };
        return this.lineEventParameter(ref) ? EMPTY : { min: 0, exact: false, params: [ref] };
      }
    }
    return EMPTY;
  }

  private callText(node: ts.CallExpression, limit: number, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): TextBound {
    const next = (e: ts.Expression, b: Bindings | undefined = bindings): TextBound => this.text(e, limit, b, depth + 1, seen);
    const callee = unwrap(node.expression);
    const method = calleeName(node);
    const origin = this.origins.resolve(callee);
    // The runtime's helpers.
    if (isRuntimeExport(origin, 'truncateText')) {
      const cap = node.arguments[1] ? this.origins.staticNumber(node.arguments[1]) : 5000;
      const inner = node.arguments[0] ? next(node.arguments[0]) : EMPTY;
      if (cap !== undefined && cap > limit) return inner;
      return guarded(inner, cap);
    }
    if (OriginService.isExternal(origin, GLOBAL_MODULE, ['String']) && node.arguments[0]) return next(node.arguments[0]);
    if (OriginService.isExternal(origin, GLOBAL_MODULE, ['JSON', 'stringify']) && node.arguments[0]) {
      const inner = next(node.arguments[0]);
      return inner.unbounded ? { ...EMPTY, unbounded: inner.unbounded } : EMPTY;
    }
    if (isAccess(callee) && method) {
      const receiver = callee.expression;
      if (SLICERS.has(method)) {
        const inner = next(receiver);
        const [a, b] = node.arguments;
        const start = a ? this.origins.staticNumber(a) : 0;
        const end = b ? this.origins.staticNumber(b) : undefined;
        if (!b) return start !== undefined && start >= 0 ? inner : guarded(inner);
        if (end === undefined || start === undefined) return guarded(inner);
        const cap = method === 'substr' ? end : end - start;
        if (cap > limit || cap < 0) return { ...inner, exact: false };
        return guarded(inner, cap);
      }
      if (PASS_THROUGH_METHODS.has(method)) {
        const inner = next(receiver);
        return method === 'replace' || method === 'replaceAll' || method.startsWith('trim') ? { ...inner, exact: false, min: method.startsWith('trim') ? 0 : inner.min } : inner;
      }
      if (method === 'repeat' && node.arguments[0]) {
        const inner = next(receiver);
        const count = this.origins.staticNumber(node.arguments[0]);
        if (count === undefined) return { ...inner, exact: false, min: 0 };
        return { ...inner, min: inner.min * count, exact: inner.exact, params: count > 0 ? inner.params : [] };
      }
      if (method === 'concat') {
        let result = next(receiver);
        for (const arg of node.arguments) result = concat(result, next(arg));
        return result;
      }
      if (method === 'join') return this.joinText(node, receiver, limit, bindings, depth, seen);
    }
    // A project function: its returns, with its parameters bound to this call's arguments.
    const fn = calledFunction(this.origins, node);
    if (fn && !ts.isConstructorDeclaration(fn)) {
      const name = functionName(fn) ?? method ?? '';
      if (TRUNCATING_HELPER.test(name)) return guarded(node.arguments[0] ? next(node.arguments[0]) : EMPTY);
      const returns = this.origins.returnsOf(fn);
      if (returns.length === 0) return EMPTY;
      const inner: Bindings = { call: node, fn, parent: bindings };
      let result: TextBound | undefined;
      for (const returned of returns) {
        const value = this.text(returned, limit, inner, depth + 1, seen);
        result = result ? either(result, value) : value;
      }
      // Parameters of the helper were bound; keep only the caller's own.
      return result ?? EMPTY;
    }
    const source = this.sourceOf(node, depth + 1);
    if (source) return this.fromSource(source, []);
    return EMPTY;
  }

  /** `list.join(sep)`: unbounded when the list comes from an unbounded origin or grows in a loop over one. */
  private joinText(node: ts.CallExpression, receiver: ts.Expression, limit: number, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): TextBound {
    const list = unwrapAwait(this.values.bound(receiver, bindings).node);
    const separator = node.arguments[0] ? this.origins.staticString(node.arguments[0]) : ',';
    if (ts.isArrayLiteralExpression(list)) {
      let result = staticBound(0);
      list.elements.forEach((element, i) => {
        if (i > 0) result = concat(result, separator === undefined ? EMPTY : staticBound(separator.length));
        result = concat(result, ts.isSpreadElement(element) ? EMPTY : this.text(element, limit, bindings, depth + 1, seen));
      });
      return result;
    }
    // `[...text].slice(0, n).join('')`: a code-point (or grapheme) truncation.
    if (ts.isCallExpression(list) && calleeName(list) === 'slice' && list.arguments.length === 2) {
      const end = this.origins.staticNumber(list.arguments[1]!);
      const start = this.origins.staticNumber(list.arguments[0]!);
      if (end !== undefined && start !== undefined && (end - start) * 2 <= limit) return guarded(EMPTY, (end - start) * 2);
    }
    const count = this.listSource(list, depth + 1);
    if (count) return { min: 0, exact: false, unbounded: { what: `a join of ${count.what}`, node }, params: [] };
    return EMPTY;
  }

  /** The element of an iterable, then member `path` of it. */
  private elementText(iterable: ts.Expression, path: readonly string[], limit: number, bindings: Bindings | undefined, depth: number, seen: Set<ts.Node>): TextBound {
    if (depth > MAX_DEPTH) return EMPTY;
    const list = unwrapAwait(this.values.bound(iterable, bindings).node);
    if (ts.isArrayLiteralExpression(list)) {
      let result: TextBound | undefined;
      for (const element of list.elements) {
        if (ts.isSpreadElement(element)) continue;
        const value = this.pathText(element, path, limit, bindings, depth + 1, seen);
        result = result ? either(result, value) : value;
      }
      return result ?? EMPTY;
    }
    if (ts.isCallExpression(list)) {
      const origin = this.origins.resolve(list.expression);
      if (isRuntimeExport(origin, 'splitText')) {
        const cap = list.arguments[1] ? this.origins.staticNumber(list.arguments[1]) : 5000;
        return cap !== undefined && cap > limit ? (list.arguments[0] ? this.text(list.arguments[0], limit, bindings, depth + 1, seen) : EMPTY) : EMPTY;
      }
      const method = calleeName(list);
      const callee = unwrap(list.expression);
      if (method === 'match' && list.arguments[0] && ts.isRegularExpressionLiteral(unwrap(list.arguments[0]))) {
        const max = /\{\s*\d*\s*,\s*(\d+)\s*\}/.exec((unwrap(list.arguments[0]) as ts.RegularExpressionLiteral).text)?.[1];
        if (max !== undefined && Number(max) <= limit) return EMPTY;
      }
      if (method === 'split' && isAccess(callee) && path.length === 0) {
        const whole = this.text(callee.expression, limit, bindings, depth + 1, seen);
        return { ...whole, min: 0, exact: false };
      }
      if ((method === 'filter' || method === 'slice' || method === 'reverse' || method === 'sort') && isAccess(callee)) {
        return this.elementText(callee.expression, path, limit, bindings, depth + 1, seen);
      }
      if (method === 'map' && isAccess(callee)) {
        const fn = this.values.functionOf(list.arguments[0]);
        if (fn) {
          let result: TextBound | undefined;
          for (const returned of this.origins.returnsOf(fn)) {
            const value = this.pathText(returned, path, limit, undefined, depth + 1, seen);
            result = result ? either(result, value) : value;
          }
          return result ?? EMPTY;
        }
      }
      const fn = calledFunction(this.origins, list);
      if (fn && SPLITTING_HELPER.test(functionName(fn) ?? method ?? '')) return EMPTY;
    }
    const source = this.listSource(list, depth + 1);
    if (source) return this.fromSource({ unbounded: { what: source.what, node: source.node } }, path);
    if (ts.isIdentifier(list) || isAccess(list)) {
      const declaration = ts.isIdentifier(list) ? this.origins.declarationOf(list) : undefined;
      if (declaration?.kind === 'variable' && declaration.node.initializer && declaration.path.length === 0) {
        return this.elementText(declaration.node.initializer, path, limit, bindings, depth + 1, seen);
      }
      const origin = this.origins.resolve(list);
      if (origin.kind === 'expression' && origin.node !== list) return this.elementText(origin.node, path, limit, undefined, depth + 1, seen);
    }
    return EMPTY;
  }

  // ---------------------------------------------------------------- sources

  /**
   * The bound of member `path` of a value from `source`. LLM output is free text whatever it is called;
   * from APIs, databases and requests, fields named like identifiers or short labels (`id`, `status`,
   * `name`, ...) are not free text.
   */
  private fromSource(source: { unbounded?: UnboundedSource; bounded?: boolean }, path: readonly string[]): TextBound {
    if (source.bounded || !source.unbounded) return EMPTY;
    if (source.unbounded.what !== 'LLM output') {
      const last = [...path].reverse().find((p) => !/^\d+$/.test(p));
      if (last !== undefined && SHORT_FIELD.test(last)) return EMPTY;
    }
    return { min: 0, exact: false, unbounded: source.unbounded, params: [] };
  }

  /**
   * The unbounded source a value (or an object it is read from) comes from: an LLM call, an HTTP
   * response, a database read, a file read. `bounded` when it is a LINE API response or an LLM call capped
   * at a small number of tokens.
   */
  sourceOf(expression: ts.Expression, depth = 0): { unbounded?: UnboundedSource; bounded?: boolean } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapAwait(expression);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      if (ts.isCallExpression(node) && this.model.at(node)) return { bounded: true };
      const origin = this.origins.resolve(node.expression);
      if (origin.kind === 'external') {
        const what = this.classifyModule(origin.module, origin.path);
        if (what === 'LLM output') return this.llmCapped(node) ? { bounded: true } : { unbounded: { what, node } };
        if (what) return { unbounded: { what, node } };
        return undefined;
      }
      const callee = unwrap(node.expression);
      if (isAccess(callee)) {
        const inner = this.sourceOf(callee.expression, depth + 1);
        if (inner?.unbounded?.what === 'LLM output' && ts.isCallExpression(node) && this.llmCapped(node)) return { bounded: true };
        if (inner) return inner;
      }
      if (ts.isCallExpression(node)) {
        const fn = calledFunction(this.origins, node);
        if (fn && !ts.isConstructorDeclaration(fn)) {
          for (const returned of this.origins.returnsOf(fn)) {
            const inner = this.sourceOf(returned, depth + 1);
            if (inner) return inner;
          }
        }
      }
      return undefined;
    }
    if (isAccess(node)) return this.sourceOf(node.expression, depth + 1);
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'variable') {
        const loop = declaration.node.parent?.parent;
        if (loop && ts.isForOfStatement(loop) && loop.initializer === declaration.node.parent) return this.sourceOf(loop.expression, depth + 1);
        if (declaration.node.initializer) return this.sourceOf(declaration.node.initializer, depth + 1);
      }
      if (declaration?.kind === 'import') {
        const origin = this.origins.resolve(node);
        if (origin.kind === 'expression') return this.sourceOf(origin.node, depth + 1);
      }
      if (declaration?.kind === 'parameter') {
        const element = this.callbackElement(declaration.fn, declaration.node);
        if (element) return this.sourceOf(element, depth + 1);
      }
    }
    return undefined;
  }

  /** Does the value (a list) come from an unbounded origin (or grow in a loop over one)? */
  listSource(expression: ts.Expression, depth = 0): { what: string; node: ts.Node } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapAwait(expression);
    if (ts.isCallExpression(node)) {
      const method = calleeName(node);
      const callee = unwrap(node.expression);
      if (isAccess(callee) && method && ['map', 'filter', 'flatMap', 'sort', 'reverse', 'concat'].includes(method)) return this.listSource(callee.expression, depth + 1);
      if (isAccess(callee) && method === 'slice' && node.arguments.length === 2) return undefined;
      if (isAccess(callee) && method === 'split') {
        const whole = this.text(callee.expression, Number.MAX_SAFE_INTEGER, undefined, depth + 1, new Set());
        return whole.unbounded ? { what: `pieces of ${whole.unbounded.what}`, node } : undefined;
      }
      const origin = this.origins.resolve(node.expression);
      if (isRuntimeExport(origin, 'splitText') && node.arguments[0]) {
        const whole = this.text(node.arguments[0], Number.MAX_SAFE_INTEGER, undefined, depth + 1, new Set());
        return whole.unbounded ? { what: `pieces of ${whole.unbounded.what}`, node } : undefined;
      }
      if (origin.kind === 'external' && origin.module === GLOBAL_MODULE && origin.path[0] === 'Object' && node.arguments[0]) return this.listSource(node.arguments[0], depth + 1);
      if (origin.kind === 'external' && origin.module === GLOBAL_MODULE && origin.path.join('.') === 'Array.from' && node.arguments[0]) return this.listSource(node.arguments[0], depth + 1);
    }
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'variable' && declaration.node.initializer && ts.isArrayLiteralExpression(unwrap(declaration.node.initializer))) {
        const grown = this.growsInLoop(declaration.node, node.text, depth);
        if (grown) return grown;
      }
    }
    const container = requestContainerOf(this.origins, node);
    if ((container === 'body' || container === 'query') && !this.isWebhookBody(node)) return { what: 'HTTP request input', node };
    const read = isAccess(node) ? requestReadOf(this.origins, node) : undefined;
    if (read && (read.source === 'body' || read.source === 'query') && !this.isWebhookBody(node)) return { what: 'HTTP request input', node };
    const source = this.sourceOf(node, depth + 1);
    if (source?.unbounded) return { what: source.unbounded.what, node: source.unbounded.node };
    return undefined;
  }

  /** `const lines = []; for (const row of rows) lines.push(...)` with `rows` unbounded. */
  private growsInLoop(decl: ts.VariableDeclaration, name: string, depth: number): { what: string; node: ts.Node } | undefined {
    const scope = enclosingFunction(decl) ?? decl.getSourceFile();
    let found: { what: string; node: ts.Node } | undefined;
    walk(scope, (child) => {
      if (found) return false;
      if (ts.isCallExpression(child) && calleeName(child) === 'push' && isAccess(unwrap(child.expression))) {
        const target = unwrap((unwrap(child.expression) as ts.AccessExpression).expression);
        if (!ts.isIdentifier(target) || target.text !== name) return undefined;
        for (let current: ts.Node | undefined = child.parent; current && current !== scope; current = current.parent) {
          if (ts.isForOfStatement(current)) {
            const source = this.listSource(current.expression, depth + 1);
            if (source) found = source;
            break;
          }
          if (ts.isCallExpression(current) && ITERATING_METHODS.has(calleeName(current) ?? '') && isAccess(unwrap(current.expression))) {
            const source = this.listSource((unwrap(current.expression) as ts.AccessExpression).expression, depth + 1);
            if (source) found = source;
            break;
          }
          if (ts.isWhileStatement(current) || ts.isForStatement(current)) break;
        }
      }
      return undefined;
    });
    return found;
  }

  private classifyModule(module: string, path: readonly string[]): string | undefined {
    if (moduleIs(module, LLM_MODULES, LLM_MODULE_PREFIXES)) return 'LLM output';
    if (moduleIs(module, HTTP_MODULES) || (module === GLOBAL_MODULE && path[0] === 'fetch')) return 'an HTTP response';
    if (module === GLOBAL_MODULE && path[0] === 'UrlFetchApp') return 'an HTTP response';
    if (moduleIs(module, DB_MODULES, DB_MODULE_PREFIXES)) return 'a database read';
    if (moduleIs(module, FS_MODULES) && FS_READS.has(path[path.length - 1] ?? '')) return 'a file read';
    if (moduleIs(module, FS_MODULES) && path[0] === 'promises' && FS_READS.has(path[path.length - 1] ?? '')) return 'a file read';
    return undefined;
  }

  /** An LLM call (or the model it is made on) with a `max_tokens`-style cap of at most LLM_TOKEN_CAP. */
  private llmCapped(call: ts.CallExpression | ts.NewExpression): boolean {
    const objects: ts.Expression[] = [];
    let current: ts.Expression = call;
    for (let i = 0; i < 8; i++) {
      const node = unwrapAwait(current);
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        objects.push(...(node.arguments ?? []));
        current = unwrap(node.expression);
        continue;
      }
      if (isAccess(node)) {
        current = node.expression;
        continue;
      }
      if (ts.isIdentifier(node)) {
        const origin = this.origins.resolve(node);
        if (origin.kind === 'expression' && origin.node !== node) {
          current = origin.node;
          continue;
        }
      }
      break;
    }
    return objects.some((o) => this.hasTokenCap(o, 0));
  }

  private hasTokenCap(expression: ts.Expression, depth: number): boolean {
    if (depth > 3) return false;
    const object = this.values.objectLiteral(expression);
    if (!object) return false;
    for (const prop of object.node.properties) {
      if (!ts.isPropertyAssignment(prop)) continue;
      const key = propertyNameText(prop.name);
      if (key && TOKEN_CAPS.test(key)) {
        const value = this.origins.staticNumber(prop.initializer);
        if (value !== undefined && value <= LLM_TOKEN_CAP) return true;
      }
      if (this.hasTokenCap(prop.initializer, depth + 1)) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- guards and LINE event text

  /** `message.text`, `events[i].message.text`, `postback.data`: fields of LINE webhook events (bounded). */
  isLineEventPath(path: readonly string[]): boolean {
    const n = path.length;
    if (n >= 2 && path[n - 2] === 'message' && (path[n - 1] === 'text' || path[n - 1] === 'altText')) return true;
    if (n >= 2 && path[n - 2] === 'postback' && path[n - 1] === 'data') return true;
    if (path.includes('events')) return true;
    return false;
  }

  /** A parameter named like a LINE event's text in a function whose callers pass `event.message.text`. */
  private lineEventParameter(ref: ParameterRef): boolean {
    const fn = ref.fn;
    const index = fn.parameters.indexOf(ref.param);
    const sites = this.model.callSites(fn);
    if (sites.length === 0) return false;
    return sites.every((site) => {
      const arg = site.arguments?.[index];
      if (!arg) return false;
      const names: string[] = [];
      let current: ts.Expression = unwrapAwait(arg);
      while (isAccess(current)) {
        const name = accessedName(current);
        if (name === undefined) break;
        names.unshift(name);
        current = unwrapAwait(current.expression);
      }
      return this.isLineEventPath([...names, ...ref.path]);
    });
  }

  /** The body of a LINE webhook request: its text is LINE's, not free input. */
  private isWebhookBody(node: ts.Node): boolean {
    return /\bevents\b/.test(node.getText());
  }

  /** When `fn` is a callback of `list.map(...)`/`forEach`/... and `param` its first parameter: `list`. */
  private callbackElement(fn: FunctionLike, param: ts.ParameterDeclaration): ts.Expression | undefined {
    if (fn.parameters[0] !== param) return undefined;
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return undefined;
    const method = calleeName(call);
    const callee = unwrap(call.expression);
    if (!method || !ITERATING_METHODS.has(method) || !isAccess(callee)) return undefined;
    if (method === 'reduce') return undefined;
    return callee.expression;
  }

  /** A comparison of `name.length` in the function that reads `name` (early return, truncation, branch). */
  private hasLengthCheck(use: ts.Node, name: string): boolean {
    const scope = enclosingFunction(use) ?? use.getSourceFile();
    let names = this.lengthChecks.get(scope);
    if (!names) {
      const found = new Set<string>();
      walk(scope, (node) => {
        if (isFunctionLike(node) && node !== scope) return false;
        if (ts.isBinaryExpression(node) && isComparison(node.operatorToken.kind)) {
          for (const side of [node.left, node.right]) {
            const inner = unwrap(side);
            if (isAccess(inner) && accessedName(inner) === 'length' && ts.isIdentifier(unwrap(inner.expression))) found.add((unwrap(inner.expression) as ts.Identifier).text);
          }
        }
        return undefined;
      });
      names = found;
      this.lengthChecks.set(scope, names);
    }
    return names.has(name);
  }

  private conditionChecksLength(condition: ts.Expression): boolean {
    let found = false;
    walk(condition, (node) => {
      if (isAccess(node) && accessedName(node) === 'length') found = true;
    });
    if (isAccess(unwrap(condition)) && accessedName(unwrap(condition)) === 'length') found = true;
    return found;
  }

  /** `x = x.slice(0, n)` / `x = truncate(x)` somewhere after the declaration. */
  private isReassignedWithGuard(decl: ts.VariableDeclaration, name: string, limit: number): boolean {
    const scope = enclosingFunction(decl) ?? decl.getSourceFile();
    let guardedAssignment = false;
    walk(scope, (node) => {
      if (guardedAssignment) return false;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(unwrap(node.left)) && (unwrap(node.left) as ts.Identifier).text === name) {
        const value = this.bound(node.right, limit);
        if (!value.unbounded) guardedAssignment = true;
      }
      return undefined;
    });
    return guardedAssignment;
  }
}

function isComparison(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.GreaterThanToken ||
    kind === ts.SyntaxKind.GreaterThanEqualsToken ||
    kind === ts.SyntaxKind.LessThanToken ||
    kind === ts.SyntaxKind.LessThanEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsEqualsToken
  );
}

function functionName(fn: FunctionLike): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name) return propertyNameText(fn.name);
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return propertyNameText(parent.name);
  return undefined;
}
