/** Small, allocation-light helpers over the TypeScript AST (the compiler bundled with ts-morph). */
import { ts } from 'ts-morph';

export { ts };

/** Strips parentheses, type assertions, `satisfies` and non-null assertions. */
export function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isSatisfiesExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** Strips what `unwrap` strips, plus `await`. */
export function unwrapAwait(node: ts.Expression): ts.Expression {
  let current = unwrap(node);
  while (ts.isAwaitExpression(current)) current = unwrap(current.expression);
  return current;
}

/** The text of a property name or a string/number literal key; undefined when computed dynamically. */
export function propertyNameText(name: ts.PropertyName | ts.MemberName | ts.Expression | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return propertyNameText(unwrap(name.expression));
  return undefined;
}

/** `a.b` → `b`, `a['b']` → `b`; undefined otherwise. */
export function accessedName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) return propertyNameText(unwrap(node.argumentExpression));
  return undefined;
}

export type AccessExpression = ts.PropertyAccessExpression | ts.ElementAccessExpression;

export function isAccess(node: ts.Node): node is AccessExpression {
  return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node);
}

/** The name a call's callee ends with: `a.b.c()` → `c`, `f()` → `f`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return accessedName(callee);
}

/** The object a method is called on: `a.b.c()` → `a.b`. */
export function calleeObject(call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  return isAccess(callee) ? callee.expression : undefined;
}

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node | undefined): node is FunctionLike {
  return (
    !!node &&
    (ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node))
  );
}

export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}

/** Visits every descendant in source order; return `false` from the callback to skip a subtree. */
export function walk(node: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const recurse = (child: ts.Node): void => {
    if (visit(child) === false) return;
    ts.forEachChild(child, recurse);
  };
  ts.forEachChild(node, recurse);
}

/** Like `walk`, but does not enter nested functions (their code runs at another time). */
export function walkSameFunction(node: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  walk(node, (child) => {
    if (isFunctionLike(child)) return false;
    return visit(child);
  });
}

export function findFirst<T extends ts.Node>(root: ts.Node, test: (node: ts.Node) => node is T): T | undefined;
export function findFirst(root: ts.Node, test: (node: ts.Node) => boolean): ts.Node | undefined;
export function findFirst(root: ts.Node, test: (node: ts.Node) => boolean): ts.Node | undefined {
  let found: ts.Node | undefined;
  walk(root, (node) => {
    if (found) return false;
    if (test(node)) {
      found = node;
      return false;
    }
    return undefined;
  });
  return found;
}

export function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end && node.getSourceFile() === container.getSourceFile();
}

export function isStringLike(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** The parameter names of a function (identifier parameters only). */
export function parameterName(fn: FunctionLike, index: number): string | undefined {
  const param = fn.parameters[index];
  return param && ts.isIdentifier(param.name) ? param.name.text : undefined;
}

/** `function` bodies as statements (an expression-bodied arrow becomes one return). */
export function functionBody(fn: FunctionLike): ts.Node | undefined {
  return fn.body;
}

export function isNegation(node: ts.Node): node is ts.PrefixUnaryExpression {
  return ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken;
}

export const EQUALITY_OPERATORS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

export function isEqualityComparison(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && EQUALITY_OPERATORS.has(node.operatorToken.kind);
}

export function isNegativeEquality(node: ts.BinaryExpression): boolean {
  const kind = node.operatorToken.kind;
  return kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
}

/** True for `undefined`, `null`, literals and `typeof x` — operands that make a comparison a presence/type test. */
export function isConstantOperand(node: ts.Expression): boolean {
  const inner = unwrap(node);
  return (
    ts.isLiteralExpression(inner) ||
    ts.isNoSubstitutionTemplateLiteral(inner) ||
    inner.kind === ts.SyntaxKind.NullKeyword ||
    inner.kind === ts.SyntaxKind.TrueKeyword ||
    inner.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(inner) && inner.text === 'undefined') ||
    ts.isTypeOfExpression(inner) ||
    ts.isVoidExpression(inner)
  );
}

/** The statement that directly contains `node` inside a block-like parent. */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    const parent = current.parent;
    if (parent && (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isModuleBlock(parent))) {
      return current as ts.Statement;
    }
  }
  return undefined;
}
