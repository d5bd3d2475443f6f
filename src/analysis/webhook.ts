/** Which endpoint candidates are LINE webhook endpoints (RULES.md "webhook endpoint"). */
import { ts, walk, type FunctionLike } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import type { Endpoint } from '../frameworks/types.js';
import { LINE_EVENT_PROPERTIES } from '../platform/webhook.js';
import { WEBHOOK_BODY_TYPES } from '../platform/sdk.js';
import { calledFunction } from './calls.js';

const SIGNATURE_MARK = /x-line-signature|LINE_SIGNATURE_HTTP_HEADER_NAME|validateSignature/i;
const EVENT_PROPERTY_MARK = new RegExp(`\\b(${[...LINE_EVENT_PROPERTIES].join('|')})\\b`);
const BODY_TYPE_MARK = new RegExp(`\\b(${[...WEBHOOK_BODY_TYPES].join('|')})\\b`);

/** The handler's text plus the text of project functions it calls (two levels), for cheap marks. */
function reachableText(fn: FunctionLike, origins: OriginService, depth = 0, seen = new Set<ts.Node>()): string {
  if (seen.has(fn)) return '';
  seen.add(fn);
  let text = fn.getText();
  if (depth >= 2) return text;
  walk(fn, (node) => {
    if (ts.isCallExpression(node)) {
      const callee = calledFunction(origins, node);
      if (callee && callee !== fn) text += '\n' + reachableText(callee, origins, depth + 1, seen);
    }
  });
  return text;
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
  const text = reachableText(handler, origins);
  if (SIGNATURE_MARK.test(text) || BODY_TYPE_MARK.test(text)) return true;
  for (const step of endpoint.chain) {
    if ((step.role.kind === 'function' || step.role.kind === 'guard') && SIGNATURE_MARK.test(reachableText(step.role.fn, origins))) return true;
  }
  return /\.events\b|\bevents\b\s*[}=:]/.test(text) && EVENT_PROPERTY_MARK.test(text);
}
