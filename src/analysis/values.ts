/**
 * Value helpers shared by the sending analyses: partially static strings (URLs with unknown parts),
 * object properties through variables, spreads and helper returns, and call-site bindings (a wrapper's
 * parameters seen with the arguments of one call).
 */
import {
  ts,
  unwrap,
  unwrapAwait,
  accessedName,
  isAccess,
  isFunctionLike,
  propertyNameText,
  calleeName,
  walkSameFunction,
  type FunctionLike,
} from '../project/ast.js';
import { OriginService, GLOBAL_MODULE, type Origin } from '../project/origin.js';
import { HOLE } from '../platform/endpoints.js';
import { LINE_SDK, RETRY_KEY_HEADER, RUNTIME_MODULE, SIGNATURE_HEADER } from '../platform/sdk.js';

/** String constants exported by the runtime and the SDK that code uses as object keys. */
const KNOWN_CONSTANTS: Readonly<Record<string, string>> = {
  RETRY_KEY_HEADER,
  SIGNATURE_HEADER,
  LINE_SIGNATURE_HTTP_HEADER_NAME: SIGNATURE_HEADER,
};

export { HOLE };

/** Parameters of one function call bound to its arguments; `parent` binds the caller's own parameters. */
export interface Bindings {
  call: ts.CallExpression | ts.NewExpression;
  fn: FunctionLike;
  parent?: Bindings;
}

const MAX_DEPTH = 16;

/** The argument a call passes for `param` (default value when missing), with the bindings to read it in. */
export function boundArgument(param: ts.ParameterDeclaration, bindings: Bindings | undefined): { value?: ts.Expression; bindings?: Bindings; missing?: boolean } | undefined {
  for (let b = bindings; b; b = b.parent) {
    if (param.parent !== b.fn) continue;
    const index = b.fn.parameters.indexOf(param);
    if (param.dotDotDotToken) return undefined;
    const arg = b.call.arguments?.[index];
    if (!arg || ts.isSpreadElement(arg)) {
      if (arg) return undefined;
      return param.initializer ? { value: param.initializer, bindings: b.parent } : { missing: true };
    }
    return { value: arg, bindings: b.parent };
  }
  return undefined;
}

export interface ParameterRef {
  param: ts.ParameterDeclaration;
  fn: FunctionLike;
  /** Member path read from the parameter (`opts.url` → ['url']). */
  path: string[];
}

export interface PartialString {
  /** The text, with HOLE for every part that is not statically known. */
  text: string;
  /** String literals the known parts come from. */
  literals: ts.Node[];
  /** Unbound parameters the unknown parts come from. */
  params: ParameterRef[];
}

export interface PartialOptions {
  /** For `a || 'literal'` / `a ?? 'literal'` with an unknown `a`, take the literal (endpoint recognition). */
  preferFallback?: boolean;
}

export class ValueTools {
  constructor(readonly origins: OriginService) {}

