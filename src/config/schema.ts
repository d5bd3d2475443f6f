/**
 * The configuration's shape and its validation. Every mistake is reported as a ConfigError naming the
 * file, the JSON path of the mistake and what was expected, e.g.
 * `line-bot-guard.config.json: rules["require-signature"]: unknown rule. Did you mean "require-signature-validation"?`
 */
import type { SeveritySetting } from '../engine/types.js';
import { SEND_ENDPOINTS, type Models, type SendCallModel, type SignatureVerifierModel } from '../analysis/models.js';
import { didYouMean } from './did-you-mean.js';

export const CONFIG_FILE_NAME = 'line-bot-guard.config.json';
/** The key of the target's package.json that may hold the configuration instead. */
export const PACKAGE_JSON_KEY = 'lineBotGuard';
const RULE_PREFIX = 'line-bot/';

/** A configuration mistake; the message is meant for the user as is. Exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The configuration as written (after validation). */
export interface LineBotGuardConfig {
  rules?: Record<string, RuleSetting>;
  ignorePatterns?: string[];
  webhookPaths?: string[];
  models?: Models;
}

export type SeverityName = 'error' | 'warn' | 'warning' | 'off';
export type RuleSetting = SeverityName | [SeverityName] | [SeverityName, Record<string, unknown>];

/** The configuration in the engine's terms. */
export interface ResolvedConfig {
  /** Where it came from (for messages); undefined when there is no configuration. */
  source?: string;
  /** JSON path of the configuration inside `source` (`lineBotGuard` in a package.json). */
  basePath?: string;
  /** Severity per rule id, without the `line-bot/` prefix. */
  severities: Record<string, SeveritySetting>;
  ruleOptions: Record<string, Record<string, unknown>>;
  ignorePatterns: string[];
  webhookPaths: string[];
  models: Models;
}

export const EMPTY_CONFIG: ResolvedConfig = Object.freeze({ severities: {}, ruleOptions: {}, ignorePatterns: [], webhookPaths: [], models: {} });

export type ConfigKey = 'rules' | 'ignorePatterns' | 'webhookPaths' | 'models';
const ALL_KEYS: readonly ConfigKey[] = ['rules', 'ignorePatterns', 'webhookPaths', 'models'];

const SEVERITIES: Record<SeverityName, SeveritySetting> = { error: 'error', warn: 'warning', warning: 'warning', off: 'off' };

