/**
 * Next.js pages API routes (`pages/api/**`, default export `handler(req, res)`) and Vercel Node functions
 * (`api/**` with `@vercel/node`). Next.js parses the body unless the file exports
 * `config = { api: { bodyParser: false } }`; that parser is the first step of the chain. Connect
 * middleware run through a helper (`await runMiddleware(req, res, middleware(config))`) joins the chain.
 */
import { ts, walkSameFunction } from '../project/ast.js';
import type { AdapterContext, ChainStep, Endpoint, FrameworkAdapter } from './types.js';
import { functionOf, handlerFunctionOf, objectLiteralOf, propertyValue, booleanLiteral, dependsOn, propertyNode } from './shared.js';

const PAGES_API = /(^|\/)(src\/)?pages\/api\/.+\.[cm]?[jt]sx?$/;
const VERCEL_API = /(^|\/)api\/.+\.[cm]?[jt]s$/;

export const nextPagesAdapter: FrameworkAdapter = {
  id: 'next-pages',
  mayMatch: (file) => PAGES_API.test(file.relative) || (VERCEL_API.test(file.relative) && (dependsOn(file, '@vercel/node', 'vercel') || /@vercel\/node/.test(file.text))),
  endpoints(file, context) {
    const { project, origins } = context;
    const info = project.module(file.path);
    const entry = info?.exports.get('default');
    if (!entry || entry.kind !== 'local') return [];
    const handler = handlerFunctionOf(origins, ts.isExpression(entry.node as ts.Expression) ? (entry.node as ts.Expression) : undefined) ?? functionOf(origins, (entry.node as ts.FunctionDeclaration).name);
    const value = origins.exportOf(file.path, 'default');
    const fn = handler ?? (value.kind === 'function' && !ts.isClassLike(value.node) ? value.node : undefined);
    if (!fn || fn.parameters.length < 1) return [];
    const isPages = PAGES_API.test(file.relative);
    const chain: ChainStep[] = [];
    if (isPages) {
      const configValue = origins.exportOf(file.path, 'config');
      const config = configValue.kind === 'expression' && ts.isObjectLiteralExpression(configValue.node) ? configValue.node : undefined;
      const api = objectLiteralOf(origins, propertyValue(config, 'api'));
      const bodyParser = propertyValue(api, 'bodyParser');
      const switchedOff = bodyParser !== undefined && (booleanLiteral(bodyParser) === false || staticFalse(origins, bodyParser));
      if (!switchedOff) {
        const node = (propertyNode(api, 'bodyParser') as ts.Node | undefined) ?? (entry.node as ts.Node);
        chain.push({ node: node as ts.Expression, role: { kind: 'body-parser', format: 'json', capturesRaw: false } });
      }
    }
    chain.push(...invokedMiddleware(fn, context));
    const route = '/' + file.relative.replace(/^(src\/)?(pages\/)?/, '').replace(/(\/index)?\.[^/.]+$/, '');
    let registration: ts.Node = entry.node;
    if (registration.parent && ts.isExportAssignment(registration.parent)) registration = registration.parent;
    const endpoint: Endpoint = {
      framework: isPages ? 'next-pages' : 'vercel',
      registration,
      route,
      chain,
      handler: fn,
      style: 'node',
      answer: 'respond-call',
      host: isPages ? 'next' : 'vercel',
    };
    return [endpoint];
  },
};

function staticFalse(origins: import('../project/origin.js').OriginService, expression: ts.Expression): boolean {
  const value = origins.resolve(expression);
  return value.kind === 'expression' && value.node.kind === ts.SyntaxKind.FalseKeyword;
}

/** Connect middleware the handler runs itself: `runMiddleware(req, res, mw)`, `mw(req, res, cb)`. */
function invokedMiddleware(fn: import('../project/ast.js').FunctionLike, context: AdapterContext): ChainStep[] {
  const steps: ChainStep[] = [];
  if (!fn.body) return steps;
  walkSameFunction(fn.body, (node) => {
    if (!ts.isCallExpression(node)) return;
    for (const arg of node.arguments) {
      const role = context.classifyMiddleware(arg);
      if (role.kind === 'line-sdk-middleware' || role.kind === 'verifying-package') steps.push({ node: arg, role });
    }
    // `middleware(config)(req, res, next)` is recognised by the signature analysis itself.
  });
  return steps;
}
