/**
 * NestJS (Express platform): `@Controller()` classes with `@Post()`/`@All()` methods. The chain of a route,
 * in the order Nest runs it: `app.use(...)` in the bootstrap (registered before Nest's own body parser),
 * the JSON body parser of `NestFactory.create` (absent with `bodyParser: false`, keeping `req.rawBody` with
 * `rawBody: true`), module middleware (`consumer.apply(...).forRoutes(...)`), then guards (`@UseGuards`,
 * `app.useGlobalGuards`). A method answers with its return value unless it takes `@Res()` without
 * `passthrough: true`.
 */
import { ts, unwrap, walk, isAccess, accessedName, propertyNameText, type FunctionLike } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import type { AdapterContext, ChainStep, Endpoint, FrameworkAdapter, MiddlewareRole } from './types.js';
import { perProject, objectLiteralOf, propertyValue, booleanLiteral, methodName } from './shared.js';

const NEST_COMMON = '@nestjs/common';
const NEST_CORE = '@nestjs/core';
const ROUTE_DECORATORS = new Set(['Post', 'All']);

interface Bootstrap {
  create: ts.CallExpression;
  /** `app.use(...)` arguments with their path, in source order. */
  uses: { node: ts.Expression; path?: string }[];
  guards: ts.Expression[];
  prefix: string;
  bodyParser: boolean;
  rawBody: boolean;
}

interface ModuleMiddleware {
  apply: ts.Expression[];
  /** forRoutes arguments. */
  targets: ts.Expression[];
}

interface NestIndex {
  bootstraps: Bootstrap[];
  middleware: ModuleMiddleware[];
}

/** The `@Name(...)` decorator call of `node` whose callee is `@nestjs/common`'s `Name`. */
export function nestDecorator(origins: OriginService, node: ts.Node, names: ReadonlySet<string> | string): ts.CallExpression | undefined {
  const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
  for (const decorator of decorators ?? []) {
    const expr = decorator.expression;
    if (!ts.isCallExpression(expr)) continue;
    const callee = origins.resolve(expr.expression);
    if (callee.kind !== 'external' || callee.module !== NEST_COMMON || callee.path.length !== 1) continue;
    const name = callee.path[0]!;
    if (typeof names === 'string' ? names === name : names.has(name)) return expr;
  }
  return undefined;
}

function normalise(path: string | undefined): string {
  return (path ?? '').replace(/^\/+|\/+$/g, '');
}

function joinRoute(...parts: (string | undefined)[]): string {
  return '/' + parts.map(normalise).filter(Boolean).join('/');
}

function pathOf(origins: OriginService, expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  const text = origins.staticString(expression);
  if (text !== undefined) return text;
  const object = objectLiteralOf(origins, expression);
  const path = propertyValue(object, 'path');
  return path ? origins.staticString(path) : undefined;
}

function buildIndex(project: SourceProject, origins: OriginService): NestIndex {
  const bootstraps: Bootstrap[] = [];
  const middleware: ModuleMiddleware[] = [];
  for (const file of project.allFiles()) {
    const text = file.text;
    if (!/NestFactory|forRoutes/.test(text)) continue;
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = origins.resolve(node.expression);
      if (OriginService.isExternal(callee, NEST_CORE, ['NestFactory', 'create'])) {
        const options = objectLiteralOf(origins, node.arguments[1]);
        bootstraps.push({
          create: node,
          uses: [],
          guards: [],
          prefix: '',
          bodyParser: booleanLiteral(propertyValue(options, 'bodyParser')) !== false,
          rawBody: booleanLiteral(propertyValue(options, 'rawBody')) === true,
        });
      }
      if (methodName(node) === 'forRoutes') {
        let receiver = unwrap((unwrap(node.expression) as ts.AccessExpression).expression);
        while (ts.isCallExpression(receiver) && methodName(receiver) === 'exclude') receiver = unwrap((unwrap(receiver.expression) as ts.AccessExpression).expression);
        if (ts.isCallExpression(receiver) && methodName(receiver) === 'apply') middleware.push({ apply: [...receiver.arguments], targets: [...node.arguments] });
      }
    });
  }
  // `app.use(...)`, `app.useGlobalGuards(...)`, `app.setGlobalPrefix(...)` on a created app.
  for (const file of project.allFiles()) {
    if (!/NestFactory/.test(file.text)) continue;
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = unwrap(node.expression);
      if (!isAccess(callee)) return;
      const method = accessedName(callee);
      if (method !== 'use' && method !== 'useGlobalGuards' && method !== 'setGlobalPrefix') return;
      const app = origins.resolve(callee.expression);
      if (app.kind !== 'expression') return;
      const bootstrap = bootstraps.find((b) => b.create === app.node);
      if (!bootstrap) return;
      const args = [...node.arguments];
      if (method === 'use' && args.length > 0) {
        const path = args.length > 1 ? origins.staticString(args[0]!) : undefined;
        for (const arg of args.slice(args.length > 1 ? 1 : 0)) bootstrap.uses.push({ node: arg, path });
      } else if (method === 'useGlobalGuards') {
        bootstrap.guards.push(...args);
      } else if (method === 'setGlobalPrefix' && args[0]) {
        bootstrap.prefix = origins.staticString(args[0]) ?? '';
      }
    });
  }
  return { bootstraps, middleware };
}

