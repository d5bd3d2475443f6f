/** Every CLI command registers itself here (one module per command). */
import type { Command } from 'commander';
import { registerCheck } from './check.js';

export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerCheck];
