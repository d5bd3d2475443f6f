/** Classifies a mounted middleware expression: LINE SDK middleware, body parsers, runtime handler, ... */
import { ts, unwrap, propertyNameText, walk, isAccess, accessedName, type FunctionLike } from '../project/ast.js';
import { OriginService, type Origin } from '../project/origin.js';
import { LINE_SDK, SDK_EXPORTS, VERIFYING_MIDDLEWARE_PACKAGES } from '../platform/sdk.js';
// `line-bot-guard/runtime` imports resolve to the package name, so both spellings count.
import { RUNTIME_MODULES } from '../platform/tokens.js';
import type { MiddlewareRole } from './types.js';
import { isLinebotParser } from './linebot.js';

const PARSER_FORMATS = new Set(['json', 'raw', 'text', 'urlencoded']);

/** The origin of a call's callee, and the call itself, for `x` being a call or a variable holding one. */
export function factoryCall(origins: OriginService, node: ts.Expression): { call: ts.CallExpression; callee: Origin } | undefined {
  const value = origins.resolve(node);
  if (value.kind !== 'expression' || !ts.isCallExpression(value.node)) return undefined;
  return { call: value.node, callee: origins.resolve(value.node.expression) };
}

export function isLineSdkMiddlewareFactory(callee: Origin): boolean {
  return OriginService.isExternal(callee, LINE_SDK, SDK_EXPORTS.middleware.path);
}

/** True when a body parser options object has a `verify` hook that stores the raw buffer. */
function capturesRawBody(options: ts.Expression | undefined, origins: OriginService): boolean {
  if (!options) return false;
  const value = origins.resolve(options);
  if (value.kind !== 'expression' || !ts.isObjectLiteralExpression(value.node)) return false;
  const verify = origins.member(value, 'verify');
  if (verify.kind !== 'function') return false;
  const fn = verify.node as FunctionLike;
  const bufferParam = fn.parameters?.[2];
  if (!bufferParam || !ts.isIdentifier(bufferParam.name)) return false;
  const bufferName = bufferParam.name.text;
  let stores = false;
  walk(fn, (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isAccess(node.left)) {
      const right = unwrap(node.right);
      if (ts.isIdentifier(right) && right.text === bufferName) stores = true;
      walk(node.right, (inner) => {
        if (ts.isIdentifier(inner) && inner.text === bufferName) stores = true;
      });
    }
  });
  return stores;
}

/** A value made by line-bot-guard/runtime's `createWebhookHandler(...)`, possibly returned by a project function. */
export function isRuntimeWebhookHandler(origins: OriginService, expression: ts.Expression, depth = 0): boolean {
  if (depth > 3) return false;
  const made = factoryCall(origins, expression);
  if (!made) return false;
  if (OriginService.isExternal(made.callee, RUNTIME_MODULES, ['createWebhookHandler'])) return true;
  const fn = origins.calledFunction(made.call);
  return !!fn && origins.returnsOf(fn).some((returned) => isRuntimeWebhookHandler(origins, returned, depth + 1));
}

export function classifyMiddleware(origins: OriginService, node: ts.Expression): MiddlewareRole {
  const value = origins.resolve(node);
  if (value.kind === 'function') {
    return ts.isClassLike(value.node) ? { kind: 'unknown' } : { kind: 'function', fn: value.node };
  }
  // `handler.node` / `handler.fetch` where `handler = createWebhookHandler(...)` (directly or from a getter).
  const inner = unwrap(node);
  if (isAccess(inner) && ['node', 'fetch'].includes(accessedName(inner) ?? '') && isRuntimeWebhookHandler(origins, inner.expression)) {
    return { kind: 'runtime-handler' };
  }
  // linebot's `bot.parser()`: verifies, answers and dispatches the events itself.
  if (isLinebotParser(origins, node)) return { kind: 'verifying-package' };
  const made = factoryCall(origins, node);
  if (!made) return { kind: 'unknown' };
  const { call, callee } = made;
  if (isLineSdkMiddlewareFactory(callee)) return { kind: 'line-sdk-middleware', call };
  if (callee.kind === 'external') {
    for (const pkg of VERIFYING_MIDDLEWARE_PACKAGES) {
      if (OriginService.isExternal(callee, pkg.module, pkg.path)) return { kind: 'verifying-package' };
    }
    const [first, second] = callee.path;
    const isExpressParser = callee.module === 'express' && callee.path.length === 1 && PARSER_FORMATS.has(first!);
    const isBodyParser =
      callee.module === 'body-parser' &&
      (callee.path.length === 0 || (callee.path.length === 1 && PARSER_FORMATS.has(first!)));
    if (isExpressParser || isBodyParser) {
      const format = (first ?? 'json') as 'json' | 'raw' | 'text' | 'urlencoded';
      return { kind: 'body-parser', format, capturesRaw: capturesRawBody(call.arguments[0], origins) };
    }
    if (callee.module === 'express' && second === undefined && first === undefined) return { kind: 'unknown' };
  }
  // A local factory returning a middleware function: `const verify = makeVerifier(secret)`.
  const factory = origins.calledFunction(call);
  if (factory) {
    for (const returned of origins.returnsOf(factory)) {
      const role = classifyMiddleware(origins, returned);
      if (role.kind !== 'unknown') return role;
    }
  }
  return { kind: 'unknown' };
}

/** The option object's property `name`, when statically visible. */
export function optionProperty(origins: OriginService, options: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!options) return undefined;
  const value = origins.resolve(options);
  if (value.kind !== 'expression' || !ts.isObjectLiteralExpression(value.node)) return undefined;
  for (const prop of value.node.properties) {
    if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === name) return prop.initializer;
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === name) return prop.name;
    if (ts.isMethodDeclaration(prop) && propertyNameText(prop.name) === name) return prop as unknown as ts.Expression;
  }
  return undefined;
}
