/** node:http / node:https `createServer(handler)` and `server.on('request', handler)`. */
import { ts, unwrap, walk, accessedName, isAccess } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { Endpoint, FrameworkAdapter } from './types.js';

const HTTP_MODULES = ['http', 'https', 'http2'];

export const nodeHttpAdapter: FrameworkAdapter = {
  id: 'node-http',
  mayMatch: (file) => /createServer|\bon\(\s*['"]request/.test(file.text),
  endpoints(file, { origins, classifyMiddleware }) {
    const endpoints: Endpoint[] = [];
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = origins.resolve(node.expression);
      const isCreate = HTTP_MODULES.some((m) => OriginService.isExternal(callee, m, ['createServer']));
      const isOnRequest =
        isAccess(unwrap(node.expression)) &&
        accessedName(unwrap(node.expression)) === 'on' &&
        node.arguments[0] !== undefined &&
        origins.staticString(node.arguments[0]) === 'request';
      if (!isCreate && !isOnRequest) return;
      const handlerArg = [...node.arguments].reverse().find((arg) => {
        const origin = origins.resolve(arg);
        return origin.kind === 'function' || classifyMiddleware(arg).kind === 'runtime-handler';
      });
      if (!handlerArg) return;
      const role = classifyMiddleware(handlerArg);
      // `createServer(app)` with an Express app: the Express adapter owns those routes.
      const origin = origins.resolve(handlerArg);
      if (origin.kind === 'expression') return;
      endpoints.push({
        framework: 'node-http',
        registration: node,
        chain: [],
        handler: role.kind === 'function' ? role.fn : undefined,
        handlerRole: role.kind === 'function' ? undefined : role,
        style: 'node',
      });
    });
    return endpoints;
  },
};
