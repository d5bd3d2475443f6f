/** Which endpoint candidates are LINE webhook endpoints (RULES.md "webhook endpoint"). */
import { ts, walk, isAccess, accessedName, type FunctionLike } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import type { Endpoint } from '../frameworks/types.js';
import { LINE_EVENT_PROPERTIES } from '../platform/webhook.js';
import { WEBHOOK_BODY_TYPES } from '../platform/sdk.js';
import { calledFunction } from './calls.js';
import { isRuntimeWebhookHandler } from '../frameworks/middleware.js';

const SIGNATURE_MARK = /x-line-signature|LINE_SIGNATURE_HTTP_HEADER_NAME|validateSignature/i;
const EVENT_PROPERTY_MARK = new RegExp(`\\b(${[...LINE_EVENT_PROPERTIES].join('|')})\\b`);
const BODY_TYPE_MARK = new RegExp(`\\b(${[...WEBHOOK_BODY_TYPES].join('|')})\\b`);

/**
 * Project functions reachable from `fn` through calls (itself first, then callees in call order, up to
 * `maxDepth` levels; injected services included). The code that handles one endpoint's requests.
 */
export function reachableFunctions(fn: FunctionLike, origins: OriginService, maxDepth = 2): FunctionLike[] {
  const result: FunctionLike[] = [];
  const seen = new Set<ts.Node>();
  const visit = (current: FunctionLike, depth: number): void => {
    if (seen.has(current)) return;
    seen.add(current);
    result.push(current);
    if (depth >= maxDepth) return;
    walk(current, (node) => {
      if (ts.isCallExpression(node)) {
        const callee = calledFunction(origins, node);
        if (callee && callee !== current) visit(callee, depth + 1);
      }
    });
  };
  visit(fn, 0);
  return result;
}

/** The handler's text plus the text of project functions it calls (two levels), for cheap marks. */
function reachableText(fn: FunctionLike, origins: OriginService): string {
  return reachableFunctions(fn, origins, 2)
    .map((f) => f.getText())
    .join('\n');
}

/** `return handler.fetch(request)` / `handler.node(req, res)` of line-bot-guard/runtime's webhook handler. */
function delegatesToRuntime(fn: FunctionLike, origins: OriginService): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found) return false;
    if (ts.isCallExpression(node) && isAccess(node.expression) && ['node', 'fetch'].includes(accessedName(node.expression) ?? '') && isRuntimeWebhookHandler(origins, node.expression.expression)) found = true;
    return undefined;
  });
  return found;
}

export interface WebhookOptions {
  /** Extra webhook paths named by the project's configuration. */
  webhookPaths?: readonly string[];
}

export function isWebhookEndpoint(endpoint: Endpoint, origins: OriginService, options: WebhookOptions = {}): boolean {
  // The runtime's handler, or a LINE library's own webhook handler (linebot `parser()`/`listen()`).
  if (endpoint.handlerRole?.kind === 'runtime-handler' || endpoint.handlerRole?.kind === 'verifying-package') return true;
  if (endpoint.chain.some((s) => s.role.kind === 'line-sdk-middleware' || s.role.kind === 'verifying-package' || s.role.kind === 'runtime-handler')) return true;
  if (endpoint.route && options.webhookPaths?.includes(endpoint.route)) return true;
  const handler = endpoint.handler;
  if (!handler) return false;
  if (delegatesToRuntime(handler, origins)) return true;
  const text = reachableText(handler, origins);
  if (SIGNATURE_MARK.test(text) || BODY_TYPE_MARK.test(text)) return true;
  for (const step of endpoint.chain) {
    if ((step.role.kind === 'function' || step.role.kind === 'guard') && SIGNATURE_MARK.test(reachableText(step.role.fn, origins))) return true;
  }
  return /\.events\b|\bevents\b\s*[}=:]/.test(text) && EVENT_PROPERTY_MARK.test(text);
}
