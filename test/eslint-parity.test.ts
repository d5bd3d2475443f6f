/** The invariant of the architecture: on every fixture, ESLint with the plugin finds what the CLI finds. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, fixtureDirs } from './harness/cli.js';
import { eslintFindings, loadPlugin } from './harness/eslint.js';

describe('ESLint plugin and CLI agree', () => {
  for (const dir of fixtureDirs()) {
    it(`${path.basename(dir)}`, async () => {
      const plugin = await loadPlugin();
      const { result } = checkJson(dir);
      const cli = result.findings.map((f) => ({
        ruleId: f.ruleId,
        file: f.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        messageId: f.messageId,
      }));
      const viaEslint = await eslintFindings(dir, plugin);
      expect(viaEslint).toEqual(cli);
    });
  }
});
