import { ts, enclosingFunction } from '../src/project/ast.js';
import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { MAX_MESSAGES_PER_REQUEST } from '../src/platform/limits.js';
import { sendingFacts, type SendingFacts } from '../src/analysis/sending.js';
import type { MessageCount } from '../src/analysis/messages.js';

interface CountProblem {
  node: ts.Node;
  messageId: 'tooMany' | 'unbounded';
  data: Record<string, string | number>;
}

function problems(s: SendingFacts): CountProblem[] {
  const found: CountProblem[] = [];
  const seen = new Set<ts.Node>();
  const judge = (node: ts.Node, count: MessageCount): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (count.min > MAX_MESSAGES_PER_REQUEST) found.push({ node, messageId: 'tooMany', data: { count: count.min } });
    else if (count.unbounded && (count.max === undefined || count.max > MAX_MESSAGES_PER_REQUEST)) found.push({ node, messageId: 'unbounded', data: { what: count.unbounded.what } });
  };
  for (const call of s.model.sends()) {
    if (!call.messages) continue;
    // `messages` handed in by the callers of a helper: each call site decides.
    const ref = s.values.parameterRef(call.messages, call.bindings);
    const fn = ref ? enclosingFunction(call.inner ?? call.node) : undefined;
    if (ref && fn && ref.path.length === 0 && ref.fn === fn) {
      const index = fn.parameters.indexOf(ref.param);
      for (const site of s.model.callSites(fn)) {
        const arg = site.arguments?.[index];
        if (arg && !ts.isSpreadElement(arg)) judge(site, s.messages.count(arg));
      }
      continue;
    }
    judge(call.node, s.messages.count(call.messages, call.bindings));
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'max-messages-per-request',
    description: 'Enforce at most 5 message objects per send request',
    category: 'reliability',
    recommended: 'error',
    guideline: guidelineRef('request-limits'),
    auditItems: ['request-limits'],
    precision: 'high',
    tags: ['reliability'],
    runtimeHelper: 'chunkMessages',
    messages: {
      tooMany:
        'This request sends {{count}} messages; LINE accepts at most 5 per request and rejects the whole request. Send them in chunks of 5 (chunkMessages from line-bot-guard/runtime), each with its own retry key.',
      unbounded:
        'The messages of this request are built from {{what}} with no limit, so the request can exceed LINE\'s 5 messages and be rejected. Take at most 5 (slice(0, 5)) or send in chunks of 5 (chunkMessages from line-bot-guard/runtime).',
    },
  },
  check({ facts, report, inFile }) {
    const s = sendingFacts(facts);
    for (const problem of facts.shared('max-messages-per-request', () => problems(s))) {
      if (inFile(problem.node)) report({ node: problem.node, messageId: problem.messageId, data: problem.data });
    }
  },
});
