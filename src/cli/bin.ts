#!/usr/bin/env node
/** The `line-bot-guard` command. Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage, configuration or internal error. */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../engine/version.js';
import { TargetError } from '../engine/run.js';
import { COMMANDS } from './commands/index.js';
import { UsageError } from './errors.js';
import { ConfigError } from '../config/schema.js';
import { BaselineError } from '../report/baseline.js';
import { ChangedLinesError } from '../report/changed-lines.js';

function main(argv: string[]): number {
  const debug = argv.includes('--debug');
  let exitCode = 0;
  const program = new Command()
    .name('line-bot-guard')
    .description("Check a LINE bot codebase against LINE's development guidelines for corporate customers.")
    .version(VERSION)
    .option('--debug', 'show stack traces of internal errors')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const register of COMMANDS) register(program, (code) => (exitCode = code));

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (error instanceof UsageError || error instanceof TargetError || error instanceof ConfigError || error instanceof BaselineError || error instanceof ChangedLinesError) {
      process.stderr.write(`line-bot-guard: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`line-bot-guard: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (debug) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    else process.stderr.write('Run again with --debug to see the stack trace.\n');
    return 2;
  }
  return exitCode;
}

process.exitCode = main(process.argv.slice(2));
