/** "Did you mean ...?" for mistyped names: the closest candidate by edit distance, when close enough. */

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The candidate closest to `input` (case-insensitive), or undefined when none is plausibly meant. */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    // A prefix or a contained word is a strong hint (`require-signature` → `require-signature-validation`).
    const score = hay.startsWith(needle) || (needle.length >= 4 && hay.includes(needle)) ? 0.5 : editDistance(needle, hay);
    if (!best || score < best.score) best = { candidate, score };
  }
  if (!best) return undefined;
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return best.score <= limit ? best.candidate : undefined;
}

/** ` Did you mean "x"?` or ''. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates);
  return match ? ` Did you mean "${match}"?` : '';
}
