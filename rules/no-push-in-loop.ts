import { ts, enclosingFunction } from '../src/project/ast.js';
import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { sendingFacts, type SendingFacts } from '../src/analysis/sending.js';
import type { CollectionLoop } from '../src/analysis/send-loops.js';

interface PushLoop {
  node: ts.Node;
}

/** Parameters of `fn` that an expression reads. */
function parametersRead(s: SendingFacts, expression: ts.Node, fn: ts.SignatureDeclaration): Set<number> {
  const indexes = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const declaration = s.model.origins.declarationOf(node);
      if (declaration?.kind === 'parameter' && declaration.fn === fn) indexes.add(fn.parameters.indexOf(declaration.node));
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return indexes;
}

function staged(s: SendingFacts, loops: CollectionLoop[]): boolean {
  return loops.some((loop) => s.loops.sendsInStages(loop));
}

function problems(s: SendingFacts): PushLoop[] {
  const found = new Map<ts.Node, PushLoop>();
  for (const call of s.model.sends()) {
    if (call.kind !== 'push' || !call.to) continue;
    const content: ts.Node | undefined = call.messages ?? call.bareText;
    if (!content) continue;
    const node = call.node;
    const loops = s.loops.loopsAround(node);
    if (loops.length > 0) {
      const loop = loops[0]!;
      if (s.loops.dependsOn(call.to, loop) && !s.loops.dependsOn(content, loop) && !staged(s, loops)) found.set(node, { node });
      continue;
    }
    // A helper that pushes to its parameter, called in a loop over recipients.
    const fn = enclosingFunction(call.inner ?? node);
    if (!fn || call.bindings) continue;
    const toParams = parametersRead(s, call.to, fn);
    if (toParams.size === 0) continue;
    const contentParams = parametersRead(s, content, fn);
    for (const site of s.model.callSites(fn).slice(0, 12)) {
      const siteLoops = s.loops.loopsAround(site);
      if (siteLoops.length === 0 || staged(s, siteLoops)) continue;
      const loop = siteLoops[0]!;
      const arg = (i: number): ts.Expression | undefined => site.arguments?.[i];
      const toDepends = [...toParams].some((i) => arg(i) !== undefined && s.loops.dependsOn(arg(i)!, loop));
      const contentDepends = [...contentParams].some((i) => arg(i) === undefined || s.loops.dependsOn(arg(i)!, loop));
      if (toDepends && !contentDepends) found.set(site, { node: site });
    }
  }
  return [...found.values()];
}

export default defineRule({
  meta: {
    id: 'no-push-in-loop',
    description: 'Disallow pushing the same messages to recipients one by one in a loop where one multicast would do',
    category: 'reliability',
    recommended: 'warning',
    guideline: guidelineRef('mass-webhook-delivery'),
    auditItems: ['mass-webhook-delivery', 'request-limits'],
    precision: 'high',
    tags: ['reliability', 'performance'],
    messages: {
      pushInLoop:
        'This pushes the same messages to each recipient of a loop, one request per user. Send them with one multicast per 500 users (or narrowcast/broadcast), in stages for large audiences; push stays right for personalised messages.',
    },
  },
  check({ facts, report, inFile }) {
    const s = sendingFacts(facts);
    for (const problem of facts.shared('no-push-in-loop', () => problems(s))) {
      if (inFile(problem.node)) report({ node: problem.node, messageId: 'pushInLoop' });
    }
  },
});
