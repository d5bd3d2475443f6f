import { ts, walk } from '../src/project/ast.js';
import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';

const HINT = /signature|createHmac|HmacSHA256|subtle|digest/i;

export default defineRule({
  meta: {
    id: 'signature-timing-safe-compare',
    description: 'Require the webhook signature to be compared in constant time',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('webhook-signature'),
    auditItems: ['webhook-signature'],
    precision: 'high',
    securitySeverity: 5.9,
    tags: ['security', 'external/cwe/cwe-208'],
    runtimeHelper: 'verifySignature',
    messages: {
      timingUnsafe:
        'The x-line-signature value is compared with {{how}}, which takes longer the more characters match and leaks the expected signature. Use crypto.timingSafeEqual on equal-length buffers, validateSignature() from @line/bot-sdk, or verifySignature from line-bot-guard/runtime.',
    },
  },
  check({ file, facts, report }) {
    if (!HINT.test(file.text)) return;
    const signatures = facts.signatures;
    walk(file.sourceFile, (node) => {
      const comparison = signatures.signatureComparison(node);
      if (!comparison) return undefined;
      const how = ts.isBinaryExpression(comparison) ? `'${comparison.operatorToken.getText()}'` : `'${(comparison as ts.CallExpression).expression.getText().split('.').pop()}()'`;
      report({ node: comparison, messageId: 'timingUnsafe', data: { how } });
      return false;
    });
  },
});
