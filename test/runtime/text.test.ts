import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ALT_TEXT_MAX_LENGTH,
  chunkMessages,
  MAX_MESSAGES_PER_REQUEST,
  splitText,
  TEXT_MESSAGE_MAX_LENGTH,
  truncateText,
} from '../../src/runtime/index.js';

// A fixed seed keeps every run identical; change it locally to explore other inputs.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_240_917) });

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Offsets (in UTF-16 units) where the original text may be cut without breaking a grapheme. */
function graphemeBoundaries(text: string): Set<number> {
  const set = new Set<number>([0, text.length]);
  for (const { index } of segmenter.segment(text)) set.add(index);
  return set;
}

/** No lone surrogate anywhere (String.prototype.isWellFormed is ES2024, beyond the project's lib). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Clusters that naive code-unit or code-point slicing breaks. */
const TRICKY = [
  '👨‍👩‍👧‍👦', // family: 4 emoji + 3 ZWJ = 11 units
  '🇯🇵', // flag: 2 regional indicators
  '🏳️‍🌈',
  '👍🏽', // skin tone modifier
  'e\u0301', // e + combining acute
  'ก่', // Thai with tone mark
  'नि', // Devanagari with vowel sign
  '\r\n', // one grapheme
  '🤨',
  '한',
  '漢',
];
const tokenArb = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.constantFrom(' ', '  ', '\n', '\n\n', '\t'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
);
const textArb = fc.array(tokenArb, { maxLength: 80 }).map((parts) => parts.join(''));
/** Longest cluster above is 11 units, so any max >= 11 can always cut between clusters. */
const maxArb = fc.integer({ min: 11, max: 60 });

describe('constants', () => {
  it('match LINE limits', () => {
    expect(TEXT_MESSAGE_MAX_LENGTH).toBe(5000);
    expect(ALT_TEXT_MAX_LENGTH).toBe(1500);
    expect(MAX_MESSAGES_PER_REQUEST).toBe(5);
  });
});

