/** Next.js app-router route handlers: `route.ts` files under `app/` exporting `POST` (function or const). */
import { ts } from '../project/ast.js';
import type { FrameworkAdapter, Endpoint } from './types.js';

const ROUTE_FILE = /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/;
const HANDLER_EXPORTS = new Set(['POST']);

export const nextAppAdapter: FrameworkAdapter = {
  id: 'next-app',
  mayMatch: (file) => ROUTE_FILE.test(file.relative),
  endpoints(file, { project, origins }) {
    const info = project.module(file.path);
    if (!info) return [];
    const endpoints: Endpoint[] = [];
    for (const name of HANDLER_EXPORTS) {
      const entry = info.exports.get(name);
      if (!entry) continue;
      const value = origins.exportOf(file.path, name);
      const handler = value.kind === 'function' && !ts.isClassLike(value.node) ? value.node : undefined;
      const registration = entry.kind === 'local' ? entry.node : file.sourceFile;
      const route = '/' + file.relative.replace(/^(src\/)?app\//, '').replace(/\/?route\.[^/]+$/, '');
      endpoints.push({ framework: 'next-app', registration, method: name, route, chain: [], handler, style: 'fetch' });
    }
    return endpoints;
  },
};
