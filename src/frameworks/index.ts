/** The framework adapters, in the order their endpoints are reported. New frameworks slot in here. */
import { expressAdapter } from './express.js';
import { honoAdapter } from './hono.js';
import { nextAppAdapter } from './next-app.js';
import { nodeHttpAdapter } from './node-http.js';
import type { FrameworkAdapter } from './types.js';

export const FRAMEWORK_ADAPTERS: readonly FrameworkAdapter[] = [expressAdapter, honoAdapter, nextAppAdapter, nodeHttpAdapter];

export type { Endpoint, ChainStep, MiddlewareRole, FrameworkAdapter, RequestStyle, AdapterContext } from './types.js';
