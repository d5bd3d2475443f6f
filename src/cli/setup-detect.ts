/**
 * What `init` needs to know about a bot project: its frameworks (from package.json dependencies), its
 * package manager (from lockfiles, then the `packageManager` field), whether it is TypeScript and ESM,
 * and whether it already has an ESLint config.
 */
import fs from 'node:fs';
import path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** Dependency → framework name shown to the user. */
export const FRAMEWORK_DEPENDENCIES: readonly (readonly [string, string])[] = [
  ['express', 'Express'],
  ['hono', 'Hono'],
  ['next', 'Next.js'],
  ['fastify', 'Fastify'],
  ['koa', 'Koa'],
  ['@nestjs/core', 'NestJS'],
  ['firebase-functions', 'Firebase Functions'],
  ['@line/bot-sdk', 'LINE Messaging API SDK'],
];

const LOCKFILES: readonly (readonly [string, PackageManager])[] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

export const ESLINT_CONFIG_FILES = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
] as const;

export interface ProjectSetup {
  dir: string;
  hasPackageJson: boolean;
  frameworks: string[];
  packageManager: PackageManager;
  /** Where the package manager was read from (`pnpm-lock.yaml`, `packageManager field`, `default`). */
  packageManagerSource: string;
  /** The lockfile's folder, relative to `dir` ('' when it is in `dir`); undefined without a lockfile. */
  lockfileDir?: string;
  /** Yarn 2+ (`.yarnrc.yml` or `packageManager: yarn@2+`). */
  yarnBerry: boolean;
  typescript: boolean;
  /** `"type": "module"`: eslint.config.js may use `import`. */
  esm: boolean;
  /** An existing flat config (relative path), if any. */
  eslintConfig?: string;
  /** `@typescript-eslint/parser` (or `typescript-eslint`) is installed. */
  hasTypescriptEslint: boolean;
}

interface PackageJson {
  type?: string;
  packageManager?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8').replace(/^\uFEFF/, '')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** Looks for lockfiles in `dir` and its parents up to `stop` (a monorepo keeps one at its root). */
function findLockfile(dir: string, stop: string): { manager: PackageManager; file: string } | undefined {
  let current = path.resolve(dir);
  for (;;) {
    for (const [file, manager] of LOCKFILES) {
      if (fs.existsSync(path.join(current, file))) return { manager, file: path.relative(dir, path.join(current, file)) || file };
    }
    const parent = path.dirname(current);
    if (current === path.resolve(stop) || parent === current) return undefined;
    current = parent;
  }
}

export function detectSetup(dir: string, repositoryRoot: string = dir): ProjectSetup {
  const pkg = readPackageJson(dir);
  const deps = { ...pkg?.peerDependencies, ...pkg?.devDependencies, ...pkg?.dependencies };
  const frameworks = FRAMEWORK_DEPENDENCIES.filter(([dep]) => dep in deps).map(([, name]) => name);
  let packageManager: PackageManager = 'npm';
  let packageManagerSource = 'default';
  const lock = findLockfile(dir, repositoryRoot);
  if (lock) {
    packageManager = lock.manager;
    packageManagerSource = lock.file.split(path.sep).join('/');
  } else {
    const declared = /^(npm|pnpm|yarn|bun)@/.exec(pkg?.packageManager ?? '');
    if (declared) {
      packageManager = declared[1] as PackageManager;
      packageManagerSource = 'packageManager field';
    }
  }
  const yarnMajor = /^yarn@(\d+)/.exec(pkg?.packageManager ?? '')?.[1];
  const yarnBerry = packageManager === 'yarn' && (fs.existsSync(path.join(dir, '.yarnrc.yml')) || fs.existsSync(path.join(repositoryRoot, '.yarnrc.yml')) || Number(yarnMajor ?? 1) >= 2);
  const typescript = 'typescript' in deps || fs.existsSync(path.join(dir, 'tsconfig.json'));
  const eslintConfig = ESLINT_CONFIG_FILES.find((file) => fs.existsSync(path.join(dir, file)));
  return {
    dir,
    hasPackageJson: pkg !== undefined,
    frameworks,
    packageManager,
    packageManagerSource,
    ...(lock ? { lockfileDir: path.dirname(lock.file) === '.' ? '' : path.dirname(lock.file).split(path.sep).join('/') } : {}),
    yarnBerry,
    typescript,
    esm: pkg?.type === 'module',
    ...(eslintConfig ? { eslintConfig } : {}),
    hasTypescriptEslint: '@typescript-eslint/parser' in deps || 'typescript-eslint' in deps,
  };
}

/** Shell commands in the project's package manager. */
export function commandsFor(setup: Pick<ProjectSetup, 'packageManager' | 'yarnBerry' | 'lockfileDir'>): { install: string; exec: string; addDev: string } {
  const locked = setup.lockfileDir !== undefined;
  switch (setup.packageManager) {
    case 'pnpm':
      return { install: locked ? 'pnpm install --frozen-lockfile' : 'pnpm install', exec: 'pnpm exec line-bot-guard', addDev: 'pnpm add -D' };
    case 'yarn':
      return {
        install: !locked ? 'yarn install' : setup.yarnBerry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile',
        exec: 'yarn line-bot-guard',
        addDev: 'yarn add -D',
      };
    case 'bun':
      return { install: locked ? 'bun install --frozen-lockfile' : 'bun install', exec: 'bunx line-bot-guard', addDev: 'bun add -d' };
    default:
      return { install: locked ? 'npm ci' : 'npm install', exec: 'npx line-bot-guard', addDev: 'npm install -D' };
  }
}
