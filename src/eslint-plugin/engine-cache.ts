/**
 * One analysed project per root, shared by every plugin rule in the ESLint process. Cross-file facts come
 * from the files on disk; the file being linted comes from ESLint's text, so unsaved buffers lint right.
 *
 * The project's configuration is the CLI's (line-bot-guard.config.json or package.json "lineBotGuard"
 * at the project root) with ESLint `settings['line-bot']` laid over it, key by key, so the editor and
 * `line-bot-guard check` see the same webhook paths, models and ignored files.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { RULES } from '../../rules/index.js';
import { assertModelsResolve, findConfigFile, readConfigFile, resolveConfig, validateConfig, type ResolvedConfig } from '../config/index.js';
import { Analyzer, type AnalyzeOptions } from '../engine/analyze.js';
import type { Finding } from '../engine/types.js';
import { DEFAULT_IGNORED_DIRS, isTestPath, toPosix } from '../project/files.js';
import { SourceProject } from '../project/project.js';

interface CacheEntry {
  /** The configuration the project was loaded with; another one replaces the entry. */
  configKey: string;
  project: SourceProject;
  analyzer: Analyzer;
  analyzerGeneration: number;
  ignored?: Ignore;
  config: ResolvedConfig;
  findings: Map<string, { text: string; generation: number; findings: Finding[] }>;
}

/** By project root. */
const projects = new Map<string, CacheEntry>();

const configFileLookups = new Map<string, { stamp: string; file: string | undefined; conflict?: unknown }>();

/**
 * `findConfigFile(dir)`, remembered until the folder's entries or its package.json change (ESLint asks
 * for every linted file; an editor session outlives configuration edits).
 */
function configFileIn(dir: string): string | undefined {
  const stamp = `${fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs}:${fs.statSync(path.join(dir, 'package.json'), { throwIfNoEntry: false })?.mtimeMs}`;
  let lookup = configFileLookups.get(dir);
  if (!lookup || lookup.stamp !== stamp) {
    try {
      lookup = { stamp, file: findConfigFile(dir) };
    } catch (error) {
      lookup = { stamp, file: undefined, conflict: error };
    }
    configFileLookups.set(dir, lookup);
  }
  if (lookup.conflict) throw lookup.conflict;
  return lookup.file;
}

/** Does `dir` hold a line-bot-guard configuration (it then marks a project root)? */
function hasConfig(dir: string): boolean {
  try {
    return configFileIn(dir) !== undefined;
  } catch {
    return true; // both kinds present: the root is here, and loading it reports the conflict
  }
}

/**
 * The directory the project is rooted at: the nearest folder between the file and ESLint's cwd that
 * holds a line-bot-guard configuration, else ESLint's cwd when the file is inside it, else the file's
 * package.
 */
export function projectRootFor(filename: string, cwd: string): string {
  const resolved = path.resolve(filename);
  const base = path.resolve(cwd);
  if (resolved.startsWith(base + path.sep)) {
    for (let dir = path.dirname(resolved); dir.length >= base.length; dir = path.dirname(dir)) {
      if (hasConfig(dir)) return dir;
      if (dir === base) break;
    }
    return base;
  }
  let dir = path.dirname(resolved);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(resolved);
    dir = parent;
  }
}

export const SETTINGS_SOURCE = 'ESLint settings["line-bot"]';

const fileConfigs = new Map<string, { mtimeMs: number; config: ResolvedConfig }>();

/** The project's own configuration file (cached until it changes). */
function fileConfigOf(root: string): ResolvedConfig | undefined {
  const file = configFileIn(root);
  if (!file) return undefined;
  const mtimeMs = fs.statSync(file).mtimeMs;
  const cached = fileConfigs.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.config;
  const config = readConfigFile(file, root);
  fileConfigs.set(file, { mtimeMs, config });
  return config;
}

const validatedSettings = new WeakMap<object, ResolvedConfig>();

