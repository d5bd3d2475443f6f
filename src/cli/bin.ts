#!/usr/bin/env node
/** The `line-bot-guard` command. Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage or internal error. */
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../engine/version.js';
import { TargetError } from '../engine/run.js';
import { checkCommand, CHECK_FORMATS } from './check.js';
import { UsageError } from './errors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

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

  program
    .command('check')
    .description('check a directory and report findings')
    .argument('[dir]', 'directory to check', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...CHECK_FORMATS]).default('stylish'))
    .option('--rule <id>', 'run only this rule (repeatable)', collect)
    .option('--max-warnings <n>', 'fail when there are more than n warnings')
    .option('--include-tests', 'also check test files (*.test.*, *.spec.*, __tests__/, test/, tests/)')
    .option('--quiet', 'report errors only')
    .option('--no-color', 'never colour the output')
    .action((dir: string, options) => {
      const output = checkCommand(dir, { ...options, color: options.color !== false && process.stdout.isTTY === true });
      process.stdout.write(output.stdout);
      exitCode = output.exitCode;
    });

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (error instanceof UsageError || error instanceof TargetError) {
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
