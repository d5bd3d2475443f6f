/** Every CLI command registers itself here (one module per command). */
import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerCheck } from './check.js';
import { registerInit } from './init.js';
import { registerRules } from './rules.js';

export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerCheck, registerAudit, registerInit, registerRules];
