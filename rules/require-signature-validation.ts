import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import type { SignatureProblem } from '../src/analysis/signature.js';

const MESSAGE_BY_PROBLEM: Record<SignatureProblem['kind'], string> = {
  missing: 'missing',
  ignored: 'ignored',
  'fail-open': 'failOpen',
  late: 'late',
  disabled: 'disabled',
  'never-runs': 'neverRuns',
  'discarded-middleware': 'discarded',
  'fail-open-secret': 'failOpenSecret',
  disclosure: 'disclosure',
};

export default defineRule({
  meta: {
    id: 'require-signature-validation',
    description: 'Require every LINE webhook endpoint to verify the x-line-signature header and reject requests that fail',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('webhook-signature'),
    auditItems: ['webhook-signature'],
    precision: 'high',
    securitySeverity: 8.1,
    tags: ['security', 'external/cwe/cwe-345', 'external/cwe/cwe-347'],
    runtimeHelper: 'createWebhookHandler',
    messages: {
      missing:
        'This LINE webhook endpoint uses the request without verifying the x-line-signature header. Verify it (SDK middleware(), validateSignature() on the raw body, or createWebhookHandler from line-bot-guard/runtime) and reject the request when it fails.',
      ignored: 'The result of this signature check is ignored, so forged webhook requests are still processed. Reject the request (4xx or throw) when it fails.',
      failOpen: 'This signature check fails open: when it fails, the request still goes on to the events. Return or throw right after rejecting.',
      late: 'The signature is checked only after the events were processed. Verify it before using the request body.',
      disabled: 'Signature verification is switched off here, so anyone can send this bot forged webhook events.',
      neverRuns:
        "@line/bot-sdk's middleware() is Connect-style and never runs here, so nothing is verified. Verify the raw body yourself (validateSignature(rawBody, secret, signature)) and reject failures, or use verifySignature / verifySignatureAsync from line-bot-guard/runtime.",
      discarded: 'middleware(config) creates a middleware that is never mounted, so it verifies nothing. Mount it before the webhook handler.',
      failOpenSecret: 'This verifier lets every request through when the channel secret is unset. Fail closed: reject (or refuse to start) without a secret.',
      disclosure: 'This response discloses the expected signature or the channel secret, which lets anyone forge webhook requests. Never send either back.',
    },
  },
  check({ file, facts, report, inFile }) {
    for (const assessment of facts.signatureAssessments()) {
      for (const problem of assessment.problems) {
        if (inFile(problem.node)) report({ node: problem.node, messageId: MESSAGE_BY_PROBLEM[problem.kind] });
      }
    }
    const signatures = facts.signatures;
    for (const { node, neverRuns } of facts.shared('unmounted-sdk-middleware', () => signatures.unmountedSdkMiddleware())) {
      if (inFile(node)) report({ node, messageId: neverRuns ? 'neverRuns' : 'discarded' });
    }
    for (const node of facts.shared('disabled-linebot', () => signatures.disabledLinebotClients())) {
      if (inFile(node)) report({ node, messageId: 'disabled' });
    }
    if (/secret|createHmac|HmacSHA256|subtle/i.test(file.text)) {
      for (const node of facts.shared('signature-disclosures', () => signatures.disclosures())) {
        if (inFile(node)) report({ node, messageId: 'disclosure' });
      }
    }
  },
});
