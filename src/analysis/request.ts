/**
 * How request data is read across frameworks: the `x-line-signature` header, raw and parsed bodies,
 * re-serialised bodies. Recognises shapes, so it works for any request object.
 */
import { ts, unwrap, unwrapAwait, accessedName, isAccess, calleeName } from '../project/ast.js';
import { OriginService, GLOBAL_MODULE, type Origin } from '../project/origin.js';
import { LINE_SDK, SDK_EXPORTS, SIGNATURE_HEADER } from '../platform/sdk.js';

const HEADER_GETTERS = new Set(['get', 'header', 'getHeader', 'headers']);

/** Is `name` the LINE signature header name (any casing: LINE may change the casing). */
export function isSignatureHeaderName(name: string | undefined): boolean {
  return name !== undefined && name.toLowerCase() === SIGNATURE_HEADER;
}

function isSignatureHeaderKey(origins: OriginService, key: ts.Expression): boolean {
  if (isSignatureHeaderName(origins.staticString(key))) return true;
  return OriginService.isExternal(origins.resolve(key), LINE_SDK, SDK_EXPORTS.signatureHeaderConstant.path);
}

/** `req.headers['x-line-signature']`, `req.get('X-Line-Signature')`, `c.req.header(...)`, `request.headers.get(...)`. */
export function isSignatureHeaderRead(origins: OriginService, expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (ts.isElementAccessExpression(node)) return isSignatureHeaderKey(origins, node.argumentExpression);
  if (ts.isPropertyAccessExpression(node)) return false;
  if (ts.isCallExpression(node) && node.arguments.length >= 1) {
    const name = calleeName(node);
    if (name && HEADER_GETTERS.has(name) && isAccess(unwrap(node.expression))) return isSignatureHeaderKey(origins, node.arguments[0]!);
  }
  return false;
}

/** Calls and wrappers that keep a value's identity for our purposes (conversions, defaults). */
export function derivationSource(node: ts.Expression): ts.Expression | undefined {
  const inner = unwrapAwait(node);
  if (ts.isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return inner.left;
    return undefined;
  }
  if (ts.isConditionalExpression(inner)) return inner.whenFalse;
  if (ts.isTemplateExpression(inner) && inner.head.text === '' && inner.templateSpans.length === 1 && inner.templateSpans[0]!.literal.text === '') {
    return inner.templateSpans[0]!.expression;
  }
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
    const name = calleeName(inner);
    const callee = unwrap(inner.expression);
    const args = inner.arguments ?? ts.factory.createNodeArray();
    // `x.toString()`, `x.trim()`, `x.toString('base64')`
    if (isAccess(callee) && name && ['toString', 'trim', 'toLowerCase', 'valueOf'].includes(name)) return callee.expression;
    // `String(x)`, `Buffer.from(x, 'base64')`, `new Uint8Array(x)`, `encoder.encode(x)`
    if (name && ['String', 'from', 'Uint8Array', 'encode', 'btoa', 'fromCharCode'].includes(name) && args[0]) {
      const first = unwrap(args[0]);
      return ts.isSpreadElement(first) ? first.expression : first;
    }
  }
  if (ts.isSpreadElement(inner)) return inner.expression;
  if (ts.isArrayLiteralExpression(inner) && inner.elements.length === 1) return inner.elements[0];
  return undefined;
}

/** Follows `expression` through variables and derivations, calling `test` on each step. */
export function tracesTo(
  origins: OriginService,
  expression: ts.Expression,
  test: (node: ts.Expression, origin: Origin) => boolean,
  depth = 0,
  seen = new Set<ts.Node>(),
): boolean {
  if (depth > 12 || seen.has(expression)) return false;
  seen.add(expression);
  const node = unwrapAwait(expression);
  const origin = origins.resolve(node);
  if (test(node, origin)) return true;
  if (origin.kind === 'expression' && origin.node !== node) {
    if (test(origin.node, origin)) return true;
    if (tracesTo(origins, origin.node, test, depth + 1, seen)) return true;
  }
  const source = derivationSource(node);
  if (source && tracesTo(origins, source, test, depth + 1, seen)) return true;
  return false;
}

/** Is this value the request's `x-line-signature` header (possibly converted)? */
export function isSignatureValue(origins: OriginService, expression: ts.Expression): boolean {
  return tracesTo(origins, expression, (node, origin) => {
    if (isSignatureHeaderRead(origins, node)) return true;
    // NestJS: `@Headers('x-line-signature') signature: string`.
    if (origin.kind === 'parameter' && origin.path.length === 0 && isSignatureHeaderParameter(origins, origin.node)) return true;
    // Destructured header: `const { 'x-line-signature': signature } = req.headers`.
    if (origin.kind === 'parameter' || origin.kind === 'external') {
      const last = origin.path[origin.path.length - 1];
      return isSignatureHeaderName(last);
    }
    return false;
  });
}

export type BodyReadKind = 'raw' | 'parsed' | 'reserialized';

