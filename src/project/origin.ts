/**
 * Value origin: where a value comes from, followed through variables, destructuring, object properties,
 * parameters of local functions and imports/exports across files. One service for every rule.
 */
import {
  ts,
  unwrap,
  accessedName,
  isAccess,
  isFunctionLike,
  propertyNameText,
  walk,
  walkSameFunction,
  type FunctionLike,
} from './ast.js';
import { packageNameOf, type ImportBinding } from './modules.js';
import type { SourceProject } from './project.js';

/** Pseudo-module for globals (`process`, `crypto`, `Buffer`, `fetch`, ...). */
export const GLOBAL_MODULE = '<global>';

export type Origin =
  /** A concrete expression: literal, call, `new`, object or array literal, template, ... */
  | { kind: 'expression'; node: ts.Expression }
  /** A declared function or class (or a function expression). */
  | { kind: 'function'; node: FunctionLike | ts.ClassDeclaration | ts.ClassExpression }
  /** A member of an external package (or of a global): `require('@line/bot-sdk').messagingApi` → path ['messagingApi']. */
  | { kind: 'external'; module: string; path: string[] }
  /** A parameter nobody in the project passes a known value to (e.g. a framework's `req`), plus a member path. */
  | { kind: 'parameter'; node: ts.ParameterDeclaration; fn: FunctionLike; path: string[] }
  | { kind: 'unknown' };

const UNKNOWN: Origin = { kind: 'unknown' };
const MAX_DEPTH = 24;

const KNOWN_GLOBALS = new Set([
  'process',
  'crypto',
  'Buffer',
  'fetch',
  'Request',
  'Response',
  'Headers',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'JSON',
  'Deno',
  'Bun',
  'UrlFetchApp',
  'Utilities',
  'btoa',
  'atob',
  'String',
  'Object',
  'Promise',
  'Math',
  'Date',
  'console',
]);

type Declaration =
  | { kind: 'variable'; node: ts.VariableDeclaration; path: string[] }
  | { kind: 'parameter'; node: ts.ParameterDeclaration; fn: FunctionLike; path: string[] }
  | { kind: 'function'; node: ts.FunctionDeclaration | ts.ClassDeclaration }
  | { kind: 'import'; binding: ImportBinding }
  | { kind: 'other'; node: ts.Node };

/** Member path from a binding element up to its variable declaration or parameter. */
function bindingPath(element: ts.BindingElement): { root: ts.Node; path: string[] } {
  const path: string[] = [];
  let current: ts.Node = element;
  while (ts.isBindingElement(current)) {
    const pattern: ts.BindingPattern = current.parent;
    if (ts.isObjectBindingPattern(pattern)) {
      const key = propertyNameText(current.propertyName ?? (ts.isIdentifier(current.name) ? current.name : undefined));
      path.unshift(key ?? '?');
    } else {
      path.unshift(String(pattern.elements.indexOf(current)));
    }
    current = pattern.parent;
  }
  return { root: current, path };
}

function collectBindingNames(name: ts.BindingName, add: (id: ts.Identifier, element?: ts.BindingElement) => void): void {
  if (ts.isIdentifier(name)) {
    add(name);
    return;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) add(element.name, element);
    else collectBindingNames(element.name, add);
  }
}

export class OriginService {
  private readonly scopeCache = new WeakMap<ts.Node, Map<string, Declaration>>();
  private readonly callIndex = new Map<string, Map<string, ts.CallExpression[]>>();
  private readonly resolving = new Set<ts.Node>();

  constructor(readonly project: SourceProject) {}

  // ---------------------------------------------------------------- scopes

  private declarationsIn(container: ts.Node): Map<string, Declaration> {
    let table = this.scopeCache.get(container);
    if (table) return table;
    table = new Map();
    const add = (name: string, declaration: Declaration): void => {
      if (!table!.has(name)) table!.set(name, declaration);
    };
    const addVariable = (decl: ts.VariableDeclaration): void =>
      collectBindingNames(decl.name, (id, element) =>
        add(id.text, { kind: 'variable', node: decl, path: element ? bindingPath(element).path : [] }),
      );
    const statementsOf = (node: ts.Node): readonly ts.Statement[] =>
      ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)
        ? node.statements
        : [];
    const hoistVars = (node: ts.Node): void => {
      // `var` declared in nested blocks of the same function is visible function-wide.
      walkSameFunction(node, (child) => {
        if (ts.isVariableDeclarationList(child) && !(child.flags & ts.NodeFlags.BlockScoped)) child.declarations.forEach(addVariable);
        if (ts.isClassLike(child)) return false;
        return undefined;
      });
    };

