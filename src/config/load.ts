/**
 * Finding and reading the configuration of a target: `--config <path>`, else
 * `line-bot-guard.config.json` at the target root, else the `"lineBotGuard"` key of the target's
 * package.json. Having both of the last two is a mistake (one would be silently ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { CONFIG_FILE_NAME, ConfigError, EMPTY_CONFIG, PACKAGE_JSON_KEY, resolveConfig, validateConfig, type ResolvedConfig } from './schema.js';

export interface LoadConfigOptions {
  /** `--config <path>` (relative to `cwd`). */
  configPath?: string;
  cwd?: string;
}

/** A path as the user should read it: relative to cwd when inside it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${shown}: cannot read the configuration file (${code === 'ENOENT' ? 'it does not exist' : (error as Error).message}).`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${shown}: not valid JSON (${(error as Error).message}).`);
  }
}

const ruleIds = (): string[] => RULES.map((rule) => rule.meta.id);

/** Reads and validates one configuration file; a package.json contributes its `lineBotGuard` key. */
export function readConfigFile(file: string, cwd: string = process.cwd()): ResolvedConfig {
  const shown = displayPath(file, cwd);
  const json = readJson(file, shown);
  if (path.basename(file) === 'package.json') {
    if (typeof json !== 'object' || json === null || !(PACKAGE_JSON_KEY in json)) {
      throw new ConfigError(`${shown}: has no "${PACKAGE_JSON_KEY}" key to read the configuration from.`);
    }
    const value = (json as Record<string, unknown>)[PACKAGE_JSON_KEY];
    return resolveConfig(validateConfig(value, { source: shown, basePath: PACKAGE_JSON_KEY, ruleIds: ruleIds() }), shown, PACKAGE_JSON_KEY);
  }
  return resolveConfig(validateConfig(json, { source: shown, ruleIds: ruleIds() }), shown);
}

/** The configuration file that applies to a target root, if any. */
export function findConfigFile(root: string): string | undefined {
  const file = path.join(root, CONFIG_FILE_NAME);
  const packageJson = path.join(root, 'package.json');
  const hasFile = fs.existsSync(file);
  let inPackage = false;
  if (fs.existsSync(packageJson)) {
    try {
      const json = JSON.parse(fs.readFileSync(packageJson, 'utf8').replace(/^\uFEFF/, '')) as unknown;
      inPackage = typeof json === 'object' && json !== null && PACKAGE_JSON_KEY in json;
    } catch {
      // A broken package.json is reported by the project loader, not here.
    }
  }
  if (hasFile && inPackage) {
    throw new ConfigError(
      `${displayPath(root)}: both ${CONFIG_FILE_NAME} and the "${PACKAGE_JSON_KEY}" key of package.json configure line-bot-guard; keep one of them.`,
    );
  }
  if (hasFile) return file;
  return inPackage ? packageJson : undefined;
}

/** The configuration of the target at `root` (empty when it has none). */
export function loadConfig(root: string, options: LoadConfigOptions = {}): ResolvedConfig {
  const cwd = options.cwd ?? process.cwd();
  if (options.configPath !== undefined) return readConfigFile(path.resolve(cwd, options.configPath), cwd);
  const file = findConfigFile(root);
  return file ? readConfigFile(file, cwd) : EMPTY_CONFIG;
}
