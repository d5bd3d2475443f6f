/**
 * Fetch-style handlers outside a router: Cloudflare Workers modules (`export default { fetch(request, env,
 * ctx) }`), Pages Functions (`export const onRequestPost = (context) => ...` under `functions/`),
 * `Deno.serve(handler)` and std `serve(handler)` (Deno Deploy, Supabase edge functions), and
 * `Bun.serve({ fetch, routes })`. Each answers with the `Response` it returns.
 */
import { ts, walk, unwrap, type FunctionLike } from '../project/ast.js';
import { OriginService, GLOBAL_MODULE } from '../project/origin.js';
import type { ProjectFile } from '../project/project.js';
import type { Endpoint, FrameworkAdapter, HostPlatform } from './types.js';
import { functionOf, objectLiteralOf, propertyValue, propertyNode, dependsOn } from './shared.js';

const PAGES_FUNCTION = /(^|\/)functions\/.+\.[cm]?[jt]s$/;
const PAGES_EXPORTS = new Set(['onRequest', 'onRequestPost']);
const DENO_STD_SERVE = /deno\.land\/std[^'"]*\/http\/server(\.ts)?$|^jsr:@std\/http|^@std\/http/;

function isSupabase(file: ProjectFile): boolean {
  return /(^|\/)supabase\/functions\//.test(file.relative);
}

function fetchEndpoint(framework: string, host: HostPlatform, registration: ts.Node, handler: FunctionLike, route?: string): Endpoint {
  return { framework, registration, method: 'POST', route, chain: [], handler, style: 'fetch', answer: 'return', host };
}

/** `export default { fetch }` (Workers / Bun module syntax). */
function defaultExportObject(file: ProjectFile, context: Parameters<FrameworkAdapter['endpoints']>[1]): Endpoint[] {
  const { origins } = context;
  const value = origins.exportOf(file.path, 'default');
  if (value.kind !== 'expression' || !ts.isObjectLiteralExpression(value.node)) return [];
  const fetchValue = propertyValue(value.node, 'fetch');
  const handler = functionOf(origins, fetchValue);
  if (!handler) return [];
  const isBun = dependsOn(file, '@types/bun', 'bun-types') || /\bBun\./.test(file.text);
  const registration = (propertyNode(value.node, 'fetch') as ts.Node | undefined) ?? value.node;
  return [fetchEndpoint(isBun ? 'bun' : 'workers', isBun ? 'server' : 'workers', registration, handler)];
}

function pagesFunctions(file: ProjectFile, context: Parameters<FrameworkAdapter['endpoints']>[1]): Endpoint[] {
  const { project, origins } = context;
  if (!PAGES_FUNCTION.test(file.relative) || isSupabase(file)) return [];
  const info = project.module(file.path);
  const endpoints: Endpoint[] = [];
  for (const name of PAGES_EXPORTS) {
    const entry = info?.exports.get(name);
    if (!entry || entry.kind !== 'local') continue;
    const handler = functionOf(origins, ts.isVariableDeclaration(entry.node) ? entry.node.initializer : (entry.node as ts.FunctionDeclaration).name);
    if (!handler || handler.parameters.length > 1) continue;
    const route = '/' + file.relative.replace(/^(.*\/)?functions\//, '').replace(/(\/index)?\.[^/.]+$/, '');
    endpoints.push(fetchEndpoint('pages-functions', 'pages-functions', entry.node, handler, route));
  }
  return endpoints;
}

function serveCalls(file: ProjectFile, context: Parameters<FrameworkAdapter['endpoints']>[1]): Endpoint[] {
  const { project, origins } = context;
  const endpoints: Endpoint[] = [];
  const info = project.module(file.path);
  walk(file.sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    const origin = origins.resolve(callee);
    const isDenoServe = OriginService.isExternal(origin, GLOBAL_MODULE, ['Deno', 'serve']);
    const isBunServe = OriginService.isExternal(origin, GLOBAL_MODULE, ['Bun', 'serve']);
    const isStdServe = ts.isIdentifier(callee) && !!info?.imports.get(callee.text) && DENO_STD_SERVE.test(info.imports.get(callee.text)!.specifier) && info.imports.get(callee.text)!.imported === 'serve';
    if (!isDenoServe && !isBunServe && !isStdServe) return;
    const framework = isBunServe ? 'bun' : isSupabase(file) ? 'supabase' : 'deno';
    const host: HostPlatform = isBunServe ? 'server' : isSupabase(file) ? 'supabase' : 'deno';
    const args = [...node.arguments];
    // `serve(handler)`, `Deno.serve(options, handler)`, `Deno.serve({ handler })`, `Bun.serve({ fetch, routes })`.
    const direct = [...args].reverse().map((a) => functionOf(origins, a)).find((fn): fn is FunctionLike => !!fn);
    if (direct) {
      endpoints.push(fetchEndpoint(framework, host, node, direct));
      return;
    }
    const options = objectLiteralOf(origins, args[0]);
    const handler = functionOf(origins, propertyValue(options, isBunServe ? 'fetch' : 'handler'));
    if (handler) endpoints.push(fetchEndpoint(framework, host, node, handler));
    if (isBunServe) {
      const routes = objectLiteralOf(origins, propertyValue(options, 'routes'));
      for (const prop of routes?.properties ?? []) {
        if (!ts.isPropertyAssignment(prop) && !ts.isMethodDeclaration(prop)) continue;
        const path = prop.name && (ts.isStringLiteralLike(prop.name) || ts.isIdentifier(prop.name)) ? prop.name.text : undefined;
        const value = ts.isPropertyAssignment(prop) ? prop.initializer : (prop as unknown as ts.Expression);
        const perMethod = objectLiteralOf(origins, value);
        const routeHandler = perMethod ? functionOf(origins, propertyValue(perMethod, 'POST')) : functionOf(origins, value);
        if (routeHandler) endpoints.push(fetchEndpoint('bun', 'server', (perMethod ? propertyNode(perMethod, 'POST') : prop) ?? prop, routeHandler, path));
      }
    }
  });
  return endpoints;
}

export const fetchHandlersAdapter: FrameworkAdapter = {
  id: 'fetch-handlers',
  mayMatch: (file) =>
    /\bfetch\b|onRequest|\bserve\s*\(/.test(file.text) && !/(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/.test(file.relative),
  endpoints(file, context) {
    const text = file.text;
    const endpoints: Endpoint[] = [];
    if (/export\s+default/.test(text) && /\bfetch\b/.test(text)) endpoints.push(...defaultExportObject(file, context));
    if (/onRequest/.test(text)) endpoints.push(...pagesFunctions(file, context));
    if (/\bserve\s*\(/.test(text)) endpoints.push(...serveCalls(file, context));
    return endpoints;
  },
};
