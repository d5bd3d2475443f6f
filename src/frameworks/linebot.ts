/**
 * The `linebot` library: `bot.listen(path, port)` serves the webhook with its own server, and
 * `bot.parser()` is an Express handler (mounted by the Express adapter). Both verify the signature
 * (unless `verify: false`), answer 200 at once and emit single events to `bot.on(type, handler)`.
 */
import { ts, walk, unwrap, isAccess, accessedName } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import { LINEBOT } from '../platform/libraries.js';
import type { Endpoint, FrameworkAdapter } from './types.js';

/** Is `expression` a bot made by `linebot(...)`? */
export function isLinebotInstance(origins: OriginService, expression: ts.Expression): boolean {
  const value = origins.resolve(expression);
  return value.kind === 'expression' && ts.isCallExpression(value.node) && OriginService.isExternal(origins.resolve(value.node.expression), LINEBOT.module, []);
}

/** `bot.parser()` of a linebot bot. */
export function isLinebotParser(origins: OriginService, expression: ts.Expression): boolean {
  const value = origins.resolve(expression);
  const call = value.kind === 'expression' && ts.isCallExpression(value.node) ? value.node : undefined;
  if (!call) return false;
  const callee = unwrap(call.expression);
  return isAccess(callee) && accessedName(callee) === LINEBOT.parserMethod && isLinebotInstance(origins, callee.expression);
}

export const linebotAdapter: FrameworkAdapter = {
  id: 'linebot',
  mayMatch: (file) => /\blinebot\b/.test(file.text) && /\.listen\s*\(/.test(file.text),
  endpoints(file, { origins }) {
    const endpoints: Endpoint[] = [];
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = unwrap(node.expression);
      if (!isAccess(callee) || accessedName(callee) !== LINEBOT.listenMethod || !isLinebotInstance(origins, callee.expression)) return;
      const route = node.arguments[0] ? origins.staticString(node.arguments[0]) : undefined;
      endpoints.push({
        framework: 'linebot',
        registration: node,
        method: 'POST',
        route,
        chain: [],
        handlerRole: { kind: 'verifying-package' },
        style: 'library',
        answer: 'library',
        host: 'server',
      });
    });
    return endpoints;
  },
};