function routeApplies(mountPath: string | undefined, route: string): boolean {
  if (mountPath === undefined) return true;
  const mount = '/' + normalise(mountPath).replace(/\/?(\*|\(\.\*\))$/, '');
  if (mount === '/') return true;
  return route === mount || route.startsWith(mount + '/');
}

/** A class's method by name. */
function classMethod(cls: ts.ClassLikeDeclaration, name: string): FunctionLike | undefined {
  for (const member of cls.members) {
    if (ts.isMethodDeclaration(member) && propertyNameText(member.name) === name && member.body) return member;
  }
  return undefined;
}

/** The class an expression names or instantiates (`Guard`, `new Guard()`). */
function classOf(origins: OriginService, expression: ts.Expression): ts.ClassLikeDeclaration | undefined {
  const value = origins.resolve(expression);
  if (value.kind === 'function' && ts.isClassLike(value.node)) return value.node;
  if (value.kind === 'expression' && ts.isNewExpression(value.node)) return classOf(origins, value.node.expression);
  return undefined;
}

function middlewareRole(context: AdapterContext, expression: ts.Expression): MiddlewareRole {
  const cls = classOf(context.origins, expression);
  if (cls) {
    const use = classMethod(cls, 'use');
    return use ? { kind: 'function', fn: use } : { kind: 'unknown' };
  }
  return context.classifyMiddleware(expression);
}

function guardSteps(origins: OriginService, expressions: readonly ts.Expression[]): ChainStep[] {
  const steps: ChainStep[] = [];
  for (const expression of expressions) {
    const cls = classOf(origins, expression);
    const canActivate = cls ? classMethod(cls, 'canActivate') : undefined;
    steps.push({ node: expression, role: canActivate ? { kind: 'guard', fn: canActivate } : { kind: 'unknown' } });
  }
  return steps;
}

function targetsController(origins: OriginService, targets: readonly ts.Expression[], controller: ts.ClassDeclaration, route: string, prefix: string): boolean {
  for (const target of targets) {
    const cls = classOf(origins, target);
    if (cls) {
      if (cls === controller) return true;
      continue;
    }
    const path = pathOf(origins, target);
    if (path === undefined || routeApplies(joinRoute(prefix, path), route) || routeApplies(path, route)) return true;
  }
  return false;
}

function endpointsIn(file: ProjectFile, context: AdapterContext): Endpoint[] {
  const { project, origins } = context;
  const endpoints: Endpoint[] = [];
  const index = perProject(project, 'nest-index', () => buildIndex(project, origins));
  const bootstrap = index.bootstraps.find((b) => project.fileOf(b.create)?.package === file.package) ?? index.bootstraps[0];
  for (const statement of file.sourceFile.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    const controller = nestDecorator(origins, statement, 'Controller');
    if (!controller) continue;
    const controllerPath = pathOf(origins, controller.arguments[0]);
    const classGuards = nestDecorator(origins, statement, 'UseGuards');
    for (const member of statement.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      const route = nestDecorator(origins, member, ROUTE_DECORATORS);
      if (!route) continue;
      const verb = (origins.resolve(route.expression) as { path: string[] }).path[0]!.toUpperCase();
      const fullRoute = joinRoute(bootstrap?.prefix, controllerPath, pathOf(origins, route.arguments[0]));
      const chain: ChainStep[] = [];
      if (bootstrap) {
        for (const use of bootstrap.uses) {
          if (routeApplies(use.path, fullRoute)) chain.push({ node: use.node, role: middlewareRole(context, use.node) });
        }
        if (bootstrap.bodyParser) chain.push({ node: bootstrap.create, role: { kind: 'body-parser', format: 'json', capturesRaw: bootstrap.rawBody } });
      }
      for (const mw of index.middleware) {
        if (!targetsController(origins, mw.targets, statement, fullRoute, bootstrap?.prefix ?? '')) continue;
        for (const applied of mw.apply) chain.push({ node: applied, role: middlewareRole(context, applied) });
      }
      chain.push(...guardSteps(origins, bootstrap?.guards ?? []));
      if (classGuards) chain.push(...guardSteps(origins, classGuards.arguments));
      const methodGuards = nestDecorator(origins, member, 'UseGuards');
      if (methodGuards) chain.push(...guardSteps(origins, methodGuards.arguments));

      let responseParameter: ts.ParameterDeclaration | undefined;
      for (const param of member.parameters) {
        const res = nestDecorator(origins, param, new Set(['Res', 'Response']));
        if (!res) continue;
        const passthrough = booleanLiteral(propertyValue(objectLiteralOf(origins, res.arguments[0]), 'passthrough'));
        if (passthrough !== true) responseParameter = param;
      }
      endpoints.push({
        framework: 'nest',
        registration: member,
        method: verb,
        route: fullRoute,
        chain,
        handler: member,
        style: 'node',
        answer: responseParameter ? 'respond-call' : 'return',
        host: 'server',
        responseParameter,
      });
    }
  }
  return endpoints;
}

export const nestAdapter: FrameworkAdapter = {
  id: 'nest',
  mayMatch: (file) => /@Controller\b/.test(file.text),
  endpoints: endpointsIn,
};
