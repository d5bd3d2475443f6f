/**
 * The fixture harness: runs the built CLI over every fixture bot and compares its findings with the
 * inline `// $ line-bot/<id>` marks — no extra finding, none missing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, fixtureDirs } from './harness/cli.js';
import { diffExpectations, expectationsIn } from './harness/expectations.js';

describe('fixture bots', () => {
  const dirs = fixtureDirs();

  it('has fixtures to check', () => {
    expect(dirs.length).toBeGreaterThan(0);
  });

  for (const dir of dirs) {
    it(`${path.basename(dir)}: findings equal the inline marks`, () => {
      const { result } = checkJson(dir);
      expect(result.errors).toEqual([]);
      const actual = result.findings.map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId }));
      const diff = diffExpectations(expectationsIn(dir), actual);
      expect(diff).toEqual({ missing: [], extra: [] });
    });
  }
});
