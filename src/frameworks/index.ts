/** The framework adapters, in the order their endpoints are reported. New frameworks slot in here. */
import { expressAdapter } from './express.js';
import { honoAdapter } from './hono.js';
import { nextAppAdapter } from './next-app.js';
import { nodeHttpAdapter } from './node-http.js';
import { fastifyAdapter } from './fastify.js';
import { koaAdapter } from './koa.js';
import { nestAdapter } from './nest.js';
import { nextPagesAdapter } from './next-pages.js';
import { lambdaAdapter } from './lambda.js';
import { firebaseAdapter } from './firebase.js';
import { fetchHandlersAdapter } from './fetch-handlers.js';
import { linebotAdapter } from './linebot.js';
import { bottenderAdapter } from './bottender.js';
import { withHosting } from './hosting.js';
import { dependsOn } from './shared.js';
import type { FrameworkAdapter } from './types.js';

/** Hono runs on Workers unless the package serves it from Node, Bun or Deno. */
const honoOnItsHost: FrameworkAdapter = {
  ...honoAdapter,
  endpoints(file, context) {
    const onServer = dependsOn(file, '@hono/node-server', '@types/bun', 'bun-types') || /@hono\/node-server|\bBun\.serve|\bDeno\.serve/.test(file.text);
    return honoAdapter.endpoints(file, context).map((endpoint) => ({ ...endpoint, host: onServer ? 'server' : 'workers' }));
  },
};

const nextAppOnVercel: FrameworkAdapter = {
  ...nextAppAdapter,
  endpoints: (file, context) => nextAppAdapter.endpoints(file, context).map((endpoint) => ({ ...endpoint, answer: 'return', host: 'next' })),
};

export const FRAMEWORK_ADAPTERS: readonly FrameworkAdapter[] = [
  withHosting(expressAdapter),
  withHosting(honoOnItsHost),
  nextAppOnVercel,
  nodeHttpAdapter,
  fastifyAdapter,
  withHosting(koaAdapter),
  nestAdapter,
  nextPagesAdapter,
  lambdaAdapter,
  firebaseAdapter,
  fetchHandlersAdapter,
  linebotAdapter,
  bottenderAdapter,
];

export type { Endpoint, ChainStep, MiddlewareRole, FrameworkAdapter, RequestStyle, AdapterContext, AnswerStyle, HostPlatform } from './types.js';
