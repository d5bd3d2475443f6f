/**
 * `line-bot-guard audit [dir]`: the pre-release audit — one item per entry of the guideline's release
 * checklist and per guideline section, each pass / fail / confirm / not applicable, with an inventory of
 * the bot. `--probe <url>` also exercises a running bot server (loopback only unless --allow-remote).
 * Exit 1 on an error-level finding (as `check`) or a failed probe; 2 on usage, configuration or internal error.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { assertModelsResolve, checkOptionsFrom, CONFIG_FILE_NAME, displayPath, loadConfig } from '../../config/index.js';
import { auditExitCode, buildAuditReport, collectAudit, type StaticAudit } from '../../audit/run.js';
import { checkProbeUrl, ProbeUrlError, runProbes } from '../../audit/probe.js';
import { formatAuditTerminal } from '../../audit/format/terminal.js';
import { formatAuditMarkdown } from '../../audit/format/markdown.js';
import { formatAuditHtml } from '../../audit/format/html.js';
import { formatAuditJson } from '../../audit/format/json.js';
import type { AuditReport, ProbeRun } from '../../audit/types.js';
import { UsageError } from '../errors.js';
import { processIO, writeOutputFile, type CliIO } from '../io.js';

export const AUDIT_FORMATS = ['terminal', 'md', 'html', 'json'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface AuditCommandOptions {
  format: string;
  output?: string;
  config?: string;
  includeTests?: boolean;
  probe?: string;
  channelSecretEnv?: string;
  allowRemote?: boolean;
  color?: boolean;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The channel secret for the probe, read from the environment variable named on the command line. */
function channelSecretFrom(options: AuditCommandOptions, env: Record<string, string | undefined>): string {
  const name = options.channelSecretEnv;
  if (!name) {
    throw new UsageError('--probe signs its webhooks with the channel secret: pass --channel-secret-env <VAR> naming the environment variable that holds it');
  }
  if (!ENV_NAME.test(name) || /^[0-9a-f]{32}$/i.test(name)) {
    throw new UsageError('--channel-secret-env takes the NAME of an environment variable (e.g. LINE_CHANNEL_SECRET), never the secret itself');
  }
  const secret = env[name];
  if (!secret) throw new UsageError(`environment variable ${name} is not set (or empty); it must hold the channel secret of the bot under test`);
  return secret;
}

export function formatAudit(report: AuditReport, format: AuditFormat, color = false): string {
  switch (format) {
    case 'json':
      return formatAuditJson(report);
    case 'md':
      return formatAuditMarkdown(report);
    case 'html':
      return formatAuditHtml(report);
    case 'terminal':
      return formatAuditTerminal(report, { color });
  }
}

function staticAudit(root: string, options: AuditCommandOptions, io: CliIO): StaticAudit {
  const config = loadConfig(root, { configPath: options.config, cwd: io.cwd });
  const runOptions = checkOptionsFrom(config);
  if (options.includeTests) runOptions.includeTests = true;
  const audit = collectAudit(root, runOptions);
  // A model naming a function the project lacks would silently switch a check off (as in `check`).
  assertModelsResolve(audit.facts.origins, config);
  return audit;
}

function emit(report: AuditReport, format: AuditFormat, options: AuditCommandOptions, io: CliIO): number {
  const text = formatAudit(report, format, options.color === true && !options.output);
  if (options.output) {
    const written = writeOutputFile(options.output, text, io.cwd);
    io.stderr(`Audit report written to ${displayPath(written, io.cwd)}\n`);
  } else {
    io.stdout(text);
  }
  return auditExitCode(report);
}

/**
 * Runs `audit` and writes its output through `io`. Returns the exit code, or a promise of it when a
 * server is probed. Usage mistakes throw UsageError synchronously, before anything is sent.
 */
export function runAuditCommand(dir: string, options: AuditCommandOptions, io: CliIO = processIO()): number | Promise<number> {
  if (!(AUDIT_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`unknown format "${options.format}"; expected one of: ${AUDIT_FORMATS.join(', ')}`);
  }
  const format = options.format as AuditFormat;
  if (options.probe === undefined && (options.allowRemote || options.channelSecretEnv)) {
    throw new UsageError(`${options.allowRemote ? '--allow-remote' : '--channel-secret-env'} only applies together with --probe <url>`);
  }
  let probe: { url: URL; secret: string } | undefined;
  if (options.probe !== undefined) {
    let url: URL;
    try {
      url = checkProbeUrl(options.probe, options.allowRemote === true);
    } catch (error) {
      if (error instanceof ProbeUrlError) throw new UsageError(error.message);
      throw error;
    }
    probe = { url, secret: channelSecretFrom(options, io.env) };
  }
  const root = path.resolve(io.cwd, dir);
  const audit = staticAudit(root, options, io);
  if (!probe) return emit(buildAuditReport(audit), format, options, io);
  const target = probe;
  return runProbes(target.url, { channelSecret: target.secret }).then((run: ProbeRun) => emit(buildAuditReport(audit, run), format, options, io));
}

/** Registers `audit` on the program. */
export function registerAudit(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('audit')
    .description("pre-release audit against the guideline's checklist and sections; optionally probe a running bot server")
    .argument('[dir]', 'directory to audit', '.')
    .addOption(new Option('-f, --format <format>', 'report format').choices([...AUDIT_FORMATS]).default('terminal'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <path>', `configuration file (default: ${CONFIG_FILE_NAME} or "lineBotGuard" in package.json of the audited directory)`)
    .option('--include-tests', 'also check test files')
    .option('--probe <url>', "exercise the bot's webhook route at this URL with signed sample webhooks (loopback hosts only unless --allow-remote)")
    .option('--channel-secret-env <VAR>', 'name of the environment variable holding the channel secret the probe signs with')
    .option('--allow-remote', 'allow --probe to reach a non-loopback host you own (never LINE servers)')
    .option('--no-color', 'never colour the output')
    .action((dir: string, options: AuditCommandOptions) => {
      const io = processIO();
      const outcome = runAuditCommand(dir, { ...options, color: options.color !== false && io.stdoutIsTTY }, io);
      if (typeof outcome === 'number') {
        setExitCode(outcome);
        return undefined;
      }
      // The probe is asynchronous: settle the exit code ourselves once it is done.
      return outcome.then(
        (code) => {
          setExitCode(code);
          process.exitCode = code;
        },
        (error: unknown) => {
          const message = error instanceof UsageError ? error.message : `internal error: ${(error as Error)?.message ?? String(error)}`;
          io.stderr(`line-bot-guard: ${message}\n`);
          setExitCode(2);
          process.exitCode = 2;
        },
      );
    });
}