describe('splitText', () => {
  it('returns pieces within max that join back to the input exactly', () => {
    fc.assert(
      fc.property(textArb, maxArb, (text, max) => {
        const pieces = splitText(text, max);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) {
          expect(piece.length).toBeGreaterThan(0);
          expect(piece.length).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('only cuts on grapheme boundaries and never leaves a lone surrogate at a piece edge', () => {
    fc.assert(
      fc.property(textArb, maxArb, (text, max) => {
        const boundaries = graphemeBoundaries(text);
        let offset = 0;
        for (const piece of splitText(text, max)) {
          expect(boundaries.has(offset)).toBe(true);
          expect(wellFormed(piece)).toBe(true);
          expect(isLow(piece.charCodeAt(0))).toBe(false);
          expect(isHigh(piece.charCodeAt(piece.length - 1))).toBe(false);
          offset += piece.length;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never separates a surrogate pair, whatever the input and max (even lone surrogates)', () => {
    const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    const anyText = fc
      .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), loneSurrogate, fc.constantFrom(...TRICKY)), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 30 }), (text, max) => {
        const pieces = splitText(text, max);
        expect(pieces.join('')).toBe(text);
        let offset = 0;
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          offset += piece.length;
          // A cut between a high and a following low surrogate would split one code point.
          expect(isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('prefers line breaks, then whitespace, then grapheme boundaries', () => {
    expect(splitText('aaaa\nbbbb cccc', 10)).toEqual(['aaaa\n', 'bbbb cccc']);
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb ', 'cccc']);
    expect(splitText('aaaaaaaaaaaa', 5)).toEqual(['aaaaa', 'aaaaa', 'aa']);
    // A line break is preferred even over a later space in the same window.
    expect(splitText('ab\ncd ef gh', 8)).toEqual(['ab\n', 'cd ef gh']);
    // CRLF stays together.
    expect(splitText('abc\r\ndefgh', 4)).toEqual(['abc', '\r\n', 'defg', 'h']);
    expect(splitText('', 10)).toEqual([]);
    expect(splitText('short')).toEqual(['short']);
  });

  it('keeps family emoji, flags and combining marks whole at the cut', () => {
    const family = '👨‍👩‍👧‍👦';
    const text = family.repeat(3); // 33 units
    expect(splitText(text, 12)).toEqual([family, family, family]);
    expect(splitText('🇯🇵🇯🇵🇯🇵', 5)).toEqual(['🇯🇵', '🇯🇵', '🇯🇵']);
    const e = 'e\u0301';
    expect(splitText(e.repeat(3), 5)).toEqual([e + e, e]);
  });

  it('cuts an oversized cluster between code points, never inside a surrogate pair', () => {
    const zalgo = `a${'\u0301'.repeat(30)}`; // one grapheme of 31 units
    const pieces = splitText(zalgo, 10);
    expect(pieces.join('')).toBe(zalgo);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(10);
    const family = '👨‍👩‍👧‍👦';
    for (const piece of splitText(family, 2)) expect(wellFormed(piece)).toBe(true);
  });

  it('handles long input within the default limit', () => {
    const text = 'word '.repeat(3000); // 15 000 units
    const pieces = splitText(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.every((p) => p.length <= 5000)).toBe(true);
    expect(pieces.every((p) => p.endsWith(' '))).toBe(true);
  });

  it('rejects a max that cannot hold a surrogate pair', () => {
    expect(() => splitText('abc', 1)).toThrow(RangeError);
    expect(() => splitText('abc', 2.5)).toThrow(RangeError);
  });
});

describe('truncateText', () => {
  it('returns text that fits unchanged', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(truncateText(text, Math.max(text.length, 1))).toBe(text);
      }),
    );
  });

  it('returns a grapheme-aligned prefix plus the ellipsis, within max', () => {
    fc.assert(
      fc.property(textArb, maxArb, fc.constantFrom('…', '...', ' [続く]', '👨‍👩‍👧‍👦'), (text, max, ellipsis) => {
        fc.pre(text.length > max && ellipsis.length <= max);
        const out = truncateText(text, max, ellipsis);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.endsWith(ellipsis)).toBe(true);
        const prefix = out.slice(0, out.length - ellipsis.length);
        expect(text.startsWith(prefix)).toBe(true);
        expect(graphemeBoundaries(text).has(prefix.length)).toBe(true);
        expect(wellFormed(prefix)).toBe(true);
        expect(prefix).toBe(prefix.trimEnd());
      }),
      { numRuns: 300 },
    );
  });

  it('defaults to 5000 units and the … ellipsis', () => {
    const text = `${'a'.repeat(4999)}🤨`; // 5001 units: the emoji cannot be half kept
    const out = truncateText(text);
    expect(out).toBe(`${'a'.repeat(4999)}…`);
    expect(out.length).toBe(5000);
    expect(truncateText('👨‍👩‍👧‍👦 family', 12)).toBe('👨‍👩‍👧‍👦…');
    expect(truncateText('👨‍👩‍👧‍👦 family', 11)).toBe('…');
  });

  it('rejects impossible limits', () => {
    expect(() => truncateText('abc', 0)).toThrow(RangeError);
    expect(() => truncateText('abcdef', 2, '...')).toThrow(RangeError);
  });
});

describe('chunkMessages', () => {
  it('splits into requests of at most 5 messages, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (messages, size) => {
        const chunks = chunkMessages(messages, size);
        expect(chunks.flat()).toEqual(messages);
        expect(chunks.every((c) => c.length >= 1 && c.length <= size)).toBe(true);
      }),
    );
    expect(chunkMessages([1, 2, 3, 4, 5, 6, 7])).toEqual([[1, 2, 3, 4, 5], [6, 7]]);
    expect(() => chunkMessages([1], 6)).toThrow(RangeError);
  });
});
