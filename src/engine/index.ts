/** Programmatic API of line-bot-guard. */
export { runCheck, TargetError, type CheckOptions } from './run.js';
export { Analyzer, RULE_PREFIX, type AnalyzeOptions } from './analyze.js';
export { SourceProject } from '../project/project.js';
export { RULES, RULE_METAS, RULES_BY_ID } from '../../rules/index.js';
export { VERSION } from './version.js';
export type * from './types.js';
