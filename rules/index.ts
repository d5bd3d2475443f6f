/**
 * The rule catalogue: the single source of rule metadata for presets, the README table, SARIF `rules[]`
 * and the audit. Keep entries sorted by id.
 */
import type { RuleDefinition } from '../src/engine/rule.js';
import handleEveryWebhookEvent from './handle-every-webhook-event.js';
import loginRedirectUriMatch from './login-redirect-uri-match.js';
import noClientSuppliedUserId from './no-client-supplied-user-id.js';
import noHardcodedCredentials from './no-hardcoded-credentials.js';
import noLongLivedChannelToken from './no-long-lived-channel-token.js';
import preferLoginPkce from './prefer-login-pkce.js';
import requireLoginState from './require-login-state.js';
import requireSignatureValidation from './require-signature-validation.js';
import signatureRawBody from './signature-raw-body.js';
import signatureTimingSafeCompare from './signature-timing-safe-compare.js';
import tokenReissueLifecycle from './token-reissue-lifecycle.js';
import tolerateUnknownWebhookProperties from './tolerate-unknown-webhook-properties.js';
import verifyIdToken from './verify-id-token.js';
import webhookRespondBeforeProcessing from './webhook-respond-before-processing.js';

export const RULES: readonly RuleDefinition[] = [handleEveryWebhookEvent, loginRedirectUriMatch, noClientSuppliedUserId, noHardcodedCredentials, noLongLivedChannelToken, preferLoginPkce, requireLoginState, requireSignatureValidation, signatureRawBody, signatureTimingSafeCompare, tokenReissueLifecycle, tolerateUnknownWebhookProperties, verifyIdToken, webhookRespondBeforeProcessing];

export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

export const RULE_METAS = RULES.map((rule) => rule.meta);
