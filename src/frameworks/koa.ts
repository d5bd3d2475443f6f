/**
 * Koa with `@koa/router` / `koa-router`: `router.post(path, ...middleware, handler)`, `app.use(mw)`,
 * `app.use(router.routes())`, and plain app middleware that serves the webhook itself
 * (`app.use(async (ctx) => { ... })`). Handlers are `(ctx, next)`; the answer goes out when the
 * middleware settles.
 */
import { ts, unwrap, walk, isAccess, accessedName, calleeName } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import { routerAdapter } from './routing.js';
import { functionOf } from './shared.js';
import type { ChainStep, Endpoint, FrameworkAdapter } from './types.js';

const ROUTER_MODULES = ['@koa/router', 'koa-router'];

function isKoaApp(node: ts.Node, origins: OriginService): boolean {
  if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return false;
  const callee = origins.resolve(node.expression);
  return OriginService.isExternal(callee, 'koa', []) || OriginService.isExternal(callee, 'koa', ['default']) || OriginService.isExternal(callee, 'koa', ['Koa']);
}

const base = routerAdapter({
  id: 'koa',
  style: 'koa',
  textHint: /\bkoa\b|@koa\/router|koa-router/i,
  isCreation(node, origins) {
    const callee = origins.resolve(node.expression);
    return (
      ROUTER_MODULES.some((m) => OriginService.isExternal(callee, m, []) || OriginService.isExternal(callee, m, ['Router']) || OriginService.isExternal(callee, m, ['default'])) ||
      isKoaApp(node, origins)
    );
  },
  routeMethods: new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head']),
  mountMethods: new Set(['use']),
  derivedAppMethods: new Set(['routes', 'middleware', 'allowedMethods']),
});

/** Middleware that passes on (`await next()`) is not where the request ends. */
function callsNext(fn: import('../project/ast.js').FunctionLike): boolean {
  const next = fn.parameters[1];
  if (!next || !ts.isIdentifier(next.name)) return false;
  const name = next.name.text;
  let found = false;
  walk(fn, (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) found = true;
  });
  return found;
}

export const koaAdapter: FrameworkAdapter = {
  id: 'koa',
  mayMatch: base.mayMatch,
  endpoints(file, context) {
    const { origins, classifyMiddleware } = context;
    const endpoints: Endpoint[] = base.endpoints(file, context).map((endpoint) => ({ ...endpoint, answer: 'settle', host: 'server' }));
    // `app.use(async (ctx, next) => ...)` on a Koa app: every middleware before it is its chain.
    const uses = new Map<ts.Node, ChainStep[]>();
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node) || node.arguments.length !== 1) return;
      const callee = unwrap(node.expression);
      if (!isAccess(callee) || accessedName(callee) !== 'use') return;
      const app = origins.resolve(callee.expression);
      if (app.kind !== 'expression' || !isKoaApp(app.node, origins)) return;
      const arg = node.arguments[0]!;
      let chain = uses.get(app.node);
      if (!chain) uses.set(app.node, (chain = []));
      const fn = functionOf(origins, arg);
      if (fn && fn.parameters.length >= 1 && !callsNext(fn)) {
        endpoints.push({ framework: 'koa', registration: node, chain: [...chain], handler: fn, style: 'koa', answer: 'settle', host: 'server', app: app.node });
      }
      // `app.use(router.routes())` mounts routes; it is not middleware of later app middleware.
      const mounted = unwrap(arg);
      if (ts.isCallExpression(mounted) && ['routes', 'middleware', 'allowedMethods'].includes(calleeName(mounted) ?? '')) return;
      chain.push({ node: arg, role: classifyMiddleware(arg) });
    });
    return endpoints;
  },
};
