import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { EventAnalysis, type EventHandling } from '../src/analysis/events.js';
import type { ProjectFacts } from '../src/engine/facts.js';

function handlings(facts: ProjectFacts): EventHandling[] {
  return facts.shared('webhook-event-handling', () => {
    const analysis = facts.shared('event-analysis', () => new EventAnalysis(facts.origins));
    return facts.webhookEndpoints().map((endpoint) => analysis.handling(endpoint));
  });
}

export default defineRule({
  meta: {
    id: 'handle-every-webhook-event',
    description: 'Require LINE webhook handlers to handle every event of a webhook, including an empty events array',
    category: 'reliability',
    recommended: 'error',
    guideline: guidelineRef('multiple-webhook-events'),
    auditItems: ['multiple-webhook-events'],
    precision: 'high',
    tags: ['reliability', 'correctness'],
    runtimeHelper: 'createWebhookHandler',
    messages: {
      singleEvent:
        'Only one event of the webhook is handled here. One webhook can carry several events, from different users; handle every element of events (for...of, map, forEach).',
      singleEventCrash:
        'Only the first event of the webhook is handled, and this throws when events is empty (LINE\'s verification request has no events). Handle every element of events (for...of, map, forEach), which also covers the empty case.',
      loopStops:
        'This loop over the webhook events stops after the first one: the remaining events of the webhook are never handled. Skip an event with continue instead of leaving the loop.',
      emptyEventsRejected:
        'The webhook is rejected when events is empty, but LINE sends exactly that to verify the webhook URL. Answer 200 when there are no events.',
    },
  },
  check({ facts, report, inFile }) {
    for (const handling of handlings(facts)) {
      const pick = handling.pick;
      if (pick && inFile(pick.node)) {
        report({ node: pick.node, messageId: pick.kind === 'loop-exit' ? 'loopStops' : pick.crashesWhenEmpty ? 'singleEventCrash' : 'singleEvent' });
      }
      for (const node of handling.emptyRejections) if (inFile(node)) report({ node, messageId: 'emptyEventsRejected' });
    }
  },
});
