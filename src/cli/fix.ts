/**
 * `check --fix`: applies findings' `fix` edits (behaviour-preserving by contract) to the files, never
 * their suggestions (those change behaviour and need a human). Like ESLint, a finding's fix is applied
 * whole or not at all, overlapping fixes wait for the next pass, and passes repeat until nothing is
 * left to fix (at most MAX_FIX_PASSES).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding, TextEdit } from '../engine/types.js';

export const MAX_FIX_PASSES = 10;

/** `text` with the fixes of `findings` applied; fixes that overlap an earlier one are left for later. */
export function applyFixes(text: string, findings: readonly Finding[]): { text: string; applied: number } {
  const units = findings
    .filter((finding) => finding.fix && finding.fix.length > 0)
    .map((finding) => {
      const edits = [...finding.fix!].sort((a, b) => a.start - b.start || a.end - b.end);
      return { edits, start: edits[0]!.start, end: Math.max(...edits.map((e) => e.end)) };
    })
    .filter((unit) => unit.start >= 0 && unit.end <= text.length && unit.edits.every((e) => e.start <= e.end))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const taken: TextEdit[] = [];
  let applied = 0;
  let lastEnd = -1;
  for (const unit of units) {
    // Edits of one fix must not overlap each other, nor any fix taken before (insertions at the same
    // point would be ambiguous too).
    const selfOverlap = unit.edits.some((edit, i) => i > 0 && edit.start < unit.edits[i - 1]!.end);
    if (selfOverlap || unit.start <= lastEnd) continue;
    taken.push(...unit.edits);
    lastEnd = unit.end;
    applied++;
  }
  let result = text;
  for (const edit of taken.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return { text: result, applied };
}

/**
 * Writes the fixes of `findings` (paths relative to `root`) to disk. Returns how many findings were
 * fixed, per file. The engine reads files without a byte-order mark, so offsets skip it and it is kept.
 */
export function writeFixes(root: string, findings: readonly Finding[]): Map<string, number> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.fix?.length) continue;
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const fixed = new Map<string, number>();
  for (const [file, list] of byFile) {
    const absolute = path.resolve(root, file);
    const original = fs.readFileSync(absolute, 'utf8');
    const bom = original.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
    const { text, applied } = applyFixes(original.slice(bom.length), list);
    if (applied === 0) continue;
    fs.writeFileSync(absolute, bom + text);
    fixed.set(file, applied);
  }
  return fixed;
}