/** `settings['line-bot']`, validated once per settings object. */
function settingsConfig(own: unknown): ResolvedConfig {
  const cached = typeof own === 'object' && own !== null ? validatedSettings.get(own) : undefined;
  if (cached) return cached;
  const validated = validateConfig(own, {
    source: SETTINGS_SOURCE,
    ruleIds: RULES.map((rule) => rule.meta.id),
    keys: ['ignorePatterns', 'webhookPaths', 'models'],
    keyHints: { rules: 'rule severities belong in the ESLint config\'s "rules" (e.g. "line-bot/require-signature-validation": "warn"), not in settings.' },
  });
  const config = resolveConfig(validated, SETTINGS_SOURCE);
  validatedSettings.set(own as object, config);
  return config;
}

/** The configuration of a project root: its file, with `settings['line-bot']` keys laid over it. */
export function configFor(root: string, settings: Record<string, unknown> = {}): ResolvedConfig {
  const fromFile = fileConfigOf(root);
  const own = settings['line-bot'];
  if (own === undefined) return fromFile ?? resolveConfig({});
  const fromSettings = settingsConfig(own);
  const base = fromFile ?? resolveConfig({});
  const ownKeys = own as Record<string, unknown>;
  const settingsModels = 'models' in ownKeys;
  return {
    ...base,
    source: settingsModels ? SETTINGS_SOURCE : base.source,
    ...(settingsModels ? { basePath: undefined } : {}),
    ignorePatterns: 'ignorePatterns' in ownKeys ? fromSettings.ignorePatterns : base.ignorePatterns,
    webhookPaths: 'webhookPaths' in ownKeys ? fromSettings.webhookPaths : base.webhookPaths,
    models: settingsModels ? fromSettings.models : base.models,
  };
}

function analyzeOptions(config: ResolvedConfig): AnalyzeOptions {
  return {
    directives: false,
    ...(config.webhookPaths.length ? { webhookPaths: config.webhookPaths } : {}),
    ...(config.models.signatureVerifiers?.length || config.models.sendCalls?.length ? { models: config.models } : {}),
  };
}

/** Findings for one file (all rules), computed once per text version. */
export function findingsForFile(filename: string, text: string, cwd: string, settings: Record<string, unknown> = {}): Finding[] {
  const root = projectRootFor(filename, cwd);
  const config = configFor(root, settings);
  const configKey = JSON.stringify([config.ignorePatterns, config.webhookPaths, config.models]);
  let entry = projects.get(root);
  if (!entry || entry.configKey !== configKey) {
    const project = SourceProject.load(root, { ignorePatterns: config.ignorePatterns });
    const analyzer = new Analyzer(project, RULES, analyzeOptions(config));
    entry = {
      configKey,
      project,
      analyzer,
      analyzerGeneration: project.generation,
      config,
      findings: new Map(),
      ...(config.ignorePatterns.length ? { ignored: ignore().add(config.ignorePatterns) } : {}),
    };
    projects.set(root, entry);
  }
  const absolute = path.resolve(filename);
  const relative = toPosix(path.relative(root, absolute));
  // Files the configuration ignores are not checked by the CLI either.
  if (entry.ignored && !relative.startsWith('..') && entry.ignored.ignores(relative)) return [];
  // Test files and build output are not checked by the CLI (without --include-tests) either; adding them
  // to the project would also discard every project-wide fact and recompute it for each such file.
  if (!entry.project.getFile(absolute) && !relative.startsWith('..')) {
    const inIgnoredDir = relative.split('/').slice(0, -1).some((part) => DEFAULT_IGNORED_DIRS.has(part));
    if (isTestPath(relative) || inIgnoredDir) return [];
  }
  const cached = entry.findings.get(absolute);
  if (cached && cached.text === text && cached.generation === entry.project.generation) return cached.findings;
  const file = entry.project.setFileText(absolute, text);
  if (entry.analyzerGeneration !== entry.project.generation) {
    entry.analyzer = new Analyzer(entry.project, RULES, analyzeOptions(entry.config));
    entry.analyzerGeneration = entry.project.generation;
  }
  const findings = entry.analyzer.analyzeFile(file, entry.analyzer.rules.map((rule) => ({ rule, severity: 'error' as const })));
  assertModelsResolve(entry.analyzer.facts.origins, entry.config);
  entry.findings.set(absolute, { text, generation: entry.project.generation, findings });
  return findings;
}

/** Drops every cached project (tests, long-running editors after a checkout). */
export function clearProjectCache(): void {
  projects.clear();
  fileConfigs.clear();
  configFileLookups.clear();
}
