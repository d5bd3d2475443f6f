/**
 * The adapter interface: each framework adapter turns code into webhook endpoint candidates — route,
 * ordered middleware chain, handler and request style. Rules never look at framework APIs themselves.
 */
import type { ts, FunctionLike } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';

/** How a handler receives the request. */
export type RequestStyle =
  /** `(req, res, next?)`: Express, Connect, node:http. */
  | 'node'
  /** `(c)`: Hono context. */
  | 'hono'
  /** `(request)` → `Response`: Next.js route handlers, Workers, Deno, Bun, Pages Functions (`context.request`). */
  | 'fetch'
  /** `(request, reply)`: Fastify. */
  | 'fastify'
  /** `(ctx, next)`: Koa. */
  | 'koa'
  /** `(event, context)` → `{ statusCode, body }`: AWS Lambda behind API Gateway or a function URL. */
  | 'lambda'
  /** A library receives the request, verifies and dispatches single events to the handler (linebot, Bottender). */
  | 'library';

/**
 * How an endpoint answers the HTTP request (see src/analysis/response.ts):
 * - `respond-call`: by calling the response object (`res.send()`, `reply.send()`).
 * - `return`: with the handler's return value (a `Response`, `{ statusCode }`, a Nest controller result).
 * - `settle`: when the handler's promise settles (Koa: `ctx.body`/`ctx.status` are sent after the middleware).
 * - `library`: a library answers on its own before the handler runs (linebot, Bottender without `sync`).
 */
export type AnswerStyle = 'respond-call' | 'return' | 'settle' | 'library';

/** Where the endpoint runs; serverless platforms may stop work after the answer. */
export type HostPlatform =
  | 'server'
  | 'lambda'
  | 'firebase'
  | 'cloud-functions'
  | 'workers'
  | 'pages-functions'
  | 'deno'
  | 'supabase'
  | 'vercel'
  | 'next';

export type MiddlewareRole =
  /** `@line/bot-sdk` `middleware(config)`; `call` is the factory call when visible. */
  | { kind: 'line-sdk-middleware'; call?: ts.CallExpression }
  /** A body parser; `capturesRaw` when its `verify` hook keeps the raw bytes. */
  | { kind: 'body-parser'; format: 'json' | 'raw' | 'text' | 'urlencoded'; capturesRaw: boolean }
  /** A third-party middleware known to verify LINE signatures. */
  | { kind: 'verifying-package' }
  /** line-bot-guard/runtime's webhook handler (verifies, answers first). */
  | { kind: 'runtime-handler' }
  /** A function of the project (may verify, may parse). */
  | { kind: 'function'; fn: FunctionLike }
  /** A predicate whose `false` (or throw) makes the framework reject the request (NestJS guard `canActivate`). */
  | { kind: 'guard'; fn: FunctionLike }
  | { kind: 'unknown' };

export interface ChainStep {
  /** The middleware expression as mounted (argument of `use`/`post`/...). */
  node: ts.Expression;
  role: MiddlewareRole;
}

export interface Endpoint {
  framework: string;
  /** Where findings about the endpoint as a whole are reported: the registration call or exported handler. */
  registration: ts.Node;
  method?: string;
  route?: string;
  /** Middleware that runs before the handler, in order (app-level mounts first). */
  chain: ChainStep[];
  /** The handler function, when it is code of the project. */
  handler?: FunctionLike;
  /** The handler as registered, when it is not a project function (e.g. the runtime's handler). */
  handlerRole?: MiddlewareRole;
  style: RequestStyle;
  /** How the endpoint answers; when absent it follows from `style` (see src/analysis/response.ts). */
  answer?: AnswerStyle;
  /** Where it runs, when the adapter knows (serverless platforms get other advice than servers). */
  host?: HostPlatform;
  /** The app (root router creation) the route belongs to, for router-style frameworks. */
  app?: ts.Node;
  /** The response parameter of the handler when it is not the style's default (NestJS `@Res()`). */
  responseParameter?: ts.ParameterDeclaration;
}

export interface AdapterContext {
  project: SourceProject;
  origins: OriginService;
  classifyMiddleware(node: ts.Expression): MiddlewareRole;
}

export interface FrameworkAdapter {
  id: string;
  /** A cheap text test: can this file hold this framework's registrations? */
  mayMatch(file: ProjectFile): boolean;
  /** Endpoint candidates registered in `file` (webhook or not; the webhook filter comes later). */
  endpoints(file: ProjectFile, context: AdapterContext): Endpoint[];
}
