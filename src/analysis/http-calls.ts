/**
 * Raw HTTP calls and what they send, for any common client: `fetch` (global, node-fetch, undici,
 * cross-fetch), axios (incl. `axios.create` instances with `baseURL`), got (incl. `got.extend`), ky (incl.
 * `ky.create`/`extend`), superagent chains, undici `request`, `http(s).request`/`get`, the `request`
 * package and Apps Script's `UrlFetchApp.fetch`.
 *
 * The API is small:
 * - `HttpCallIndex` (one per project, get it with `sharedHttpCalls(facts)`): `inFile(file)` and `all()`
 *   list every recognised call once, computed lazily and only for files that mention an HTTP client.
 * - `HttpCall`: library, method, URL pattern (`UrlPattern`, literal text with holes for run-time values,
 *   followed across constants and modules), body expression, header entries.
 * - `urlPatternOf`, `urlPath`/`urlHost`/`isLineUrl` (URL questions), `paramsOf` (parameters of an object
 *   literal, `URLSearchParams`, `querystring`/`qs.stringify`, `JSON.stringify` or a form string),
 *   `urlParamsOf` (query parameters of a URL string or a `URL` object with `searchParams.set/append`),
 *   `headerEntriesOf` and `propertyOf` (static object properties through spreads and variables).
 */
import { ts, unwrap, unwrapAwait, accessedName, isAccess, calleeName, propertyNameText, walk, enclosingFunction } from '../project/ast.js';
import { OriginService, GLOBAL_MODULE, type Origin } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';

export type HttpLibrary = 'fetch' | 'axios' | 'got' | 'ky' | 'superagent' | 'undici' | 'node-http' | 'urlfetchapp' | 'request';
/** A value only known at run time inside a URL or form string. */
export interface Hole {
  expression: ts.Expression;
}
/** A URL (or any string) as far as it is statically known. */
export interface UrlPattern {
  parts: readonly (string | Hole)[];
  /** The expression the pattern was read from. */
  expression: ts.Expression;
}
export interface HeaderEntry {
  /** Lower-case header name. */
  name: string;
  value: ts.Expression;
  /** Where the header is written: the object property, or the `.set(name, value)` call. */
  node: ts.Node;
}
export interface HttpCall {
  /** The call that sends the request (for superagent, the verb call `request.post(url)`). */
  node: ts.CallExpression;
  library: HttpLibrary;
  /** Upper-case method, when statically known. */
  method?: string;
  url?: UrlPattern;
  /** The request body as written (object, URLSearchParams, string, `JSON.stringify(...)`, ...). */
  body?: ts.Expression;
  /** Headers from every source that applies (instance defaults first). */
  headers: HeaderEntry[];
  /** Query parameters passed as an option (axios `params`, got/ky `searchParams`, request `qs`). */
  query?: ts.Expression;
}
export interface ParamValue {
  name: string;
  /** The value when it is an expression (object property, `append` argument, template hole). */
  expression?: ts.Expression;
  /** The value when it is literal text of a form string. */
  text?: string;
  /** Where the parameter is written. */
  node: ts.Node;
}
export interface ParamSet {
  entries: Map<string, ParamValue>;
  /** False when parameters may also come from values that are not statically visible. */
  complete: boolean;
}
const MAX_DEPTH = 12;
/**
 * Every file with a recognised call matches this: a client's name, a URL, or a verb call on an instance
 * created elsewhere (`api.post(...)`). Rules may use it as a sound text hint.
 */
