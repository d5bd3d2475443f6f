/**
 * Fastify: `fastify()` instances, routes (`app.post(path, opts?, handler)`, `app.route({ method, url,
 * handler, preHandler, onRequest })`), hooks (`addHook('preHandler', fn)`, route-level hook options),
 * Connect middleware through `@fastify/middie`/`@fastify/express` (`app.use`), and plugins registered with
 * `app.register(plugin, { prefix })`, whose instance parameter inherits the parent's hooks.
 */
import { ts, unwrap, walk, isAccess, accessedName, type FunctionLike } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { SourceProject } from '../project/project.js';
import type { AdapterContext, ChainStep, Endpoint, FrameworkAdapter } from './types.js';
import { perProject, functionOf, objectLiteralOf, propertyValue, methodName } from './shared.js';

const FASTIFY_MODULES = ['fastify'];
const PLUGIN_WRAPPERS = ['fastify-plugin'];
/** Hooks that run before the handler, in Fastify's order. */
const HOOK_ORDER = ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const;
const ROUTE_METHODS = new Set(['post', 'all']);

interface Instance {
  /** Creation call, or the plugin function whose first parameter is the instance. */
  node: ts.Node;
  parent?: Instance;
  prefix: string;
}

interface Hook {
  kind: (typeof HOOK_ORDER)[number] | 'use';
  call: ts.CallExpression;
  node: ts.Expression;
  path?: string;
}

interface FastifyIndex {
  instances: Map<ts.Node, Instance>;
  hooks: Map<Instance, Hook[]>;
  /** How each instance gets JSON bodies: `addContentTypeParser(...)` calls and raw-body plugins. */
  parsers: Map<Instance, { node: ts.Expression; keepsRaw: boolean }[]>;
  rawBodyPlugins: Map<Instance, { global: boolean }>;
}

const RAW_BODY_PLUGINS = ['fastify-raw-body', '@fastify/raw-body'];

function isCreation(origins: OriginService, node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = origins.resolve(node.expression);
  return FASTIFY_MODULES.some((m) => OriginService.isExternal(callee, m, []) || OriginService.isExternal(callee, m, ['fastify']) || OriginService.isExternal(callee, m, ['default']));
}

function buildIndex(project: SourceProject, origins: OriginService): FastifyIndex {
  const instances = new Map<ts.Node, Instance>();
  const hooks = new Map<Instance, Hook[]>();
  const parsers = new Map<Instance, { node: ts.Expression; keepsRaw: boolean }[]>();
  const rawBodyPlugins = new Map<Instance, { global: boolean }>();
  const files = project.allFiles().filter((f) => /fastify|\.register\s*\(/i.test(f.text));
  if (!files.some((f) => /fastify/i.test(f.text))) return { instances, hooks, parsers, rawBodyPlugins };
  for (const file of files) {
    walk(file.sourceFile, (node) => {
      if (isCreation(origins, node)) instances.set(node, { node, prefix: '' });
    });
  }
  // Plugins: `instance.register(fn, { prefix })`, repeated until no new instance appears (nested plugins).
  const registerCalls: ts.CallExpression[] = [];
  for (const file of files) {
    walk(file.sourceFile, (node) => {
      if (ts.isCallExpression(node) && methodName(node) === 'register' && node.arguments.length >= 1) registerCalls.push(node);
    });
  }
  const model: FastifyIndex = { instances, hooks, parsers, rawBodyPlugins };
  let changed = true;
  for (let round = 0; changed && round < 6; round++) {
    changed = false;
    for (const call of registerCalls) {
      const parent = instanceOf(origins, model, (unwrap(call.expression) as ts.AccessExpression).expression);
      if (!parent) continue;
      let pluginExpr = call.arguments[0]!;
      let encapsulated = true;
      const wrapped = origins.resolve(pluginExpr);
      if (wrapped.kind === 'expression' && ts.isCallExpression(wrapped.node)) {
        const wrapper = origins.resolve(wrapped.node.expression);
        if (PLUGIN_WRAPPERS.some((m) => OriginService.isExternal(wrapper, m, []) || OriginService.isExternal(wrapper, m, ['default'])) && wrapped.node.arguments[0]) {
          pluginExpr = wrapped.node.arguments[0];
          encapsulated = false;
        }
      }
      const plugin = origins.resolve(pluginExpr);
      if (plugin.kind === 'external' && RAW_BODY_PLUGINS.includes(plugin.module)) {
        const global = propertyValue(objectLiteralOf(origins, call.arguments[1]), 'global');
        rawBodyPlugins.set(parent, { global: !global || unwrap(global).kind !== ts.SyntaxKind.FalseKeyword });
        continue;
      }
      const fn = functionOf(origins, pluginExpr);
      if (!fn || instances.has(fn)) continue;
      const options = objectLiteralOf(origins, call.arguments[1]);
      const prefixExpr = propertyValue(options, 'prefix');
      const prefix = (prefixExpr ? origins.staticString(prefixExpr) : undefined) ?? '';
      instances.set(fn, { node: fn, parent, prefix: encapsulated ? joinPaths(parent.prefix, prefix) : parent.prefix });
      changed = true;
    }
  }
  for (const file of files) {
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      const method = methodName(node);
      if (method === 'addContentTypeParser') {
        const instance = instanceOf(origins, model, (unwrap(node.expression) as ts.AccessExpression).expression);
        const type = node.arguments[0] ? origins.staticString(node.arguments[0]) : undefined;
        if (!instance || (type !== undefined && !/json|\*/.test(type))) return;
        let list = parsers.get(instance);
        if (!list) parsers.set(instance, (list = []));
        list.push({ node, keepsRaw: parserKeepsRaw(origins, node) });
        return;
      }
      if (method !== 'addHook' && method !== 'use') return;
      const instance = instanceOf(origins, model, (unwrap(node.expression) as ts.AccessExpression).expression);
      if (!instance) return;
      let list = hooks.get(instance);
      if (!list) hooks.set(instance, (list = []));
      if (method === 'addHook') {
        const name = node.arguments[0] ? origins.staticString(node.arguments[0]) : undefined;
        const fn = node.arguments[1];
        if (name && fn && (HOOK_ORDER as readonly string[]).includes(name)) list.push({ kind: name as Hook['kind'], call: node, node: fn });
      } else {
        const args = [...node.arguments];
        const path = args.length > 1 ? origins.staticString(args[0]!) : undefined;
        const mw = args[args.length - 1];
        if (mw) list.push({ kind: 'use', call: node, node: mw, path });
      }
    });
  }
  return model;
}