    if (isFunctionLike(container)) {
      for (const param of container.parameters) {
        collectBindingNames(param.name, (id, element) =>
          add(id.text, { kind: 'parameter', node: param, fn: container, path: element ? bindingPath(element).path : [] }),
        );
      }
      if ((ts.isFunctionExpression(container) || ts.isFunctionDeclaration(container)) && container.name) {
        add(container.name.text, { kind: 'function', node: container as ts.FunctionDeclaration });
      }
      if (container.body) hoistVars(container.body);
    } else if (ts.isCatchClause(container)) {
      if (container.variableDeclaration) addVariable(container.variableDeclaration);
    } else if (ts.isForStatement(container) || ts.isForOfStatement(container) || ts.isForInStatement(container)) {
      const init = container.initializer;
      if (init && ts.isVariableDeclarationList(init)) init.declarations.forEach(addVariable);
    } else if (ts.isClassExpression(container) && container.name) {
      add(container.name.text, { kind: 'other', node: container });
    } else {
      for (const statement of statementsOf(container)) {
        if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach(addVariable);
        else if (ts.isFunctionDeclaration(statement) && statement.name) add(statement.name.text, { kind: 'function', node: statement });
        else if (ts.isClassDeclaration(statement) && statement.name) add(statement.name.text, { kind: 'function', node: statement });
        else if (ts.isEnumDeclaration(statement)) add(statement.name.text, { kind: 'other', node: statement });
      }
      if (ts.isSourceFile(container)) {
        hoistVars(container);
        const info = this.project.module(container.fileName);
        if (info) for (const [local, binding] of info.imports) if (!table.has(local) || binding.specifier) table.set(local, { kind: 'import', binding });
      }
    }
    this.scopeCache.set(container, table);
    return table;
  }

  /** The declaration an identifier refers to, found by walking up its scopes. */
  declarationOf(identifier: ts.Identifier): Declaration | undefined {
    const name = identifier.text;
    for (let current: ts.Node | undefined = identifier.parent; current; current = current.parent) {
      const found = this.declarationsIn(current).get(name);
      if (found) {
        // A parameter's own default value cannot see later parameters; close enough for origins.
        return found;
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- origins

  /** Where the value of `expression` comes from. */
  resolve(expression: ts.Expression, depth = 0): Origin {
    if (depth > MAX_DEPTH) return UNKNOWN;
    let node = unwrap(expression);
    while (ts.isAwaitExpression(node)) node = unwrap(node.expression);

    if (ts.isIdentifier(node)) return this.resolveIdentifier(node, depth);
    if (isFunctionLike(node) || ts.isClassExpression(node)) return { kind: 'function', node };
    if (isAccess(node)) {
      const name = accessedName(node);
      if (name === undefined) return { kind: 'expression', node };
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const member = this.thisMember(node, name);
        return member ? this.resolve(member, depth + 1) : { kind: 'expression', node };
      }
      const base = this.resolve(node.expression, depth + 1);
      const member = this.member(base, name, depth + 1);
      return member.kind === 'unknown' ? { kind: 'expression', node } : member;
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      if (ts.isIdentifier(callee) && callee.text === 'require' && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
        return this.resolveModule(node.getSourceFile().fileName, node.arguments[0].text, '*', [], depth);
      }
      if (callee.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
        return this.resolveModule(node.getSourceFile().fileName, node.arguments[0].text, '*', [], depth);
      }
    }
    return { kind: 'expression', node };
  }

  private resolveIdentifier(identifier: ts.Identifier, depth: number): Origin {
    if (identifier.text === 'undefined') return { kind: 'expression', node: identifier };
    const declaration = this.declarationOf(identifier);
    if (!declaration) {
      return KNOWN_GLOBALS.has(identifier.text) ? { kind: 'external', module: GLOBAL_MODULE, path: [identifier.text] } : UNKNOWN;
    }
    return this.resolveDeclaration(declaration, depth);
  }

  private resolveDeclaration(declaration: Declaration, depth: number): Origin {
    switch (declaration.kind) {
      case 'variable': {
        const init = declaration.node.initializer;
        if (!init) return this.assignedValue(declaration.node, depth) ?? UNKNOWN;
        if (this.resolving.has(declaration.node)) return UNKNOWN;
        this.resolving.add(declaration.node);
        try {
          let origin = this.resolve(init, depth + 1);
          for (const key of declaration.path) origin = this.member(origin, key, depth + 1);
          return origin;
        } finally {
          this.resolving.delete(declaration.node);
        }
      }
      case 'parameter': {
        const argument = this.uniqueArgument(declaration.node, declaration.fn, depth);
        if (argument) {
          let origin = argument;
          for (const key of declaration.path) origin = this.member(origin, key, depth + 1);
          return origin;
        }
        return { kind: 'parameter', node: declaration.node, fn: declaration.fn, path: [...declaration.path] };
      }
      case 'function':
        return { kind: 'function', node: declaration.node };
      case 'import': {
        const { binding } = declaration;
        const file = binding.node.getSourceFile().fileName;
        return this.resolveModule(file, binding.specifier, binding.imported, binding.path, depth);
      }
      default:
        return UNKNOWN;
    }
  }

  /** `let x; ... x = value` with a single assignment. */
  private assignedValue(decl: ts.VariableDeclaration, depth: number): Origin | undefined {
    if (!ts.isIdentifier(decl.name)) return undefined;
    const name = decl.name.text;
    const scope = decl.parent.parent.parent;
    let value: ts.Expression | undefined;
    let count = 0;
    walk(scope, (node) => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(node.left) &&
        node.left.text === name
      ) {
        value = node.right;
        count++;
      }
    });
    return count === 1 && value ? this.resolve(value, depth + 1) : undefined;
  }

  private resolveModule(fromFile: string, specifier: string, imported: string, path: string[], depth: number): Origin {
    const target = this.project.resolveSpecifier(fromFile, specifier);
    if (!target) {
      const members = imported === '*' || imported === 'default' ? path : [imported, ...path];
      return { kind: 'external', module: packageNameOf(specifier), path: members };
    }
    let origin = imported === '*' ? this.moduleNamespace(target) : this.exportOf(target, imported, depth + 1);
    for (const key of path) origin = this.member(origin, key, depth + 1);
    return origin;
  }

  /** A namespace import of a project file behaves like its CommonJS `module.exports` when it has one. */
  private moduleNamespace(file: string): Origin {
    const info = this.project.module(file);
    const cjs = info?.exports.get('default');
    if (cjs && cjs.kind === 'local' && !ts.isExportAssignment(cjs.node.parent) && ts.isExpression(cjs.node as ts.Expression)) {
      // `module.exports = x` (not `export default x`): the namespace *is* x.
      const node = cjs.node as ts.Expression;
      if (!ts.isObjectLiteralExpression(node)) return this.resolve(node);
    }
    return { kind: 'expression', node: this.project.getFile(file)!.sourceFile as unknown as ts.Expression };
  }

  /** The value a project file exports under `name`. */
  exportOf(file: string, name: string, depth = 0, seen = new Set<string>()): Origin {
    if (depth > MAX_DEPTH || seen.has(`${file}#${name}`)) return UNKNOWN;
    seen.add(`${file}#${name}`);
    const info = this.project.module(file);
    if (!info) return UNKNOWN;
    const entry = info.exports.get(name);
    if (entry?.kind === 'reexport') {
      const target = this.project.resolveSpecifier(file, entry.specifier);
      if (!target) return { kind: 'external', module: packageNameOf(entry.specifier), path: entry.imported === '*' ? [] : [entry.imported] };
      return entry.imported === '*' ? this.moduleNamespace(target) : this.exportOf(target, entry.imported, depth + 1, seen);
    }
    if (entry?.kind === 'local') return this.valueOfExportNode(entry.node, depth);
    for (const specifier of info.starExports) {
      const target = this.project.resolveSpecifier(file, specifier);
      if (!target) continue;
      const origin = this.exportOf(target, name, depth + 1, seen);
      if (origin.kind !== 'unknown') return origin;
    }
    // `import { a } from './cjs'` where the module exports an object through a variable.
    if (name !== 'default' && info.exports.has('default')) {
      return this.member(this.exportOf(file, 'default', depth + 1, seen), name, depth + 1);
    }
    return UNKNOWN;
  }

  private valueOfExportNode(node: ts.Node, depth: number): Origin {
    if (ts.isVariableDeclaration(node)) {
      if (!ts.isIdentifier(node.name)) return UNKNOWN;
      return this.resolveDeclaration({ kind: 'variable', node, path: [] }, depth + 1);
    }
    if (ts.isBindingElement(node)) {
      const { root, path } = bindingPath(node);
      if (ts.isVariableDeclaration(root)) return this.resolveDeclaration({ kind: 'variable', node: root, path }, depth + 1);
      return UNKNOWN;
    }
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) return { kind: 'function', node };
    if (ts.isPropertyAssignment(node)) return this.resolve(node.initializer, depth + 1);
    if (ts.isShorthandPropertyAssignment(node)) return this.resolve(node.name, depth + 1);
    if (ts.isMethodDeclaration(node)) return { kind: 'function', node };
    if (ts.isIdentifier(node)) return this.resolve(node, depth + 1);
    if (ts.isStringLiteral(node)) return UNKNOWN;
    if (ts.isEnumDeclaration(node)) return UNKNOWN;
    return this.resolve(node as ts.Expression, depth + 1);
  }

  /** The origin of `base.name`. */
  member(base: Origin, name: string, depth = 0): Origin {
    switch (base.kind) {
      case 'external':
        return { kind: 'external', module: base.module, path: [...base.path, name] };
      case 'parameter':
        return { ...base, path: [...base.path, name] };
      case 'expression': {
        const node = base.node;
        if (ts.isObjectLiteralExpression(node)) {
          for (let i = node.properties.length - 1; i >= 0; i--) {
            const prop = node.properties[i]!;
            if (ts.isSpreadAssignment(prop)) {
              const spread = this.member(this.resolve(prop.expression, depth + 1), name, depth + 1);
              if (spread.kind !== 'unknown') return spread;
              continue;
            }
            if (propertyNameText(prop.name) !== name) continue;
            if (ts.isPropertyAssignment(prop)) return this.resolve(prop.initializer, depth + 1);
            if (ts.isShorthandPropertyAssignment(prop)) return this.resolve(prop.name, depth + 1);
            if (ts.isMethodDeclaration(prop)) return { kind: 'function', node: prop };
            return UNKNOWN;
          }
          return UNKNOWN;
        }
        if (ts.isSourceFile(node as ts.Node)) return this.exportOf((node as unknown as ts.SourceFile).fileName, name, depth + 1);
        return UNKNOWN;
      }
      case 'function': {
        // Static members and `Class.prototype`-less method references.
        const node = base.node;
        if (ts.isClassLike(node)) {
          for (const m of node.members) {
            if (propertyNameText(m.name) !== name) continue;
            if (ts.isMethodDeclaration(m)) return { kind: 'function', node: m };
            if (ts.isPropertyDeclaration(m) && m.initializer) return this.resolve(m.initializer, depth + 1);
          }
        }
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** `this.x` inside a class: the property initializer or the single constructor assignment. */
  private thisMember(access: ts.AccessExpression, name: string): ts.Expression | undefined {
    let cls: ts.Node | undefined = access.parent;
    while (cls && !ts.isClassLike(cls)) cls = cls.parent;
    if (!cls || !ts.isClassLike(cls)) return undefined;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === name && member.initializer) return member.initializer;
      if (ts.isMethodDeclaration(member) && propertyNameText(member.name) === name) return member as unknown as ts.Expression;
    }
    let assigned: ts.Expression | undefined;
    for (const member of cls.members) {
      if (!ts.isConstructorDeclaration(member) || !member.body) continue;
      walkSameFunction(member.body, (node) => {
        if (
          ts.isBinaryExpression(node) &&
          node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          isAccess(node.left) &&
          node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
          accessedName(node.left) === name
        ) {
          assigned = node.right;
        }
      });
      // Constructor parameter properties: `constructor(private client: Client)` → the parameter.
      for (const param of member.parameters) {
        if (ts.isIdentifier(param.name) && param.name.text === name && ts.getModifiers(param)?.length) return param.name;
      }
    }
    return assigned;
  }

  // ---------------------------------------------------------------- calls and parameters

  /** Calls in `file` indexed by the identifier (or `x.name` member) their callee ends with. */
  private callsByName(file: ts.SourceFile): Map<string, ts.CallExpression[]> {
    let index = this.callIndex.get(file.fileName);
    if (!index) {
      index = new Map();
      const found = index;
      walk(file, (node) => {
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const callee = unwrap(node.expression);
          const name = ts.isIdentifier(callee) ? callee.text : accessedName(callee);
          if (name !== undefined) {
            let list = found.get(name);
            if (!list) found.set(name, (list = []));
            list.push(node as ts.CallExpression);
          }
        }
      });
      this.callIndex.set(file.fileName, index);
    }
    return index;
  }

  /** Every call in the project whose callee resolves to `fn` (same file and importing files). */
  callSitesOf(fn: FunctionLike | ts.ClassDeclaration): ts.CallExpression[] {
    const names = new Set<string>();
    const declaredName = this.nameOfFunction(fn);
    if (declaredName) names.add(declaredName);
    if (names.size === 0) return [];
    const sourceFile = fn.getSourceFile();
    const files = [sourceFile.fileName, ...this.project.importersOf(sourceFile.fileName)];
    const result: ts.CallExpression[] = [];
    for (const file of files) {
      const projectFile = this.project.getFile(file);
      if (!projectFile) continue;
      const index = this.callsByName(projectFile.sourceFile);
      const candidates = new Set<ts.CallExpression>();
      for (const name of names) for (const call of index.get(name) ?? []) candidates.add(call);
      if (file !== sourceFile.fileName) {
        // Imported under another local name.
        const info = this.project.module(file);
        for (const binding of info?.imports.values() ?? []) {
          if (binding.imported === declaredName || binding.imported === 'default' || binding.imported === '*') {
            for (const call of index.get(binding.local) ?? []) candidates.add(call);
          }
        }
      }
      for (const call of candidates) {
        const origin = this.resolve(call.expression);
        if (origin.kind === 'function' && origin.node === fn) result.push(call);
      }
    }
    return result;
  }

  private nameOfFunction(fn: FunctionLike | ts.ClassDeclaration): string | undefined {
    if ((ts.isFunctionDeclaration(fn) || ts.isClassDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
    if (ts.isMethodDeclaration(fn)) return propertyNameText(fn.name);
    const parent = fn.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (parent && ts.isPropertyAssignment(parent)) return propertyNameText(parent.name);
    if (parent && ts.isBinaryExpression(parent)) return accessedName(parent.left) ?? (ts.isIdentifier(parent.left) ? parent.left.text : undefined);
    return undefined;
  }

  /** Arguments passed for `param` at every call site of its function. */
  argumentsFor(param: ts.ParameterDeclaration, fn: FunctionLike): ts.Expression[] {
    const index = fn.parameters.indexOf(param);
    if (index < 0) return [];
    const args: ts.Expression[] = [];
    for (const call of this.callSitesOf(fn)) {
      const arg = call.arguments?.[index];
      if (arg) args.push(arg);
    }
    return args;
  }

  private uniqueArgument(param: ts.ParameterDeclaration, fn: FunctionLike, depth: number): Origin | undefined {
    if (this.resolving.has(param)) return undefined;
    this.resolving.add(param);
    try {
      const args = this.argumentsFor(param, fn);
      if (args.length === 0) return undefined;
      const origins = args.map((arg) => this.resolve(arg, depth + 1));
      const first = origins[0]!;
      const same = origins.every((o) => sameOrigin(o, first));
      return same && first.kind !== 'unknown' ? first : undefined;
    } finally {
      this.resolving.delete(param);
    }
  }

  /** The function a call invokes, when it resolves to one in the project. */
  calledFunction(call: ts.CallExpression | ts.NewExpression): FunctionLike | undefined {
    const origin = this.resolve(call.expression);
    if (origin.kind !== 'function') return undefined;
    const node = origin.node;
    if (ts.isClassLike(node)) {
      const ctor = node.members.find(ts.isConstructorDeclaration);
      return ctor;
    }
    return node;
  }

  /** Expressions a function returns (expression-bodied arrows included), not looking into nested functions. */
  returnsOf(fn: FunctionLike): ts.Expression[] {
    if (!fn.body) return [];
    if (!ts.isBlock(fn.body)) return [fn.body as ts.Expression];
    const result: ts.Expression[] = [];
    walkSameFunction(fn.body, (node) => {
      if (ts.isReturnStatement(node) && node.expression) result.push(node.expression);
    });
    return result;
  }

  // ---------------------------------------------------------------- static values

  /** The string value of an expression when it can be known statically. */
  staticString(expression: ts.Expression, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrap(expression);
    if (ts.isStringLiteralLike(node)) return node.text;
    if (ts.isNumericLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      let text = node.head.text;
      for (const span of node.templateSpans) {
        const value = this.staticString(span.expression, depth + 1);
        if (value === undefined) return undefined;
        text += value + span.literal.text;
      }
      return text;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = this.staticString(node.left, depth + 1);
      if (left === undefined) return undefined;
      const right = this.staticString(node.right, depth + 1);
      return right === undefined ? undefined : left + right;
    }
    if (ts.isCallExpression(node) && isAccess(unwrap(node.expression))) {
      const callee = unwrap(node.expression) as ts.AccessExpression;
      const method = accessedName(callee);
      if (method === 'repeat' && node.arguments.length === 1) {
        const base = this.staticString(callee.expression, depth + 1);
        const count = this.staticNumber(node.arguments[0]!, depth + 1);
        if (base !== undefined && count !== undefined && count >= 0 && count * base.length <= 1_000_000) return base.repeat(count);
      }
      if ((method === 'trim' || method === 'toLowerCase' || method === 'toUpperCase') && node.arguments.length === 0) {
        const base = this.staticString(callee.expression, depth + 1);
        if (base !== undefined) return method === 'trim' ? base.trim() : method === 'toLowerCase' ? base.toLowerCase() : base.toUpperCase();
      }
      if (method === 'join' && ts.isArrayLiteralExpression(unwrap(callee.expression))) {
        const array = unwrap(callee.expression) as ts.ArrayLiteralExpression;
        const separator = node.arguments[0] ? this.staticString(node.arguments[0], depth + 1) : ',';
        if (separator === undefined) return undefined;
        const parts: string[] = [];
        for (const element of array.elements) {
          const part = this.staticString(element, depth + 1);
          if (part === undefined) return undefined;
          parts.push(part);
        }
        return parts.join(separator);
      }
    }
    if (ts.isIdentifier(node) || isAccess(node)) {
      const origin = this.resolve(node, depth + 1);
      if (origin.kind === 'expression' && origin.node !== node) return this.staticString(origin.node, depth + 1);
    }
    return undefined;
  }

  staticNumber(expression: ts.Expression, depth = 0): number | undefined {
    const node = unwrap(expression);
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
      const value = this.staticNumber(node.operand, depth + 1);
      return value === undefined ? undefined : -value;
    }
    if (ts.isBinaryExpression(node)) {
      const left = this.staticNumber(node.left, depth + 1);
      const right = this.staticNumber(node.right, depth + 1);
      if (left === undefined || right === undefined) return undefined;
      switch (node.operatorToken.kind) {
        case ts.SyntaxKind.PlusToken:
          return left + right;
        case ts.SyntaxKind.MinusToken:
          return left - right;
        case ts.SyntaxKind.AsteriskToken:
          return left * right;
        case ts.SyntaxKind.SlashToken:
          return right === 0 ? undefined : left / right;
        default:
          return undefined;
      }
    }
    if ((ts.isIdentifier(node) || isAccess(node)) && depth < MAX_DEPTH) {
      const origin = this.resolve(node, depth + 1);
      if (origin.kind === 'expression' && origin.node !== node) return this.staticNumber(origin.node, depth + 1);
    }
    return undefined;
  }

  /** True when `origin` is the external member `module` + `path` (path compared as a prefix-free exact match). */
  static isExternal(origin: Origin, module: string | readonly string[], path: readonly string[]): boolean {
    if (origin.kind !== 'external') return false;
    const modules = typeof module === 'string' ? [module] : module;
    if (!modules.includes(origin.module)) return false;
    return origin.path.length === path.length && origin.path.every((part, i) => part === path[i]);
  }
}

function sameOrigin(a: Origin, b: Origin): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'expression':
    case 'function':
      return a.node === (b as typeof a).node;
    case 'external':
      return a.module === (b as typeof a).module && a.path.join('.') === (b as typeof a).path.join('.');
    case 'parameter':
      return a.node === (b as typeof a).node && a.path.join('.') === (b as typeof a).path.join('.');
    default:
      return true;
  }
}
