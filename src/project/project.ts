/**
 * The analysed project: the target's JS/TS files, each parsed once (lazily) with the TypeScript bundled in
 * ts-morph, the packages it contains, module tables and the reverse import graph. No type checker on this
 * path; `getTypeChecker()` builds a program over the same nodes only when a rule asks.
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import { discoverFiles, readSourceText, toPosix, type DiscoverOptions } from './files.js';
import { buildModuleInfo, ModuleResolver, type ModuleInfo } from './modules.js';
import { loadPackage, owningPackage, type PackageInfo } from './packages.js';

export interface ProjectProblem {
  /** Absolute path. */
  file: string;
  message: string;
}

export interface ProjectFile {
  /** Absolute path. */
  path: string;
  /** POSIX path relative to the project root. */
  relative: string;
  /** The file's text. Test it before touching `sourceFile`: parsing happens on first access. */
  text: string;
  /** The parsed file (parsed once, on first access). */
  readonly sourceFile: ts.SourceFile;
  package?: PackageInfo;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;

/** Module specifiers a file mentions (a superset: comments and strings may add some). */
export function scanSpecifiers(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(SPECIFIER)) found.add(match[1]!);
  return found;
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export class SourceProject {
  readonly root: string;
  readonly packages: PackageInfo[];
  readonly problems: ProjectProblem[] = [];
  private program?: ts.Program;
  private readonly files = new Map<string, ProjectFile>();
  private readonly modules = new Map<string, ModuleInfo>();
  private importersIndex?: Map<string, Set<string>>;
  readonly resolver: ModuleResolver;
  /** Bumped on every text change; caches keyed on it are dropped. */
  generation = 0;

  private constructor(root: string, packages: PackageInfo[]) {
    this.root = root;
    this.packages = packages;
    this.resolver = new ModuleResolver(
      (absolute) => this.files.has(absolute),
      (absolute) => owningPackage(absolute, this.packages),
    );
  }

  /** Loads every analysable file under `root` from disk. */
  static load(root: string, options: DiscoverOptions = {}): SourceProject {
    const absoluteRoot = path.resolve(root);
    const discovered = discoverFiles(absoluteRoot, options);
    const problems: ProjectProblem[] = [];
    const packages = discovered.packageJsons.map((file) => loadPackage(file, problems));
    const project = new SourceProject(absoluteRoot, packages);
    project.problems.push(...problems, ...discovered.skipped);
    for (const file of discovered.files) {
      const read = readSourceText(file);
      if ('error' in read) project.problems.push({ file, message: read.error });
      else project.setFileText(file, read.text);
    }
    return project;
  }

  /** An empty project rooted at `root` whose files are added with `setFileText` (editor buffers, tests). */
  static empty(root: string, packageJsonFiles: string[] = []): SourceProject {
    const problems: ProjectProblem[] = [];
    const packages = packageJsonFiles.map((file) => loadPackage(file, problems));
    const project = new SourceProject(path.resolve(root), packages);
    project.problems.push(...problems);
    return project;
  }

  /** Adds or replaces a file's text. Returns the parsed file. */
  setFileText(absolute: string, text: string): ProjectFile {
    const existing = this.files.get(absolute);
    if (existing && existing.text === text) return existing;
    let parsed: ts.SourceFile | undefined;
    // The TypeScript bundled with ts-morph, called directly: no wrapper objects on the hot path.
    const parse = (): ts.SourceFile => (parsed ??= ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, true, scriptKindOf(absolute)));
    const file: ProjectFile = {
      path: absolute,
      relative: toPosix(path.relative(this.root, absolute)),
      text,
      get sourceFile() {
        return parse();
      },
      package: owningPackage(absolute, this.packages),
    };
    this.files.set(absolute, file);
    this.program = undefined;
    this.modules.delete(absolute);
    this.importersIndex = undefined;
    this.generation++;
    return file;
  }

  getFile(absolute: string): ProjectFile | undefined {
    return this.files.get(absolute);
  }

  fileOf(node: ts.Node): ProjectFile | undefined {
    return this.files.get(node.getSourceFile().fileName);
  }

  allFiles(): ProjectFile[] {
    return [...this.files.values()];
  }

  /** Syntax errors of a file, as one message, or undefined when it parses. */
  syntaxError(file: ProjectFile): string | undefined {
    const diagnostics = (file.sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
    const first = diagnostics?.[0];
    if (!first) return undefined;
    const { line, character } = file.sourceFile.getLineAndCharacterOfPosition(first.start);
    return `Parsing error: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')} (${line + 1}:${character + 1})`;
  }

  module(absolute: string): ModuleInfo | undefined {
    let info = this.modules.get(absolute);
    if (!info) {
      const file = this.files.get(absolute);
      if (!file) return undefined;
      info = buildModuleInfo(file.sourceFile);
      this.modules.set(absolute, info);
    }
    return info;
  }

  resolveSpecifier(fromFile: string, specifier: string): string | undefined {
    return this.resolver.resolve(fromFile, specifier);
  }

  /** Files that import `absolute` (any import, re-export or require). */
  importersOf(absolute: string): string[] {
    if (!this.importersIndex) {
      const index = new Map<string, Set<string>>();
      for (const [file, projectFile] of this.files) {
        // A text scan, not a parse: callers parse only the importers they then look into.
        for (const specifier of scanSpecifiers(projectFile.text)) {
          const target = this.resolveSpecifier(file, specifier);
          if (!target) continue;
          let set = index.get(target);
          if (!set) index.set(target, (set = new Set()));
          set.add(file);
        }
      }
      this.importersIndex = index;
    }
    return [...(this.importersIndex.get(absolute) ?? [])].sort();
  }

  /**
   * A type checker over the project's own parsed files (the same node objects rules see), created on
   * first use. Never used on the default path: a rule that truly needs a type asks for it lazily.
   */
  getTypeChecker(): ts.TypeChecker {
    if (!this.program) {
      const options: ts.CompilerOptions = { allowJs: true, checkJs: false, noEmit: true, noLib: true, target: ts.ScriptTarget.Latest, jsx: ts.JsxEmit.Preserve };
      const host = ts.createCompilerHost(options);
      host.getSourceFile = (fileName) => this.files.get(fileName)?.sourceFile;
      host.fileExists = (fileName) => this.files.has(fileName);
      host.readFile = (fileName) => this.files.get(fileName)?.text;
      this.program = ts.createProgram({ rootNames: [...this.files.keys()], options, host });
    }
    return this.program.getTypeChecker();
  }
}
