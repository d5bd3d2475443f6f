/**
 * Router apps (Express, Koa, Hono) served by a serverless platform instead of a long-running server:
 * `serverless-http`, `@vendia/serverless-express`/`@codegenie/serverless-express`, `aws-serverless-express`
 * (Lambda), Firebase `onRequest(app)` and Cloud Functions `http(name, app)`. Their endpoints get the host,
 * and on Firebase/Cloud Functions the raw body stays available as `req.rawBody` whatever parser runs.
 */
import { ts, walk } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { SourceProject } from '../project/project.js';
import type { ChainStep, Endpoint, FrameworkAdapter, HostPlatform } from './types.js';
import { httpFunctionRegistration } from './firebase.js';
import { perProject, objectLiteralOf, propertyValue } from './shared.js';

const LAMBDA_WRAPPERS: readonly { module: string; path: string[]; option?: string }[] = [
  { module: 'serverless-http', path: [] },
  { module: 'serverless-http', path: ['default'] },
  { module: '@vendia/serverless-express', path: [], option: 'app' },
  { module: '@vendia/serverless-express', path: ['configure'], option: 'app' },
  { module: '@codegenie/serverless-express', path: [], option: 'app' },
  { module: '@codegenie/serverless-express', path: ['configure'], option: 'app' },
  { module: 'aws-serverless-express', path: ['createServer'] },
];

const HINT = /serverless|onRequest|functions-framework/;

function hostedApps(project: SourceProject, origins: OriginService): Map<ts.Node, HostPlatform> {
  const hosted = new Map<ts.Node, HostPlatform>();
  for (const file of project.allFiles()) {
    if (!HINT.test(file.text)) continue;
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      let host: HostPlatform | undefined;
      let appExpression: ts.Expression | undefined;
      const platform = httpFunctionRegistration(origins, node);
      if (platform) {
        host = platform.host;
        appExpression = platform.handler;
      } else {
        const callee = origins.resolve(node.expression);
        const wrapper = LAMBDA_WRAPPERS.find((w) => OriginService.isExternal(callee, w.module, w.path));
        if (!wrapper) return;
        host = 'lambda';
        appExpression = wrapper.option ? propertyValue(objectLiteralOf(origins, node.arguments[0]), wrapper.option) ?? node.arguments[0] : node.arguments[0];
      }
      if (!appExpression) return;
      const app = origins.resolve(appExpression);
      if (app.kind === 'expression' && (ts.isCallExpression(app.node) || ts.isNewExpression(app.node))) hosted.set(app.node, host);
    });
  }
  return hosted;
}

function rawBodyKept(step: ChainStep): ChainStep {
  if (step.role.kind !== 'body-parser' || step.role.capturesRaw) return step;
  return { ...step, role: { ...step.role, capturesRaw: true } };
}

/** Wraps a router adapter so its endpoints carry the platform their app is served by. */
export function withHosting(adapter: FrameworkAdapter): FrameworkAdapter {
  return {
    ...adapter,
    endpoints(file, context) {
      const endpoints = adapter.endpoints(file, context);
      if (endpoints.length === 0) return endpoints;
      const hosted = perProject(context.project, 'hosted-apps', () => hostedApps(context.project, context.origins));
      return endpoints.map((endpoint): Endpoint => {
        const host = endpoint.app ? hosted.get(endpoint.app) : undefined;
        if (!host) return endpoint.host ? endpoint : { ...endpoint, host: 'server' };
        const keepsRaw = host === 'firebase' || host === 'cloud-functions';
        return { ...endpoint, host, chain: keepsRaw ? endpoint.chain.map(rawBodyKept) : endpoint.chain };
      });
    },
  };
}
