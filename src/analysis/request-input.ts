/**
 * Reads of HTTP request input across frameworks: body, query, route params, headers, cookies and the
 * server-side session. Express/Connect (`req.body.x`, `req.query.x`), Koa (`ctx.request.body`,
 * `ctx.query`, `ctx.cookies.get`), Hono (`c.req.query('x')`, `await c.req.json()`), fetch-style handlers
 * (`await request.json()`, `new URL(request.url).searchParams.get('x')`, `request.nextUrl.searchParams`,
 * `request.cookies.get`, `cookies().get`), Lambda (`JSON.parse(event.body)`, `event.queryStringParameters`)
 * and NestJS parameter decorators (`@Body('x')`, `@Query() q`).
 */
import { ts, unwrap, unwrapAwait, accessedName, isAccess, calleeName, propertyNameText } from '../project/ast.js';
import { OriginService, GLOBAL_MODULE, type Origin } from '../project/origin.js';

export type InputSource = 'body' | 'query' | 'params' | 'headers' | 'cookies' | 'session';

export interface RequestRead {
  source: InputSource;
  /** The key read, when the read picks one value. */
  key?: string;
}

const REQUEST_NAMES = /^(req|request|ctx|context|c|event|evt|r|httpRequest|incoming)$/;
const CONTAINERS: Record<string, InputSource> = {
  body: 'body',
  query: 'query',
  params: 'params',
  headers: 'headers',
  cookies: 'cookies',
  signedCookies: 'cookies',
  session: 'session',
  queryStringParameters: 'query',
  multiValueQueryStringParameters: 'query',
  pathParameters: 'params',
};
const NEST_DECORATORS: Record<string, InputSource> = { Body: 'body', Query: 'query', Param: 'params', Headers: 'headers', Session: 'session', Cookies: 'cookies' };
const BODY_READERS = new Set(['json', 'formData', 'parseBody']);

/** A request-like parameter: `req`, `request`, `ctx`, `c`, `event`, ... (framework-provided, no known caller). */
function isRequestParameter(origin: Origin): origin is Extract<Origin, { kind: 'parameter' }> {
  return origin.kind === 'parameter' && ts.isIdentifier(origin.node.name) && REQUEST_NAMES.test(origin.node.name.text);
}

/** The container a member path of a request-like parameter names: `['body']`, `['request','body']`, `['req','query']`. */
function containerOfPath(path: readonly string[]): { source: InputSource; rest: string[] } | undefined {
  let i = 0;
  // Koa `ctx.request.body`, Hono `c.req`, Next `request.nextUrl.searchParams`.
  while (i < path.length && (path[i] === 'request' || path[i] === 'req')) i++;
  const name = path[i];
  if (name === undefined) return undefined;
  const source = CONTAINERS[name];
  if (!source) return undefined;
  return { source, rest: path.slice(i + 1) };
}

function nestDecorator(param: ts.ParameterDeclaration): { source: InputSource; key?: string } | undefined {
  for (const decorator of ts.getDecorators(param) ?? []) {
    const expr = decorator.expression;
    if (!ts.isCallExpression(expr)) continue;
    const name = calleeName(expr);
    const source = name ? NEST_DECORATORS[name] : undefined;
    if (!source) continue;
    const arg = expr.arguments[0];
    return { source, key: arg && ts.isStringLiteralLike(arg) ? arg.text : undefined };
  }
  return undefined;
}

/** Is `expression` a whole request-input container (`req.body`, `await request.json()`, `url.searchParams`)? */
export function requestContainerOf(origins: OriginService, expression: ts.Expression, depth = 0): InputSource | undefined {
  if (depth > 8) return undefined;
  const node = unwrapAwait(expression);
  if (ts.isCallExpression(node)) {
    const name = calleeName(node);
    const callee = unwrap(node.expression);
    // `await request.json()`, `await c.req.json()`, `await request.formData()`.
    if (name && BODY_READERS.has(name) && isAccess(callee) && node.arguments.length === 0 && isRequestValue(origins, callee.expression)) return 'body';
    // `JSON.parse(event.body)`, `JSON.parse(await request.text())`.
    if (OriginService.isExternal(origins.resolve(node.expression), GLOBAL_MODULE, ['JSON', 'parse']) && node.arguments[0]) {
      const inner = unwrapAwait(node.arguments[0]);
      if (ts.isCallExpression(inner) && calleeName(inner) === 'text' && isAccess(unwrap(inner.expression)) && isRequestValue(origins, (unwrap(inner.expression) as ts.AccessExpression).expression)) return 'body';
      return requestContainerOf(origins, inner, depth + 1) === 'body' ? 'body' : undefined;
    }
    // `cookies()` / `headers()` from next/headers.
    if (OriginService.isExternal(origins.resolve(node.expression), 'next', ['cookies'])) return 'cookies';
    if (OriginService.isExternal(origins.resolve(node.expression), 'next', ['headers'])) return 'headers';
    return undefined;
  }
  if (isAccess(node)) {
    const name = accessedName(node);
    // `new URL(request.url).searchParams`, `request.nextUrl.searchParams`, `url.searchParams`.
    if (name === 'searchParams') {
      const base = unwrapAwait(node.expression);
      if (isAccess(base) && accessedName(base) === 'nextUrl') return 'query';
      const made = constructionOf(origins, base);
      if (made && made.arguments?.[0] && isRequestUrl(origins, made.arguments[0])) return 'query';
      return undefined;
    }
    if (name && CONTAINERS[name]) {
      const origin = origins.resolve(node);
      if (origin.kind === 'parameter' && isRequestParameter(origin)) {
        const container = containerOfPath(origin.path);
        if (container && container.rest.length === 0) return container.source;
      }
      // `ctx.request.body` where ctx resolves through a helper's parameter.
      if (isRequestValue(origins, node.expression)) return CONTAINERS[name];
    }
    return undefined;
  }
  if (ts.isIdentifier(node)) {
    const declaration = origins.declarationOf(node);
    if (declaration?.kind === 'parameter') {
      const decorated = nestDecorator(declaration.node);
      if (decorated && !decorated.key && declaration.path.length === 0) return decorated.source;
      const origin = origins.resolve(node);
      if (isRequestParameter(origin)) {
        const container = containerOfPath(origin.path);
        if (container && container.rest.length === 0) return container.source;
      }
      return undefined;
    }
    if (declaration?.kind === 'variable' && declaration.node.initializer && declaration.path.length === 0) {
      return requestContainerOf(origins, declaration.node.initializer, depth + 1);
    }
    if (declaration?.kind === 'variable' && declaration.node.initializer && declaration.path.length === 1) {
      // `const { body } = req`, `const { searchParams } = new URL(request.url)`.
      const init = unwrapAwait(declaration.node.initializer);
      const key = declaration.path[0]!;
      if (key === 'searchParams') {
        const made = constructionOf(origins, init);
        if (made?.arguments?.[0] && isRequestUrl(origins, made.arguments[0])) return 'query';
        if (isAccess(init) && accessedName(init) === 'nextUrl') return 'query';
      }
      if (CONTAINERS[key] && isRequestValue(origins, init)) return CONTAINERS[key];
    }
  }
  return undefined;
}