export const HTTP_CALL_HINT = /\bfetch\b|axios|\bgot\b|\bky\b|superagent|undici|['"](node:)?https?['"]|UrlFetchApp|\brequest\b|\.(post|put|patch|postForm)\s*\(/;

/** Method names an HTTP client call can end with; other member calls are not resolved at all. */
const HTTP_METHOD_NAMES = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'request', 'fetch', 'postForm', 'putForm', 'patchForm', 'stream']);
const HINT = HTTP_CALL_HINT;
const BODY_VERBS = new Set(['post', 'put', 'patch']);
const AXIOS_VERBS = new Set(['get', 'delete', 'head', 'options', 'post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const GOT_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
const SUPERAGENT_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head']);
const FETCH_MODULES: readonly { module: string; path: string[] }[] = [
  { module: GLOBAL_MODULE, path: ['fetch'] },
  { module: GLOBAL_MODULE, path: ['globalThis', 'fetch'] },
  { module: GLOBAL_MODULE, path: ['window', 'fetch'] },
  { module: 'node-fetch', path: [] },
  { module: 'node-fetch', path: ['default'] },
  { module: 'cross-fetch', path: [] },
  { module: 'cross-fetch', path: ['fetch'] },
  { module: 'isomorphic-fetch', path: [] },
  { module: 'undici', path: ['fetch'] },
];
const NODE_HTTP_MODULES = ['http', 'https'];
const REQUEST_MODULES = ['request', 'request-promise', 'request-promise-native'];
// ---------------------------------------------------------------- small helpers
function isExternalAny(origin: Origin, list: readonly { module: string; path: readonly string[] }[]): boolean {
  return list.some((entry) => OriginService.isExternal(origin, entry.module, entry.path));
}
/** The object literal an expression evaluates to, followed through variables and imports. */
export function objectLiteralOf(origins: OriginService, expression: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!expression) return undefined;
  const inner = unwrapAwait(expression);
  if (ts.isObjectLiteralExpression(inner)) return inner;
  const origin = origins.resolve(inner);
  if (origin.kind === 'expression') {
    const node = unwrap(origin.node);
    if (ts.isObjectLiteralExpression(node)) return node;
  }
  return undefined;
}
/**
 * The value of property `name` of an object expression, through variables and spreads (last one wins).
 * `node` is the property assignment (or shorthand) that sets it.
 */
export function propertyOf(
  origins: OriginService,
  expression: ts.Expression | undefined,
  name: string,
  depth = 0,
): { value: ts.Expression; node: ts.ObjectLiteralElementLike } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const object = objectLiteralOf(origins, expression);
  if (!object) return undefined;
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const prop = object.properties[i]!;
    if (ts.isSpreadAssignment(prop)) {
      const inner = propertyOf(origins, prop.expression, name, depth + 1);
      if (inner) return inner;
      continue;
    }
    if (propertyNameText(prop.name) !== name) continue;
    if (ts.isPropertyAssignment(prop)) return { value: prop.initializer, node: prop };
    if (ts.isShorthandPropertyAssignment(prop)) return { value: prop.name, node: prop };
    return undefined;
  }
  return undefined;
}
function staticMethod(origins: OriginService, expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  return origins.staticString(expression)?.toUpperCase();
}
// ---------------------------------------------------------------- URL patterns
/** The URL an expression builds, with holes for parts that are only known at run time. */
export function urlPatternOf(origins: OriginService, expression: ts.Expression): UrlPattern {
  return { parts: stringParts(origins, expression, 0), expression };
}
function stringParts(origins: OriginService, expression: ts.Expression, depth: number): (string | Hole)[] {
  const node = unwrapAwait(expression);
  const whole = origins.staticString(node);
  if (whole !== undefined) return [whole];
  if (depth > MAX_DEPTH) return [{ expression: node }];
  if (ts.isTemplateExpression(node)) {
    const parts: (string | Hole)[] = [node.head.text];
    for (const span of node.templateSpans) {
      parts.push(...stringParts(origins, span.expression, depth + 1), span.literal.text);
    }
    return mergeParts(parts);
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return mergeParts([...stringParts(origins, node.left, depth + 1), ...stringParts(origins, node.right, depth + 1)]);
  }
  // `new URL(path, base)`, `new URL(url)`.
  if (ts.isNewExpression(node) && calleeName(node) === 'URL' && node.arguments?.[0]) {
    const [first, base] = node.arguments;
    const path = stringParts(origins, first!, depth + 1);
    if (!base) return path;
    const head = path[0];
    if (typeof head === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(head)) return path;
    const baseParts = stringParts(origins, base, depth + 1);
    if (typeof head === 'string' && head.startsWith('/')) {
      // An absolute path replaces the base's path: keep only the origin of a static base.
      const baseText = baseParts.length === 1 && typeof baseParts[0] === 'string' ? baseParts[0] : undefined;
      if (baseText) {
        const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]+/i.exec(baseText)?.[0];
        if (origin) return mergeParts([origin, ...path]);
      }
    }
    return mergeParts([...baseParts, ...(typeof head === 'string' && !head.startsWith('/') ? ['/'] : []), ...path]);
  }
  // `url.toString()`, `url.href`, `String(url)`.
  if (ts.isCallExpression(node) && node.arguments.length === 0 && calleeName(node) === 'toString' && isAccess(unwrap(node.expression))) {
    const target = (unwrap(node.expression) as ts.AccessExpression).expression;
    const resolved = urlConstruction(origins, target);
    if (resolved) return stringParts(origins, resolved, depth + 1);
  }
  if (isAccess(node) && accessedName(node) === 'href') {
    const resolved = urlConstruction(origins, node.expression);
    if (resolved) return stringParts(origins, resolved, depth + 1);
  }
  if (ts.isIdentifier(node) || isAccess(node)) {
    const origin = origins.resolve(node);
    if (origin.kind === 'expression' && origin.node !== node) return stringParts(origins, origin.node, depth + 1);
  }
  return [{ expression: node }];
}
/** The `new URL(...)` an expression refers to, if any. */
export function urlConstruction(origins: OriginService, expression: ts.Expression): ts.NewExpression | undefined {
  const inner = unwrapAwait(expression);
  if (ts.isNewExpression(inner) && calleeName(inner) === 'URL') return inner;
  const origin = origins.resolve(inner);
  if (origin.kind === 'expression' && ts.isNewExpression(origin.node) && calleeName(origin.node) === 'URL') return origin.node;
  return undefined;
}
function mergeParts(parts: readonly (string | Hole)[]): (string | Hole)[] {
  const merged: (string | Hole)[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      if (part === '') continue;
      const last = merged[merged.length - 1];
      if (typeof last === 'string') merged[merged.length - 1] = last + part;
      else merged.push(part);
    }
    else {
      merged.push(part);
    }
  }
  return merged;
}
/** Text of a pattern with `hole` in place of each run-time value. */
export function patternText(pattern: UrlPattern | readonly (string | Hole)[], hole = '\u0000'): string {
  const parts: readonly (string | Hole)[] = 'parts' in pattern ? pattern.parts : pattern;
  return parts.map((p) => (typeof p === 'string' ? p : hole)).join('');
}
/** The host of a URL pattern when it is literal (`https://api.line.me/...` → `api.line.me`). */
export function urlHost(pattern: UrlPattern): string | undefined {
  const text = patternText(pattern);
  const match = /^(?:https?:)?\/\/([^/?#\u0000]+)(?=[/?#]|$)/i.exec(text);
  return match?.[1]?.toLowerCase();
}
/**
 * The literal path of a URL pattern: after a literal host, or after a leading hole (a configured base
 * URL). Undefined when the path itself is not literal up to the query.
 */
export function urlPath(pattern: UrlPattern): string | undefined {
  const text = patternText(pattern);
  let rest: string;
  const withHost = /^(?:https?:)?\/\/[^/?#\u0000]+/i.exec(text);
  if (withHost) rest = text.slice(withHost[0].length);
  else if (text.startsWith('\u0000')) rest = text.slice(1);
  else if (text.startsWith('/')) rest = text;
  else return undefined;
  const end = rest.search(/[?#]/);
  const path = end === -1 ? rest : rest.slice(0, end);
  if (path.includes('\u0000')) return undefined;
  return path.replace(/\/+$/, '') || '/';
}
/**
 * Is the pattern a call to `path` on one of `hosts`? A base URL from configuration (a leading hole) is
 * accepted when the path is literal, since these paths are LINE's own.
 */
export function isLineUrl(pattern: UrlPattern | undefined, hosts: ReadonlySet<string>, path: string | ((path: string) => boolean)): boolean {
  if (!pattern) return false;
  const host = urlHost(pattern);
  if (host !== undefined && !hosts.has(host)) return false;
  const actual = urlPath(pattern);
  if (actual === undefined) return false;
  if (host === undefined && !patternText(pattern).startsWith('\u0000') && !actual.startsWith('/')) return false;
  return typeof path === 'string' ? actual.toLowerCase() === path.toLowerCase() : path(actual);
}
// ---------------------------------------------------------------- parameters
function emptyParams(): ParamSet {
  return { entries: new Map(), complete: true };
}
function mergeInto(target: ParamSet, source: ParamSet): void {
  for (const [name, value] of source.entries)
    target.entries.set(name, value);
  if (!source.complete) target.complete = false;
}
/**
 * Parameters of a body or query value: an object literal, `new URLSearchParams(...)` (with later
 * `append`/`set` calls on the same variable), `querystring.stringify`/`qs.stringify`, `JSON.stringify`,
 * `.toString()` of those, or a form string (`a=1&b=${x}`).
 */
export function paramsOf(origins: OriginService, expression: ts.Expression | undefined, depth = 0): ParamSet {
  if (!expression) return emptyParams();
  if (depth > MAX_DEPTH) return { entries: new Map(), complete: false };
  const node = unwrapAwait(expression);
  if (ts.isObjectLiteralExpression(node)) {
    const result = emptyParams();
    for (const prop of node.properties) {
      if (ts.isSpreadAssignment(prop)) {
        mergeInto(result, paramsOf(origins, prop.expression, depth + 1));
        continue;
      }
      const name = propertyNameText(prop.name);
      if (name === undefined) {
        result.complete = false;
        continue;
      }
      if (ts.isPropertyAssignment(prop)) result.entries.set(name, { name, expression: prop.initializer, node: prop });
      else if (ts.isShorthandPropertyAssignment(prop)) result.entries.set(name, { name, expression: prop.name, node: prop });
    }
    return result;
  }
  if (ts.isArrayLiteralExpression(node)) {
    // `[['grant_type', 'x'], ...]` (URLSearchParams init).
    const result = emptyParams();
    for (const element of node.elements) {
      const pair = unwrap(element);
      if (ts.isArrayLiteralExpression(pair) && pair.elements.length === 2) {
        const name = origins.staticString(pair.elements[0]!);
        if (name === undefined) result.complete = false;
        else result.entries.set(name, { name, expression: pair.elements[1]!, node: pair });
      }
      else {
        result.complete = false;
      }
    }
    return result;
  }
  if (ts.isNewExpression(node) && calleeName(node) === 'URLSearchParams') {
    const result = node.arguments?.[0] ? paramsOf(origins, node.arguments[0], depth + 1) : emptyParams();
    mergeInto(result, mutationParams(origins, node, false));
    return result;
  }
  if (ts.isCallExpression(node)) {
    const callee = origins.resolve(node.expression);
    if (OriginService.isExternal(callee, ['querystring', 'qs', 'query-string'], ['stringify']) ||
      OriginService.isExternal(callee, GLOBAL_MODULE, ['JSON', 'stringify'])) {
      return paramsOf(origins, node.arguments[0], depth + 1);
    }
    if (node.arguments.length === 0 && calleeName(node) === 'toString' && isAccess(unwrap(node.expression))) {
      return paramsOf(origins, (unwrap(node.expression) as ts.AccessExpression).expression, depth + 1);
    }
    // A project function that builds the parameters: `qs.stringify(buildParams())`.
    const fn = origins.calledFunction(node);
    if (fn) {
      const returns = origins.returnsOf(fn);
      if (returns.length === 1) return paramsOf(origins, returns[0], depth + 1);
    }
  }
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node) || (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
    return formParams(origins, stringParts(origins, node, depth + 1), node, depth);
  }
  if (ts.isIdentifier(node) || isAccess(node)) {
    const origin = origins.resolve(node);
    if (origin.kind === 'expression' && origin.node !== node) return paramsOf(origins, origin.node, depth + 1);
  }
  return { entries: new Map(), complete: false };
}
/** Parameters of `a=1&b=${x}` parts; a lone hole without `=` is itself a parameter source. */
function formParams(origins: OriginService, parts: readonly (string | Hole)[], node: ts.Node, depth: number): ParamSet {
  const result = emptyParams();
  // Split the parts into `&`-separated segments, keeping holes.
  const segments: (string | Hole)[][] = [[]];
  for (const part of parts) {
    if (typeof part !== 'string') {
      segments[segments.length - 1]!.push(part);
      continue;
    }
    const pieces = part.split('&');
    pieces.forEach((piece, i) => {
      if (i > 0) segments.push([]);
      if (piece) segments[segments.length - 1]!.push(piece);
    });
  }
  for (const segment of segments) {
    if (segment.length === 0) continue;
    const first = segment[0]!;
    if (typeof first !== 'string') {
      if (segment.length === 1) mergeInto(result, paramsOf(origins, first.expression, depth + 1));
      else result.complete = false;
      continue;
    }
    const eq = first.indexOf('=');
    if (eq === -1) {
      result.complete = false;
      continue;
    }
    const name = safeDecode(first.slice(0, eq));
    const valueParts = [first.slice(eq + 1), ...segment.slice(1)].filter((p) => p !== '');
    const hole = valueParts.find((p): p is Hole => typeof p !== 'string');
    if (valueParts.length === 1 && hole) result.entries.set(name, { name, expression: hole.expression, node });
    else if (!hole) result.entries.set(name, { name, text: safeDecode(valueParts.join('')), node });
    else result.entries.set(name, { name, expression: hole.expression, node });
  }
  return result;
}
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  }
  catch {
    return text;
  }
}
/** `x.append(k, v)` / `x.set(k, v)` (or `x.searchParams.*` for a URL) on the variable `creation` is bound to. */
function mutationParams(origins: OriginService, creation: ts.NewExpression, viaSearchParams: boolean): ParamSet {
  const result = emptyParams();
  const decl = creation.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return result;
  const name = decl.name.text;
  const scope = enclosingFunction(decl) ?? decl.getSourceFile();
  walk(scope, (node) => {
    if (ts.isCallExpression(node) && isAccess(unwrap(node.expression))) {
      const method = calleeName(node);
      if (method !== 'append' && method !== 'set') return;
      let target = unwrap((unwrap(node.expression) as ts.AccessExpression).expression);
      if (viaSearchParams) {
        if (!isAccess(target) || accessedName(target) !== 'searchParams') return;
        target = unwrap(target.expression);
      }
      if (!ts.isIdentifier(target) || target.text !== name) return;
      const declaration = origins.declarationOf(target);
      if (!declaration || !('node' in declaration) || declaration.node !== decl) return;
      const key = node.arguments[0] ? origins.staticString(node.arguments[0]) : undefined;
      if (key === undefined) result.complete = false;
      else if (node.arguments[1]) result.entries.set(key, { name: key, expression: node.arguments[1], node });
    }
    // `url.search = params.toString()` / `url.search = '?a=b'`.
    if (viaSearchParams &&
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      isAccess(node.left) &&
      accessedName(node.left) === 'search' &&
      ts.isIdentifier(unwrap(node.left.expression)) &&
      (unwrap(node.left.expression) as ts.Identifier).text === name) {
      const parts = stringParts(origins, node.right, 0);
      const first = parts[0];
      if (typeof first === 'string' && first.startsWith('?')) parts[0] = first.slice(1);
      mergeInto(result, formParams(origins, parts, node, 0));
    }
  });
  return result;
}
/**
 * Query parameters of a URL: literal/template query strings (with `${params}` holes resolved), and for a
 * `URL` object (or its `toString()`/`href`), its `searchParams.set/append` calls and `search` assignments.
 */
export function urlParamsOf(origins: OriginService, expression: ts.Expression): ParamSet {
  const node = unwrapAwait(expression);
  let construction: ts.NewExpression | undefined;
  if (ts.isCallExpression(node) && calleeName(node) === 'toString' && isAccess(unwrap(node.expression))) {
    construction = urlConstruction(origins, (unwrap(node.expression) as ts.AccessExpression).expression);
  }
  else if (isAccess(node) && accessedName(node) === 'href') {
    construction = urlConstruction(origins, node.expression);
  }
  else if (ts.isCallExpression(node) && OriginService.isExternal(origins.resolve(node.expression), GLOBAL_MODULE, ['String']) && node.arguments[0]) {
    construction = urlConstruction(origins, node.arguments[0]);
  }
  else {
    construction = urlConstruction(origins, node);
  }
  const parts = construction ? stringParts(origins, construction.arguments![0]!, 0) : stringParts(origins, node, 0);
  const result = queryOfParts(origins, parts, construction ?? node);
  if (construction) mergeInto(result, mutationParams(origins, construction, true));
  return result;
}
function queryOfParts(origins: OriginService, parts: readonly (string | Hole)[], node: ts.Node): ParamSet {
  const index = parts.findIndex((p) => typeof p === 'string' && p.includes('?'));
  if (index === -1) {
    // No literal `?`: `${base}${query}` cannot be told apart from a path, so nothing is known.
    const hasHole = parts.some((p) => typeof p !== 'string');
    return { entries: new Map(), complete: !hasHole };
  }
  const head = parts[index] as string;
  const rest = [head.slice(head.indexOf('?') + 1), ...parts.slice(index + 1)];
  const hashless = rest.map((p) => (typeof p === 'string' ? p.split('#')[0] : p));
  return formParams(origins, hashless, node, 0);
}
// ---------------------------------------------------------------- headers
/** Header entries of a headers value: object literal (through spreads/variables) or `new Headers({...})`. */
export function headerEntriesOf(origins: OriginService, expression: ts.Expression | undefined, depth = 0): HeaderEntry[] {
  if (!expression || depth > MAX_DEPTH) return [];
  let node: ts.Expression = unwrapAwait(expression);
  if (ts.isNewExpression(node) && calleeName(node) === 'Headers') {
    return headerEntriesOf(origins, node.arguments?.[0], depth + 1);
  }
  const object = objectLiteralOf(origins, node);
  if (!object) {
    const origin = origins.resolve(node);
    if (origin.kind === 'expression' && ts.isNewExpression(origin.node) && calleeName(origin.node) === 'Headers') {
      return headerEntriesOf(origins, origin.node.arguments?.[0], depth + 1);
    }
    if (origin.kind === 'expression' && ts.isCallExpression(origin.node)) {
      // `headers: await authHeaders()` — a local function returning a headers object.
      const fn = origins.calledFunction(origin.node);
      if (fn) return origins.returnsOf(fn).flatMap((r) => headerEntriesOf(origins, r, depth + 1));
    }
    return [];
  }
  node = object;
  const entries: HeaderEntry[] = [];
  for (const prop of object.properties) {
    if (ts.isSpreadAssignment(prop)) {
      entries.push(...headerEntriesOf(origins, prop.expression, depth + 1));
      continue;
    }
    const name = propertyNameText(prop.name) ?? (ts.isPropertyAssignment(prop) && ts.isComputedPropertyName(prop.name) ? origins.staticString(prop.name.expression) : undefined);
    if (name === undefined) continue;
    if (ts.isPropertyAssignment(prop)) entries.push({ name: name.toLowerCase(), value: prop.initializer, node: prop });
    else if (ts.isShorthandPropertyAssignment(prop)) entries.push({ name: name.toLowerCase(), value: prop.name, node: prop });
  }
  return entries;
}
/** `axios.create({...})`, `got.extend({...})`, `ky.create({...})` behind a receiver expression. */
interface Instance {
  library: 'axios' | 'got' | 'ky';
  base?: ts.Expression;
  headers: HeaderEntry[];
}
function instanceOf(origins: OriginService, receiver: ts.Expression, depth = 0): Instance | undefined {
  if (depth > 4) return undefined;
  const origin = origins.resolve(receiver);
  if (origin.kind !== 'expression' || !ts.isCallExpression(origin.node)) return undefined;
  const call = origin.node;
  const callee = origins.resolve(call.expression);
  const config = call.arguments[0];
  if (OriginService.isExternal(callee, 'axios', ['create'])) {
    return { library: 'axios', base: propertyOf(origins, config, 'baseURL')?.value, headers: headerEntriesOf(origins, propertyOf(origins, config, 'headers')?.value) };
  }
  if (OriginService.isExternal(callee, 'got', ['extend'])) {
    return { library: 'got', base: propertyOf(origins, config, 'prefixUrl')?.value, headers: headerEntriesOf(origins, propertyOf(origins, config, 'headers')?.value) };
  }
  if (OriginService.isExternal(callee, 'ky', ['create']) || OriginService.isExternal(callee, 'ky', ['extend'])) {
    return { library: 'ky', base: propertyOf(origins, config, 'prefixUrl')?.value, headers: headerEntriesOf(origins, propertyOf(origins, config, 'headers')?.value) };
  }
  // `api.extend(...)` of an instance.
  const innerCallee = unwrap(call.expression);
  if (isAccess(innerCallee) && ['extend', 'create'].includes(accessedName(innerCallee) ?? '')) {
    const parent = instanceOf(origins, innerCallee.expression, depth + 1);
    if (parent) {
      const ownBase = propertyOf(origins, config, parent.library === 'axios' ? 'baseURL' : 'prefixUrl')?.value;
      return { library: parent.library, base: ownBase ?? parent.base, headers: [...parent.headers, ...headerEntriesOf(origins, propertyOf(origins, config, 'headers')?.value)] };
    }
  }
  return undefined;
}
function withBase(origins: OriginService, base: ts.Expression | undefined, url: ts.Expression | undefined): UrlPattern | undefined {
  if (!url) return base ? urlPatternOf(origins, base) : undefined;
  const pattern = urlPatternOf(origins, url);
  if (!base) return pattern;
  const first = pattern.parts[0];
  if (typeof first === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(first)) return pattern;
  const baseParts = urlPatternOf(origins, base).parts;
  const last = baseParts[baseParts.length - 1];
  const joined = [...baseParts];
  if (typeof last === 'string' && typeof first === 'string' && last.endsWith('/') && first.startsWith('/')) joined[joined.length - 1] = last.slice(0, -1);
  else if (typeof first === 'string' && !first.startsWith('/') && !(typeof last === 'string' && last.endsWith('/'))) joined.push('/');
  return { parts: mergeParts([...joined, ...pattern.parts]), expression: url };
}
/** Recognises `call` as an HTTP request of a known client. */
export function httpCallOf(origins: OriginService, call: ts.CallExpression): HttpCall | undefined {
  const calleeNode = unwrap(call.expression);
  // A syntactic pre-check keeps the origin lookups to calls that can be HTTP requests.
  if (isAccess(calleeNode) && !HTTP_METHOD_NAMES.has(accessedName(calleeNode) ?? '')) return undefined;
  const callee = origins.resolve(calleeNode);
  const args = call.arguments;
  // fetch-style: fetch(url, init).
  if (isExternalAny(callee, FETCH_MODULES)) {
    const init = args[1];
    return {
      node: call,
      library: callee.kind === 'external' && callee.module === 'undici' ? 'undici' : 'fetch',
      method: staticMethod(origins, propertyOf(origins, init, 'method')?.value) ?? (propertyOf(origins, init, 'method') ? undefined : 'GET'),
      url: args[0] ? urlPatternOf(origins, args[0]) : undefined,
      body: propertyOf(origins, init, 'body')?.value,
      headers: headerEntriesOf(origins, propertyOf(origins, init, 'headers')?.value),
    };
  }
  if (OriginService.isExternal(callee, 'undici', ['request'])) {
    const options = args[1];
    return {
      node: call,
      library: 'undici',
      method: staticMethod(origins, propertyOf(origins, options, 'method')?.value) ?? (propertyOf(origins, options, 'method') ? undefined : 'GET'),
      url: args[0] ? urlPatternOf(origins, args[0]) : undefined,
      body: propertyOf(origins, options, 'body')?.value,
      headers: headerEntriesOf(origins, propertyOf(origins, options, 'headers')?.value),
    };
  }
  if (OriginService.isExternal(callee, GLOBAL_MODULE, ['UrlFetchApp', 'fetch'])) {
    const options = args[1];
    return {
      node: call,
      library: 'urlfetchapp',
      method: staticMethod(origins, propertyOf(origins, options, 'method')?.value) ?? 'GET',
      url: args[0] ? urlPatternOf(origins, args[0]) : undefined,
      body: propertyOf(origins, options, 'payload')?.value,
      headers: headerEntriesOf(origins, propertyOf(origins, options, 'headers')?.value),
    };
  }
  // axios / got / ky (module functions or instances).
  let library: 'axios' | 'got' | 'ky' | undefined;
  let verb: string | undefined;
  let instance: Instance | undefined;
  if (callee.kind === 'external' && (callee.module === 'axios' || callee.module === 'got' || callee.module === 'ky')) {
    library = callee.module as 'axios' | 'got' | 'ky';
    if (callee.path.length === 0 || (callee.path.length === 1 && callee.path[0] === 'default')) verb = undefined;
    else if (callee.path.length === 1) verb = callee.path[0];
    else return undefined;
  }
  else if (ts.isCallExpression(call) && isAccess(calleeNode)) {
    instance = instanceOf(origins, calleeNode.expression);
    if (instance) {
      library = instance.library;
      verb = accessedName(calleeNode);
    }
  }
  if (!library && ts.isIdentifier(calleeNode)) {
    instance = instanceOf(origins, calleeNode);
    if (instance) library = instance.library;
  }
  if (library === 'axios') {
    let config: ts.Expression | undefined;
    let url: ts.Expression | undefined;
    let data: ts.Expression | undefined;
    let method: string | undefined;
    if (verb === undefined || verb === 'request') {
      if (args[0] && objectLiteralOf(origins, args[0])) config = args[0];
      else {
        url = args[0];
        config = args[1];
      }
      url ??= propertyOf(origins, config, 'url')?.value;
      data = propertyOf(origins, config, 'data')?.value;
      const m = propertyOf(origins, config, 'method');
      method = m ? staticMethod(origins, m.value) : 'GET';
    }
    else if (AXIOS_VERBS.has(verb)) {
      url = args[0];
      const base = verb.replace(/Form$/, '');
      if (BODY_VERBS.has(base)) {
        data = args[1];
        config = args[2];
      }
      else {
        config = args[1];
      }
      method = base.toUpperCase();
    }
    else {
      return undefined;
    }
    const base = propertyOf(origins, config, 'baseURL')?.value ?? instance?.base;
    return {
      node: call,
      library,
      method,
      url: withBase(origins, base, url),
      body: data,
      headers: [...(instance?.headers ?? []), ...headerEntriesOf(origins, propertyOf(origins, config, 'headers')?.value)],
      query: propertyOf(origins, config, 'params')?.value,
    };
  }
  if (library === 'got' || library === 'ky') {
    let url: ts.Expression | undefined;
    let options: ts.Expression | undefined;
    if (verb !== undefined && !GOT_VERBS.has(verb)) return undefined;
    if (args[0] && objectLiteralOf(origins, args[0]) && library === 'got') options = args[0];
    else {
      url = args[0];
      options = args[1];
    }
    url ??= propertyOf(origins, options, 'url')?.value;
    const m = propertyOf(origins, options, 'method');
    const method = verb ? verb.toUpperCase() : m ? staticMethod(origins, m.value) : 'GET';
    const body = propertyOf(origins, options, 'form')?.value ?? propertyOf(origins, options, 'json')?.value ?? propertyOf(origins, options, 'body')?.value;
    const base = propertyOf(origins, options, 'prefixUrl')?.value ?? instance?.base;
    return {
      node: call,
      library,
      method,
      url: withBase(origins, base, url),
      body,
      headers: [...(instance?.headers ?? []), ...headerEntriesOf(origins, propertyOf(origins, options, 'headers')?.value)],
      query: propertyOf(origins, options, 'searchParams')?.value,
    };
  }
  // superagent: `request.post(url)` / `superagent('POST', url)` then `.set/.send/.type` up the chain.
  if (callee.kind === 'external' && callee.module === 'superagent') {
    let method: string | undefined;
    let url: ts.Expression | undefined;
    if (callee.path.length === 1 && SUPERAGENT_VERBS.has(callee.path[0]!)) {
      method = callee.path[0] === 'del' ? 'DELETE' : callee.path[0]!.toUpperCase();
      url = args[0];
    }
    else if (callee.path.length === 0 && args.length >= 2) {
      method = staticMethod(origins, args[0]);
      url = args[1];
    }
    else {
      return undefined;
    }
    const headers: HeaderEntry[] = [];
    let body: ts.Expression | undefined;
    let query: ts.Expression | undefined;
    let current: ts.Expression = call;
    while (ts.isPropertyAccessExpression(current.parent) && ts.isCallExpression(current.parent.parent) && current.parent.parent.expression === current.parent) {
      const link = current.parent.parent;
      const name = current.parent.name.text;
      if (name === 'set' && link.arguments[0]) {
        const key = origins.staticString(link.arguments[0]);
        if (key !== undefined && link.arguments[1]) headers.push({ name: key.toLowerCase(), value: link.arguments[1], node: link });
        else if (key === undefined) headers.push(...headerEntriesOf(origins, link.arguments[0]));
      }
      else if (name === 'send' && link.arguments[0]) {
        body = link.arguments[0];
      }
      else if (name === 'query' && link.arguments[0]) {
        query = link.arguments[0];
      }
      current = link;
    }
    return { node: call, library: 'superagent', method, url: url ? urlPatternOf(origins, url) : undefined, body, headers, query };
  }
  // request / request-promise.
  if (callee.kind === 'external' && REQUEST_MODULES.includes(callee.module) && callee.path.length <= 1) {
    const verbName = callee.path[0];
    if (verbName !== undefined && !GOT_VERBS.has(verbName)) return undefined;
    let url: ts.Expression | undefined;
    let options: ts.Expression | undefined;
    if (args[0] && objectLiteralOf(origins, args[0])) options = args[0];
    else {
      url = args[0];
      options = args[1] && objectLiteralOf(origins, args[1]) ? args[1] : undefined;
    }
    url ??= propertyOf(origins, options, 'url')?.value ?? propertyOf(origins, options, 'uri')?.value;
    const m = propertyOf(origins, options, 'method');
    return {
      node: call,
      library: 'request',
      method: verbName ? verbName.toUpperCase() : m ? staticMethod(origins, m.value) : 'GET',
      url: withBase(origins, propertyOf(origins, options, 'baseUrl')?.value, url),
      body: propertyOf(origins, options, 'form')?.value ?? propertyOf(origins, options, 'body')?.value ?? propertyOf(origins, options, 'json')?.value,
      headers: headerEntriesOf(origins, propertyOf(origins, options, 'headers')?.value),
      query: propertyOf(origins, options, 'qs')?.value,
    };
  }
  // node:http(s) request/get: (url, options?, cb?) or (options, cb?).
  if (callee.kind === 'external' && NODE_HTTP_MODULES.includes(callee.module) && callee.path.length === 1 && (callee.path[0] === 'request' || callee.path[0] === 'get')) {
    let url: UrlPattern | undefined;
    let options: ts.Expression | undefined;
    if (args[0] && objectLiteralOf(origins, args[0])) options = args[0];
    else {
      if (args[0]) url = urlPatternOf(origins, args[0]);
      options = args[1] && objectLiteralOf(origins, args[1]) ? args[1] : undefined;
    }
    if (!url && options) {
      const host = propertyOf(origins, options, 'hostname')?.value ?? propertyOf(origins, options, 'host')?.value;
      const path = propertyOf(origins, options, 'path')?.value;
      const protocol = callee.module === 'https' ? 'https://' : 'http://';
      const parts: (string | Hole)[] = [protocol, ...(host ? urlPatternOf(origins, host).parts : [{ expression: options }]), ...(path ? urlPatternOf(origins, path).parts : [])];
      url = { parts: mergeParts(parts), expression: path ?? options };
    }
    const m = propertyOf(origins, options, 'method');
    return {
      node: call,
      library: 'node-http',
      method: callee.path[0] === 'get' ? 'GET' : m ? staticMethod(origins, m.value) : 'GET',
      url,
      body: nodeRequestBody(call),
      headers: headerEntriesOf(origins, propertyOf(origins, options, 'headers')?.value),
    };
  }
  return undefined;
}
/** `const req = https.request(...); req.write(body); req.end()` → `body`. */
function nodeRequestBody(call: ts.CallExpression): ts.Expression | undefined {
  const decl = call.parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
  const name = decl.name.text;
  const scope = enclosingFunction(decl) ?? decl.getSourceFile();
  let body: ts.Expression | undefined;
  walk(scope, (node) => {
    if (body) return false;
    if (ts.isCallExpression(node) && isAccess(unwrap(node.expression))) {
      const method = calleeName(node);
      const target = unwrap((unwrap(node.expression) as ts.AccessExpression).expression);
      if ((method === 'write' || method === 'end') && ts.isIdentifier(target) && target.text === name && node.arguments[0]) body = node.arguments[0];
    }
    return undefined;
  });
  return body;
}
// ---------------------------------------------------------------- the project index
/** Every HTTP call of the project, recognised once per file on first use. */
export class HttpCallIndex {
  private readonly byFile = new Map<string, HttpCall[]>();
  private allCalls?: HttpCall[];

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
  ) {}

  inFile(file: ProjectFile): HttpCall[] {
    let calls = this.byFile.get(file.path);
    if (calls) return calls;
    calls = [] as HttpCall[];
    if (HINT.test(file.text)) {
      const found = calls;
      walk(file.sourceFile, (node) => {
        if (ts.isCallExpression(node)) {
          const call = httpCallOf(this.origins, node);
          if (call) found.push(call);
        }
      });
    }
    this.byFile.set(file.path, calls);
    return calls;
  }
  all(): HttpCall[] {
    this.allCalls ??= this.project.allFiles().flatMap((file) => this.inFile(file));
    return this.allCalls;
  }
  /** The recognised call at `node`, if `node` is one. */
  at(node: ts.Node): HttpCall | undefined {
    const file = this.project.fileOf(node);
    if (!file) return undefined;
    return this.inFile(file).find((call) => call.node === node);
  }
}
/** The shape of ProjectFacts this module needs (kept structural so the domain layer does not import the engine). */
export interface SharedFacts {
  project: SourceProject;
  origins: OriginService;
  shared<T>(key: string, compute: () => T): T;
}
/** The project's HTTP call index, computed once per run. */
export function sharedHttpCalls(facts: SharedFacts): HttpCallIndex {
  return facts.shared('http-calls', () => new HttpCallIndex(facts.project, facts.origins));
}
