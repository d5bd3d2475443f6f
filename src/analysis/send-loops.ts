/**
 * Loops over collections around a call: `for...of`/`for...in`/indexed `for`, `forEach`/`map`/`flatMap`
 * callbacks (also under `Promise.all`), `p-map` and `async`'s iterators. Which values change per
 * iteration (loop variables, callback parameters, values computed from them inside the loop), and whether
 * the loop sends in stages (a delay between rounds).
 */
import { ts, unwrap, accessedName, isAccess, calleeName, walk, isFunctionLike, isInside, type FunctionLike } from '../project/ast.js';
import { OriginService } from '../project/origin.js';

export interface CollectionLoop {
  /** The loop statement, or the iterating call (`users.forEach(...)`). */
  node: ts.Node;
  /** The code that runs once per element. */
  body: ts.Node;
  /** Declarations that hold a new value on every iteration. */
  perIteration: Set<ts.Node>;
  /** The function the loop (statement) lives in. */
  fn?: FunctionLike;
}

const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap']);
const ITERATOR_MODULES: readonly { module: string; path: readonly string[]; callbackIndex: number }[] = [
  { module: 'p-map', path: [], callbackIndex: 1 },
  { module: 'p-map', path: ['default'], callbackIndex: 1 },
  { module: 'async', path: ['each'], callbackIndex: 1 },
  { module: 'async', path: ['eachSeries'], callbackIndex: 1 },
  { module: 'async', path: ['eachLimit'], callbackIndex: 2 },
  { module: 'async', path: ['mapLimit'], callbackIndex: 2 },
  { module: 'async', path: ['mapSeries'], callbackIndex: 1 },
  { module: 'lodash', path: ['forEach'], callbackIndex: 1 },
  { module: 'lodash', path: ['map'], callbackIndex: 1 },
];
const DELAY_CALLS = /^(sleep|delay|wait|pause|setTimeout|throttle|schedule|waitFor|backoff)$/i;

export class LoopAnalysis {
  constructor(readonly origins: OriginService) {}

  /** The innermost collection loop around `node` in its own function (a callback loop counts as its function). */
  loopAround(node: ts.Node): CollectionLoop | undefined {
    return this.loopsAround(node)[0];
  }

  /** Every collection loop around `node` up to its function boundary, innermost first. */
  loopsAround(node: ts.Node): CollectionLoop[] {
    const loops: CollectionLoop[] = [];
    let child: ts.Node = node;
    for (let current: ts.Node | undefined = node.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
      if ((ts.isForOfStatement(current) || ts.isForInStatement(current)) && child === current.statement) {
        loops.push({ node: current, body: current.statement, perIteration: declarationsOf(current.initializer), fn: enclosing(current) });
        continue;
      }
      if (ts.isForStatement(current) && child === current.statement && current.initializer && ts.isVariableDeclarationList(current.initializer)) {
        loops.push({ node: current, body: current.statement, perIteration: declarationsOf(current.initializer), fn: enclosing(current) });
        continue;
      }
      if (isFunctionLike(current)) {
        const call = this.iteratingCall(current);
        if (!call) break;
        const perIteration = new Set<ts.Node>();
        for (const param of current.parameters) collect(param.name, perIteration, param);
        loops.push({ node: call, body: current, perIteration, fn: current });
        child = call;
        current = call;
      }
    }
    return loops;
  }

  /** When `fn` is the callback of `list.forEach/map/flatMap(fn)`, `pMap(list, fn)`, ...: that call. */
  private iteratingCall(fn: FunctionLike): ts.CallExpression | undefined {
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call)) return undefined;
    const index = call.arguments.indexOf(fn as ts.Expression);
    if (index < 0) return undefined;
    const callee = unwrap(call.expression);
    if (index === 0 && isAccess(callee) && ITERATING_METHODS.has(accessedName(callee) ?? '')) return call;
    const origin = this.origins.resolve(call.expression);
    if (ITERATOR_MODULES.some((m) => m.callbackIndex === index && OriginService.isExternal(origin, m.module, m.path))) return call;
    return undefined;
  }

  /** Does the value of `expression` change from one iteration of `loop` to the next? */
  dependsOn(expression: ts.Node, loop: CollectionLoop, depth = 0): boolean {
    if (depth > 6) return true;
    let depends = false;
    const visit = (node: ts.Node): void => {
      if (depends) return;
      if (ts.isIdentifier(node)) {
        // Property names are not references.
        const parent = node.parent;
        if (parent && ts.isPropertyAccessExpression(parent) && parent.name === node) return;
        if (parent && ts.isPropertyAssignment(parent) && parent.name === node) return;
        const declaration = this.origins.declarationOf(node);
        if (!declaration || declaration.kind === 'import' || declaration.kind === 'function') return;
        const decl: ts.Node = declaration.node;
        if (isInside(decl, expression) && decl !== expression) return;
        if (loop.perIteration.has(decl)) {
          depends = true;
          return;
        }
        if (isInside(decl, loop.body)) {
          if (declaration.kind === 'variable') {
            const init = declaration.node.initializer;
            if (!init || this.dependsOn(init, loop, depth + 1) || this.reassignedIn(declaration.node, loop)) depends = true;
          } else {
            depends = true;
          }
        }
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    return depends;
  }

  private reassignedIn(decl: ts.VariableDeclaration, loop: CollectionLoop): boolean {
    if (!ts.isIdentifier(decl.name)) return false;
    const name = decl.name.text;
    let found = false;
    walk(loop.body, (node) => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(unwrap(node.left)) && (unwrap(node.left) as ts.Identifier).text === name) found = true;
    });
    return found;
  }

  /** Does the loop wait between rounds (a sleep/delay/setTimeout in its body)? */
  sendsInStages(loop: CollectionLoop): boolean {
    let found = false;
    walk(loop.body, (node) => {
      if (found) return false;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node);
        if (name && DELAY_CALLS.test(name)) found = true;
      }
      return undefined;
    });
    return found;
  }
}

function enclosing(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionLike(current)) return current;
  return undefined;
}

function declarationsOf(initializer: ts.ForInitializer): Set<ts.Node> {
  const result = new Set<ts.Node>();
  if (ts.isVariableDeclarationList(initializer)) for (const decl of initializer.declarations) collect(decl.name, result, decl);
  return result;
}

/** The declaration nodes OriginService reports for names bound by `name` (the variable or parameter itself). */
function collect(name: ts.BindingName, into: Set<ts.Node>, owner: ts.Node): void {
  into.add(owner);
  if (!ts.isIdentifier(name)) {
    for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name, into, owner);
  }
}
