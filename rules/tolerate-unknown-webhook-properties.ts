import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { SchemaAnalysis, type StrictSchema, type StrictSchemaKind } from '../src/analysis/schemas.js';
import type { ProjectFacts } from '../src/engine/facts.js';

const MESSAGE_BY_KIND: Record<StrictSchemaKind, string> = {
  'zod-strict': 'zodStrict',
  'joi-object': 'joiObject',
  'json-schema': 'additionalProperties',
  'forbid-non-whitelisted': 'forbidNonWhitelisted',
  'failing-default': 'failingDefault',
};

function analysis(facts: ProjectFacts): SchemaAnalysis {
  return facts.shared('schema-analysis', () => new SchemaAnalysis(facts.project, facts.origins));
}

export default defineRule({
  meta: {
    id: 'tolerate-unknown-webhook-properties',
    description: 'Disallow webhook validation that rejects properties or event types LINE may add',
    category: 'reliability',
    recommended: 'warning',
    guideline: guidelineRef('webhook-structure-changes'),
    auditItems: ['webhook-structure-changes'],
    precision: 'high',
    tags: ['reliability', 'forward-compatibility'],
    messages: {
      zodStrict:
        '.strict() makes this LINE webhook schema reject properties it does not list, and LINE adds properties to webhook objects without notice. Use the default (strip) or .passthrough().',
      joiObject:
        'Joi object schemas reject unknown keys by default, so this LINE webhook schema breaks when LINE adds a property. Add .unknown(true) here and to the object schemas inside it (or validate with { allowUnknown: true }).',
      additionalProperties:
        'additionalProperties: false makes this LINE webhook schema reject properties it does not list, and LINE adds properties to webhook objects without notice. Drop it (or let the validator remove extra properties instead of failing).',
      forbidNonWhitelisted:
        'forbidNonWhitelisted rejects the LINE webhook body as soon as it carries a property the DTO does not declare, and LINE adds properties without notice. Leave it off for the webhook route (whitelist alone strips unknown properties).',
      failingDefault:
        'This switch on the webhook {{what}} type fails for types it does not list, but LINE adds new {{what}} types over time. Ignore (or log) unknown types in the default branch instead of throwing or answering an error.',
    },
  },
  // Reported nodes: `.strict`, `strictObject`, `Joi.object`, `additionalProperties`, `forbidNonWhitelisted`, `default:`.
  textHint: /strict|\bjoi\b|additionalProperties|forbidNonWhitelisted|default\s*:/i,
  check({ file, facts, report, inFile }) {
    const schemas = analysis(facts);
    const webhooks = facts.webhookEndpoints();
    const findings: StrictSchema[] = [
      ...schemas.strictSchemasIn(file.sourceFile, webhooks, () => facts.shared('fastify-route-schemas', () => schemas.fastifyExclusions())),
      ...facts.shared('strict-schema-project-findings', () => schemas.projectFindings(webhooks)).filter((f) => inFile(f.node)),
    ];
    for (const finding of findings) {
      report({
        node: finding.node,
        messageId: MESSAGE_BY_KIND[finding.kind],
        data: finding.kind === 'failing-default' ? { what: finding.switchKind === 'message' ? 'message' : 'event' } : undefined,
      });
    }
  },
});
