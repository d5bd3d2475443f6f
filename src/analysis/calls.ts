/**
 * Which project function a call runs, beyond `OriginService.calledFunction`: methods of injected services
 * (`this.lineService.handle(...)` where the constructor takes `private readonly lineService: LineService`,
 * the NestJS way) and methods of instances made with `new Service()`.
 */
import { ts, unwrap, isAccess, accessedName, propertyNameText, type FunctionLike } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';

/** The class declared by a type annotation like `LineService` (through imports). */
function classOfType(origins: OriginService, type: ts.TypeNode | undefined): ts.ClassLikeDeclaration | undefined {
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const origin = origins.resolve(type.typeName);
  return origin.kind === 'function' && ts.isClassLike(origin.node) ? origin.node : undefined;
}

function methodOf(cls: ts.ClassLikeDeclaration, name: string): FunctionLike | undefined {
  for (const member of cls.members) {
    if ((ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) && propertyNameText(member.name) === name) {
      if (ts.isMethodDeclaration(member)) return member.body ? member : undefined;
      const init = member.initializer && unwrap(member.initializer);
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
    }
  }
  return undefined;
}

/** The class of `this.x` when `x` is a typed constructor parameter property or a typed class property. */
function injectedClass(origins: OriginService, access: ts.AccessExpression): ts.ClassLikeDeclaration | undefined {
  if (access.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const name = accessedName(access);
  let cls: ts.Node | undefined = access.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls) || !name) return undefined;
  for (const member of cls.members) {
    if (ts.isConstructorDeclaration(member)) {
      for (const param of member.parameters) {
        if (ts.isIdentifier(param.name) && param.name.text === name) return classOfType(origins, param.type);
      }
    }
    if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === name) {
      const byType = classOfType(origins, member.type);
      if (byType) return byType;
      const init = member.initializer && unwrap(member.initializer);
      if (init && ts.isNewExpression(init)) {
        const made = origins.resolve(init.expression);
        if (made.kind === 'function' && ts.isClassLike(made.node)) return made.node;
      }
    }
  }
  return undefined;
}

/** The project function a call runs, when it can be known syntactically. */
export function calledFunction(origins: OriginService, call: ts.CallExpression | ts.NewExpression): FunctionLike | undefined {
  const direct = origins.calledFunction(call);
  if (direct) return direct;
  const callee = unwrap(call.expression);
  if (!isAccess(callee)) return undefined;
  const method = accessedName(callee);
  if (!method) return undefined;
  const receiver = unwrap(callee.expression);
  if (isAccess(receiver)) {
    const cls = injectedClass(origins, receiver);
    if (cls) return methodOf(cls, method);
  }
  // `const service = new Service(); service.handle()`
  const value = origins.resolve(receiver);
  if (value.kind === 'expression' && ts.isNewExpression(value.node)) {
    const made = origins.resolve(value.node.expression);
    if (made.kind === 'function' && ts.isClassLike(made.node)) return methodOf(made.node, method);
  }
  return undefined;
}
