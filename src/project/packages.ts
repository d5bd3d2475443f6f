/**
 * Packages inside the target: every folder with its own package.json is judged on its own (its own
 * `@line/bot-sdk` version, its own dependencies, its own tsconfig `paths`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

export interface PathMapping {
  /** Absolute directory that `paths` entries are relative to. */
  baseUrl: string;
  /** Pattern (may contain one `*`) → substitutions (may contain one `*`). */
  paths: [pattern: string, substitutions: string[]][];
}

export interface PackageInfo {
  /** Absolute folder of the package.json. */
  root: string;
  name?: string;
  /** Every dependency name (dependencies, devDependencies, peerDependencies, optionalDependencies) → range. */
  dependencies: Map<string, string>;
  /** Lowest major version the `@line/bot-sdk` range allows, when the package depends on it. */
  lineSdkMajor?: number;
  lineSdkMinor?: number;
  lineSdkRange?: string;
  pathMapping?: PathMapping;
}

export interface PackageProblem {
  file: string;
  message: string;
}

/** `^10.8.0` → [10, 8]; `~7` → [7, 0]; `>=9 <11` → [9, 0]; `latest`/`*` → undefined. */
export function lowestVersion(range: string): [number, number] | undefined {
  const match = /(\d+)(?:\.(\d+|x|\*))?/.exec(range.replace(/^npm:[^@]+@/, ''));
  if (!match) return undefined;
  const minor = match[2] && /^\d+$/.test(match[2]) ? Number(match[2]) : 0;
  return [Number(match[1]), minor];
}

function readJsonTolerant(file: string): { value?: unknown; error?: string } {
  const text = ts.sys.readFile(file);
  if (text === undefined) return { error: 'cannot read file' };
  const parsed = ts.parseConfigFileTextToJson(file, text);
  if (parsed.error) return { error: ts.flattenDiagnosticMessageText(parsed.error.messageText, '\n') };
  return { value: parsed.config };
}

function loadPathMapping(tsconfigFile: string, problems: PackageProblem[], seen = new Set<string>()): PathMapping | undefined {
  if (seen.has(tsconfigFile)) return undefined;
  seen.add(tsconfigFile);
  const { value, error } = readJsonTolerant(tsconfigFile);
  if (error) {
    problems.push({ file: tsconfigFile, message: `ignored tsconfig: ${error}` });
    return undefined;
  }
  const config = (value ?? {}) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  let inherited: PathMapping | undefined;
  const parents = Array.isArray(config.extends) ? config.extends : config.extends ? [config.extends] : [];
  for (const parent of parents) {
    if (typeof parent !== 'string' || !parent.startsWith('.')) continue; // package-provided bases carry no paths
    let parentFile = path.resolve(path.dirname(tsconfigFile), parent);
    if (!parentFile.endsWith('.json')) parentFile += '.json';
    if (fs.existsSync(parentFile)) inherited = loadPathMapping(parentFile, problems, seen) ?? inherited;
  }
  const options = config.compilerOptions ?? {};
  const dir = path.dirname(tsconfigFile);
  const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : inherited?.baseUrl ?? dir;
  if (options.paths && typeof options.paths === 'object') {
    const entries: [string, string[]][] = [];
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (Array.isArray(targets)) entries.push([pattern, targets.filter((t): t is string => typeof t === 'string')]);
    }
    return { baseUrl, paths: entries };
  }
  return inherited ? { baseUrl, paths: inherited.paths } : typeof options.baseUrl === 'string' ? { baseUrl, paths: [] } : undefined;
}

export function loadPackage(packageJsonFile: string, problems: PackageProblem[]): PackageInfo {
  const root = path.dirname(packageJsonFile);
  const info: PackageInfo = { root, dependencies: new Map() };
  const { value, error } = readJsonTolerant(packageJsonFile);
  if (error || typeof value !== 'object' || value === null) {
    problems.push({ file: packageJsonFile, message: `ignored package.json: ${error ?? 'not an object'}` });
  } else {
    const json = value as Record<string, unknown>;
    if (typeof json.name === 'string') info.name = json.name;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = json[field];
      if (deps && typeof deps === 'object') {
        for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
          if (typeof range === 'string' && !info.dependencies.has(name)) info.dependencies.set(name, range);
        }
      }
    }
    const sdkRange = info.dependencies.get('@line/bot-sdk');
    if (sdkRange) {
      info.lineSdkRange = sdkRange;
      const version = lowestVersion(sdkRange);
      if (version) [info.lineSdkMajor, info.lineSdkMinor] = version;
    }
  }
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = path.join(root, name);
    if (fs.existsSync(file)) {
      info.pathMapping = loadPathMapping(file, problems);
      break;
    }
  }
  return info;
}

/** The package whose root is the deepest folder containing `file`. */
export function owningPackage(file: string, packages: PackageInfo[]): PackageInfo | undefined {
  let best: PackageInfo | undefined;
  for (const pkg of packages) {
    if ((file.startsWith(pkg.root + path.sep) || file === pkg.root) && (!best || pkg.root.length > best.root.length)) best = pkg;
  }
  return best;
}
