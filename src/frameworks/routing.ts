/**
 * The app/router model shared by Express-style and Hono-style frameworks: apps and routers are created,
 * middleware is mounted with `use` (in order), routers are mounted into apps, routes register handlers.
 * Cross-file: routers exported from one module and mounted in another, and `setup(app)` helpers in other
 * files, are ordered by where they run in the app's own file.
 */
import { ts, unwrap, accessedName, isAccess, isFunctionLike, walk, enclosingFunction, type FunctionLike } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import type { AdapterContext, ChainStep, Endpoint, FrameworkAdapter, RequestStyle } from './types.js';

export interface RouterFramework {
  id: string;
  style: RequestStyle;
  /** A file must contain one of these words to be scanned. */
  textHint: RegExp;
  /** Is this call/new expression the creation of an app or router of the framework? */
  isCreation(node: ts.CallExpression | ts.NewExpression, origins: OriginService): boolean;
  /** Methods that register a route handler (lower case). */
  routeMethods: ReadonlySet<string>;
  /** Methods that mount middleware or a sub-router: `use` (Express, Hono), `route` (Hono). */
  mountMethods: ReadonlySet<string>;
  /** `app.on('POST', '/path', ...)`: method name and the index of the path argument. */
  genericRouteMethod?: string;
  /** Wrapper calls whose first function argument is the real app (e.g. `basePath`). */
  derivedAppMethods?: ReadonlySet<string>;
}

interface Registration {
  call: ts.CallExpression;
  method: string;
  router: ts.Node;
  /** Path argument when static. */
  path?: string;
  /** Arguments after the path. */
  args: ts.Expression[];
}

interface RouterIndex {
  registrations: Map<ts.Node, Registration[]>;
  /** Router creation → registrations that mount it into another router. */
  mounts: Map<ts.Node, Registration[]>;
}

const MAX_ORDER_DEPTH = 6;
const LATER_FILE_OFFSET = 1e9;

export class RouterModel {
  private index?: RouterIndex;
  private indexGeneration = -1;

  constructor(
    private readonly framework: RouterFramework,
    private readonly project: SourceProject,
    private readonly origins: OriginService,
  ) {}

