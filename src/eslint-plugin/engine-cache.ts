/**
 * One analysed project per root, shared by every plugin rule in the ESLint process. Cross-file facts come
 * from the files on disk; the file being linted comes from ESLint's text, so unsaved buffers lint right.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { Analyzer, type AnalyzeOptions } from '../engine/analyze.js';
import type { Finding } from '../engine/types.js';
import { SourceProject } from '../project/project.js';

interface CacheEntry {
  project: SourceProject;
  analyzer: Analyzer;
  analyzerGeneration: number;
  findings: Map<string, { text: string; generation: number; findings: Finding[] }>;
}

const projects = new Map<string, CacheEntry>();

/** The directory the project is rooted at: ESLint's cwd when the file is inside it, else the file's package. */
export function projectRootFor(filename: string, cwd: string): string {
  const resolved = path.resolve(filename);
  if (resolved.startsWith(path.resolve(cwd) + path.sep)) return path.resolve(cwd);
  let dir = path.dirname(resolved);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(resolved);
    dir = parent;
  }
}

function optionsKey(options: AnalyzeOptions): string {
  return JSON.stringify(options);
}

/** Findings for one file (all rules), computed once per text version. */
export function findingsForFile(filename: string, text: string, cwd: string, options: AnalyzeOptions = {}): Finding[] {
  const root = projectRootFor(filename, cwd);
  const key = `${root}\0${optionsKey(options)}`;
  let entry = projects.get(key);
  if (!entry) {
    const project = SourceProject.load(root, {});
    entry = { project, analyzer: new Analyzer(project, RULES, { ...options, directives: false }), analyzerGeneration: project.generation, findings: new Map() };
    projects.set(key, entry);
  }
  const absolute = path.resolve(filename);
  const cached = entry.findings.get(absolute);
  if (cached && cached.text === text && cached.generation === entry.project.generation) return cached.findings;
  const file = entry.project.setFileText(absolute, text);
  if (entry.analyzerGeneration !== entry.project.generation) {
    entry.analyzer = new Analyzer(entry.project, RULES, { ...options, directives: false });
    entry.analyzerGeneration = entry.project.generation;
  }
  const findings = entry.analyzer.analyzeFile(file, entry.analyzer.rules.map((rule) => ({ rule, severity: 'error' as const })));
  entry.findings.set(absolute, { text, generation: entry.project.generation, findings });
  return findings;
}

/** Drops every cached project (tests, long-running editors after a checkout). */
export function clearProjectCache(): void {
  projects.clear();
}
