/**
 * Firebase Functions v1 (`functions.https.onRequest(handler)`, also after `region()`/`runWith()`) and v2
 * (`onRequest(handler)` / `onRequest(options, handler)` from `firebase-functions/v2/https`), and Google Cloud
 * Functions (`functions.http(name, handler)` of `@google-cloud/functions-framework`). Handlers are Express
 * `(req, res)`; the platform parses JSON into `req.body` and keeps the raw bytes in `req.rawBody`. An
 * Express app passed instead of a handler is the Express adapter's (see hosting.ts).
 */
import { ts, walk, unwrap, isAccess, accessedName } from '../project/ast.js';
import type { Origin, OriginService } from '../project/origin.js';
import type { Endpoint, FrameworkAdapter, HostPlatform } from './types.js';
import { functionOf, receiverChainRoot } from './shared.js';

const FIREBASE = 'firebase-functions';
const FUNCTIONS_FRAMEWORK = '@google-cloud/functions-framework';

/** When `call` registers an HTTP function: the platform and the handler argument. */
export function httpFunctionRegistration(origins: OriginService, call: ts.CallExpression): { host: HostPlatform; handler: ts.Expression } | undefined {
  const callee = unwrap(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : isAccess(callee) ? accessedName(callee) : undefined;
  if (name === 'onRequest') {
    const isFirebase = receiverChainRoot(origins, callee, (o: Origin) => o.kind === 'external' && o.module === FIREBASE);
    const last = call.arguments[call.arguments.length - 1];
    if (isFirebase && last) return { host: 'firebase', handler: last };
  }
  if (name === 'http' && call.arguments.length === 2) {
    const origin = origins.resolve(call.expression);
    if (origin.kind === 'external' && origin.module === FUNCTIONS_FRAMEWORK) return { host: 'cloud-functions', handler: call.arguments[1]! };
  }
  return undefined;
}

export const firebaseAdapter: FrameworkAdapter = {
  id: 'firebase',
  mayMatch: (file) => /onRequest|functions-framework/.test(file.text),
  endpoints(file, { origins }) {
    const endpoints: Endpoint[] = [];
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      const registration = httpFunctionRegistration(origins, node);
      if (!registration) return;
      const handler = functionOf(origins, registration.handler);
      if (!handler) return;
      endpoints.push({
        framework: registration.host === 'firebase' ? 'firebase' : 'cloud-functions',
        registration: node,
        method: 'POST',
        // The platform parses JSON before the handler but keeps the exact bytes in req.rawBody.
        chain: [{ node, role: { kind: 'body-parser', format: 'json', capturesRaw: true } }],
        handler,
        style: 'node',
        answer: 'respond-call',
        host: registration.host,
      });
    });
    return endpoints;
  },
};
