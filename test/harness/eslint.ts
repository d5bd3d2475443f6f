/** Runs real ESLint (Node API) with the plugin over a directory, the way an editor or CI would. */
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { discoverFiles, toPosix } from '../../src/project/files.js';
import { PROJECT_ROOT } from './cli.js';

export interface EslintFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string;
}

export async function loadPlugin() {
  // The package's own export, as users import it (self-reference through package.json "exports").
  const mod = (await import(path.join(PROJECT_ROOT, 'dist/src/eslint-plugin/index.js'))) as { default: any };
  return mod.default;
}

export function configFor(plugin: any, parser: 'espree' | 'typescript' = 'typescript', preset: 'recommended' | 'strict' = 'strict'): Linter.Config[] {
  const js: Linter.Config = {
    files: ['**/*.{js,mjs,jsx}'],
    languageOptions: { sourceType: 'module', ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } },
  };
  const cjs: Linter.Config = { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest' } };
  const ts: Linter.Config = { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser as any } };
  const jsWithTs: Linter.Config = { files: ['**/*.{js,mjs,jsx,cjs}'], languageOptions: { parser: tsParser as any } };
  return [js, cjs, ts, ...(parser === 'typescript' ? [jsWithTs] : []), plugin.configs[preset]];
}

export async function eslintFindings(dir: string, plugin: any, parser: 'espree' | 'typescript' = 'typescript'): Promise<EslintFinding[]> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configFor(plugin, parser), ignore: false });
  const files = discoverFiles(dir).files;
  const results = await eslint.lintFiles(files);
  const findings: EslintFinding[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      if (!m.ruleId) throw new Error(`${result.filePath}:${m.line}: ${m.message}`);
      findings.push({
        ruleId: m.ruleId,
        file: toPosix(path.relative(dir, result.filePath)),
        line: m.line,
        column: m.column,
        endLine: m.endLine ?? m.line,
        endColumn: m.endColumn ?? m.column,
        messageId: m.messageId ?? '',
      });
    }
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}
