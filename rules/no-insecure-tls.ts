import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { sendingFacts } from '../src/analysis/sending.js';
import type { InsecureTlsKind } from '../src/analysis/insecure-tls.js';

const MESSAGE: Record<InsecureTlsKind, string> = {
  'reject-unauthorized': 'rejectUnauthorized',
  'disable-certs': 'rejectUnauthorized',
  'env-override': 'envOverride',
  'min-version': 'oldVersion',
  'max-version': 'oldVersion',
  'secure-protocol': 'oldVersion',
  'default-min-version': 'oldVersion',
};

const SCOPE: Record<string, string> = {
  line: 'requests to the LINE API',
  global: 'every request of this process, LINE API calls included',
  server: 'the server LINE sends webhooks to',
};

export default defineRule({
  meta: {
    id: 'no-insecure-tls',
    description: 'Disallow turning off certificate checks or allowing TLS below 1.2 for LINE API calls and the webhook server',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('https-tls'),
    auditItems: ['https-tls'],
    precision: 'high',
    securitySeverity: 7.4,
    tags: ['security', 'external/cwe/cwe-295', 'external/cwe/cwe-327'],
    messages: {
      rejectUnauthorized:
        'Certificate verification is switched off for {{scope}}. Anyone on the network path can then pose as LINE and read the channel access token and the messages. Remove the override.',
      envOverride:
        'NODE_TLS_REJECT_UNAUTHORIZED=0 switches off certificate verification for {{scope}}, exposing the channel access token and the messages. Remove it; trust a private CA with NODE_EXTRA_CA_CERTS instead.',
      oldVersion: 'This allows a TLS version below 1.2 for {{scope}}. LINE requires TLS 1.2 or later; remove the setting (Node defaults to TLS 1.2+).',
    },
  },
  check({ facts, report, inFile }) {
    const s = sendingFacts(facts);
    for (const finding of s.tls.all()) {
      if (inFile(finding.node)) report({ node: finding.node, messageId: MESSAGE[finding.kind], data: { scope: SCOPE[finding.scope]! } });
    }
  },
});
