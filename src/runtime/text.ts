/**
 * Length helpers for LINE's message limits. LINE counts text in UTF-16 code units (what JS
 * `.length` returns), so a surrogate pair counts 2 and a family emoji 11. Cuts only ever fall on
 * grapheme cluster boundaries, so no emoji, flag or accented letter is broken in two.
 */

/** Maximum `text` length of a text (and text v2) message, in UTF-16 code units. */
export const TEXT_MESSAGE_MAX_LENGTH = 5000;
/** Maximum `altText` length of template, flex and imagemap messages. */
export const ALT_TEXT_MAX_LENGTH = 1500;
/** Maximum number of message objects in one reply/push/multicast/narrowcast/broadcast request. */
export const MAX_MESSAGES_PER_REQUEST = 5;

interface Unit {
  index: number;
  segment: string;
}

type SegmenterLike = { segment(input: string): Iterable<Unit> };

let cachedSegmenter: SegmenterLike | undefined;

function segmenter(): SegmenterLike {
  if (cachedSegmenter) return cachedSegmenter;
  if (typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function') {
    cachedSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  } else {
    // Without ICU, code points are the best available unit: surrogate pairs still stay whole.
    cachedSegmenter = {
      *segment(input: string): Iterable<Unit> {
        let index = 0;
        for (const segment of input) {
          yield { index, segment };
          index += segment.length;
        }
      },
    };
  }
  return cachedSegmenter;
}

/** Grapheme clusters; a cluster longer than `max` (abusive stacks of combining marks) is yielded by code point. */
function* units(text: string, max: number): Generator<Unit> {
  for (const { index, segment } of segmenter().segment(text)) {
    if (segment.length <= max) {
      yield { index, segment };
      continue;
    }
    let offset = index;
    for (const codePoint of segment) {
      yield { index: offset, segment: codePoint };
      offset += codePoint.length;
    }
  }
}

const LINE_BREAK = /^(?:\r\n|[\n\r\u0085\u2028\u2029])$/;
const WHITESPACE = /^\s+$/;

function checkMax(max: number, min: number, name: string): void {
  if (!Number.isInteger(max) || max < min) throw new RangeError(`${name} must be an integer >= ${min}`);
}

/**
 * Returns `text` unchanged when `text.length <= max`, otherwise the longest prefix ending on a grapheme
 * boundary that fits together with `ellipsis` (trailing whitespace dropped), followed by `ellipsis`.
 * The result is never longer than `max` UTF-16 code units.
 *
 * @throws RangeError when `max` is not an integer or is shorter than `ellipsis`.
 */
export function truncateText(text: string, max: number = TEXT_MESSAGE_MAX_LENGTH, ellipsis = '…'): string {
  checkMax(max, 1, 'max');
  if (ellipsis.length > max) throw new RangeError('ellipsis is longer than max');
  if (text.length <= max) return text;
  const budget = max - ellipsis.length;
  let end = 0;
  for (const { index, segment } of segmenter().segment(text)) {
    const segmentEnd = index + segment.length;
    if (segmentEnd > budget) break;
    if (!WHITESPACE.test(segment)) end = segmentEnd;
  }
  return text.slice(0, end) + ellipsis;
}

/**
 * Splits `text` into pieces of at most `max` UTF-16 code units, losslessly:
 * `splitText(text).join('') === text`, and no piece is empty (an empty text gives `[]`).
 *
 * Each cut is placed, in order of preference, right after the last line break that fits, right after
 * the last whitespace that fits (so the next piece starts with a word), or at the last grapheme
 * boundary that fits. Separators stay at the end of the piece they close, so a piece may end with a
 * line break or spaces. A single grapheme cluster longer than `max` (only possible with abusive stacks
 * of combining marks) is cut between code points; surrogate pairs are never split.
 *
 * @throws RangeError when `max` is not an integer >= 2 (a surrogate pair needs 2 units).
 */
export function splitText(text: string, max: number = TEXT_MESSAGE_MAX_LENGTH): string[] {
  checkMax(max, 2, 'max');
  if (text.length <= max) return text === '' ? [] : [text];

  const pieces: string[] = [];
  let start = 0;
  // Candidate cut offsets inside the current piece, ascending.
  let lineCuts: number[] = [];
  let spaceCuts: number[] = [];

  for (const { index, segment } of units(text, max)) {
    const end = index + segment.length;
    while (end - start > max) {
      // Candidates are all <= index and > start, and index - start <= max, so every cut fits.
      const cut = lineCuts.at(-1) ?? spaceCuts.at(-1) ?? index;
      pieces.push(text.slice(start, cut));
      start = cut;
      lineCuts = lineCuts.filter((c) => c > cut);
      spaceCuts = spaceCuts.filter((c) => c > cut);
    }
    if (LINE_BREAK.test(segment)) lineCuts.push(end);
    else if (WHITESPACE.test(segment)) spaceCuts.push(end);
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * Splits a list of messages into requests of at most `size` (default and maximum 5, LINE's limit per
 * request). Send the chunks in order, each with its own retry key.
 */
export function chunkMessages<M>(messages: readonly M[], size: number = MAX_MESSAGES_PER_REQUEST): M[][] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_MESSAGES_PER_REQUEST) {
    throw new RangeError(`size must be an integer from 1 to ${MAX_MESSAGES_PER_REQUEST}`);
  }
  const chunks: M[][] = [];
  for (let i = 0; i < messages.length; i += size) chunks.push(messages.slice(i, i + size));
  return chunks;
}
