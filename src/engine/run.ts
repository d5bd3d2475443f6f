/** `check` as a function: load the project, analyse it, return the JSON contract. */
import fs from 'node:fs';
import path from 'node:path';
import { SourceProject } from '../project/project.js';
import { Analyzer, type AnalyzeOptions } from './analyze.js';
import type { RuleDefinition } from './rule.js';
import type { RunResult } from './types.js';
import { VERSION } from './version.js';

export interface CheckOptions extends AnalyzeOptions {
  includeTests?: boolean;
  ignorePatterns?: string[];
  /** Called as files are analysed (the CLI's progress line). */
  onProgress?: (done: number, total: number) => void;
}

export class TargetError extends Error {}

export function runCheck(target: string, rules: readonly RuleDefinition[], options: CheckOptions = {}): { result: RunResult; analyzer: Analyzer } {
  const root = path.resolve(target);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new TargetError(`cannot read target directory: ${target} does not exist`);
  }
  if (!stat.isDirectory()) throw new TargetError(`target is not a directory: ${target}`);
  try {
    fs.readdirSync(root);
  } catch (error) {
    throw new TargetError(`cannot read target directory ${target}: ${(error as Error).message}`);
  }
  const project = SourceProject.load(root, { includeTests: options.includeTests, ignorePatterns: options.ignorePatterns });
  const analyzer = new Analyzer(project, rules, options);
  const { findings, errors } = analyzer.analyzeAll(options.onProgress);
  const result: RunResult = {
    tool: { name: 'line-bot-guard', version: VERSION },
    root,
    findings,
    errors,
    summary: {
      files: project.allFiles().length,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
  return { result, analyzer };
}
