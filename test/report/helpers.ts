import type { Finding, RuleMeta, RunError, RunResult } from '../../src/engine/types.js';

/** A finding; `endLine` defaults to `line`, so a single-line finding only needs `line`. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const line = overrides.line ?? 1;
  return {
    ruleId: 'line-bot/no-hardcoded-channel-secret',
    severity: 'error',
    file: 'src/app.ts',
    line,
    column: 1,
    endLine: line,
    endColumn: 10,
    message: 'Channel secret is hard-coded.',
    messageId: 'hardcoded',
    guideline: 'https://developers.line.biz/en/docs/partner-docs/development-guidelines/#secret',
    ...overrides,
  };
}

export function makeRule(overrides: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id: 'no-hardcoded-channel-secret',
    description: 'Disallow hard-coded channel secrets and access tokens',
    category: 'security',
    recommended: 'error',
    guideline: {
      section: 'secret-management',
      title: 'Keep channel secrets out of source code',
      url: 'https://developers.line.biz/en/docs/partner-docs/development-guidelines/#secret',
    },
    auditItems: ['secrets'],
    precision: 'high',
    securitySeverity: 8,
    tags: ['security', 'external/cwe/cwe-798'],
    messages: { hardcoded: 'Channel secret is hard-coded.' },
    ...overrides,
  };
}

export function makeRunResult(findings: Finding[], errors: RunError[] = []): RunResult {
  return {
    tool: { name: 'line-bot-guard', version: '0.1.0' },
    root: '/home/runner/work/bot/bot',
    findings,
    errors,
    summary: {
      files: 3,
      errors: findings.filter((finding) => finding.severity === 'error').length,
      warnings: findings.filter((finding) => finding.severity === 'warning').length,
    },
  };
}

/** A `readFile` over an in-memory file table. */
export function readFromTable(files: Record<string, string>): (relPath: string) => string | undefined {
  return (relPath) => (Object.hasOwn(files, relPath) ? files[relPath] : undefined);
}
