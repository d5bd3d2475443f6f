import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/engine/types.js';
import {
  BaselineError,
  compareWithBaseline,
  createBaseline,
  parseBaseline,
  serializeBaseline,
  type Baseline,
} from '../../src/report/baseline.js';
import { makeFinding, readFromTable } from './helpers.js';

const SECRET_RULE = 'line-bot/no-hardcoded-channel-secret';
const REPLY_RULE = 'line-bot/no-unawaited-reply';

const ORIGINAL = [
  "import { messagingApi } from '@line/bot-sdk';", // 1
  "const channelSecret = 'abc123';", // 2
  'export async function handle(event) {', // 3
  '  client.replyMessage({ replyToken: event.replyToken, messages });', // 4
  '}', // 5
].join('\n');

/** A finding of `ruleId` on every line of `text` containing `needle`. */
function findingsOn(text: string, needle: string, ruleId: string, file = 'src/bot.ts'): Finding[] {
  return text
    .split('\n')
    .flatMap((lineText, index) => (lineText.includes(needle) ? [makeFinding({ ruleId, file, line: index + 1 })] : []));
}

function findingsIn(text: string, file = 'src/bot.ts'): Finding[] {
  return [...findingsOn(text, "'abc123'", SECRET_RULE, file), ...findingsOn(text, 'replyMessage', REPLY_RULE, file)];
}

function baselineOf(text: string): Baseline {
  return createBaseline(findingsIn(text), readFromTable({ 'src/bot.ts': text }));
}

function compare(baseline: Baseline, text: string) {
  return compareWithBaseline(findingsIn(text), baseline, readFromTable({ 'src/bot.ts': text }));
}

describe('createBaseline', () => {
  it('records rule, file, a content fingerprint and a count per finding', () => {
    const baseline = baselineOf(ORIGINAL);
    expect(baseline.version).toBe(1);
    expect(baseline.entries).toEqual([
      { ruleId: SECRET_RULE, file: 'src/bot.ts', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), count: 1 },
      { ruleId: REPLY_RULE, file: 'src/bot.ts', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), count: 1 },
    ]);
  });

  it('does not copy source text into the file', () => {
    expect(serializeBaseline(baselineOf(ORIGINAL))).not.toContain('abc123');
  });

  it('is deterministic whatever the order of the findings', () => {
    const findings = findingsIn(ORIGINAL);
    const readFile = readFromTable({ 'src/bot.ts': ORIGINAL });
    const forwards = serializeBaseline(createBaseline(findings, readFile));
    const backwards = serializeBaseline(createBaseline([...findings].reverse(), readFile));
    expect(backwards).toBe(forwards);
    expect(forwards.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(forwards) as object)).toEqual(['version', 'entries']);
  });

  it('sorts entries by rule, then file', () => {
    const files = { 'b.ts': "x = 'abc123'", 'a.ts': "y = 'abc123'" };
    const findings = [
      makeFinding({ ruleId: SECRET_RULE, file: 'b.ts' }),
      makeFinding({ ruleId: REPLY_RULE, file: 'b.ts' }),
      makeFinding({ ruleId: SECRET_RULE, file: 'a.ts' }),
    ];
    const { entries } = createBaseline(findings, readFromTable(files));
    expect(entries.map((entry) => [entry.ruleId, entry.file])).toEqual([
      [SECRET_RULE, 'a.ts'],
      [SECRET_RULE, 'b.ts'],
      [REPLY_RULE, 'b.ts'],
    ]);
  });
});