function constructionOf(origins: OriginService, expression: ts.Expression): ts.NewExpression | undefined {
  const node = unwrapAwait(expression);
  if (ts.isNewExpression(node) && calleeName(node) === 'URL') return node;
  const origin = origins.resolve(node);
  if (origin.kind === 'expression' && ts.isNewExpression(origin.node) && calleeName(origin.node) === 'URL') return origin.node;
  return undefined;
}

/** `request.url`, `req.url`, `req.originalUrl`. */
function isRequestUrl(origins: OriginService, expression: ts.Expression): boolean {
  const node = unwrapAwait(expression);
  if (isAccess(node) && ['url', 'originalUrl'].includes(accessedName(node) ?? '')) return isRequestValue(origins, node.expression);
  if (ts.isIdentifier(node)) {
    const origin = origins.resolve(node);
    if (origin.kind === 'expression' && origin.node !== node) return isRequestUrl(origins, origin.node);
  }
  return false;
}

/** Is this value the request object itself (or Hono's `c.req`, Koa's `ctx.request`)? */
export function isRequestValue(origins: OriginService, expression: ts.Expression): boolean {
  const origin = origins.resolve(unwrapAwait(expression));
  if (!isRequestParameter(origin)) return false;
  return origin.path.every((p) => p === 'req' || p === 'request');
}

/** If `expression` reads one value of request input (`req.body.userId`, `c.req.query('state')`, ...), which. */
export function requestReadOf(origins: OriginService, expression: ts.Expression): RequestRead | undefined {
  const node = unwrapAwait(expression);
  if (isAccess(node)) {
    const name = accessedName(node);
    if (name === undefined) return undefined;
    const container = requestContainerOf(origins, node.expression);
    if (container) return { source: container, key: name };
    const origin = origins.resolve(node);
    if (isRequestParameter(origin)) {
      const found = containerOfPath(origin.path);
      if (found && found.rest.length === 1) return { source: found.source, key: found.rest[0] };
    }
    return undefined;
  }
  if (ts.isCallExpression(node)) {
    const name = calleeName(node);
    const callee = unwrap(node.expression);
    const keyArg = node.arguments[0];
    const key = keyArg ? origins.staticString(keyArg) : undefined;
    if (!isAccess(callee) || key === undefined) return undefined;
    const receiver = callee.expression;
    if (name === 'get') {
      const container = requestContainerOf(origins, receiver);
      if (container) return { source: container, key };
      // `formData.get('x')` where formData = await request.formData().
      return undefined;
    }
    // Hono `c.req.query('x')`, `c.req.param('x')`, `c.req.header('x')`; Express `req.get('x')`, `req.header('x')`.
    if (isRequestValue(origins, receiver)) {
      if (name === 'query') return { source: 'query', key };
      if (name === 'param') return { source: 'params', key };
      if (name === 'header' || name === 'get') return { source: 'headers', key };
      if (name === 'cookie') return { source: 'cookies', key };
    }
    return undefined;
  }
  if (ts.isIdentifier(node)) {
    const declaration = origins.declarationOf(node);
    if (declaration?.kind === 'parameter') {
      const decorated = nestDecorator(declaration.node);
      if (decorated?.key && declaration.path.length === 0) return { source: decorated.source, key: decorated.key };
      if (decorated && !decorated.key && declaration.path.length === 1) return { source: decorated.source, key: declaration.path[0] };
      const origin = origins.resolve(node);
      if (isRequestParameter(origin)) {
        const found = containerOfPath(origin.path);
        if (found && found.rest.length === 1) return { source: found.source, key: found.rest[0] };
      }
      return undefined;
    }
    if (declaration?.kind === 'variable' && declaration.node.initializer) {
      if (declaration.path.length === 0) return requestReadOf(origins, declaration.node.initializer);
      if (declaration.path.length === 1) {
        const container = requestContainerOf(origins, declaration.node.initializer);
        if (container) return { source: container, key: declaration.path[0] };
      }
    }
  }
  return undefined;
}

/** The key a binding element reads (`const { userId: id } = req.body` → `userId`). */
export function bindingKey(element: ts.BindingElement): string | undefined {
  return propertyNameText(element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined));
}
