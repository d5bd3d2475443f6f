/** Express (and `express.Router`): `app.post(path, ...middleware, handler)`, `app.use(...)` mounts. */
import { OriginService } from '../project/origin.js';
import { routerAdapter } from './routing.js';

export const expressAdapter = routerAdapter({
  id: 'express',
  style: 'node',
  textHint: /\bexpress\b|\bRouter\b/,
  isCreation(node, origins) {
    const callee = origins.resolve(node.expression);
    return OriginService.isExternal(callee, 'express', []) || OriginService.isExternal(callee, 'express', ['Router']);
  },
  routeMethods: new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'head']),
  mountMethods: new Set(['use']),
});
