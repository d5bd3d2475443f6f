/** The configuration shared by the CLI and the ESLint plugin. */
import type { CheckOptions } from '../engine/run.js';
import { unresolvedModels } from '../analysis/models.js';
import type { OriginService } from '../project/origin.js';
import { ConfigError, type ResolvedConfig } from './schema.js';

export * from './schema.js';
export { loadConfig, findConfigFile, readConfigFile, displayPath, type LoadConfigOptions } from './load.js';

/** The engine options a configuration stands for. */
export function checkOptionsFrom(config: ResolvedConfig): CheckOptions {
  const options: CheckOptions = {};
  if (Object.keys(config.severities).length > 0) options.severities = { ...config.severities };
  if (Object.keys(config.ruleOptions).length > 0) options.ruleOptions = { ...config.ruleOptions };
  if (config.ignorePatterns.length > 0) options.ignorePatterns = [...config.ignorePatterns];
  if (config.webhookPaths.length > 0) options.webhookPaths = [...config.webhookPaths];
  if (config.models.signatureVerifiers?.length || config.models.sendCalls?.length) options.models = config.models;
  return options;
}

/**
 * Fails when a model names a function the project does not have (a typo there would silently turn the
 * model off). @throws {ConfigError}
 */
export function assertModelsResolve(origins: OriginService, config: Pick<ResolvedConfig, 'source' | 'basePath'>): void {
  const [first, ...rest] = unresolvedModels(origins);
  if (!first) return;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  const at = `${config.basePath ? `${config.basePath}.` : ''}models.${first.kind}[${first.index}]`;
  throw new ConfigError(`${config.source ?? 'configuration'}: ${at}: ${first.reason}.${more}`);
}
