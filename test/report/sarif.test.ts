import { readFileSync } from 'node:fs';

import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';

import { lineHashes } from '../../src/report/fingerprint.js';
import { artifactLocation, ruleName, toSarif, type SarifOptions } from '../../src/report/sarif.js';
import { makeFinding, makeRule, makeRunResult, readFromTable } from './helpers.js';

// The official OASIS SARIF 2.1.0 schema (oasis-tcs/sarif-spec,
// Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json), draft-07.
const SCHEMA_PATH = new URL('../schemas/sarif-schema-2.1.0.json', import.meta.url);

let validateSarif: ValidateFunction;

function schemaErrors(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

beforeAll(() => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  validateSarif = ajv.compile(schema);
});

const SOURCE = [
  "import { Client } from '@line/bot-sdk';", // 1
  '', // 2
  "const channelSecret = 'abc123';", // 3
  'export const client = new Client({ channelSecret });', // 4
  'app.post("/webhook", handler);', // 5
].join('\n');

const secretRule = makeRule();
const signatureRule = makeRule({
  id: 'require-webhook-signature-validation',
  description: 'Require validation of the x-line-signature header on webhook routes',
  securitySeverity: 9.1,
  precision: 'very-high',
  tags: ['external/cwe/cwe-347'],
});
const replyRule = makeRule({
  id: 'no-unawaited-reply',
  description: 'Require awaiting reply and push API calls',
  category: 'reliability',
  recommended: 'warning',
  securitySeverity: undefined,
  precision: 'medium',
  tags: ['reliability'],
  runtimeHelper: 'replyOnce',
  fixable: true,
});
const offRule = makeRule({ id: 'prefer-retry-key', recommended: 'off', securitySeverity: undefined, tags: [] });
const rules = [secretRule, signatureRule, replyRule, offRule];

const findings = [
  makeFinding({ line: 3, column: 7, endLine: 3, endColumn: 31 }),
  makeFinding({
    ruleId: 'line-bot/require-webhook-signature-validation',
    file: 'src/app.ts',
    line: 5,
    column: 1,
    endLine: 5,
    endColumn: 31,
    message: 'Webhook route does not validate x-line-signature.',
  }),
  makeFinding({
    ruleId: 'line-bot/no-unawaited-reply',
    severity: 'warning',
    file: 'src/handlers/reply.ts',
    line: 2,
    column: 3,
    endLine: 4,
    endColumn: 5,
    message: 'replyMessage() is not awaited.',
  }),
];

const options: SarifOptions = {
  toolVersion: '0.1.0',
  informationUri: 'https://github.com/line-bot-guard/line-bot-guard',
  readFile: readFromTable({ 'src/app.ts': SOURCE, 'src/handlers/reply.ts': 'a\nb\nc\nd\n' }),
};

describe('the SARIF schema shipped with the tests', () => {
  it('is the draft-07 OASIS schema', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect(Object.keys(schema.definitions as object)).toEqual(
      expect.arrayContaining(['run', 'result', 'reportingDescriptor', 'notification', 'runAutomationDetails']),
    );
  });

  it('rejects broken logs, so the validation tests cannot pass vacuously', () => {
    const valid = toSarif(makeRunResult(findings), rules, options);
    expect(schemaErrors(valid)).toEqual([]);

    const { version: _version, ...withoutVersion } = valid;
    expect(schemaErrors(withoutVersion)).toContainEqual(expect.stringContaining("must have required property 'version'"));

    const unknownRunProperty = structuredClone(valid) as unknown as { runs: Record<string, unknown>[] };
    unknownRunProperty.runs[0].runAutomationDetails = { id: 'x/' };
    expect(schemaErrors(unknownRunProperty)).toContainEqual(expect.stringContaining('must NOT have additional properties'));

    const badUri = structuredClone(valid);
    badUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'src/my file.ts';
    expect(schemaErrors(badUri)).toContainEqual(expect.stringContaining('must match format "uri-reference"'));

    const badRegion = structuredClone(valid);
    badRegion.runs[0].results[0].locations[0].physicalLocation.region.startColumn = 0;
    expect(schemaErrors(badRegion)).toContainEqual(expect.stringContaining('must be >= 1'));
  });
});

