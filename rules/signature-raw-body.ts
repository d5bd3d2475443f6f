import { ts, isInside } from '../src/project/ast.js';
import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { reserializingExpression } from '../src/analysis/request.js';
import type { ChainStep, Endpoint } from '../src/frameworks/types.js';
import type { ProjectFacts } from '../src/engine/facts.js';

interface RawBodyProblem {
  node: ts.Node;
  messageId: 'reserialized' | 'parsedBeforeCheck' | 'parsedInput';
}

function isConsumingParser(step: ChainStep): boolean {
  return step.role.kind === 'body-parser' && step.role.format === 'json' && !step.role.capturesRaw;
}

/** Does a signature check run after the chain step at `parserIndex`? Then the parser ate the bytes it needs. */
function verifiesAfterParser(facts: ProjectFacts, endpoint: Endpoint, parserIndex: number): boolean {
  const later = endpoint.chain.slice(parserIndex + 1);
  if (later.some((s) => s.role.kind === 'line-sdk-middleware')) return true;
  const functions = [...later.flatMap((s) => (s.role.kind === 'function' ? [s.role.fn] : [])), ...(endpoint.handler ? [endpoint.handler] : [])];
  return functions.some((fn) => facts.signatures.checksIn(fn).length > 0);
}

function problems(facts: ProjectFacts): RawBodyProblem[] {
  const found: RawBodyProblem[] = [];
  const reported = new Set<ts.Node>();
  const inputs: ts.Expression[] = [];
  for (const hmac of facts.signatures.allHmacs()) if (hmac.input && facts.signatures.isLineHmac(hmac)) inputs.push(hmac.input);
  for (const assessment of facts.signatureAssessments()) {
    for (const site of assessment.checks) if (site.input && site.kind !== 'predicate' && site.kind !== 'throwing-verifier') inputs.push(site.input);
  }
  for (const input of inputs) {
    const reserialized = reserializingExpression(facts.origins, input);
    if (reserialized && !reported.has(reserialized)) {
      reported.add(reserialized);
      found.push({ node: reserialized, messageId: 'reserialized' });
    }
  }
  for (const endpoint of facts.webhookEndpoints()) {
    if (endpoint.style !== 'node') continue;
    const scope = [...endpoint.chain.flatMap((s) => (s.role.kind === 'function' ? [s.role.fn] : [])), ...(endpoint.handler ? [endpoint.handler] : [])];
    // One finding per check: a re-serialised input already explains the failure.
    if ([...reported].some((node) => scope.some((fn) => isInside(node, fn)))) continue;
    const parserIndex = endpoint.chain.findIndex(isConsumingParser);
    if (parserIndex === -1) continue;
    if (verifiesAfterParser(facts, endpoint, parserIndex)) {
      const node = endpoint.chain[parserIndex]!.node;
      if (!reported.has(node)) {
        reported.add(node);
        found.push({ node, messageId: 'parsedBeforeCheck' });
      }
    }
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'signature-raw-body',
    description: 'Require the webhook signature to be computed over the raw request body',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('webhook-signature'),
    auditItems: ['webhook-signature'],
    precision: 'high',
    securitySeverity: 5.3,
    tags: ['security', 'reliability', 'external/cwe/cwe-347'],
    runtimeHelper: 'createWebhookHandler',
    messages: {
      reserialized:
        'The signature is computed over a re-serialised body. LINE signs the exact bytes it sent (escaped emoji, key order, spacing), so this rejects real webhooks or forces verification off. Hash the raw body instead (req.rawBody, express.raw(), await request.text()).',
      parsedBeforeCheck:
        'This JSON body parser consumes the raw bytes before the signature check runs, so the check cannot see what LINE signed. Mount it after the webhook route, give it a verify hook that keeps req.rawBody, or use express.raw() on the webhook route.',
      parsedInput: 'The signature is computed over the parsed body object. Hash the raw body bytes instead.',
    },
  },
  check({ facts, report, inFile }) {
    for (const problem of facts.shared('raw-body-problems', () => problems(facts))) {
      if (inFile(problem.node)) report({ node: problem.node, messageId: problem.messageId });
    }
  },
});
