/**
 * `line-bot-guard/eslint-plugin`: a flat-config plugin whose rules are thin adapters over the engine.
 * Each rule asks the engine for the current file's findings and reports its own.
 */
import { ESLintUtils } from '@typescript-eslint/utils';
import type { TSESLint } from '@typescript-eslint/utils';
import { RULES } from '../../rules/index.js';
import type { RuleDefinition } from '../engine/rule.js';
import { ruleDocUrl, VERSION } from '../engine/version.js';
import { findingsForFile } from './engine-cache.js';

export const NAMESPACE = 'line-bot';

const createRule = ESLintUtils.RuleCreator<{ recommended?: boolean; requiresTypeChecking?: boolean }>((name) => ruleDocUrl(name));

function toEslintRule(definition: RuleDefinition) {
  const { meta } = definition;
  const ruleId = `${NAMESPACE}/${meta.id}`;
  return createRule<[], string>({
    name: meta.id,
    meta: {
      type: meta.category === 'reliability' ? 'problem' : meta.category === 'security' ? 'problem' : 'suggestion',
      docs: { description: meta.description, recommended: meta.recommended !== 'off' },
      messages: meta.messages,
      schema: [],
      ...(meta.hasSuggestions ? { hasSuggestions: true } : {}),
      ...(meta.fixable ? { fixable: 'code' as const } : {}),
    },
    defaultOptions: [],
    create(context) {
      return {
        'Program:exit'() {
          // Settings under `settings['line-bot']` (webhookPaths, models, ignorePatterns) lay over the
          // project's line-bot-guard.config.json, like the CLI's configuration.
          const findings = findingsForFile(context.filename, context.sourceCode.text, context.cwd, context.settings as Record<string, unknown>);
          for (const finding of findings) {
            if (finding.ruleId !== ruleId) continue;
            context.report({
              loc: { start: { line: finding.line, column: finding.column - 1 }, end: { line: finding.endLine, column: finding.endColumn - 1 } },
              messageId: finding.messageId,
              data: finding.data,
              ...(finding.fix ? { fix: (fixer) => finding.fix!.map((e) => fixer.replaceTextRange([e.start, e.end], e.text)) } : {}),
              ...(finding.suggestions?.length
                ? {
                    suggest: finding.suggestions.map((s) => ({
                      messageId: s.messageId,
                      fix: (fixer: TSESLint.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.text)),
                    })),
                  }
                : {}),
            });
          }
        },
      };
    },
  });
}

const rules = Object.fromEntries(RULES.map((definition) => [definition.meta.id, toEslintRule(definition)]));

type FlatConfig = { name: string; plugins: Record<string, unknown>; rules: Record<string, 'error' | 'warn' | 'off'> };

const plugin = {
  meta: { name: 'line-bot-guard', version: VERSION, namespace: NAMESPACE },
  rules,
  configs: {} as { recommended: FlatConfig; strict: FlatConfig },
};

// Configs reference the plugin object itself, so they are attached after it exists.
plugin.configs.recommended = {
  name: 'line-bot/recommended',
  plugins: { [NAMESPACE]: plugin },
  rules: Object.fromEntries(
    RULES.filter((r) => r.meta.recommended !== 'off').map((r) => [`${NAMESPACE}/${r.meta.id}`, r.meta.recommended === 'error' ? 'error' : 'warn']),
  ),
};
plugin.configs.strict = {
  name: 'line-bot/strict',
  plugins: { [NAMESPACE]: plugin },
  rules: Object.fromEntries(RULES.map((r) => [`${NAMESPACE}/${r.meta.id}`, 'error'])),
};

export default plugin;
export { rules, plugin };
