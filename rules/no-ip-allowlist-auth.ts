import { ts } from '../src/project/ast.js';
import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { ClientIpAnalysis } from '../src/analysis/client-ip.js';
import type { ProjectFacts } from '../src/engine/facts.js';

function comparisons(facts: ProjectFacts): ts.Node[] {
  return facts.shared('webhook-ip-comparisons', () => {
    const analysis = new ClientIpAnalysis(facts.origins);
    const seen = new Set<ts.Node>();
    const result: ts.Node[] = [];
    for (const endpoint of facts.webhookEndpoints()) {
      for (const node of analysis.comparisonsFor(endpoint)) {
        if (!seen.has(node)) {
          seen.add(node);
          result.push(node);
        }
      }
    }
    return result;
  });
}

export default defineRule({
  meta: {
    id: 'no-ip-allowlist-auth',
    description: 'Disallow access control of LINE webhook endpoints by client IP address',
    category: 'security',
    recommended: 'warning',
    guideline: guidelineRef('webhook-signature'),
    auditItems: ['webhook-signature'],
    precision: 'high',
    securitySeverity: 4.3,
    tags: ['security', 'reliability', 'external/cwe/cwe-290'],
    runtimeHelper: 'createWebhookHandler',
    messages: {
      ipAllowlist:
        "This LINE webhook endpoint decides by the client's IP address, but LINE does not disclose the addresses webhooks come from (they can change at any time) and forwarded-for headers can be forged. Verify the x-line-signature header instead.",
    },
  },
  check({ facts, report, inFile }) {
    for (const node of comparisons(facts)) if (inFile(node)) report({ node, messageId: 'ipAllowlist' });
  },
});
