/** Hono on Node, Workers, Deno and Bun: `app.post(path, ...middleware, handler)`, `app.use`, `app.route`. */
import { OriginService } from '../project/origin.js';
import { routerAdapter } from './routing.js';

export const honoAdapter = routerAdapter({
  id: 'hono',
  style: 'hono',
  textHint: /\bHono\b/,
  isCreation(node, origins) {
    const callee = origins.resolve(node.expression);
    return OriginService.isExternal(callee, ['hono', 'hono/quick', 'hono/tiny'], ['Hono']);
  },
  routeMethods: new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options']),
  mountMethods: new Set(['use', 'route']),
  genericRouteMethod: 'on',
  derivedAppMethods: new Set(['basePath']),
});