/** The instance an expression refers to: a `fastify()` value or a plugin's instance parameter. */
function instanceOf(origins: OriginService, index: FastifyIndex, expression: ts.Expression): Instance | undefined {
  const origin = origins.resolve(expression);
  if (origin.kind === 'expression') return index.instances.get(origin.node);
  if (origin.kind === 'parameter' && origin.path.length === 0 && origin.fn.parameters[0] === origin.node) return index.instances.get(origin.fn);
  return undefined;
}

/**
 * `addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => ...)` keeps the raw
 * bytes when it stores them (`req.rawBody = body`) or passes them on unparsed (`done(null, body)`).
 */
function parserKeepsRaw(origins: OriginService, call: ts.CallExpression): boolean {
  const options = objectLiteralOf(origins, call.arguments[1]);
  const parseAs = propertyValue(options, 'parseAs');
  if (!parseAs) return false;
  const fn = functionOf(origins, call.arguments[call.arguments.length - 1]);
  const bodyParam = fn?.parameters[1];
  if (!fn || !bodyParam || !ts.isIdentifier(bodyParam.name)) return false;
  const name = bodyParam.name.text;
  let keeps = false;
  walk(fn, (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isAccess(node.left) && ts.isIdentifier(unwrap(node.right)) && (unwrap(node.right) as ts.Identifier).text === name) keeps = true;
    if (ts.isCallExpression(node) && node.arguments.length === 2 && ts.isIdentifier(unwrap(node.arguments[1]!)) && (unwrap(node.arguments[1]!) as ts.Identifier).text === name) keeps = true;
  });
  return keeps;
}

