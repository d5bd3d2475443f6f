/** Every ❌ example of a rule doc produces the rule's finding; every ✅ example produces none. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { runCheck } from '../src/engine/run.js';
import { docExamples } from './harness/rule-docs.js';
import { PROJECT_ROOT } from './harness/cli.js';

describe('rule docs', () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    const docPath = path.join(PROJECT_ROOT, 'rules', `${id}.md`);

    it(`${id}: has a doc with incorrect and correct examples`, () => {
      expect(fs.existsSync(docPath), `rules/${id}.md is missing`).toBe(true);
      const examples = docExamples(fs.readFileSync(docPath, 'utf8'));
      expect(examples.some((e) => e.kind === 'incorrect')).toBe(true);
      expect(examples.some((e) => e.kind === 'correct')).toBe(true);
      expect(fs.readFileSync(docPath, 'utf8')).toContain(rule.meta.guideline.url);
    });

    const examples = fs.existsSync(docPath) ? docExamples(fs.readFileSync(docPath, 'utf8')) : [];
    for (const example of examples) {
      it(`${id}: ${example.kind} example at rules/${id}.md:${example.line}`, () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-doc-'));
        fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'doc-example', dependencies: { '@line/bot-sdk': example.sdk } }));
        fs.mkdirSync(path.dirname(path.join(dir, example.file)), { recursive: true });
        fs.writeFileSync(path.join(dir, example.file), example.code);
        const { result } = runCheck(dir, RULES, { only: [id] });
        expect(result.errors).toEqual([]);
        const count = result.findings.length;
        if (example.kind === 'incorrect') expect(count, 'the incorrect example must produce a finding').toBeGreaterThan(0);
        else expect(result.findings, 'the correct example must produce no finding').toEqual([]);
      });
    }
  }
});
