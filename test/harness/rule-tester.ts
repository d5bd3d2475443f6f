/**
 * RuleTester for plugin rules. Each case's file lives in a temporary package (outside this repository),
 * so the engine's project for it holds only that file plus what the case writes beside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as vitest from 'vitest';

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

/** A temporary package folder with a package.json naming `@line/bot-sdk` at `sdkRange`. */
export function tempPackage(sdkRange = '^10.8.0', extraDependencies: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-rule-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'case', dependencies: { '@line/bot-sdk': sdkRange, ...extraDependencies } }));
  return dir;
}

export function createRuleTester(): RuleTester {
  return new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });
}