describe('toSarif', () => {
  const log = toSarif(makeRunResult(findings), rules, options);
  const [run] = log.runs;

  it('produces a schema-valid log for several rules and findings', () => {
    expect(schemaErrors(log)).toEqual([]);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.automationDetails).toEqual({ id: 'line-bot-guard/' });
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/runner/work/bot/bot/' } });
  });

  it('describes the driver and every rule in the given order', () => {
    const { driver } = run.tool;
    expect(driver).toMatchObject({
      name: 'line-bot-guard',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/line-bot-guard/line-bot-guard',
    });
    expect(driver.rules.map((rule) => rule.id)).toEqual([
      'line-bot/no-hardcoded-channel-secret',
      'line-bot/require-webhook-signature-validation',
      'line-bot/no-unawaited-reply',
      'line-bot/prefer-retry-key',
    ]);
  });

  it('fills the rule fields GitHub reads', () => {
    const [secret, signature, reply, off] = run.tool.driver.rules;
    expect(secret).toMatchObject({
      name: 'NoHardcodedChannelSecret',
      shortDescription: { text: 'Disallow hard-coded channel secrets and access tokens' },
      fullDescription: {
        text: 'Disallow hard-coded channel secrets and access tokens. LINE guideline: Keep channel secrets out of source code.',
      },
      helpUri: 'https://github.com/line-bot-guard/line-bot-guard/blob/main/rules/no-hardcoded-channel-secret.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'external/cwe/cwe-798'], precision: 'high', 'security-severity': '8.0' },
    });
    expect(secret.properties).not.toHaveProperty('problem.severity');
    expect(secret.help.text).toContain('Keep channel secrets out of source code');
    expect(secret.help.text).toContain('https://developers.line.biz/en/docs/partner-docs/development-guidelines/#secret');
    expect(secret.help.markdown).toContain(
      '[Keep channel secrets out of source code](https://developers.line.biz/en/docs/partner-docs/development-guidelines/#secret)',
    );

    // `security` is added for security rules: GitHub ignores security-severity without it.
    expect(signature.properties).toEqual({
      tags: ['security', 'external/cwe/cwe-347'],
      precision: 'very-high',
      'security-severity': '9.1',
    });

    expect(reply.defaultConfiguration).toEqual({ level: 'warning' });
    expect(reply.properties).toEqual({ tags: ['reliability'], precision: 'medium', 'problem.severity': 'warning' });
    expect(reply.help.text).toContain('Use `replyOnce` from `line-bot-guard/runtime`.');
    expect(reply.help.text).toContain('--fix');

    expect(off.defaultConfiguration).toEqual({ level: 'none' });
    expect(off.properties['problem.severity']).toBe('recommendation');
  });

  it('takes help markdown from helpMarkdown when it has one', () => {
    const withDocs = toSarif(makeRunResult([]), rules, {
      ...options,
      helpMarkdown: (id) => (id === 'no-unawaited-reply' ? '# no-unawaited-reply\n\nAwait it.' : undefined),
    });
    const [secret, , reply] = withDocs.runs[0].tool.driver.rules;
    expect(reply.help.markdown).toBe('# no-unawaited-reply\n\nAwait it.');
    expect(secret.help.markdown).toContain('## How to fix');
  });

  it('keeps at most 20 unique tags', () => {
    const manyTags = Array.from({ length: 30 }, (_, index) => `tag-${index % 25}`);
    const sarif = toSarif(makeRunResult([]), [makeRule({ tags: manyTags })], options);
    const { tags } = sarif.runs[0].tool.driver.rules[0].properties;
    expect(tags).toHaveLength(20);
    expect(new Set(tags).size).toBe(20);
    expect(tags[0]).toBe('security');
  });

  it('maps each finding to a result with location, region and fingerprint', () => {
    expect(run.results).toHaveLength(3);
    expect(run.results[0]).toEqual({
      ruleId: 'line-bot/no-hardcoded-channel-secret',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'Channel secret is hard-coded.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/app.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 7, endLine: 3, endColumn: 31 },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: lineHashes(SOURCE)[2] },
    });
    expect(run.results.map((result) => [result.ruleIndex, result.level])).toEqual([
      [0, 'error'],
      [1, 'error'],
      [2, 'warning'],
    ]);
    expect(run.results[2].locations[0].physicalLocation.region).toEqual({
      startLine: 2,
      startColumn: 3,
      endLine: 4,
      endColumn: 5,
    });
  });

  it('gives every result on a readable file a primaryLocationLineHash', () => {
    for (const result of run.results) {
      expect(result.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
    }
    expect(run.results[2].partialFingerprints?.primaryLocationLineHash).toBe(lineHashes('a\nb\nc\nd\n')[1]);
  });

  it('leaves the fingerprint out when the file cannot be read', () => {
    const sarif = toSarif(makeRunResult([makeFinding({ file: 'gone.ts' })]), rules, options);
    expect(sarif.runs[0].results[0]).not.toHaveProperty('partialFingerprints');
    expect(schemaErrors(sarif)).toEqual([]);
  });

  it('reads and hashes each file once', () => {
    const reads: string[] = [];
    toSarif(makeRunResult(findings), rules, {
      ...options,
      readFile: (relPath) => {
        reads.push(relPath);
        return SOURCE;
      },
    });
    expect(reads).toEqual(['src/app.ts', 'src/handlers/reply.ts']);
  });

  it('emits results: [] and no notifications for a clean run', () => {
    const sarif = toSarif(makeRunResult([]), [], options);
    expect(schemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].tool.driver.rules).toEqual([]);
    expect(sarif.runs[0].invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('reports files that could not be analysed as tool execution notifications', () => {
    const sarif = toSarif(
      makeRunResult([], [{ file: 'src/broken file.ts', message: "')' expected." }]),
      rules,
      options,
    );
    expect(schemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: "src/broken file.ts could not be analysed: ')' expected." },
            locations: [
              { physicalLocation: { artifactLocation: { uri: 'src/broken%20file.ts', uriBaseId: '%SRCROOT%' } } },
            ],
          },
        ],
      },
    ]);
    expect(sarif.runs[0].results).toEqual([]);
  });

  it('omits ruleIndex for a rule missing from the catalogue', () => {
    const sarif = toSarif(makeRunResult([makeFinding({ ruleId: 'line-bot/unknown-rule' })]), rules, options);
    expect(sarif.runs[0].results[0].ruleId).toBe('line-bot/unknown-rule');
    expect(sarif.runs[0].results[0]).not.toHaveProperty('ruleIndex');
    expect(schemaErrors(sarif)).toEqual([]);
  });

  it('honours a custom automation id', () => {
    const sarif = toSarif(makeRunResult([]), rules, { ...options, automationId: 'line-bot/cross-file/' });
    expect(sarif.runs[0].automationDetails).toEqual({ id: 'line-bot/cross-file/' });
  });

  it('is deterministic, with a stable key order', () => {
    const again = toSarif(makeRunResult(findings), rules, options);
    expect(JSON.stringify(again)).toBe(JSON.stringify(log));
    expect(Object.keys(log)).toEqual(['$schema', 'version', 'runs']);
    expect(Object.keys(run)).toEqual([
      'tool',
      'automationDetails',
      'invocations',
      'originalUriBaseIds',
      'columnKind',
      'results',
    ]);
    expect(Object.keys(run.results[0])).toEqual([
      'ruleId',
      'ruleIndex',
      'level',
      'message',
      'locations',
      'partialFingerprints',
    ]);
  });
});

