import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { deliverySourceReads } from '../src/analysis/events.js';

export default defineRule({
  meta: {
    id: 'no-delivery-event-source',
    description: 'Disallow reading source from delivery webhook events',
    category: 'compliance',
    recommended: 'warning',
    guideline: guidelineRef('notice-delivery-source'),
    auditItems: ['notice-delivery-source'],
    precision: 'high',
    tags: ['reliability', 'deprecated-api'],
    messages: {
      deliverySource:
        'delivery events (LINE notification message completion) no longer carry source since 2025-01-28, so this is undefined. Identify the delivery by delivery.data (the hashed phone number or the X-Line-Delivery-Tag you sent).',
    },
  },
  // Every finding sits in a file that narrows on 'delivery' or names the delivery event type.
  textHint: /delivery/i,
  check({ file, report }) {
    for (const node of deliverySourceReads(file.sourceFile)) report({ node, messageId: 'deliverySource' });
  },
});
