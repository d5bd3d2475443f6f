/**
 * The rule catalogue: the single source of rule metadata for presets, the README table, SARIF `rules[]`
 * and the audit. Keep entries sorted by id.
 */
import type { RuleDefinition } from '../src/engine/rule.js';
import errorHandlingByStatus from './error-handling-by-status.js';
import handleEveryWebhookEvent from './handle-every-webhook-event.js';
import loginRedirectUriMatch from './login-redirect-uri-match.js';
import maxMessagesPerRequest from './max-messages-per-request.js';
import maxTextLength from './max-text-length.js';
import noClientSuppliedUserId from './no-client-supplied-user-id.js';
import noDeliveryEventSource from './no-delivery-event-source.js';
import noDiscontinuedEndpoints from './no-discontinued-endpoints.js';
import noHardcodedCredentials from './no-hardcoded-credentials.js';
import noInsecureTls from './no-insecure-tls.js';
import noIpAllowlistAuth from './no-ip-allowlist-auth.js';
import noLongLivedChannelToken from './no-long-lived-channel-token.js';
import noPushInLoop from './no-push-in-loop.js';
import preferLoginPkce from './prefer-login-pkce.js';
import requireHttpsUrls from './require-https-urls.js';
import requireLoginState from './require-login-state.js';
import requireRetryKey from './require-retry-key.js';
import requireSignatureValidation from './require-signature-validation.js';
import signatureRawBody from './signature-raw-body.js';
import signatureTimingSafeCompare from './signature-timing-safe-compare.js';
import stableRetryKey from './stable-retry-key.js';
import tokenReissueLifecycle from './token-reissue-lifecycle.js';
import tolerateUnknownWebhookProperties from './tolerate-unknown-webhook-properties.js';
import verifyIdToken from './verify-id-token.js';
import webhookRespondBeforeProcessing from './webhook-respond-before-processing.js';

export const RULES: readonly RuleDefinition[] = [errorHandlingByStatus, handleEveryWebhookEvent, loginRedirectUriMatch, maxMessagesPerRequest, maxTextLength, noClientSuppliedUserId, noDeliveryEventSource, noDiscontinuedEndpoints, noHardcodedCredentials, noInsecureTls, noIpAllowlistAuth, noLongLivedChannelToken, noPushInLoop, preferLoginPkce, requireHttpsUrls, requireLoginState, requireRetryKey, requireSignatureValidation, signatureRawBody, signatureTimingSafeCompare, stableRetryKey, tokenReissueLifecycle, tolerateUnknownWebhookProperties, verifyIdToken, webhookRespondBeforeProcessing];

export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

export const RULE_METAS = RULES.map((rule) => rule.meta);
