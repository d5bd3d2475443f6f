import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/engine/types.js';
import {
  escapeCommandData,
  escapeCommandProperty,
  markdownCell,
  toGithubAnnotations,
  toMarkdownSummary,
} from '../../src/report/github.js';
import { makeFinding, makeRunResult } from './helpers.js';

const titleFor = (ruleId: string): string => `Rule ${ruleId}`;

function annotationLines(findings: Finding[], opts: Partial<Parameters<typeof toGithubAnnotations>[1]> = {}): string[] {
  return toGithubAnnotations(makeRunResult(findings), { titleFor, ...opts })
    .split('\n')
    .filter((line) => line !== '');
}

describe('escaping like @actions/core', () => {
  it('escapes %, CR and LF in messages, and leaves : and , alone there', () => {
    expect(escapeCommandData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
  });

  it('also escapes : and , in property values', () => {
    expect(escapeCommandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('escapes % first so existing escapes are not decoded', () => {
    expect(escapeCommandData('%0A')).toBe('%250A');
  });
});

describe('toGithubAnnotations', () => {
  it('writes one workflow command per finding', () => {
    const output = toGithubAnnotations(
      makeRunResult([makeFinding({ line: 3, column: 7, endLine: 3, endColumn: 31 })]),
      { titleFor: () => 'Hard-coded channel secret' },
    );
    expect(output).toBe(
      '::error file=src/app.ts,line=3,endLine=3,col=7,endColumn=31,title=Hard-coded channel secret::' +
        'Channel secret is hard-coded.\n',
    );
  });

  it('uses ::warning for warnings and leaves columns out of multi-line annotations', () => {
    expect(
      annotationLines([makeFinding({ severity: 'warning', line: 2, column: 3, endLine: 4, endColumn: 5 })]),
    ).toEqual([
      '::warning file=src/app.ts,line=2,endLine=4,title=Rule line-bot/no-hardcoded-channel-secret::' +
        'Channel secret is hard-coded.',
    ]);
  });

  it('escapes %, newlines, : and , in file names, titles and messages', () => {
    const [line] = annotationLines(
      [
        makeFinding({
          file: 'src/a:b,c%d.ts',
          message: 'Line one: 50%\nLine two, done\r',
        }),
      ],
      { titleFor: () => 'Title: with, commas\nand 100%' },
    );
    expect(line).toBe(
      '::error file=src/a%3Ab%2Cc%25d.ts,line=1,endLine=1,col=1,endColumn=10,' +
        'title=Title%3A with%2C commas%0Aand 100%25::Line one: 50%25%0ALine two, done%0D',
    );
    // Nothing unescaped can split the command: one line, exactly two "::" delimiters.
    expect(line.split('::')).toHaveLength(3);
  });

  it('returns an empty string for a clean run', () => {
    expect(toGithubAnnotations(makeRunResult([]), { titleFor })).toBe('');
  });

  it('annotates errors first, then by file, line and column', () => {
    const lines = annotationLines([
      makeFinding({ severity: 'warning', file: 'a.ts', line: 1 }),
      makeFinding({ severity: 'error', file: 'b.ts', line: 9 }),
      makeFinding({ severity: 'error', file: 'b.ts', line: 2, column: 5, endColumn: 6 }),
      makeFinding({ severity: 'error', file: 'b.ts', line: 2, column: 1 }),
      makeFinding({ severity: 'error', file: 'a.ts', line: 30 }),
    ]);
    expect(lines.map((line) => line.replace(/,endLine.*$/, ''))).toEqual([
      '::error file=a.ts,line=30',
      '::error file=b.ts,line=2',
      '::error file=b.ts,line=2',
      '::error file=b.ts,line=9',
      '::warning file=a.ts,line=1',
    ]);
    expect(lines[1]).toContain('col=1,');
    expect(lines[2]).toContain('col=5,');
  });

  it('caps at 10 errors and 10 warnings and says how many were left out', () => {
    const errors = Array.from({ length: 14 }, (_, index) => makeFinding({ file: 'e.ts', line: index + 1 }));
    const warnings = Array.from({ length: 13 }, (_, index) =>
      makeFinding({ severity: 'warning', file: 'w.ts', line: index + 1 }),
    );
    const lines = annotationLines([...warnings, ...errors]);
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(10);
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(10);
    // The most important ones are kept: the first lines of each file.
    expect(lines[0]).toContain('file=e.ts,line=1,');
    expect(lines[9]).toContain('file=e.ts,line=10,');
    expect(lines[19]).toContain('file=w.ts,line=10,');
    expect(lines.at(-1)).toBe(
      'line-bot-guard: 7 more findings not annotated (GitHub shows at most 10 errors and 10 warnings per step); ' +
        'see the job summary or SARIF upload.',
    );
    expect(lines).toHaveLength(21);
  });

  it('gives the remaining slots to warnings when there are few errors', () => {
    const lines = annotationLines([
      makeFinding(),
      ...Array.from({ length: 12 }, (_, index) => makeFinding({ severity: 'warning', line: index + 1 })),
    ]);
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(10);
    expect(lines.at(-1)).toMatch(/^line-bot-guard: 2 more findings not annotated/);
  });

  it('honours custom caps and uses the singular for one omitted finding', () => {
    const lines = annotationLines([makeFinding({ line: 1 }), makeFinding({ line: 2 })], {
      maxErrors: 1,
      maxWarnings: 0,
    });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^line-bot-guard: 1 more finding not annotated \(GitHub shows at most 1 errors/);
  });

  it('leaves out an empty title', () => {
    expect(annotationLines([makeFinding()], { titleFor: () => '' })).toEqual([
      '::error file=src/app.ts,line=1,endLine=1,col=1,endColumn=10::Channel secret is hard-coded.',
    ]);
  });

  it('prefixes paths with the run root inside the repository', () => {
    const [line] = annotationLines([makeFinding()], { pathPrefix: 'packages/bot/' });
    expect(line).toMatch(/^::error file=packages\/bot\/src\/app.ts,/);
  });
});

describe('toMarkdownSummary', () => {
  const findings = [
    makeFinding({ file: 'src/b.ts', line: 7 }),
    makeFinding({ file: 'src/a.ts', line: 3 }),
    makeFinding({ ruleId: 'line-bot/no-unawaited-reply', severity: 'warning', file: 'src/a.ts', line: 1 }),
  ];

  it('shows totals, a table by rule and the findings, most severe first', () => {
    const summary = toMarkdownSummary(makeRunResult(findings), { titleFor: (id) => `Title of ${id}` });
    expect(summary).toContain('## line-bot-guard');
    expect(summary).toContain('**2** errors and **1** warning in 3 files checked.');
    expect(summary).toContain(
      [
        '| Rule | Errors | Warnings |',
        '| --- | ---: | ---: |',
        '| `line-bot/no-hardcoded-channel-secret` Title of line-bot/no-hardcoded-channel-secret | 2 | 0 |',
        '| `line-bot/no-unawaited-reply` Title of line-bot/no-unawaited-reply | 0 | 1 |',
      ].join('\n'),
    );
    const rows = summary.split('\n').filter((line) => /^\| (error|warning) \|/.test(line));
    expect(rows.map((row) => row.split(' | ')[1])).toEqual(['src/a.ts:3', 'src/b.ts:7', 'src/a.ts:1']);
    expect(summary.endsWith('\n')).toBe(true);
  });

  it('says so when there are no findings', () => {
    const summary = toMarkdownSummary(makeRunResult([]));
    expect(summary).toContain('✅ No findings in 3 files checked.');
    expect(summary).not.toContain('### Findings');
  });

  it('lists files that could not be analysed', () => {
    const summary = toMarkdownSummary(makeRunResult([], [{ file: 'src/broken.ts', message: "')' expected." }]));
    expect(summary).toContain('1 file could not be analysed');
    expect(summary).toContain("| src/broken.ts | ')' expected. |");
  });

  it('reports baseline counts when given', () => {
    const summary = toMarkdownSummary(makeRunResult(findings), { baseline: { existingCount: 4, fixedCount: 1 } });
    expect(summary).toContain('Baseline: 4 known findings not reported, 1 fixed since the baseline was recorded.');
  });

  it('keeps table cells on one line with Markdown punctuation escaped', () => {
    const summary = toMarkdownSummary(
      makeRunResult([makeFinding({ file: 'src/a|b_c.ts', message: 'Use `await`\n<b>now</b> | *really*' })]),
    );
    expect(summary).toContain('| src/a\\|b\\_c.ts:1 |');
    expect(summary).toContain('| Use \\`await\\` \\<b\\>now\\</b\\> \\| \\*really\\* |');
    expect(markdownCell('x'.repeat(400))).toHaveLength(300);
  });

  it('lists at most maxRows findings and counts the rest', () => {
    const many = Array.from({ length: 30 }, (_, index) => makeFinding({ line: index + 1 }));
    const summary = toMarkdownSummary(makeRunResult(many), { maxRows: 5 });
    expect(summary.split('\n').filter((line) => line.startsWith('| error |'))).toHaveLength(5);
    expect(summary).toContain('_25 more findings not listed;');
    expect(summary).toContain('| `line-bot/no-hardcoded-channel-secret` | 30 | 0 |');
  });

  it('stays under the byte limit however many findings there are', () => {
    const long = 'x'.repeat(250);
    const many = Array.from({ length: 50_000 }, (_, index) =>
      makeFinding({ file: `src/${long}/file-${index}.ts`, line: index + 1, message: `日本語 ${long}` }),
    );
    const summary = toMarkdownSummary(makeRunResult(many), { maxRows: Number.POSITIVE_INFINITY });
    const size = Buffer.byteLength(summary, 'utf8');
    expect(size).toBeLessThanOrEqual(512 * 1024);
    expect(size).toBeGreaterThan(400 * 1024);
    expect(summary).toMatch(/_\d+ more findings not listed;/);
  });

  it('honours a smaller byte limit', () => {
    const many = Array.from({ length: 500 }, (_, index) => makeFinding({ line: index + 1 }));
    const summary = toMarkdownSummary(makeRunResult(many), { maxRows: 1000, maxBytes: 20 * 1024 });
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(20 * 1024);
  });
});
