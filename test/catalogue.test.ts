/** The catalogue is the single source of rule metadata: complete, consistent, sorted. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { PROJECT_ROOT } from './harness/cli.js';
import { GUIDELINE_URL, NOTICES_URL } from '../src/platform/guideline.js';

describe('rule catalogue', () => {
  it('lists every rule file exactly once, sorted by id', () => {
    const files = fs
      .readdirSync(path.join(PROJECT_ROOT, 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(files);
  });

  for (const { meta } of RULES) {
    it(`${meta.id}: complete metadata`, () => {
      expect(meta.description).toMatch(/^(Enforce|Require|Disallow) .+[^. ]$/);
      expect(meta.guideline.url.startsWith(GUIDELINE_URL) || meta.guideline.url === NOTICES_URL).toBe(true);
      expect(meta.auditItems.length).toBeGreaterThan(0);
      expect(['error', 'warning', 'off']).toContain(meta.recommended);
      expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
      if (meta.category === 'security') expect(meta.securitySeverity).toBeGreaterThan(0);
      expect(fs.existsSync(path.join(PROJECT_ROOT, 'rules', `${meta.id}.md`))).toBe(true);
    });
  }
});
