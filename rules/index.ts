/**
 * The rule catalogue: the single source of rule metadata for presets, the README table, SARIF `rules[]`
 * and the audit. Keep entries sorted by id.
 */
import type { RuleDefinition } from '../src/engine/rule.js';
import requireSignatureValidation from './require-signature-validation.js';
import signatureRawBody from './signature-raw-body.js';
import signatureTimingSafeCompare from './signature-timing-safe-compare.js';

export const RULES: readonly RuleDefinition[] = [requireSignatureValidation, signatureRawBody, signatureTimingSafeCompare];

export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

export const RULE_METAS = RULES.map((rule) => rule.meta);