function joinPaths(prefix: string, path: string | undefined): string {
  const joined = (prefix.replace(/\/$/, '') + '/' + (path ?? '').replace(/^\//, '')).replace(/\/$/, '');
  return joined || '/';
}

function pathApplies(mountPath: string | undefined, routePath: string | undefined): boolean {
  if (mountPath === undefined || routePath === undefined || mountPath === '/' || mountPath === '*') return true;
  const prefix = mountPath.replace(/\/?\*$/, '').replace(/\/$/, '');
  return routePath === prefix || routePath.startsWith(prefix + '/');
}

/** Hook values of a route option (`preHandler: fn` or `preHandler: [a, b]`). */
function optionHooks(origins: OriginService, options: ts.ObjectLiteralExpression | undefined, kind: string): ts.Expression[] {
  const value = propertyValue(options, kind);
  if (!value) return [];
  const resolved = origins.resolve(value);
  if (resolved.kind === 'expression' && ts.isArrayLiteralExpression(resolved.node)) return [...resolved.node.elements];
  return [value];
}

function endpointsIn(file: ts.SourceFile, context: AdapterContext): Endpoint[] {
  const { project, origins, classifyMiddleware } = context;
  const index = perProject(project, 'fastify-index', () => buildIndex(project, origins));
  if (index.instances.size === 0) return [];
  const endpoints: Endpoint[] = [];
  walk(file, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!isAccess(callee)) return;
    const method = accessedName(callee)?.toLowerCase();
    if (!method || (!ROUTE_METHODS.has(method) && method !== 'route')) return;
    const instance = instanceOf(origins, index, callee.expression);
    if (!instance) return;

    let options: ts.ObjectLiteralExpression | undefined;
    let handlerExpr: ts.Expression | undefined;
    let path: string | undefined;
    let verb = method.toUpperCase();
    if (method === 'route') {
      options = objectLiteralOf(origins, node.arguments[0]);
      const methods = propertyValue(options, 'method');
      const verbs = methods ? verbsOf(origins, methods) : [];
      if (!verbs.some((v) => v === 'POST' || v === 'ALL')) return;
      verb = verbs.includes('POST') ? 'POST' : 'ALL';
      const url = propertyValue(options, 'url') ?? propertyValue(options, 'path');
      path = url ? origins.staticString(url) : undefined;
      handlerExpr = propertyValue(options, 'handler');
    } else {
      const args = [...node.arguments];
      path = args[0] ? origins.staticString(args[0]) : undefined;
      const rest = args.slice(1);
      if (rest.length === 0) return;
      handlerExpr = rest[rest.length - 1];
      if (rest.length > 1) options = objectLiteralOf(origins, rest[0]);
      else {
        // `app.post(path, { handler, preHandler })`
        const only = objectLiteralOf(origins, rest[0]);
        if (only && propertyValue(only, 'handler')) {
          options = only;
          handlerExpr = propertyValue(only, 'handler');
        }
      }
    }
    const route = joinPaths(instance.prefix, path);
    const chain: ChainStep[] = [];
    const lineage: Instance[] = [];
    for (let current: Instance | undefined = instance; current; current = current.parent) lineage.unshift(current);
    for (const kind of ['use', ...HOOK_ORDER] as const) {
      for (const owner of lineage) {
        for (const hook of index.hooks.get(owner) ?? []) {
          if (hook.kind !== kind || (kind === 'use' && !pathApplies(hook.path === undefined ? undefined : joinPaths(owner.prefix, hook.path), route))) continue;
          chain.push({ node: hook.node, role: classifyMiddleware(hook.node) });
        }
      }
      if (kind !== 'use') for (const hook of optionHooks(origins, options, kind)) chain.push({ node: hook, role: classifyMiddleware(hook) });
      // Fastify parses the body after preParsing: its JSON parser (or the app's own) comes here.
      if (kind === 'preParsing') chain.push(bodyParserStep(origins, index, lineage, options));
    }
    const handler: FunctionLike | undefined = functionOf(origins, handlerExpr);
    const handlerRole = handler || !handlerExpr ? undefined : classifyMiddleware(handlerExpr);
    endpoints.push({
      framework: 'fastify',
      registration: node,
      method: verb,
      route,
      chain,
      handler,
      handlerRole,
      style: 'fastify',
      answer: 'respond-call',
      host: 'server',
      app: lineage[0]!.node,
    });
  });
  return endpoints;
}

function bodyParserStep(origins: OriginService, index: FastifyIndex, lineage: Instance[], options: ts.ObjectLiteralExpression | undefined): ChainStep {
  let custom: { node: ts.Expression; keepsRaw: boolean } | undefined;
  let rawPlugin: { global: boolean } | undefined;
  for (const owner of lineage) {
    custom = index.parsers.get(owner)?.at(-1) ?? custom;
    rawPlugin = index.rawBodyPlugins.get(owner) ?? rawPlugin;
  }
  const config = objectLiteralOf(origins, propertyValue(options, 'config'));
  const routeRaw = propertyValue(config, 'rawBody');
  const pluginKeeps = !!rawPlugin && (rawPlugin.global || (!!routeRaw && unwrap(routeRaw).kind === ts.SyntaxKind.TrueKeyword));
  const node = custom?.node ?? (lineage[0]!.node as ts.Expression);
  return { node, role: { kind: 'body-parser', format: 'json', capturesRaw: pluginKeeps || !!custom?.keepsRaw } };
}

function verbsOf(origins: OriginService, expression: ts.Expression): string[] {
  const value = origins.resolve(expression);
  const items = value.kind === 'expression' && ts.isArrayLiteralExpression(value.node) ? [...value.node.elements] : [expression];
  return items.map((item) => origins.staticString(item)?.toUpperCase()).filter((v): v is string => !!v);
}

export const fastifyAdapter: FrameworkAdapter = {
  id: 'fastify',
  mayMatch: (file) => /(?<!Promise)\.(post|all|route)\s*\(/.test(file.text),
  endpoints: (file, context) => endpointsIn(file.sourceFile, context),
};
