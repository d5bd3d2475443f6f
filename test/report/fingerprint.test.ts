import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { lineHashes, primaryLocationLineHash } from '../../src/report/fingerprint.js';

// Expected values ported from github/codeql-action `src/fingerprints.test.ts` (test 'hash').
const HELLO_WORLD_WITH_TRAILING_NEWLINE = [
  'e9496ae3ebfced30:1',
  'fb7c023a8b9ccb3f:1',
  'ce8ba1a563dcdaca:1',
  'e20e36e16fcb0cc8:1',
  'b3edc88f2938467e:1',
  'c8e28b0b4002a3a0:1',
  'c129715d7a2bc9a3:1',
];

describe('lineHashes (codeql-action compatible)', () => {
  it('hashes the empty file as one line', () => {
    expect(lineHashes('')).toEqual(['c129715d7a2bc9a3:1']);
  });

  it('skips spaces and tabs', () => {
    expect(lineHashes(' a\nb\n  \t\tc\n d')).toEqual([
      '271789c17abda88f:1',
      '54703d4cd895b18:1',
      '180aee12dab6264:1',
      'a23a3dc5e078b07b:1',
    ]);
  });

  it('hashes a file without a trailing newline', () => {
    expect(lineHashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End')).toEqual([
      '8b7cf3e952e7aeb2:1',
      'b1ae1287ec4718d9:1',
      'bff680108adb0fcc:1',
      'c6805c5e1288b612:1',
      'b86d3392aea1be30:1',
      'e6ceba753e1a442:1',
    ]);
  });

  it.each([
    ['LF', ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n'],
    ['CR', ' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r'],
    ['CRLF', ' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n'],
    ['mixed', ' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n'],
  ])('normalises %s line endings to the same hashes', (_name, text) => {
    expect(lineHashes(text)).toEqual(HELLO_WORLD_WITH_TRAILING_NEWLINE);
  });

  it('counts occurrences of identical hashes', () => {
    expect(lineHashes('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });

  it('returns one hash per line as codeql-action counts lines', () => {
    const text = 'const a = 1;\r\nconst b = 2;\rconst c = 3;\n\n';
    expect(lineHashes(text)).toHaveLength(text.split(/\r\n|\r|\n/).length);
  });

  it('changes the hash when characters within the next 100 change', () => {
    const before = lineHashes('a\nb\nc\n');
    const after = lineHashes('a\nb\nX\n');
    expect(after[0]).not.toBe(before[0]);
    expect(after[2]).not.toBe(before[2]);
    expect(after[3]).toBe(before[3]);
  });
});

/**
 * Straightforward restatement of the algorithm (no rolling window, BigInt): each line's hash is
 * sum(c[i] * 37^(99 - i)) mod 2^64 over the 100 normalised characters starting at the line.
 */
function referenceLineHashes(text: string): string[] {
  const normalised: number[] = [];
  let previousWasCR = false;
  for (const char of text.split('')) {
    if (char === ' ' || char === '\t' || (previousWasCR && char === '\n')) {
      previousWasCR = false;
      continue;
    }
    previousWasCR = char === '\r';
    normalised.push(char === '\r' ? 10 : char.charCodeAt(0));
  }
  normalised.push(65535);
  const lineStarts = [0];
  normalised.forEach((code, index) => {
    if (code === 10) lineStarts.push(index + 1);
  });
  const counts = new Map<string, number>();
  return lineStarts.map((start) => {
    let hash = 0n;
    for (let offset = 0; offset < 100; offset += 1) {
      hash = (hash * 37n + BigInt(normalised[start + offset] ?? 0)) & ((1n << 64n) - 1n);
    }
    const hex = hash.toString(16);
    const count = (counts.get(hex) ?? 0) + 1;
    counts.set(hex, count);
    return `${hex}:${count}`;
  });
}

describe('lineHashes against a non-rolling reference', () => {
  it('agrees with the reference on the codeql-action samples', () => {
    expect(referenceLineHashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n')).toEqual(
      HELLO_WORLD_WITH_TRAILING_NEWLINE,
    );
  });

  it('agrees with the reference on arbitrary text', () => {
    const pieces = fc.constantFrom('\n', '\r', '\r\n', ' ', '\t', 'a', 'Z', '{', 'é', '日本', '😀', '\uffff');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 400 }), (parts) => {
        const text = parts.join('');
        expect(lineHashes(text)).toEqual(referenceLineHashes(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('primaryLocationLineHash', () => {
  it('returns the hash of the given 1-based line', () => {
    const text = ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n';
    expect(primaryLocationLineHash(text, 2)).toBe('fb7c023a8b9ccb3f:1');
    expect(primaryLocationLineHash(text, 7)).toBe('c129715d7a2bc9a3:1');
  });

  it('rejects a line outside the file', () => {
    expect(() => primaryLocationLineHash('a\nb', 3)).toThrow(RangeError);
    expect(() => primaryLocationLineHash('a\nb', 0)).toThrow(/outside the file/);
  });
});
