/** The configuration: where it is found, how mistakes are reported, what the engine gets from it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOptionsFrom, ConfigError, loadConfig, resolveConfig, validateConfig } from '../src/config/index.js';
import { closestMatch } from '../src/config/did-you-mean.js';

const RULE_IDS = ['require-signature-validation', 'signature-raw-body', 'signature-timing-safe-compare'];

function mistake(value: unknown, source = 'line-bot-guard.config.json'): string {
  try {
    validateConfig(value, { source, ruleIds: RULE_IDS });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-config-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('validateConfig', () => {
  it('accepts every documented setting', () => {
    const config = validateConfig(
      {
        $schema: 'https://example.com/schema.json',
        rules: { 'require-signature-validation': 'warn', 'line-bot/signature-raw-body': ['error', { note: 1 }], 'signature-timing-safe-compare': 'off' },
        ignorePatterns: ['scripts/**', '*.generated.ts'],
        webhookPaths: ['/callback'],
        models: {
          signatureVerifiers: [{ file: 'src/line.ts', export: 'verifyLine' }, { file: 'src/line.ts', export: 'guards.line', onFailure: 'throws' }],
          sendCalls: [{ file: 'src/line.ts', export: 'sendLine', endpoint: 'push', retryKeyArgument: 1, messagesArgument: 0 }],
        },
      },
      { source: 'x', ruleIds: RULE_IDS },
    );
    expect(resolveConfig(config)).toEqual({
      severities: { 'require-signature-validation': 'warning', 'signature-raw-body': 'error', 'signature-timing-safe-compare': 'off' },
      ruleOptions: { 'signature-raw-body': { note: 1 } },
      ignorePatterns: ['scripts/**', '*.generated.ts'],
      webhookPaths: ['/callback'],
      models: {
        signatureVerifiers: [{ file: 'src/line.ts', export: 'verifyLine' }, { file: 'src/line.ts', export: 'guards.line', onFailure: 'throws' }],
        sendCalls: [{ file: 'src/line.ts', export: 'sendLine', endpoint: 'push', retryKeyArgument: 1, messagesArgument: 0 }],
      },
    });
  });

  it('names the file, the JSON path and what was expected', () => {
    expect(mistake([])).toBe('line-bot-guard.config.json: (top level): expected an object, got an array.');
    expect(mistake({ rules: { 'signature-raw-body': 'fatal' } })).toBe(
      'line-bot-guard.config.json: rules["signature-raw-body"]: expected "error", "warn", "warning", "off" or [severity, options], got "fatal".',
    );
    expect(mistake({ rules: { 'signature-raw-body': ['warn', 'strict'] } })).toBe(
      'line-bot-guard.config.json: rules["signature-raw-body"][1]: expected an object of rule options, got "strict".',
    );
    expect(mistake({ rules: { 'signature-raw-body': 2 } })).toMatch(/rules\["signature-raw-body"\]: expected .+ got 2\.$/);
    expect(mistake({ ignorePatterns: 'scripts/**' })).toBe(
      'line-bot-guard.config.json: ignorePatterns: expected an array of strings (each a gitignore-style pattern such as "scripts/**"), got "scripts/**".',
    );
    expect(mistake({ ignorePatterns: ['ok/**', ''] })).toMatch(/^line-bot-guard\.config\.json: ignorePatterns\[1\]: expected a gitignore-style pattern/);
    expect(mistake({ webhookPaths: ['callback'] })).toBe(
      'line-bot-guard.config.json: webhookPaths[0]: expected a route path starting with "/" such as "/callback", got "callback".',
    );
    expect(mistake({ models: { signatureVerifiers: [{ file: 'src/line.ts' }] } })).toMatch(
      /^line-bot-guard\.config\.json: models\.signatureVerifiers\[0\]\.export: expected the export name .+ got nothing\.$/,
    );
    expect(mistake({ models: { signatureVerifiers: [{ file: '../shared/line.ts', export: 'v' }] } })).toMatch(/models\.signatureVerifiers\[0\]\.file: expected a path inside the project/);
    expect(mistake({ models: { sendCalls: [{ file: 'a.ts', export: 'send', endpoint: 'push', retryKeyArgument: -1 }] } })).toMatch(
      /models\.sendCalls\[0\]\.retryKeyArgument: expected a 0-based argument index/,
    );
    expect(mistake({ models: { signatureVerifiers: [{ file: 'a.ts', export: 'v', onFailure: 'logs' }] } })).toMatch(/onFailure: expected "returns-false" or "throws", got "logs"/);
  });

  it('refuses unknown rules and settings, with a did-you-mean', () => {
    expect(mistake({ rules: { 'require-signature': 'error' } })).toBe(
      'line-bot-guard.config.json: rules["require-signature"]: unknown rule "require-signature". Did you mean "require-signature-validation"? Run "line-bot-guard rules" to list them.',
    );
    expect(mistake({ rules: { 'line-bot/signature-timing-safe-compar': 'warn' } })).toMatch(/Did you mean "signature-timing-safe-compare"\?/);
    expect(mistake({ rules: { 'no-such-thing-at-all': 'warn' } })).toBe(
      'line-bot-guard.config.json: rules["no-such-thing-at-all"]: unknown rule "no-such-thing-at-all". Run "line-bot-guard rules" to list them.',
    );
    expect(mistake({ webhookPath: ['/callback'] })).toBe(
      'line-bot-guard.config.json: webhookPath: unknown setting. Did you mean "webhookPaths"? Expected one of: rules, ignorePatterns, webhookPaths, models.',
    );
    expect(mistake({ models: { sendCall: [] } })).toMatch(/models\.sendCall: unknown model kind\. Did you mean "sendCalls"\?/);
    expect(mistake({ models: { sendCalls: [{ file: 'a.ts', export: 'send', endpoint: 'pushh' }] } })).toBe(
      'line-bot-guard.config.json: models.sendCalls[0].endpoint: expected one of "reply", "push", "multicast", "narrowcast", "broadcast", got "pushh". Did you mean "push"?',
    );
    expect(mistake({ models: { signatureVerifiers: [{ file: 'a.ts', export: 'v', exports: 'w' }] } })).toMatch(/models\.signatureVerifiers\[0\]\.exports: unknown property\. Did you mean "export"\?/);
    expect(mistake({ rules: { 'signature-raw-body': 'warn', 'line-bot/signature-raw-body': 'off' } })).toMatch(/already configured/);
    expect(mistake({ rules: { 'signature-raw-body': 'wran' } })).toMatch(/Did you mean "warn"\?/);
  });

  it('suggests only plausible names', () => {
    expect(closestMatch('webhookpath', ['rules', 'webhookPaths'])).toBe('webhookPaths');
    expect(closestMatch('zzz', ['rules', 'webhookPaths'])).toBeUndefined();
  });
});

describe('loadConfig', () => {
  it('reads line-bot-guard.config.json at the target root', () => {
    const dir = dirWith({ 'line-bot-guard.config.json': '{"webhookPaths":["/cb"]}' });
    expect(loadConfig(dir, { cwd: dir })).toMatchObject({ source: 'line-bot-guard.config.json', webhookPaths: ['/cb'] });
  });

  it('reads the "lineBotGuard" key of package.json, and reports paths under it', () => {
    const dir = dirWith({ 'package.json': '{"name":"bot","lineBotGuard":{"ignorePatterns":["tools/**"]}}' });
    expect(loadConfig(dir, { cwd: dir })).toMatchObject({ source: 'package.json', ignorePatterns: ['tools/**'] });
    const bad = dirWith({ 'package.json': '{"name":"bot","lineBotGuard":{"rules":{"signature-raw-body":"loud"}}}' });
    expect(() => loadConfig(bad, { cwd: bad })).toThrow('package.json: lineBotGuard.rules["signature-raw-body"]: expected');
  });

  it('refuses two configurations at once', () => {
    const dir = dirWith({ 'package.json': '{"lineBotGuard":{}}', 'line-bot-guard.config.json': '{}' });
    expect(() => loadConfig(dir, { cwd: dir })).toThrow(/both line-bot-guard\.config\.json and the "lineBotGuard" key of package\.json/);
  });

  it('takes --config relative to the working directory, including a package.json', () => {
    const dir = dirWith({ 'ci/strict.json': '{"rules":{"signature-raw-body":"warn"}}', 'other/package.json': '{"lineBotGuard":{"webhookPaths":["/x"]}}' });
    expect(loadConfig(path.join(dir, 'bot'), { cwd: dir, configPath: 'ci/strict.json' }).severities).toEqual({ 'signature-raw-body': 'warning' });
    expect(loadConfig(dir, { cwd: dir, configPath: 'other/package.json' }).webhookPaths).toEqual(['/x']);
    expect(() => loadConfig(dir, { cwd: dir, configPath: 'missing.json' })).toThrow('missing.json: cannot read the configuration file (it does not exist).');
    expect(() => loadConfig(dir, { cwd: dir, configPath: 'ci/../package.json' })).toThrow(/cannot read/);
  });

  it('reports invalid JSON', () => {
    const dir = dirWith({ 'line-bot-guard.config.json': '{"rules": {,}}' });
    expect(() => loadConfig(dir, { cwd: dir })).toThrow(/^line-bot-guard\.config\.json: not valid JSON \(/);
  });

  it('is empty without a configuration, and the engine options follow the settings', () => {
    const dir = dirWith({ 'package.json': '{"name":"bot"}' });
    expect(checkOptionsFrom(loadConfig(dir, { cwd: dir }))).toEqual({});
    const config = resolveConfig({ rules: { 'signature-raw-body': 'off' }, ignorePatterns: ['a/**'], webhookPaths: ['/h'], models: { signatureVerifiers: [{ file: 'a.ts', export: 'v' }] } });
    expect(checkOptionsFrom(config)).toEqual({
      severities: { 'signature-raw-body': 'off' },
      ignorePatterns: ['a/**'],
      webhookPaths: ['/h'],
      models: { signatureVerifiers: [{ file: 'a.ts', export: 'v' }] },
    });
  });
});
