/**
 * Syntactic import/export tables (ESM and CommonJS) and module specifier resolution. No type checker:
 * cross-file questions are answered from these tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts, unwrap, propertyNameText, accessedName } from './ast.js';
import type { PackageInfo } from './packages.js';

export interface ImportBinding {
  /** Local name in the importing file. */
  local: string;
  /** `default`, `*` (namespace or a whole `require()`), or an export name. */
  imported: string;
  specifier: string;
  /** Further member path after the import (`require('m').a.b` → ['a', 'b']). */
  path: string[];
  node: ts.Node;
}

export type ExportTarget =
  /** A value in this file: a declaration, an expression, or the declaration's name node. */
  | { kind: 'local'; node: ts.Node }
  /** `export { a as b } from './x'`, `export * as ns from './x'`. */
  | { kind: 'reexport'; specifier: string; imported: string };

export interface ModuleInfo {
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportTarget>;
  /** `export * from '...'` specifiers. */
  starExports: string[];
  /** Every specifier the file mentions (for the reverse graph). */
  specifiers: Set<string>;
}

function isRequireCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteralLike(node.arguments[0]!)
  );
}

/** `require('m')`, `require('m').a.b`, `(await import('m')).a` → specifier and member path. */
export function requireTarget(expression: ts.Expression): { specifier: string; path: string[] } | undefined {
  const members: string[] = [];
  let current = unwrap(expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      const name = accessedName(current);
      if (name === undefined) return undefined;
      members.unshift(name);
      current = unwrap(current.expression);
    } else if (ts.isAwaitExpression(current)) {
      current = unwrap(current.expression);
    } else {
      break;
    }
  }
  if (isRequireCall(current)) return { specifier: (current.arguments[0] as ts.StringLiteral).text, path: members };
  if (ts.isCallExpression(current) && current.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const arg = current.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return { specifier: arg.text, path: members };
  }
  return undefined;
}

function addBindingPattern(
  pattern: ts.BindingName,
  specifier: string,
  basePath: string[],
  node: ts.Node,
  imports: Map<string, ImportBinding>,
): void {
  if (ts.isIdentifier(pattern)) {
    const [imported = '*', ...rest] = basePath;
    imports.set(pattern.text, { local: pattern.text, imported, specifier, path: rest, node });
    return;
  }
  if (ts.isObjectBindingPattern(pattern)) {
    for (const element of pattern.elements) {
      if (element.dotDotDotToken) continue;
      const key = propertyNameText(element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined));
      if (key === undefined) continue;
      addBindingPattern(element.name, specifier, [...basePath, key], node, imports);
    }
  }
}

/** `module.exports`, `exports` and `module.exports.x` / `exports.x` targets. */
function commonJsExportName(target: ts.Expression): string | 'module' | undefined {
  const node = unwrap(target);
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports') {
    return 'module';
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = accessedName(node);
    const base = unwrap(node.expression);
    if (name === undefined) return undefined;
    if (ts.isIdentifier(base) && base.text === 'exports') return name;
    if (commonJsExportName(base) === 'module') return name;
  }
  return undefined;
}

export function buildModuleInfo(sourceFile: ts.SourceFile): ModuleInfo {
  const imports = new Map<string, ImportBinding>();
  const exports = new Map<string, ExportTarget>();
  const starExports: string[] = [];
  const specifiers = new Set<string>();

  const exportDeclarationNames = (node: ts.Statement): void => {
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(node)) {
      for (const decl of node.declarationList.declarations) {
        if (ts.isIdentifier(decl.name)) exports.set(decl.name.text, { kind: 'local', node: decl });
        else if (ts.isObjectBindingPattern(decl.name)) {
          for (const element of decl.name.elements) {
            if (ts.isIdentifier(element.name)) exports.set(element.name.text, { kind: 'local', node: element });
          }
        }
      }
    } else if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) {
      if (isDefault) exports.set('default', { kind: 'local', node });
      if (node.name) exports.set(node.name.text, { kind: 'local', node });
    }
  };

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      specifiers.add(specifier);
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) imports.set(clause.name.text, { local: clause.name.text, imported: 'default', specifier, path: [], node: clause });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        imports.set(bindings.name.text, { local: bindings.name.text, imported: '*', specifier, path: [], node: bindings });
      } else if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = element.propertyName ? propertyNameText(element.propertyName) ?? element.name.text : element.name.text;
          imports.set(element.name.text, { local: element.name.text, imported, specifier, path: [], node: element });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expr = statement.moduleReference.expression;
      if (ts.isStringLiteral(expr)) {
        specifiers.add(expr.text);
        imports.set(statement.name.text, { local: statement.name.text, imported: '*', specifier: expr.text, path: [], node: statement });
      }
    } else if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (specifier) specifiers.add(specifier);
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier) starExports.push(specifier);
      } else if (ts.isNamespaceExport(clause)) {
        if (specifier) exports.set(propertyNameText(clause.name) ?? '', { kind: 'reexport', specifier, imported: '*' });
      } else {
        for (const element of clause.elements) {
          const exported = propertyNameText(element.name) ?? '';
          const local = element.propertyName ? propertyNameText(element.propertyName) ?? exported : exported;
          exports.set(exported, specifier ? { kind: 'reexport', specifier, imported: local } : { kind: 'local', node: element.propertyName ?? element.name });
        }
      }
    } else if (ts.isExportAssignment(statement)) {
      exports.set('default', { kind: 'local', node: statement.expression });
    } else {
      exportDeclarationNames(statement);
    }

    // CommonJS at module level: require bindings and exports assignments.
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!decl.initializer) continue;
        const target = requireTarget(decl.initializer);
        if (target) {
          specifiers.add(target.specifier);
          addBindingPattern(decl.name, target.specifier, target.path, decl, imports);
        }
      }
    } else if (ts.isExpressionStatement(statement)) {
      const expr = unwrap(statement.expression);
      if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const name = commonJsExportName(expr.left);
        const value = unwrap(expr.right);
        if (name === 'module') {
          exports.set('default', { kind: 'local', node: value });
          if (ts.isObjectLiteralExpression(value)) {
            for (const prop of value.properties) {
              const key = prop.name ? propertyNameText(prop.name) : undefined;
              if (key !== undefined) exports.set(key, { kind: 'local', node: prop });
            }
          } else {
            const target = requireTarget(value);
            if (target && target.path.length === 0) starExports.push(target.specifier);
          }
        } else if (name) {
          exports.set(name, { kind: 'local', node: value });
        }
      }
    }
  }

  // Specifiers used in nested require()/import() calls still connect the graph.
  const collectNested = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const target = requireTarget(node);
      if (target) specifiers.add(target.specifier);
    }
    ts.forEachChild(node, collectNested);
  };
  if (sourceFile.text.includes('require(') || sourceFile.text.includes('import(')) collectNested(sourceFile);

  return { imports, exports, starExports, specifiers };
}

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