  /** The creation node (app or router) a receiver expression refers to. */
  creationOf(expression: ts.Expression, depth = 0): ts.Node | undefined {
    if (depth > 8) return undefined;
    const origin = this.origins.resolve(expression);
    if (origin.kind !== 'expression') return undefined;
    const node = origin.node;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && this.framework.isCreation(node, this.origins)) return node;
    if (ts.isCallExpression(node) && isAccess(unwrap(node.expression))) {
      const callee = unwrap(node.expression) as ts.AccessExpression;
      const method = accessedName(callee);
      if (method && this.framework.derivedAppMethods?.has(method)) return this.creationOf(callee.expression, depth + 1);
    }
    return undefined;
  }

  private pathOf(expression: ts.Expression | undefined): string | undefined {
    return expression ? this.origins.staticString(expression) : undefined;
  }

  private registrationOf(call: ts.CallExpression): Registration | undefined {
    const callee = unwrap(call.expression);
    if (!isAccess(callee)) return undefined;
    const method = accessedName(callee)?.toLowerCase();
    if (!method) return undefined;
    const { routeMethods, mountMethods, genericRouteMethod } = this.framework;
    const isRoute = routeMethods.has(method);
    const isGeneric = method === genericRouteMethod;
    if (!isRoute && !isGeneric && !mountMethods.has(method)) return undefined;

    let receiver = unwrap(callee.expression);
    let prefix: string | undefined;
    // Express `app.route('/path').post(handler)`.
    if (ts.isCallExpression(receiver) && isAccess(unwrap(receiver.expression)) && accessedName(unwrap(receiver.expression)) === 'route' && isRoute) {
      prefix = this.pathOf(receiver.arguments[0]) ?? '';
      receiver = unwrap((unwrap(receiver.expression) as ts.AccessExpression).expression);
    }
    const router = this.creationOf(receiver);
    if (!router) return undefined;

    let args = [...call.arguments];
    let effectiveMethod = method;
    if (isGeneric) {
      const verb = this.origins.staticString(args[0] ?? call)?.toLowerCase();
      if (!verb) return undefined;
      effectiveMethod = verb;
      args = args.slice(1);
    }
    let path: string | undefined = prefix;
    const first = args[0];
    if (prefix === undefined && first && !isFunctionLike(unwrap(first))) {
      const staticPath = this.pathOf(first);
      // Route methods always take a path first; `use` only when it looks like one.
      const takesPath = effectiveMethod !== 'use' || staticPath !== undefined || ts.isTemplateExpression(unwrap(first));
      if (takesPath) {
        path = staticPath;
        args = args.slice(1);
      }
    }
    return { call, method: effectiveMethod, router, path, args };
  }

  private buildIndex(): RouterIndex {
    const registrations = new Map<ts.Node, Registration[]>();
    const mounts = new Map<ts.Node, Registration[]>();
    for (const file of this.project.allFiles()) {
      if (!this.framework.textHint.test(file.text)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isCallExpression(node)) return;
        const registration = this.registrationOf(node);
        if (!registration) return;
        let list = registrations.get(registration.router);
        if (!list) registrations.set(registration.router, (list = []));
        list.push(registration);
        if (this.framework.mountMethods.has(registration.method)) {
          for (const arg of registration.args) {
            const child = this.creationOf(arg);
            if (child && child !== registration.router) {
              let mountList = mounts.get(child);
              if (!mountList) mounts.set(child, (mountList = []));
              mountList.push(registration);
            }
          }
        }
      });
    }
    return { registrations, mounts };
  }

  private getIndex(): RouterIndex {
    if (!this.index || this.indexGeneration !== this.project.generation) {
      this.index = this.buildIndex();
      this.indexGeneration = this.project.generation;
    }
    return this.index;
  }

  /**
   * When a registration runs, as a position in the router's own file: calls inside helpers in other
   * files count at the helper's call site; top-level code of an importing file runs after the router's file.
   */
  orderKey(call: ts.Node, router: ts.Node, depth = 0): number {
    const routerFile = router.getSourceFile();
    if (call.getSourceFile() === routerFile) return call.getStart();
    const fn = enclosingFunction(call);
    if (!fn || depth > MAX_ORDER_DEPTH) return LATER_FILE_OFFSET + call.getStart();
    const sites = this.origins.callSitesOf(fn);
    if (sites.length === 0) return LATER_FILE_OFFSET + call.getStart();
    return Math.min(...sites.map((site) => this.orderKey(site, router, depth + 1)));
  }

  /** Middleware mounted on `router` (and, through its mounts, on its parents) before `key`, for `path`. */
  chainBefore(router: ts.Node, key: number, path: string | undefined, context: AdapterContext, seen = new Set<ts.Node>()): ChainStep[] {
    if (seen.has(router)) return [];
    seen.add(router);
    const index = this.getIndex();
    const steps: ChainStep[] = [];
    const mount = (index.mounts.get(router) ?? [])[0];
    if (mount) {
      const mountedPath = joinPaths(mount.path, path);
      steps.push(...this.chainBefore(mount.router, this.orderKey(mount.call, mount.router), mountedPath, context, seen));
    }
    const uses = (index.registrations.get(router) ?? [])
      .filter((r) => this.framework.mountMethods.has(r.method) && r.method === 'use')
      .map((r) => ({ r, key: this.orderKey(r.call, router) }))
      .filter(({ key: k }) => k < key)
      .sort((a, b) => a.key - b.key);
    for (const { r } of uses) {
      if (!pathApplies(r.path, path)) continue;
      for (const arg of r.args) {
        if (this.creationOf(arg)) continue; // a mounted sub-router, not middleware
        steps.push({ node: arg, role: context.classifyMiddleware(arg) });
      }
    }
    return steps;
  }

  /** Route registrations in `file`, turned into endpoint candidates. */
  endpointsIn(file: ProjectFile, context: AdapterContext): Endpoint[] {
    const index = this.getIndex();
    const endpoints: Endpoint[] = [];
    for (const [router, registrations] of index.registrations) {
      for (const registration of registrations) {
        if (registration.call.getSourceFile() !== file.sourceFile) continue;
        const isRoute = this.framework.routeMethods.has(registration.method) || registration.method === this.framework.genericRouteMethod;
        // `app.use('/webhook', mw, handler)` also ends in a handler when its last argument is a function.
        const isUseWithHandler = registration.method === 'use' && registration.path !== undefined && registration.args.length > 0;
        if (!isRoute && !isUseWithHandler) continue;
        if (!['post', 'all', 'use'].includes(registration.method)) continue;
        const args = registration.args;
        if (args.length === 0) continue;
        const last = args[args.length - 1]!;
        if (this.creationOf(last)) continue;
        const handlerRole = context.classifyMiddleware(last);
        const handler = handlerRole.kind === 'function' ? handlerRole.fn : unwrapHandlerWrapper(last, this.origins);
        if (registration.method === 'use' && !handler && handlerRole.kind !== 'runtime-handler') continue;
        const route = fullRoute(this, router, registration.path);
        const inherited = this.chainBefore(router, this.orderKey(registration.call, router), registration.path, context);
        const inline = args.slice(0, -1).map((node) => ({ node, role: context.classifyMiddleware(node) }));
        endpoints.push({
          framework: this.framework.id,
          registration: registration.call,
          method: registration.method === 'use' ? undefined : registration.method.toUpperCase(),
          route,
          chain: [...inherited, ...inline],
          handler,
          handlerRole: handler ? undefined : handlerRole,
          style: this.framework.style,
          app: rootRouter(this, router),
        });
      }
    }
    return endpoints;
  }

  mountsOf(router: ts.Node): Registration[] {
    return this.getIndex().mounts.get(router) ?? [];
  }
}