describe('artifact URIs', () => {
  const root = '/repo';

  it.each([
    ['src/app.ts', 'src/app.ts'],
    ['./src/app.ts', 'src/app.ts'],
    ['src/my bot/handler file.ts', 'src/my%20bot/handler%20file.ts'],
    ['src/日本語/ボット.ts', 'src/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%9C%E3%83%83%E3%83%88.ts'],
    ['src/100%/a#b?.ts', 'src/100%25/a%23b%3F.ts'],
    ['c:odd/name.ts', 'c%3Aodd/name.ts'],
    ['packages/@scope/bot/index.ts', 'packages/@scope/bot/index.ts'],
    ['src\\windows\\path.ts', 'src/windows/path.ts'],
    ['/repo/src/absolute.ts', 'src/absolute.ts'],
  ])('encodes %j as the relative URI %j', (file, uri) => {
    expect(artifactLocation(file, root)).toEqual({ uri, uriBaseId: '%SRCROOT%' });
  });

  it('never emits ./ or an absolute path for a file inside the root', () => {
    const paths = ['./a.ts', 'a/./b.ts', '/repo/./x/y.ts'];
    for (const file of paths) {
      const { uri } = artifactLocation(file, root);
      expect(uri.startsWith('./')).toBe(false);
      expect(uri.startsWith('/')).toBe(false);
    }
  });

  it('decodes back to the original path', () => {
    const file = 'src/ü ñ/100% done #1.ts';
    expect(decodeURIComponent(artifactLocation(file, root).uri)).toBe(file);
  });

  it('uses an absolute file URI for a path outside the root', () => {
    expect(artifactLocation('../elsewhere/x.ts', root)).toEqual({ uri: 'file:///elsewhere/x.ts' });
  });

  it('produces schema-valid logs for paths with spaces and non-ASCII characters', () => {
    const files = ['src/my bot/handler file.ts', 'src/日本語/ボット.ts', 'src/100%/a#b.ts'];
    const sarif = toSarif(
      makeRunResult(files.map((file) => makeFinding({ file }))),
      rules,
      { ...options, readFile: () => SOURCE },
    );
    expect(schemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri)).toEqual([
      'src/my%20bot/handler%20file.ts',
      'src/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%9C%E3%83%83%E3%83%88.ts',
      'src/100%25/a%23b.ts',
    ]);
  });
});

describe('ruleName', () => {
  it('turns a kebab-case id into PascalCase', () => {
    expect(ruleName('no-hardcoded-channel-secret')).toBe('NoHardcodedChannelSecret');
    expect(ruleName('require-webhook-signature-validation')).toBe('RequireWebhookSignatureValidation');
  });
});