  /** `expression` with a bound parameter replaced by its argument (repeatedly). */
  bound(expression: ts.Expression, bindings: Bindings | undefined): { node: ts.Expression; bindings?: Bindings; missing?: boolean } {
    let node = unwrap(expression);
    let current = bindings;
    for (let i = 0; i < 8 && ts.isIdentifier(node) && current; i++) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind !== 'parameter' || declaration.path.length > 0) break;
      const arg = boundArgument(declaration.node, current);
      if (!arg) break;
      if (arg.missing || !arg.value) return { node, bindings: current, missing: true };
      node = unwrap(arg.value);
      current = arg.bindings;
    }
    return { node, bindings: current };
  }

  /**
   * Is the value certainly absent at this call: a bound parameter the call does not pass, or a member of
   * an argument object that does not have it (`options.retryKey` called with no options)?
   */
  absentAt(expression: ts.Expression, bindings: Bindings | undefined): boolean {
    if (!bindings) return false;
    const node = unwrap(expression);
    if (ts.isIdentifier(node)) return !!this.bound(node, bindings).missing;
    if (isAccess(node) && ts.isIdentifier(unwrap(node.expression))) {
      const name = accessedName(node);
      const declaration = this.origins.declarationOf(unwrap(node.expression) as ts.Identifier);
      if (name === undefined || declaration?.kind !== 'parameter' || declaration.path.length > 0) return false;
      const arg = boundArgument(declaration.node, bindings);
      if (!arg) return false;
      if (arg.missing) return true;
      if (!arg.value || !this.objectLiteral(arg.value, arg.bindings)) return false;
      const info = this.propertyInfo(arg.value, name, arg.bindings);
      return !info.found && !info.unknown;
    }
    return false;
  }

  /** The parameter an identifier (or `param.a.b`) refers to, when unbound. */
  parameterRef(expression: ts.Expression, bindings?: Bindings): ParameterRef | undefined {
    const node = unwrapAwait(expression);
    const path: string[] = [];
    let base: ts.Expression = node;
    while (isAccess(base)) {
      const name = accessedName(base);
      if (name === undefined) return undefined;
      path.unshift(name);
      base = unwrap(base.expression);
    }
    if (!ts.isIdentifier(base)) return undefined;
    const declaration = this.origins.declarationOf(base);
    if (declaration?.kind !== 'parameter') return undefined;
    if (bindings && boundArgument(declaration.node, bindings)) return undefined;
    return { param: declaration.node, fn: declaration.fn, path: [...declaration.path, ...path] };
  }

  // ---------------------------------------------------------------- strings

  partialString(expression: ts.Expression, bindings?: Bindings, options: PartialOptions = {}): PartialString {
    const result: PartialString = { text: '', literals: [], params: [] };
    result.text = this.partial(expression, bindings, options, result, 0);
    return result;
  }

  private partial(expression: ts.Expression, bindings: Bindings | undefined, options: PartialOptions, out: PartialString, depth: number): string {
    if (depth > MAX_DEPTH) return HOLE;
    const node = unwrapAwait(expression);
    if (ts.isStringLiteralLike(node)) {
      out.literals.push(node);
      return node.text;
    }
    if (ts.isNumericLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      out.literals.push(node);
      let text = node.head.text;
      for (const span of node.templateSpans) text += this.partial(span.expression, bindings, options, out, depth + 1) + span.literal.text;
      return text;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) {
        return this.partial(node.left, bindings, options, out, depth + 1) + this.partial(node.right, bindings, options, out, depth + 1);
      }
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        const left = this.partial(node.left, bindings, options, out, depth + 1);
        if (options.preferFallback && /^\u0000*$/.test(left)) return this.partial(node.right, bindings, options, out, depth + 1);
        return left;
      }
      return HOLE;
    }
    if (ts.isConditionalExpression(node)) {
      const a = this.partial(node.whenTrue, bindings, options, out, depth + 1);
      const b = this.partial(node.whenFalse, bindings, options, out, depth + 1);
      if (a === b) return a;
      // Keep the common prefix (often the scheme and host).
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return a.slice(0, i) + HOLE;
    }
    if (ts.isIdentifier(node)) {
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'parameter' && declaration.path.length === 0) {
        const arg = boundArgument(declaration.node, bindings);
        if (arg?.value) return this.partial(arg.value, arg.bindings, options, out, depth + 1);
        if (!arg) out.params.push({ param: declaration.node, fn: declaration.fn, path: [] });
        return HOLE;
      }
    }
    if (ts.isNewExpression(node) && calleeName(node) === 'URL' && node.arguments?.[0]) {
      const path = this.partial(node.arguments[0], bindings, options, out, depth + 1);
      if (!node.arguments[1] || /^(https?:)?\/\//i.test(path)) return path;
      const base = this.partial(node.arguments[1], bindings, options, out, depth + 1);
      return joinUrl(base, path);
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const method = calleeName(node);
      if (isAccess(callee) && (method === 'toString' || method === 'trim') && node.arguments.length === 0) {
        return this.partial(callee.expression, bindings, options, out, depth + 1);
      }
      if (isAccess(callee) && method === 'concat') {
        let text = this.partial(callee.expression, bindings, options, out, depth + 1);
        for (const arg of node.arguments) text += this.partial(arg, bindings, options, out, depth + 1);
        return text;
      }
      const origin = this.origins.resolve(node.expression);
      if (OriginService.isExternal(origin, GLOBAL_MODULE, ['String']) && node.arguments[0]) return this.partial(node.arguments[0], bindings, options, out, depth + 1);
      if (origin.kind === 'external' && (origin.module === 'path' || origin.module === 'path/posix') && origin.path[origin.path.length - 1] === 'join') {
        return node.arguments.map((a) => this.partial(a, bindings, options, out, depth + 1)).join('/').replace(/\/{2,}/g, '/');
      }
      if (method === 'join' && isAccess(callee) && ts.isArrayLiteralExpression(unwrap(callee.expression))) {
        const sep = node.arguments[0] ? this.origins.staticString(node.arguments[0]) : ',';
        if (sep === undefined) return HOLE;
        return (unwrap(callee.expression) as ts.ArrayLiteralExpression).elements.map((e) => this.partial(e, bindings, options, out, depth + 1)).join(sep);
      }
      const fn = this.origins.calledFunction(node);
      if (fn && !ts.isConstructorDeclaration(fn)) {
        const returns = this.origins.returnsOf(fn);
        if (returns.length === 1) return this.partial(returns[0]!, { call: node, fn, parent: bindings }, options, out, depth + 1);
      }
      return HOLE;
    }
    if (isAccess(node) && (accessedName(node) === 'href' || accessedName(node) === 'origin')) {
      const base = this.origins.resolve(node.expression);
      if (base.kind === 'expression' && ts.isNewExpression(base.node) && calleeName(base.node) === 'URL') {
        const text = this.partial(base.node, bindings, options, out, depth + 1);
        return accessedName(node) === 'origin' ? (/^[a-z]+:\/\/[^/]*/i.exec(text)?.[0] ?? HOLE) : text;
      }
    }
    if (ts.isIdentifier(node) || isAccess(node)) {
      // `config.api.base` where `config` is a bound parameter: read the member of the argument.
      const ref = bindings ? this.boundMember(node, bindings) : undefined;
      if (ref) return this.partial(ref.value, ref.bindings, options, out, depth + 1);
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) return this.partial(origin.node, undefined, options, out, depth + 1);
      if (origin.kind === 'parameter') {
        out.params.push({ param: origin.node, fn: origin.fn, path: origin.path });
      }
      return HOLE;
    }
    return HOLE;
  }

  /** `param.a.b` where `param` is bound: the member of the bound argument's object literal. */
  private boundMember(node: ts.Expression, bindings: Bindings): { value: ts.Expression; bindings?: Bindings } | undefined {
    const path: string[] = [];
    let base: ts.Expression = node;
    while (isAccess(base)) {
      const name = accessedName(base);
      if (name === undefined) return undefined;
      path.unshift(name);
      base = unwrap(base.expression);
    }
    if (!ts.isIdentifier(base) || path.length === 0) return undefined;
    const declaration = this.origins.declarationOf(base);
    if (declaration?.kind !== 'parameter') return undefined;
    const arg = boundArgument(declaration.node, bindings);
    if (!arg?.value) return undefined;
    let value: ts.Expression = arg.value;
    let valueBindings = arg.bindings;
    for (const key of [...declaration.path, ...path]) {
      const prop = this.property(value, key, valueBindings);
      if (!prop) return undefined;
      value = prop.value;
      valueBindings = prop.bindings;
    }
    return { value, bindings: valueBindings };
  }

  // ---------------------------------------------------------------- objects

  /** The object literal an expression evaluates to (through variables, helper returns, `new Headers(...)`). */
  objectLiteral(expression: ts.Expression, bindings?: Bindings, depth = 0): { node: ts.ObjectLiteralExpression; bindings?: Bindings } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const b = this.bound(expression, bindings);
    const node = unwrapAwait(b.node);
    if (ts.isObjectLiteralExpression(node)) return { node, bindings: b.bindings };
    if (ts.isNewExpression(node) && calleeName(node) === 'Headers' && node.arguments?.[0]) return this.objectLiteral(node.arguments[0], b.bindings, depth + 1);
    if (ts.isCallExpression(node)) {
      const fn = this.origins.calledFunction(node);
      if (fn && !ts.isConstructorDeclaration(fn)) {
        const returns = this.origins.returnsOf(fn);
        if (returns.length === 1) return this.objectLiteral(returns[0]!, { call: node, fn, parent: b.bindings }, depth + 1);
      }
      return undefined;
    }
    if (ts.isIdentifier(node) || isAccess(node)) {
      if (b.bindings) {
        const member = this.boundMember(node, b.bindings);
        if (member) return this.objectLiteral(member.value, member.bindings, depth + 1);
      }
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) return this.objectLiteral(origin.node, undefined, depth + 1);
    }
    return undefined;
  }

  /**
   * Property `name` of the object an expression evaluates to. `unknown` is true when a spread (or the
   * object itself) could not be resolved, so the property may exist without being visible.
   */
  property(expression: ts.Expression, name: string, bindings?: Bindings): { value: ts.Expression; node: ts.Node; bindings?: Bindings } | undefined {
    return this.propertyInfo(expression, name, bindings).found;
  }

  propertyInfo(
    expression: ts.Expression,
    name: string,
    bindings?: Bindings,
    depth = 0,
  ): { found?: { value: ts.Expression; node: ts.Node; bindings?: Bindings }; unknown: boolean } {
    if (depth > MAX_DEPTH) return { unknown: true };
    const object = this.objectLiteral(expression, bindings, depth + 1);
    if (!object) return { unknown: true };
    let unknown = false;
    for (let i = object.node.properties.length - 1; i >= 0; i--) {
      const prop = object.node.properties[i]!;
      if (ts.isSpreadAssignment(prop)) {
        const inner = this.propertyInfo(prop.expression, name, object.bindings, depth + 1);
        if (inner.found) return inner;
        unknown ||= inner.unknown;
        continue;
      }
      const key = prop.name ? this.keyText(prop.name) : undefined;
      if (key === undefined) {
        if (prop.name && ts.isComputedPropertyName(prop.name)) unknown = true;
        continue;
      }
      if (key !== name) continue;
      if (ts.isPropertyAssignment(prop)) return { found: { value: prop.initializer, node: prop, bindings: object.bindings }, unknown: false };
      if (ts.isShorthandPropertyAssignment(prop)) return { found: { value: prop.name, node: prop, bindings: object.bindings }, unknown: false };
      if (ts.isMethodDeclaration(prop)) return { found: { value: prop as unknown as ts.Expression, node: prop, bindings: object.bindings }, unknown: false };
    }
    return { unknown };
  }

  /**
   * Entries of a header-like object (case-insensitive lookups), including computed keys that resolve
   * statically (`[RETRY_KEY_HEADER]: key`).
   */
  header(expression: ts.Expression, name: string, bindings?: Bindings, depth = 0): { found?: { value: ts.Expression; node: ts.Node; bindings?: Bindings }; unknown: boolean } {
    if (depth > MAX_DEPTH) return { unknown: true };
    const lower = name.toLowerCase();
    const object = this.objectLiteral(expression, bindings, depth + 1);
    if (!object) {
      // `const headers = new Headers(); headers.set('X-Line-Retry-Key', key)`
      const set = this.headerSetCall(expression, lower, bindings);
      return set ? { found: set, unknown: false } : { unknown: true };
    }
    let unknown = false;
    for (let i = object.node.properties.length - 1; i >= 0; i--) {
      const prop = object.node.properties[i]!;
      if (ts.isSpreadAssignment(prop)) {
        const inner = this.header(prop.expression, name, object.bindings, depth + 1);
        if (inner.found) return inner;
        unknown ||= inner.unknown;
        continue;
      }
      const key = prop.name ? this.keyText(prop.name) : undefined;
      if (key === undefined && prop.name && ts.isComputedPropertyName(prop.name)) {
        unknown = true;
        continue;
      }
      if (key?.toLowerCase() !== lower) continue;
      if (ts.isPropertyAssignment(prop)) return { found: { value: prop.initializer, node: prop, bindings: object.bindings }, unknown: false };
      if (ts.isShorthandPropertyAssignment(prop)) return { found: { value: prop.name, node: prop, bindings: object.bindings }, unknown: false };
    }
    const set = this.headerSetCall(expression, lower, bindings);
    return set ? { found: set, unknown: false } : { unknown };
  }

  /** `h.set(name, value)` / `h.append(name, value)` / `h[name] = value` on the variable `expression` names. */
  private headerSetCall(expression: ts.Expression, lower: string, bindings?: Bindings): { value: ts.Expression; node: ts.Node; bindings?: Bindings } | undefined {
    const node = unwrap(this.bound(expression, bindings).node);
    if (!ts.isIdentifier(node)) return undefined;
    const declaration = this.origins.declarationOf(node);
    if (declaration?.kind !== 'variable') return undefined;
    const scope = declaration.node.parent?.parent?.parent;
    if (!scope) return undefined;
    let found: { value: ts.Expression; node: ts.Node } | undefined;
    const name = node.text;
    walkSameFunction(scope, (child) => {
      if (found) return false;
      if (ts.isCallExpression(child) && isAccess(unwrap(child.expression))) {
        const access = unwrap(child.expression) as ts.AccessExpression;
        const target = unwrap(access.expression);
        const method = accessedName(access);
        if (ts.isIdentifier(target) && target.text === name && (method === 'set' || method === 'append') && child.arguments.length >= 2) {
          if (this.expressionKey(child.arguments[0]!)?.toLowerCase() === lower) found = { value: child.arguments[1]!, node: child };
        }
      }
      if (ts.isBinaryExpression(child) && child.operatorToken.kind === ts.SyntaxKind.EqualsToken && isAccess(child.left)) {
        const target = unwrap(child.left.expression);
        const key = ts.isElementAccessExpression(child.left) ? this.expressionKey(child.left.argumentExpression) : accessedName(child.left);
        if (ts.isIdentifier(target) && target.text === name && key?.toLowerCase() === lower) found = { value: child.right, node: child };
      }
      return undefined;
    });
    return found;
  }

  /** A property key's text: computed keys by their static value (`[RETRY_KEY_HEADER]`), including the runtime's constants. */
  keyText(name: ts.PropertyName): string | undefined {
    if (!ts.isComputedPropertyName(name)) return propertyNameText(name);
    return this.expressionKey(name.expression);
  }

  /** The static string an expression used as a key holds (a literal, a constant, a runtime/SDK constant). */
  expressionKey(expression: ts.Expression): string | undefined {
    const value = this.origins.staticString(expression);
    if (value !== undefined) return value;
    const origin = this.origins.resolve(expression);
    if (origin.kind === 'external' && (RUNTIME_MODULE_NAMES.includes(origin.module) || origin.module === LINE_SDK) && origin.path.length === 1) {
      return KNOWN_CONSTANTS[origin.path[0]!];
    }
    return undefined;
  }

  /** The function a callback argument is (an inline function or a reference to one). */
  functionOf(expression: ts.Expression | undefined): FunctionLike | undefined {
    if (!expression) return undefined;
    const node = unwrap(expression);
    if (isFunctionLike(node)) return node;
    const origin = this.origins.resolve(node);
    return origin.kind === 'function' && isFunctionLike(origin.node) ? origin.node : undefined;
  }
}

