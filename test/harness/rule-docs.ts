/**
 * Code examples in rules/<id>.md are tests. A fenced block whose info string is
 * `<lang> incorrect` or `<lang> correct` (optionally `file=<path>` and `sdk=<range>`) is one example file.
 */
export interface DocExample {
  kind: 'incorrect' | 'correct';
  lang: string;
  file: string;
  sdk: string;
  code: string;
  /** 1-based line of the opening fence in the doc. */
  line: number;
}

const FENCE = /^```(\w+)\s+(incorrect|correct)\b([^\n]*)\n([\s\S]*?)^```\s*$/gm;

export function docExamples(markdown: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const match of markdown.matchAll(FENCE)) {
    const [, lang, kind, attrs, code] = match as unknown as [string, string, 'incorrect' | 'correct', string, string];
    const file = /file=(\S+)/.exec(attrs)?.[1] ?? `src/example.${lang === 'ts' || lang === 'typescript' ? 'ts' : 'js'}`;
    const sdk = /sdk=(\S+)/.exec(attrs)?.[1] ?? '^10.8.0';
    const line = markdown.slice(0, match.index).split('\n').length;
    examples.push({ kind, lang, file, sdk, code, line });
  }
  return examples;
}