export interface ValidateOptions {
  /** Names the configuration in messages, e.g. `line-bot-guard.config.json` or `package.json`. */
  source: string;
  /** JSON path of the configuration inside the source (`lineBotGuard` for package.json). */
  basePath?: string;
  /** Rule ids the catalogue knows (without prefix). */
  ruleIds: readonly string[];
  /** Keys allowed at the top level (ESLint settings have no `rules`: ESLint's own config sets them). */
  keys?: readonly ConfigKey[];
  /** Extra advice for a key that is not allowed here. */
  keyHints?: Partial<Record<string, string>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${typeof value} ${json.slice(0, 57)}...` : json;
}

function child(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  if (!base) return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

class Validator {
  constructor(private readonly options: ValidateOptions) {}

  fail(at: string, message: string): never {
    const where = at || '(top level)';
    throw new ConfigError(`${this.options.source}: ${where}: ${message}`);
  }

  expected(at: string, what: string, value: unknown): never {
    this.fail(at, `expected ${what}, got ${describe(value)}.`);
  }

  config(value: unknown): LineBotGuardConfig {
    const at = this.options.basePath ?? '';
    if (!isRecord(value)) this.expected(at, 'an object', value);
    const keys = this.options.keys ?? ALL_KEYS;
    const result: LineBotGuardConfig = {};
    for (const [key, item] of Object.entries(value)) {
      const path = child(at, key);
      if (key === '$schema') {
        if (typeof item !== 'string') this.expected(path, 'a string (URL of a JSON schema)', item);
        continue;
      }
      if (!(keys as readonly string[]).includes(key)) {
        const hint = this.options.keyHints?.[key];
        this.fail(path, hint ?? `unknown setting.${didYouMean(key, keys)} Expected one of: ${keys.join(', ')}.`);
      }
      switch (key as ConfigKey) {
        case 'rules':
          result.rules = this.rules(item, path);
          break;
        case 'ignorePatterns':
          result.ignorePatterns = this.stringArray(item, path, 'a gitignore-style pattern such as "scripts/**"');
          break;
        case 'webhookPaths':
          result.webhookPaths = this.stringArray(item, path, 'a route path starting with "/" such as "/callback"', (s) => s.startsWith('/'));
          break;
        case 'models':
          result.models = this.models(item, path);
          break;
      }
    }
    return result;
  }

  rules(value: unknown, at: string): Record<string, RuleSetting> {
    if (!isRecord(value)) this.expected(at, 'an object mapping rule ids to "error", "warn" or "off"', value);
    const result: Record<string, RuleSetting> = {};
    const seen = new Map<string, string>();
    for (const [rawId, setting] of Object.entries(value)) {
      const path = child(at, rawId);
      const id = rawId.startsWith(RULE_PREFIX) ? rawId.slice(RULE_PREFIX.length) : rawId;
      if (!this.options.ruleIds.includes(id)) {
        this.fail(path, `unknown rule "${rawId}".${didYouMean(id, this.options.ruleIds)} Run "line-bot-guard rules" to list them.`);
      }
      const previous = seen.get(id);
      if (previous !== undefined) this.fail(path, `rule "${id}" is already configured as "${previous}".`);
      seen.set(id, rawId);
      result[id] = this.ruleSetting(setting, path);
    }
    return result;
  }

  ruleSetting(value: unknown, at: string): RuleSetting {
    const expectation = '"error", "warn", "warning", "off" or [severity, options]';
    if (typeof value === 'string') return this.severity(value, at, expectation);
    if (!Array.isArray(value) || value.length < 1 || value.length > 2) this.expected(at, expectation, value);
    const severity = this.severity(value[0], child(at, 0), '"error", "warn", "warning" or "off"');
    if (value.length === 1) return [severity];
    if (!isRecord(value[1])) this.expected(child(at, 1), 'an object of rule options', value[1]);
    return [severity, value[1]];
  }

  severity(value: unknown, at: string, expectation: string): SeverityName {
    if (typeof value === 'string' && value in SEVERITIES) return value as SeverityName;
    if (typeof value === 'string') this.fail(at, `expected ${expectation}, got ${describe(value)}.${didYouMean(value, Object.keys(SEVERITIES))}`);
    return this.expected(at, expectation, value);
  }

  stringArray(value: unknown, at: string, item: string, test: (s: string) => boolean = () => true): string[] {
    if (!Array.isArray(value)) this.expected(at, `an array of strings (each ${item})`, value);
    return value.map((entry, i) => {
      if (typeof entry !== 'string' || entry.trim() === '' || !test(entry)) this.expected(child(at, i), item, entry);
      return entry;
    });
  }

  models(value: unknown, at: string): Models {
    if (!isRecord(value)) this.expected(at, 'an object with "signatureVerifiers" and/or "sendCalls"', value);
    const result: Models = {};
    for (const [key, item] of Object.entries(value)) {
      const path = child(at, key);
      if (key === 'signatureVerifiers') {
        result.signatureVerifiers = this.array(item, path).map((entry, i) => this.verifier(entry, child(path, i)));
      } else if (key === 'sendCalls') {
        result.sendCalls = this.array(item, path).map((entry, i) => this.sendCall(entry, child(path, i)));
      } else {
        this.fail(path, `unknown model kind.${didYouMean(key, ['signatureVerifiers', 'sendCalls'])} Expected "signatureVerifiers" or "sendCalls".`);
      }
    }
    return result;
  }

  array(value: unknown, at: string): unknown[] {
    if (!Array.isArray(value)) this.expected(at, 'an array of models ({ "file": ..., "export": ... })', value);
    return value;
  }

  target(value: unknown, at: string, allowed: readonly string[]): { file: string; export: string } & Record<string, unknown> {
    if (!isRecord(value)) this.expected(at, 'an object such as { "file": "src/line.ts", "export": "verifyLine" }', value);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(child(at, key), `unknown property.${didYouMean(key, allowed)} Expected: ${allowed.join(', ')}.`);
    }
    const { file, export: name } = value;
    if (typeof file !== 'string' || file.trim() === '') this.expected(child(at, 'file'), 'the path of the file that exports the function, relative to the project root (e.g. "src/line.ts")', file);
    if (typeof file === 'string' && (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || file.split(/[\\/]/).includes('..'))) {
      this.expected(child(at, 'file'), 'a path inside the project, relative to its root', file);
    }
    if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(name)) {
      this.expected(child(at, 'export'), 'the export name ("verifyLine", "default", or a dotted path such as "line.verify")', name);
    }
    return value as { file: string; export: string };
  }

  verifier(value: unknown, at: string): SignatureVerifierModel {
    const entry = this.target(value, at, ['file', 'export', 'onFailure']);
    const model: SignatureVerifierModel = { file: entry.file, export: entry.export };
    if (entry.onFailure !== undefined) {
      if (entry.onFailure !== 'returns-false' && entry.onFailure !== 'throws') this.expected(child(at, 'onFailure'), '"returns-false" or "throws"', entry.onFailure);
      model.onFailure = entry.onFailure;
    }
    return model;
  }

  sendCall(value: unknown, at: string): SendCallModel {
    const entry = this.target(value, at, ['file', 'export', 'endpoint', 'retryKeyArgument', 'messagesArgument']);
    if (typeof entry.endpoint !== 'string' || !(SEND_ENDPOINTS as readonly string[]).includes(entry.endpoint)) {
      const hint = typeof entry.endpoint === 'string' ? didYouMean(entry.endpoint, SEND_ENDPOINTS) : '';
      this.fail(child(at, 'endpoint'), `expected one of ${SEND_ENDPOINTS.map((e) => `"${e}"`).join(', ')}, got ${describe(entry.endpoint)}.${hint}`);
    }
    const model: SendCallModel = { file: entry.file, export: entry.export, endpoint: entry.endpoint as SendCallModel['endpoint'] };
    for (const key of ['retryKeyArgument', 'messagesArgument'] as const) {
      const index = entry[key];
      if (index === undefined) continue;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 20) this.expected(child(at, key), 'a 0-based argument index (0, 1, 2, ...)', index);
      model[key] = index;
    }
    if (model.retryKeyArgument !== undefined && model.retryKeyArgument === model.messagesArgument) {
      this.fail(child(at, 'retryKeyArgument'), 'the retry key and the messages cannot be the same argument.');
    }
    return model;
  }
}

/** Validates a configuration object. @throws {ConfigError} on the first mistake. */
export function validateConfig(value: unknown, options: ValidateOptions): LineBotGuardConfig {
  return new Validator(options).config(value);
}

/** The engine's view of a validated configuration. */
export function resolveConfig(config: LineBotGuardConfig, source?: string, basePath?: string): ResolvedConfig {
  const severities: Record<string, SeveritySetting> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const [severity, options] = Array.isArray(setting) ? setting : [setting];
    severities[id] = SEVERITIES[severity];
    if (options) ruleOptions[id] = options;
  }
  return {
    ...(source === undefined ? {} : { source }),
    ...(basePath === undefined ? {} : { basePath }),
    severities,
    ruleOptions,
    ignorePatterns: [...(config.ignorePatterns ?? [])],
    webhookPaths: [...(config.webhookPaths ?? [])],
    models: {
      ...(config.models?.signatureVerifiers ? { signatureVerifiers: config.models.signatureVerifiers } : {}),
      ...(config.models?.sendCalls ? { sendCalls: config.models.sendCalls } : {}),
    },
  };
}