describe('compareWithBaseline', () => {
  const baseline = baselineOf(ORIGINAL);

  it('knows every finding of the unchanged code', () => {
    const comparison = compare(baseline, ORIGINAL);
    expect(comparison.newFindings).toEqual([]);
    expect(comparison.existing).toHaveLength(2);
    expect(comparison.fixedCount).toBe(0);
  });

  it('keeps findings existing when lines are inserted above them', () => {
    const moved = ['// licence header', '// more header', '', ORIGINAL].join('\n');
    const comparison = compare(baseline, moved);
    expect(comparison.existing.map((finding) => finding.line)).toEqual([5, 7]);
    expect(comparison.newFindings).toEqual([]);
    expect(comparison.fixedCount).toBe(0);
  });

  it('ignores re-indentation and whitespace inside the line', () => {
    const reindented = ORIGINAL.replace("const channelSecret = 'abc123';", "    const   channelSecret =\t'abc123';  ");
    expect(compare(baseline, reindented).newFindings).toEqual([]);
  });

  it('reports a finding as new when its line is edited', () => {
    const edited = ORIGINAL.replace("const channelSecret = 'abc123';", "const channelSecret = 'abc123'; // TODO");
    const comparison = compare(baseline, edited);
    expect(comparison.newFindings.map((finding) => [finding.ruleId, finding.line])).toEqual([[SECRET_RULE, 2]]);
    expect(comparison.fixedCount).toBe(1);
  });

  it('reports one new finding for one added violation', () => {
    const added = `${ORIGINAL}\nconst otherSecret = 'abc123';`;
    const comparison = compare(baseline, added);
    expect(comparison.newFindings.map((finding) => finding.line)).toEqual([6]);
    expect(comparison.existing).toHaveLength(2);
    expect(comparison.fixedCount).toBe(0);
  });

  it('counts removed violations as fixed', () => {
    const removed = ORIGINAL.replace("const channelSecret = 'abc123';", 'const channelSecret = process.env.SECRET;');
    const comparison = compare(baseline, removed);
    expect(comparison.fixedCount).toBe(1);
    expect(comparison.newFindings).toEqual([]);
    expect(comparison.existing.map((finding) => finding.ruleId)).toEqual([REPLY_RULE]);
  });

  it('tells apart the same line content in different files and rules', () => {
    const otherFile = compareWithBaseline(
      findingsIn(ORIGINAL, 'src/other.ts'),
      baseline,
      readFromTable({ 'src/other.ts': ORIGINAL }),
    );
    expect(otherFile.newFindings).toHaveLength(2);
    expect(otherFile.fixedCount).toBe(2);
  });

  describe('with identical lines', () => {
    const duplicated = ["const a = 'abc123';", "const a = 'abc123';", "const a = 'abc123';"].join('\n');
    const duplicatedBaseline = baselineOf(duplicated);

    it('stores one entry with the number of occurrences', () => {
      expect(duplicatedBaseline.entries).toHaveLength(1);
      expect(duplicatedBaseline.entries[0].count).toBe(3);
    });

    it('reports only the occurrences beyond the recorded count as new', () => {
      const comparison = compare(duplicatedBaseline, `${duplicated}\n${"const a = 'abc123';"}`);
      expect(comparison.existing).toHaveLength(3);
      expect(comparison.newFindings.map((finding) => finding.line)).toEqual([4]);
    });

    it('counts a removed duplicate as fixed', () => {
      const comparison = compare(duplicatedBaseline, ["const a = 'abc123';", 'const b = 1;', "const a = 'abc123';"].join('\n'));
      expect(comparison.existing.map((finding) => finding.line)).toEqual([1, 3]);
      expect(comparison.fixedCount).toBe(1);
    });

    it('counts two findings on one line as two occurrences', () => {
      const twice = [makeFinding({ line: 1, column: 1 }), makeFinding({ line: 1, column: 20 })];
      const readFile = readFromTable({ 'src/app.ts': "f('abc123', 'abc123');" });
      const recorded = createBaseline(twice, readFile);
      expect(recorded.entries).toHaveLength(1);
      expect(recorded.entries[0].count).toBe(2);
      expect(compareWithBaseline(twice.slice(0, 1), recorded, readFile)).toMatchObject({
        newFindings: [],
        fixedCount: 1,
      });
    });
  });

  it('falls back to the message when the file cannot be read', () => {
    const findings = [makeFinding({ file: 'gone.ts', message: 'first' })];
    const recorded = createBaseline(findings, () => undefined);
    expect(compareWithBaseline(findings, recorded, () => undefined).existing).toHaveLength(1);
    expect(
      compareWithBaseline([makeFinding({ file: 'gone.ts', message: 'second' })], recorded, () => undefined).newFindings,
    ).toHaveLength(1);
  });

  it('survives a round trip through the file format', () => {
    const reloaded = parseBaseline(serializeBaseline(baseline));
    expect(reloaded).toEqual(baseline);
    expect(compare(reloaded, ORIGINAL).newFindings).toEqual([]);
  });
});

describe('parseBaseline', () => {
  const valid = serializeBaseline(baselineOf(ORIGINAL));

  it.each([
    ['not JSON', '{ "version": 1, ', /^line-bot-guard-baseline\.json is not valid JSON \(/],
    ['an array', '[]', /must contain a JSON object/],
    ['without a version', '{ "entries": [] }', /has no "version" field; this line-bot-guard reads baseline version 1/],
    ['of another version', '{ "version": 2, "entries": [] }', /has version 2; this line-bot-guard reads baseline version 1/],
    ['without entries', '{ "version": 1 }', /must have an "entries" array/],
    [
      'with a bad count',
      '{ "version": 1, "entries": [{ "ruleId": "r", "file": "f", "fingerprint": "0123456789abcdef", "count": 0 }] }',
      /entries\[0\]\.count must be a positive integer/,
    ],
    [
      'with a bad fingerprint',
      '{ "version": 1, "entries": [{ "ruleId": "r", "file": "f", "fingerprint": "xyz", "count": 1 }] }',
      /entries\[0\]\.fingerprint must be 16 lowercase hex digits/,
    ],
    ['with a non-object entry', '{ "version": 1, "entries": [42] }', /entries\[0\] must be an object/],
  ])('rejects a file %s with a BaselineError', (_case, text, message) => {
    expect(() => parseBaseline(text)).toThrow(BaselineError);
    expect(() => parseBaseline(text)).toThrow(message);
  });

  it('names the file and says how to recover', () => {
    let caught: unknown;
    try {
      parseBaseline('oops', 'config/baseline.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BaselineError);
    expect((caught as BaselineError).name).toBe('BaselineError');
    expect((caught as BaselineError).message).toMatch(/^config\/baseline\.json is not valid JSON/);
    expect((caught as BaselineError).message).toContain('--update-baseline');
  });

  it('reads a valid file', () => {
    expect(parseBaseline(valid).entries).toHaveLength(2);
  });

  it('adds up entries repeated by a merge', () => {
    const entry = { ruleId: 'r', file: 'f', fingerprint: '0123456789abcdef', count: 2 };
    const parsed = parseBaseline(JSON.stringify({ version: 1, entries: [entry, { ...entry, count: 3 }] }));
    expect(parsed.entries).toEqual([{ ...entry, count: 5 }]);
  });
});