/** `asyncHandler(async (req, res) => ...)`-style wrappers: the wrapped function is the handler. */
function unwrapHandlerWrapper(expression: ts.Expression, origins: OriginService): FunctionLike | undefined {
  const value = origins.resolve(expression);
  if (value.kind !== 'expression' || !ts.isCallExpression(value.node)) return undefined;
  for (const arg of value.node.arguments) {
    const inner = origins.resolve(arg);
    if (inner.kind === 'function' && !ts.isClassLike(inner.node)) return inner.node;
  }
  return undefined;
}

function fullRoute(model: RouterModel, router: ts.Node, path: string | undefined, depth = 0): string | undefined {
  const mount = model.mountsOf(router)[0];
  if (!mount || depth > 6) return path;
  return fullRoute(model, mount.router, joinPaths(mount.path, path), depth + 1);
}

/** The app a router is (transitively) mounted into, or the router itself. */
function rootRouter(model: RouterModel, router: ts.Node, depth = 0): ts.Node {
  const mount = model.mountsOf(router)[0];
  if (!mount || depth > 6 || mount.router === router) return router;
  return rootRouter(model, mount.router, depth + 1);
}

function joinPaths(prefix: string | undefined, path: string | undefined): string | undefined {
  if (prefix === undefined) return path;
  if (path === undefined) return prefix;
  return (prefix.replace(/\/$/, '') + '/' + path.replace(/^\//, '')).replace(/\/$/, '') || '/';
}

/** Does middleware mounted at `mountPath` run for a route at `routePath`? Unknown paths apply. */
function pathApplies(mountPath: string | undefined, routePath: string | undefined): boolean {
  if (mountPath === undefined || routePath === undefined) return true;
  if (mountPath === '/' || mountPath === '*' || mountPath === '/*') return true;
  const prefix = mountPath.replace(/\/?\*$/, '').replace(/\/$/, '');
  return routePath === prefix || routePath.startsWith(prefix + '/');
}

/** Adapter for a router-style framework. */
export function routerAdapter(framework: RouterFramework): FrameworkAdapter {
  const models = new WeakMap<SourceProject, RouterModel>();
  return {
    id: framework.id,
    mayMatch: (file) => framework.textHint.test(file.text),
    endpoints(file, context) {
      let model = models.get(context.project);
      if (!model) models.set(context.project, (model = new RouterModel(framework, context.project, context.origins)));
      return model.endpointsIn(file, context);
    },
  };
}
