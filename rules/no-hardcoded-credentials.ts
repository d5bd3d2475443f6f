import path from 'node:path';
import { defineRule, type ReportedSuggestion } from '../src/engine/rule.js';
import { replaceNode } from '../src/engine/fixes.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { CredentialAnalysis, type CredentialKind, type CredentialLiteral } from '../src/analysis/credentials.js';

const WHAT: Record<CredentialKind, string> = {
  'channel-secret': 'a LINE channel secret (32 hex characters)',
  'login-secret': 'a LINE Login channel secret (32 hex characters)',
  'channel-access-token': 'a LINE channel access token',
  'private-key': 'an assertion-signing private key',
};

const ENV_NAME: Record<CredentialKind, string> = {
  'channel-secret': 'LINE_CHANNEL_SECRET',
  'login-secret': 'LINE_LOGIN_CHANNEL_SECRET',
  'channel-access-token': 'LINE_CHANNEL_ACCESS_TOKEN',
  'private-key': 'LINE_ASSERTION_PRIVATE_KEY',
};

/** Suggestion message ids (suggestion messages take no placeholders in ESLint). */
const SUGGESTION: Record<CredentialKind, string> = {
  'channel-secret': 'useEnvSecret',
  'login-secret': 'useEnvLoginSecret',
  'channel-access-token': 'useEnvToken',
  'private-key': 'useEnvKey',
};

function suggestionsFor(found: CredentialLiteral): ReportedSuggestion[] {
  if (found.fallback) {
    return [{ messageId: 'dropFallback', edits: [replaceNode(found.fallback, found.fallback.left.getText())] }];
  }
  const env = ENV_NAME[found.kind];
  if (found.kind === 'private-key' && !/^['"`-]/.test(found.node.getText())) return [];
  const text = found.bearer ? `\`Bearer \${process.env.${env}}\`` : `process.env.${env}`;
  return [{ messageId: SUGGESTION[found.kind], edits: [replaceNode(found.node, text)] }];
}

export default defineRule({
  meta: {
    id: 'no-hardcoded-credentials',
    description: 'Disallow LINE channel secrets, channel access tokens and assertion-signing keys written into source code',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('webhook-signature'),
    auditItems: ['webhook-signature', 'issue-channel-token'],
    precision: 'high',
    securitySeverity: 7.5,
    tags: ['security', 'external/cwe/cwe-798'],
    messages: {
      hardcoded:
        'This is {{what}} written into the source. Anyone who can read the code can forge webhooks or call the API as your bot. Load it from the environment or a secret manager, and rotate it.',
      hardcodedJson:
        'The imported JSON file {{file}} holds {{what}} at {{keys}}. Anyone who can read the repository can use it. Load it from the environment or a secret manager instead, and rotate it.',
      useEnvSecret: 'Read it from process.env.LINE_CHANNEL_SECRET',
      useEnvLoginSecret: 'Read it from process.env.LINE_LOGIN_CHANNEL_SECRET',
      useEnvToken: 'Read it from process.env.LINE_CHANNEL_ACCESS_TOKEN',
      useEnvKey: 'Read it from process.env.LINE_ASSERTION_PRIVATE_KEY',
      dropFallback: 'Remove the hard-coded fallback',
    },
    hasSuggestions: true,
  },
  textHint: /['"`][0-9a-fA-F]{32}['"`]|[A-Za-z0-9+/_.-]{100,}|PRIVATE KEY-----|\bkty\b|\.json/,
  check({ file, facts, report }) {
    const credentials = facts.shared('credential-analysis', () => new CredentialAnalysis(facts.project, facts.origins));
    for (const found of credentials.literalsIn(file)) {
      report({ node: found.node, messageId: 'hardcoded', data: { what: WHAT[found.kind] }, suggestions: suggestionsFor(found) });
    }
    for (const json of credentials.jsonImportsIn(file)) {
      const kinds = [...new Set(json.found.map((f) => WHAT[f.kind]))];
      report({
        node: json.specifier,
        messageId: 'hardcodedJson',
        data: {
          file: path.relative(path.dirname(file.path), json.jsonFile).split(path.sep).join('/'),
          what: kinds.join(' and '),
          keys: json.found.map((f) => f.key).join(', '),
        },
      });
    }
  },
});
