/**
 * `line-bot-guard init [dir]`: set a bot project up in one step. Detects the frameworks and the
 * package manager, writes `line-bot-guard.config.json`, an ESLint flat config (or prints how to merge
 * into an existing one) and `.github/workflows/line-bot-guard.yml`. Never overwrites a file without
 * `--force`; prints what it did and what is left to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_FILE_NAME } from '../../config/schema.js';
import { UsageError } from '../errors.js';
import { processIO, type CliIO } from '../io.js';
import { repositoryPrefix } from '../repository.js';
import { commandsFor, detectSetup } from '../setup-detect.js';
import { WORKFLOW_PATH, eslintConfigFileName, eslintConfigText, eslintMergeInstructions, initialConfig, workflowYaml } from '../setup-templates.js';

export interface InitOptions {
  force?: boolean;
  /** Skip the ESLint config (CI only). */
  eslint?: boolean;
  /** Skip the workflow. */
  workflow?: boolean;
}

type Outcome = 'created' | 'overwritten' | 'kept';

function writeFile(file: string, text: string, force: boolean | undefined): Outcome {
  const exists = fs.existsSync(file);
  if (exists && !force) return 'kept';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return exists ? 'overwritten' : 'created';
}

function show(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

export function runInitCommand(dir: string, options: InitOptions, io: CliIO = processIO()): number {
  const root = path.resolve(io.cwd, dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`init: ${dir} is not a directory`);
  const { repositoryRoot, prefix } = repositoryPrefix(root);
  const setup = detectSetup(root, repositoryRoot);
  const commands = commandsFor(setup);
  const lines: string[] = [];
  const report = (outcome: Outcome, file: string, what: string): void => {
    const label = outcome === 'kept' ? 'kept    ' : outcome === 'created' ? 'created ' : 'replaced';
    lines.push(`  ${label} ${show(file, io.cwd)}${outcome === 'kept' ? ' (exists; --force replaces it)' : ''} — ${what}`);
  };

  lines.push(`line-bot-guard init in ${show(root, io.cwd) || '.'}`);
  if (!setup.hasPackageJson) lines.push('  note: no package.json here; run init in the bot\'s package folder for framework detection.');
  lines.push(`  frameworks: ${setup.frameworks.length > 0 ? setup.frameworks.join(', ') : 'none detected'}${setup.typescript ? ' (TypeScript)' : ''}`);
  lines.push(`  package manager: ${setup.packageManager} (from ${setup.packageManagerSource})`);
  lines.push('');

  const configFile = path.join(root, CONFIG_FILE_NAME);
  let packageKey = false;
  try {
    packageKey = 'lineBotGuard' in (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as object);
  } catch {
    packageKey = false;
  }
  if (packageKey && !fs.existsSync(configFile)) {
    lines.push(`  kept     package.json "lineBotGuard" — the configuration already lives there`);
  } else {
    report(writeFile(configFile, initialConfig(), options.force), configFile, 'rules, ignorePatterns, webhookPaths, models');
  }

  let eslintAdvice: string | undefined;
  if (options.eslint !== false) {
    if (setup.eslintConfig) {
      const existing = path.join(root, setup.eslintConfig);
      if (fs.readFileSync(existing, 'utf8').includes('line-bot-guard/eslint-plugin')) {
        lines.push(`  kept     ${show(existing, io.cwd)} — already uses line-bot-guard/eslint-plugin`);
      } else {
        eslintAdvice = eslintMergeInstructions(setup);
        lines.push(`  kept     ${show(existing, io.cwd)} — add the plugin yourself (below)`);
      }
    } else {
      const file = path.join(root, eslintConfigFileName(setup));
      report(writeFile(file, eslintConfigText(setup), options.force), file, 'editor squiggles through the ESLint extension');
    }
  }

  if (options.workflow !== false) {
    const installDir = setup.lockfileDir !== undefined ? path.posix.normalize(path.posix.join(prefix, setup.lockfileDir)).replace(/^\.$/, '') : prefix;
    const workflowFile = path.join(repositoryRoot, WORKFLOW_PATH);
    report(writeFile(workflowFile, workflowYaml(setup, { botDir: prefix, installDir }), options.force), workflowFile, 'pull-request check + SARIF upload');
  }

  lines.push('', 'Next:');
  const devDependencies = ['line-bot-guard', ...(options.eslint !== false ? ['eslint'] : []), ...(options.eslint !== false && setup.typescript && !setup.hasTypescriptEslint ? ['@typescript-eslint/parser'] : [])];
  lines.push(`  1. ${commands.addDev} ${devDependencies.join(' ')}`);
  lines.push(`  2. ${commands.exec} check`);
  lines.push('  3. Commit the new files; pull requests get annotations and a job summary.');
  if (eslintAdvice) lines.push('', eslintAdvice);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export function registerInit(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('init')
    .description(`set a bot project up: ${CONFIG_FILE_NAME}, an ESLint config and a GitHub Actions workflow`)
    .argument('[dir]', 'the bot project (its package.json folder)', '.')
    .option('--force', 'replace files that already exist')
    .option('--no-eslint', 'do not write an ESLint config')
    .option('--no-workflow', 'do not write the GitHub Actions workflow')
    .action((dir: string, options: InitOptions) => setExitCode(runInitCommand(dir, options)));
}
