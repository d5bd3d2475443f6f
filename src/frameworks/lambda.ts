/**
 * AWS Lambda behind API Gateway (REST v1, HTTP v2) or a function URL: an exported handler
 * `(event, context)` that reads `event.body`/`event.headers` and answers by returning
 * `{ statusCode, body }`. Handlers wrapped by middy (`middy(fn)`) count; an Express app wrapped by
 * `serverless-http`/`@vendia/serverless-express` is the Express adapter's (see hosting.ts).
 */
import { ts, walk, isAccess, accessedName, unwrap, type FunctionLike } from '../project/ast.js';
import type { Endpoint, FrameworkAdapter } from './types.js';
import { exportedValues, handlerFunctionOf, dependsOn } from './shared.js';

const LAMBDA_HINT = /statusCode|APIGateway|aws-lambda|isBase64Encoded|requestContext|LambdaFunctionURL|@middy/;
const EVENT_TYPES = /APIGateway\w*Event|LambdaFunctionURLEvent|APIGatewayProxy\w*|Handler\b/;

/** Does `fn` look like an HTTP Lambda handler: reads the event's body/headers or returns `{ statusCode }`? */
function isHttpHandler(fn: FunctionLike): boolean {
  const event = fn.parameters[0];
  if (!event || !ts.isIdentifier(event.name)) return false;
  const name = event.name.text;
  if (event.type && EVENT_TYPES.test(event.type.getText())) return true;
  // `(req, res)` handlers belong to other adapters; Lambda's first parameter is the event.
  if (!/event|^evt$|^ev$|^e$/i.test(name) || fn.parameters.length > 3) return false;
  let reads = false;
  walk(fn, (node) => {
    if (reads) return false;
    if (isAccess(node) && ts.isIdentifier(unwrap(node.expression)) && (unwrap(node.expression) as ts.Identifier).text === name) {
      const member = accessedName(node);
      if (member === 'body' || member === 'headers' || member === 'isBase64Encoded' || member === 'requestContext') reads = true;
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'statusCode') reads = true;
    return undefined;
  });
  return reads;
}

export const lambdaAdapter: FrameworkAdapter = {
  id: 'lambda',
  mayMatch: (file) => LAMBDA_HINT.test(file.text) && /\bexport\b|exports\b/.test(file.text),
  endpoints(file, { project, origins }) {
    const endpoints: Endpoint[] = [];
    // Next.js, Pages Functions and Vercel files export `handler`-like functions of their own.
    if (/(^|\/)(app|pages|functions)\//.test(file.relative) && !dependsOn(file, 'aws-lambda', '@types/aws-lambda')) return endpoints;
    const seen = new Set<FunctionLike>();
    for (const { node, origin } of exportedValues(project, origins, file)) {
      const fn =
        origin.kind === 'function' && !ts.isClassLike(origin.node)
          ? origin.node
          : origin.kind === 'expression' && ts.isCallExpression(origin.node)
            ? handlerFunctionOf(origins, origin.node)
            : undefined;
      if (!fn || seen.has(fn) || !isHttpHandler(fn)) continue;
      seen.add(fn);
      endpoints.push({ framework: 'lambda', registration: node, method: 'POST', chain: [], handler: fn, style: 'lambda', answer: 'return', host: 'lambda' });
    }
    return endpoints;
  },
};