/**
 * Module names an import of `line-bot-guard/runtime` resolves to: OriginService names external modules by
 * package (`line-bot-guard`), so both spellings are accepted.
 */
const RUNTIME_MODULE_NAMES: readonly string[] = [RUNTIME_MODULE, RUNTIME_MODULE.split('/')[0]!];

/** Is `origin` the runtime export `name` (`sendWithRetry`, `truncateText`, ...)? */
export function isRuntimeExport(origin: Origin, name: string): boolean {
  return origin.kind === 'external' && RUNTIME_MODULE_NAMES.includes(origin.module) && origin.path.length === 1 && origin.path[0] === name;
}

/** `base` + `path` the way `new URL(path, base)` and HTTP clients' base URLs combine them. */
export function joinUrl(base: string, path: string): string {
  if (/^(https?:)?\/\//i.test(path)) return path;
  if (path.startsWith('/')) {
    const origin = /^((?:https?:)?\/\/[^/]*)/i.exec(base)?.[1];
    return origin !== undefined ? origin + path : base.replace(/\/+$/, '') + path;
  }
  return base.replace(/\/+$/, '') + '/' + path;
}

/** Base URL + relative path as axios/got/ky join them (they append, unlike `new URL`). */
export function appendUrl(base: string, path: string): string {
  if (/^(https?:)?\/\//i.test(path)) return path;
  if (path === '') return base;
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}