/** Resolves module specifiers to files of the project; bare package names stay external. */
export class ModuleResolver {
  private readonly cache = new Map<string, string | null>();

  constructor(
    private readonly isProjectFile: (absolute: string) => boolean,
    private readonly packageOf: (absolute: string) => PackageInfo | undefined,
  ) {}

  /** Absolute path of the project file `specifier` refers to from `fromFile`, or undefined (external or missing). */
  resolve(fromFile: string, specifier: string): string | undefined {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.resolveUncached(fromFile, specifier);
    this.cache.set(key, result ?? null);
    return result;
  }

  private resolveUncached(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      return this.resolvePath(path.resolve(path.dirname(fromFile), specifier));
    }
    const mapping = this.packageOf(fromFile)?.pathMapping;
    if (mapping) {
      for (const [pattern, substitutions] of mapping.paths) {
        const star = pattern.indexOf('*');
        let captured: string | undefined;
        if (star === -1) {
          if (pattern === specifier) captured = '';
        } else {
          const prefix = pattern.slice(0, star);
          const suffix = pattern.slice(star + 1);
          if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
            captured = specifier.slice(prefix.length, specifier.length - suffix.length);
          }
        }
        if (captured === undefined) continue;
        for (const substitution of substitutions) {
          const resolved = this.resolvePath(path.resolve(mapping.baseUrl, substitution.replace('*', captured)));
          if (resolved) return resolved;
        }
      }
      if (mapping.paths.length === 0 || specifier.includes('/')) {
        // baseUrl-relative imports (`import x from 'src/config'`).
        const viaBase = this.resolvePath(path.resolve(mapping.baseUrl, specifier));
        if (viaBase) return viaBase;
      }
    }
    return undefined;
  }

  private resolvePath(candidate: string): string | undefined {
    if (this.isProjectFile(candidate)) return candidate;
    const ext = path.extname(candidate);
    const replacements = JS_TO_TS[ext];
    if (replacements) {
      const stem = candidate.slice(0, -ext.length);
      for (const replacement of replacements) if (this.isProjectFile(stem + replacement)) return stem + replacement;
    }
    for (const extension of RESOLVE_EXTENSIONS) if (this.isProjectFile(candidate + extension)) return candidate + extension;
    for (const extension of RESOLVE_EXTENSIONS) {
      const index = path.join(candidate, 'index' + extension);
      if (this.isProjectFile(index)) return index;
    }
    // A folder with its own package.json "main".
    const pkg = path.join(candidate, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const main = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { main?: string }).main;
        if (main) return this.resolvePath(path.resolve(candidate, main));
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}

/** Deno/CDN spellings of an npm package: `npm:@line/bot-sdk@9`, `jsr:@std/http`, `https://esm.sh/@line/bot-sdk@9.4.0`. */
const REGISTRY_SPECIFIER = /^(?:npm:|jsr:)\/?(.+)$|^https?:\/\/(?:esm\.sh|cdn\.skypack\.dev|esm\.run|cdn\.jsdelivr\.net\/npm|unpkg\.com)\/(.+)$/;

/** The npm package name of a bare specifier (`@line/bot-sdk/dist/x` → `@line/bot-sdk`, `node:crypto` → `crypto`, `npm:x@1` → `x`). */
export function packageNameOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier.slice(5);
  // Our own package's entry points are distinct modules (the runtime is not the checker).
  if (specifier.startsWith('line-bot-guard/')) return specifier;
  const registry = REGISTRY_SPECIFIER.exec(specifier);
  const bare = registry ? (registry[1] ?? registry[2])! : specifier;
  const parts = bare.split('/');
  const name = bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  // `@line/bot-sdk@9.4.0` → `@line/bot-sdk` (only registry specifiers carry versions).
  return registry ? name.replace(/(?<=.)@[^/]*$/, '') : name;
}
