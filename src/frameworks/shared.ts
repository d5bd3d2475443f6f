/** Helpers shared by the framework adapters: per-project indexes, handler resolution, exported handlers. */
import { ts, unwrap, isAccess, accessedName, type FunctionLike } from '../project/ast.js';
import type { Origin, OriginService } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';

const memo = new WeakMap<SourceProject, Map<string, { generation: number; value: unknown }>>();

/** A project-wide index built once per project text generation (adapters run per file). */
export function perProject<T>(project: SourceProject, key: string, compute: () => T): T {
  let table = memo.get(project);
  if (!table) memo.set(project, (table = new Map()));
  const entry = table.get(key);
  if (entry && entry.generation === project.generation) return entry.value as T;
  const value = compute();
  table.set(key, { generation: project.generation, value });
  return value;
}

/** The project function an expression evaluates to (not a class). */
export function functionOf(origins: OriginService, expression: ts.Expression | undefined): FunctionLike | undefined {
  if (!expression) return undefined;
  const origin = origins.resolve(expression);
  return origin.kind === 'function' && !ts.isClassLike(origin.node) ? origin.node : undefined;
}

/**
 * The handler a registration argument stands for: a function, or the first function argument of a
 * wrapper call (`asyncHandler(fn)`, `middy(fn)`, `withSentry(fn)`).
 */
export function handlerFunctionOf(origins: OriginService, expression: ts.Expression | undefined): FunctionLike | undefined {
  const direct = functionOf(origins, expression);
  if (direct || !expression) return direct;
  const value = origins.resolve(expression);
  if (value.kind !== 'expression' || !ts.isCallExpression(value.node)) return undefined;
  for (const arg of value.node.arguments) {
    const inner = functionOf(origins, arg);
    if (inner) return inner;
  }
  // `middy(fn).use(...)`: the receiver chain ends in the wrapper call.
  const callee = unwrap(value.node.expression);
  if (isAccess(callee) && ts.isCallExpression(unwrap(callee.expression))) return handlerFunctionOf(origins, callee.expression);
  return undefined;
}

/** True when the callee's receiver chain (`a.b(...).c.d`) starts at a value `test` accepts. */
export function receiverChainRoot(origins: OriginService, expression: ts.Expression, test: (origin: Origin) => boolean, depth = 0): boolean {
  if (depth > 8) return false;
  const node = unwrap(expression);
  if (test(origins.resolve(node))) return true;
  if (isAccess(node)) return receiverChainRoot(origins, node.expression, test, depth + 1);
  if (ts.isCallExpression(node)) return receiverChainRoot(origins, node.expression, test, depth + 1);
  return false;
}

/** `{ key: value }` of an object literal an expression resolves to. */
export function objectLiteralOf(origins: OriginService, expression: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!expression) return undefined;
  const value = origins.resolve(expression);
  return value.kind === 'expression' && ts.isObjectLiteralExpression(value.node) ? value.node : undefined;
}

/** The value expression of property `name` of an object literal (methods as themselves). */
export function propertyValue(object: ts.ObjectLiteralExpression | undefined, name: string): ts.Expression | undefined {
  if (!object) return undefined;
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const prop = object.properties[i]!;
    const key = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteralLike(prop.name)) ? prop.name.text : undefined;
    if (key !== name) continue;
    if (ts.isPropertyAssignment(prop)) return prop.initializer;
    if (ts.isShorthandPropertyAssignment(prop)) return prop.name;
    if (ts.isMethodDeclaration(prop)) return prop as unknown as ts.Expression;
  }
  return undefined;
}

/** The property node itself (for reporting). */
export function propertyNode(object: ts.ObjectLiteralExpression | undefined, name: string): ts.ObjectLiteralElementLike | undefined {
  return object?.properties.find((p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && p.name.text === name);
}

/** A literal `true`/`false` value. */
export function booleanLiteral(expression: ts.Expression | undefined): boolean | undefined {
  if (!expression) return undefined;
  const node = unwrap(expression);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** Exported values of a file: name → { node to report, origin }. */
export function exportedValues(project: SourceProject, origins: OriginService, file: ProjectFile): { name: string; node: ts.Node; origin: Origin }[] {
  const info = project.module(file.path);
  if (!info) return [];
  const result: { name: string; node: ts.Node; origin: Origin }[] = [];
  for (const [name, entry] of info.exports) {
    if (entry.kind !== 'local') continue;
    let node = entry.node;
    // `exports.handler = fn` / `module.exports.handler = fn`: report at the assignment.
    if (node.parent && ts.isBinaryExpression(node.parent) && node.parent.right === node) node = node.parent;
    result.push({ name, node, origin: origins.exportOf(file.path, name) });
  }
  return result;
}

/** Method name of `x.name(...)`. */
export function methodName(call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  return isAccess(callee) ? accessedName(callee) : undefined;
}

/** The dependency names of the package owning `file`. */
export function dependsOn(file: ProjectFile, ...names: string[]): boolean {
  return names.some((name) => file.package?.dependencies.has(name) ?? false);
}
