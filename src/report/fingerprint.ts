/**
 * GitHub code scanning's `primaryLocationLineHash`, computed the way github/codeql-action
 * (`src/fingerprints.ts`) computes it, so alerts uploaded through the REST API (which does not fill
 * fingerprints) deduplicate exactly like alerts uploaded with `upload-sarif` (which does).
 *
 * The hash of a line is a rolling polynomial hash (multiplier 37, modulo 2^64) over the 100
 * characters that start at that line, after dropping spaces and tabs and normalising CR and CRLF to
 * LF. The end of the file contributes one EOF marker (65535) followed by zeros. Identical hashes are
 * told apart by an occurrence counter: the value is `"<hex>:<n>"`, where n is 1 for the first line
 * with that hash, 2 for the second, and so on.
 *
 * Lines are what codeql-action counts: separated by LF, CR or CRLF, and a text ending with a line
 * break has one more (empty) line after it. Pass the file text exactly as stored on disk, BOM
 * included, since codeql-action hashes the decoded bytes as they are.
 */

const BLOCK_SIZE = 100;
const MULTIPLIER = 37;
const TWO_POW_32 = 2 ** 32;
/** 37^100 mod 2^64, the weight of the character leaving the window, as two 32-bit halves. */
const OUTGOING_WEIGHT = BigInt(MULTIPLIER) ** BigInt(BLOCK_SIZE) & ((1n << 64n) - 1n);
const OUTGOING_WEIGHT_HIGH = Number(OUTGOING_WEIGHT >> 32n);
const OUTGOING_WEIGHT_LOW = Number(OUTGOING_WEIGHT & 0xffffffffn);
/** codeql-action's end-of-file marker (the char code it feeds after the last character). */
const END_OF_FILE = 65535;

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const NO_LINE = -1;

/** Returns the hash of every line of `text`; index 0 holds line 1. */
export function lineHashes(text: string): string[] {
  // A ring buffer of the last BLOCK_SIZE characters hashed, and for each slot the number of the
  // line that starts at that character (NO_LINE otherwise).
  const window = new Array<number>(BLOCK_SIZE).fill(0);
  const lineStartingAt = new Array<number>(BLOCK_SIZE).fill(NO_LINE);
  let slot = 0;
  let hashHigh = 0;
  let hashLow = 0;

  let lineCount = 0;
  let atLineStart = true;
  let previousWasCR = false;
  const occurrences = new Map<string, number>();
  const hashes: string[] = [];

  // When the slot about to be overwritten holds a line start, the window now contains exactly the
  // BLOCK_SIZE characters beginning at that line: its hash is final.
  const emitIfLineStart = (): void => {
    const line = lineStartingAt[slot];
    if (line === NO_LINE) return;
    const hex =
      hashHigh === 0 ? hashLow.toString(16) : hashHigh.toString(16) + hashLow.toString(16).padStart(8, '0');
    const occurrence = (occurrences.get(hex) ?? 0) + 1;
    occurrences.set(hex, occurrence);
    hashes[line - 1] = `${hex}:${occurrence}`;
    lineStartingAt[slot] = NO_LINE;
  };

  // hash = 37 * hash + incoming - 37^100 * leaving (mod 2^64), on 32-bit halves: every
  // intermediate product stays below 2^53, so plain numbers are exact and much faster than BigInt.
  const pushIntoWindow = (charCode: number): void => {
    const leaving = window[slot];
    window[slot] = charCode;

    let low = hashLow * MULTIPLIER + charCode;
    let high = hashHigh * MULTIPLIER + Math.floor(low / TWO_POW_32);
    low %= TWO_POW_32;

    const weightedLow = OUTGOING_WEIGHT_LOW * leaving;
    const weightedHigh = OUTGOING_WEIGHT_HIGH * leaving + Math.floor(weightedLow / TWO_POW_32);
    low -= weightedLow % TWO_POW_32;
    high -= weightedHigh % TWO_POW_32;
    if (low < 0) {
      low += TWO_POW_32;
      high -= 1;
    }
    hashLow = low;
    hashHigh = ((high % TWO_POW_32) + TWO_POW_32) % TWO_POW_32;
    slot = (slot + 1) % BLOCK_SIZE;
  };

  const processCharacter = (charCode: number): void => {
    // Spaces and tabs never count; an LF right after a CR belongs to that CR. Like codeql-action,
    // a skipped space also ends the "just saw a CR" state.
    if (charCode === SPACE || charCode === TAB || (previousWasCR && charCode === LF)) {
      previousWasCR = false;
      return;
    }
    previousWasCR = charCode === CR;
    const normalised = charCode === CR ? LF : charCode;
    emitIfLineStart();
    if (atLineStart) {
      atLineStart = false;
      lineCount += 1;
      lineStartingAt[slot] = lineCount;
    }
    if (normalised === LF) atLineStart = true;
    pushIntoWindow(normalised);
  };

  for (let index = 0; index < text.length; index += 1) {
    processCharacter(text.charCodeAt(index));
  }
  processCharacter(END_OF_FILE);
  // Pad with zeros so the lines near the end also get a full window.
  for (let padding = 0; padding < BLOCK_SIZE; padding += 1) {
    emitIfLineStart();
    pushIntoWindow(0);
  }
  return hashes;
}

/**
 * Returns the `primaryLocationLineHash` of 1-based `line` in `fileText`. Hashing is linear in the
 * file size: for several findings in one file, call {@link lineHashes} once instead.
 */
export function primaryLocationLineHash(fileText: string, line: number): string {
  const hashes = lineHashes(fileText);
  const hash = Number.isInteger(line) ? hashes[line - 1] : undefined;
  if (hash === undefined) {
    throw new RangeError(`Line ${line} is outside the file (it has ${hashes.length} lines)`);
  }
  return hash;
}
