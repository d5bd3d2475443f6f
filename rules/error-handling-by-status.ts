import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { sendingFacts } from '../src/analysis/sending.js';

export default defineRule({
  meta: {
    id: 'error-handling-by-status',
    description: 'Require LINE API errors to be handled by HTTP status code, not by the text of the error message',
    category: 'reliability',
    recommended: 'warning',
    guideline: guidelineRef('message-delivery-request'),
    auditItems: ['message-delivery-request'],
    precision: 'high',
    tags: ['reliability', 'external/cwe/cwe-703'],
    messages: {
      byText:
        'This decides what to do from the text of a LINE API error ({{text}}). LINE does not guarantee error messages and changes them without notice; branch on the HTTP status code instead (err.status, err.statusCode or err.originalError.response.status; 409 on a retry means already accepted).',
    },
  },
  check({ facts, report, inFile }) {
    const s = sendingFacts(facts);
    for (const test of s.errors.all()) {
      if (inFile(test.node)) report({ node: test.node, messageId: 'byText', data: { text: test.text.getText().slice(0, 60) } });
    }
  },
});