const RAW_BODY_METHODS = new Set(['text', 'arrayBuffer', 'blob', 'bytes']);
const RESERIALIZERS: readonly { module: string; path: string[] }[] = [
  { module: GLOBAL_MODULE, path: ['JSON', 'stringify'] },
  { module: GLOBAL_MODULE, path: ['String'] },
  { module: 'qs', path: ['stringify'] },
  { module: 'querystring', path: ['stringify'] },
];

/** The re-serialising call an HMAC input goes through (`JSON.stringify(req.body)`), if any. */
export function reserializingExpression(origins: OriginService, expression: ts.Expression, depth = 0): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  tracesTo(origins, expression, (node, origin) => {
    // A helper's parameter (`sign(secret, body)`): what its callers pass, each call site on its own.
    if (origin.kind === 'parameter' && origin.path.length === 0 && depth < 3) {
      for (const arg of origins.argumentsFor(origin.node, origin.fn)) {
        found = reserializingExpression(origins, arg, depth + 1);
        if (found) return true;
      }
      return false;
    }
    if (!ts.isCallExpression(node)) return false;
    const callee = origins.resolve(node.expression);
    const isReserializer = RESERIALIZERS.some((r) => OriginService.isExternal(callee, r.module, r.path));
    // `String(x)` of a string is harmless; only flag when its argument is not itself text.
    if (isReserializer && OriginService.isExternal(callee, GLOBAL_MODULE, ['String'])) {
      const arg = node.arguments[0];
      if (!arg || bodyReadKind(origins, arg) !== 'parsed') return false;
    }
    if (isReserializer) {
      found = node;
      return true;
    }
    // `new URLSearchParams(obj).toString()`
    if (calleeName(node) === 'toString' && isAccess(unwrap(node.expression))) {
      const target = unwrap((unwrap(node.expression) as ts.AccessExpression).expression);
      if (ts.isNewExpression(target) && calleeName(target) === 'URLSearchParams') {
        found = node;
        return true;
      }
    }
    return false;
  });
  return found;
}

/** How a request body value was obtained, when recognisable. */
export function bodyReadKind(origins: OriginService, expression: ts.Expression): BodyReadKind | undefined {
  let kind: BodyReadKind | undefined;
  tracesTo(origins, expression, (node, origin) => {
    if (ts.isCallExpression(node)) {
      const method = calleeName(node);
      if (method && RAW_BODY_METHODS.has(method) && isAccess(unwrap(node.expression)) && node.arguments.length === 0) {
        kind = 'raw';
        return true;
      }
      if (method === 'json' && isAccess(unwrap(node.expression)) && node.arguments.length === 0) {
        kind = 'parsed';
        return true;
      }
      const callee = origins.resolve(node.expression);
      if (OriginService.isExternal(callee, GLOBAL_MODULE, ['JSON', 'parse'])) {
        kind = 'parsed';
        return true;
      }
      if (OriginService.isExternal(callee, GLOBAL_MODULE, ['Buffer', 'concat']) || OriginService.isExternal(callee, 'buffer', ['Buffer', 'concat'])) {
        kind = 'raw';
        return true;
      }
      if (OriginService.isExternal(callee, 'micro', ['buffer']) || OriginService.isExternal(callee, 'micro', ['text']) || OriginService.isExternal(callee, 'raw-body', [])) {
        kind = 'raw';
        return true;
      }
    }
    const last = accessedName(node) ?? (origin.kind === 'parameter' ? origin.path[origin.path.length - 1] : undefined);
    if (last === 'rawBody') {
      kind = 'raw';
      return true;
    }
    if (last === 'body' && origin.kind === 'parameter') {
      // Lambda's `event.body` is the raw text (Base64 when `isBase64Encoded`).
      kind = isLambdaEvent(origin.node) ? 'raw' : 'parsed';
      return true;
    }
    return false;
  });
  return kind;
}

/** A parameter decorated `@Headers('x-line-signature')` (NestJS). */
function isSignatureHeaderParameter(origins: OriginService, param: ts.ParameterDeclaration): boolean {
  const decorators = ts.canHaveDecorators(param) ? ts.getDecorators(param) : undefined;
  return (decorators ?? []).some((d) => {
    const call = d.expression;
    if (!ts.isCallExpression(call) || calleeName(call) !== 'Headers' || !call.arguments[0]) return false;
    return isSignatureHeaderKey(origins, call.arguments[0]);
  });
}

/** The first parameter of a Lambda handler: `event` / typed as an API Gateway or function URL event. */
export function isLambdaEvent(param: ts.ParameterDeclaration): boolean {
  if (param.type && /APIGateway\w*Event|LambdaFunctionURLEvent|APIGatewayProxy/.test(param.type.getText())) return true;
  const fn = param.parent;
  return ts.isIdentifier(param.name) && /^(event|evt)$/.test(param.name.text) && fn.parameters[0] === param && !/\b(req|request|res|reply|ctx|c)\b/.test(fn.parameters.map((p) => p.name.getText()).join(','));
}

/** `.events` of a webhook body, or an identifier holding it. */
export function isEventsAccess(node: ts.Node): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'events';
}
