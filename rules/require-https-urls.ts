import { ts, unwrap, walk } from '../src/project/ast.js';
import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { HOLE, LINE_HOSTS } from '../src/platform/endpoints.js';
import { sendingFacts, type SendingFacts } from '../src/analysis/sending.js';
import type { Bindings } from '../src/analysis/values.js';

type Where = 'media' | 'webhook' | 'api';

interface UrlProblem {
  node: ts.Node;
  where: Where;
  field: string;
}

const LINE_API_HINT = /(?:http:)?\/\/(?:api|api-data|access)\.line\.me/i;
const API_HOSTS = new Set([LINE_HOSTS.api, LINE_HOSTS['api-data'], LINE_HOSTS.access]);

/** `http://...` or `//...`: a scheme LINE will not fetch from (or send a token over). */
function isInsecure(text: string): boolean {
  return /^http:\/\//i.test(text) || /^\/\/[^/\u0000]/.test(text);
}

function problems(s: SendingFacts): UrlProblem[] {
  const found = new Map<ts.Node, UrlProblem>();
  const add = (node: ts.Node, where: Where, field: string): void => {
    if (!found.has(node)) found.set(node, { node, where, field });
  };
  /** Judge a URL value reported at `node`; a URL that a helper receives is judged at each call that passes it. */
  const judge = (node: ts.Node, value: ts.Expression, bindings: Bindings | undefined, where: Where, field: string, depth = 0): void => {
    // A URL a helper receives as its parameter is judged (and reported) where the caller passes it.
    const bound = s.values.bound(value, bindings);
    if (bound.missing) return;
    if (bound.node !== unwrap(value)) return judge(bound.node, bound.node, bound.bindings, where, field, depth + 1);
    const inner = unwrap(value);
    if (ts.isIdentifier(inner) && depth <= 2) {
      const declaration = s.model.origins.declarationOf(inner);
      if (declaration?.kind === 'parameter' && declaration.path.length === 0) {
        const index = declaration.fn.parameters.indexOf(declaration.node);
        for (const site of s.model.callSites(declaration.fn).slice(0, 12)) {
          const arg = site.arguments?.[index];
          if (arg && !ts.isSpreadElement(arg)) judge(arg, arg, undefined, where, field, depth + 1);
        }
        return;
      }
    }
    const partial = s.values.partialString(value, bindings);
    if (isInsecure(partial.text)) {
      add(node, where, field);
      return;
    }
    if (depth > 2 || !partial.text.startsWith(HOLE)) return;
    for (const ref of partial.params) {
      if (ref.path.length > 0) continue;
      const index = ref.fn.parameters.indexOf(ref.param);
      for (const site of s.model.callSites(ref.fn).slice(0, 12)) {
        const arg = site.arguments?.[index];
        if (arg && !ts.isSpreadElement(arg)) judge(arg, arg, undefined, where, field, depth + 1);
      }
    }
  };

  for (const call of s.model.all()) {
    // Media URLs of the messages.
    if (call.messages) {
      for (const object of s.messages.objects(call.messages, call.bindings)) {
        for (const media of s.messages.mediaUrls(object)) judge(media.node, media.value, media.bindings, 'media', media.key);
      }
    }
    for (const arg of call.media ?? []) {
      const object = s.values.objectLiteral(arg, call.bindings);
      if (object) for (const media of s.messages.mediaUrls({ node: object.node, bindings: object.bindings })) judge(media.node, media.value, media.bindings, 'media', media.key);
      else judge(arg, arg, call.bindings, 'media', 'URL');
    }
    // The webhook URL LINE will call.
    if (call.kind === 'webhook-endpoint' || call.kind === 'webhook-test') {
      const method = call.sdkMethod;
      if (call.via === 'sdk' && method?.urlArgument !== undefined && ts.isCallExpression(call.node)) {
        const arg = call.node.arguments[method.urlArgument];
        if (arg) judge(arg, arg, undefined, 'webhook', 'endpoint');
      } else if (call.request) {
        const endpoint = s.values.property(call.request, 'endpoint', call.bindings);
        if (endpoint) judge(endpoint.node, endpoint.value, endpoint.bindings, 'webhook', 'endpoint');
      }
    }
  }
  // LINE API base URLs written with http:// (or protocol-relative).
  for (const file of s.model.project.allFiles()) {
    if (!LINE_API_HINT.test(file.text)) continue;
    walk(file.sourceFile, (node) => {
      if (!ts.isStringLiteralLike(node) && !ts.isTemplateExpression(node)) return undefined;
      const text = ts.isTemplateExpression(node) ? node.head.text : node.text;
      const host = /^(?:http:)?\/\/([^/:?#]+)/i.exec(text)?.[1]?.toLowerCase();
      if (host && API_HOSTS.has(host) && isInsecure(text) && !/(\.\.\.|…)$/.test(text)) add(node, 'api', 'URL');
      return ts.isTemplateExpression(node) ? false : undefined;
    });
  }
  return [...found.values()];
}

export default defineRule({
  meta: {
    id: 'require-https-urls',
    description: 'Require HTTPS for media URLs in messages, the webhook endpoint URL and the LINE API base URL',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('https-tls'),
    auditItems: ['https-tls'],
    precision: 'very-high',
    securitySeverity: 5.3,
    tags: ['security', 'external/cwe/cwe-319'],
    runtimeHelper: 'assertHttpsUrl',
    messages: {
      media:
        '{{field}} is not an https:// URL. LINE only fetches message media over HTTPS (TLS 1.2 or later), so the image or video does not show. Serve it over HTTPS.',
      webhook: 'The webhook endpoint is not an https:// URL. LINE only delivers webhooks to HTTPS (TLS 1.2 or later) endpoints.',
      api: 'This LINE API URL does not use https://. The Messaging API is served over HTTPS (TLS 1.2 or later) only, and a plain-HTTP request would expose the channel access token.',
    },
  },
  check({ facts, report, inFile }) {
    const s = sendingFacts(facts);
    for (const problem of facts.shared('require-https-urls', () => problems(s))) {
      if (inFile(problem.node)) report({ node: problem.node, messageId: problem.where, data: { field: problem.field } });
    }
  },
});
