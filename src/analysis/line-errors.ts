/**
 * Code that decides what to do from the *text* of a LINE API error: `err.message`, the response body's
 * `message` / `details[].message` (axios `err.response.data`, the legacy SDK's
 * `err.originalError.response.data`), `HTTPFetchError.body`, or the JSON of a failed fetch to LINE,
 * tested with `includes`/`startsWith`/`===`/regular expressions/`switch`. Only errors of LINE calls
 * count: a `catch` around a LINE call (or around a call of a helper that makes one), `.catch()` on one,
 * and the response of a raw fetch to LINE. LINE says error messages may change; the status code is the
 * contract.
 */
import { ts, unwrap, unwrapAwait, accessedName, isAccess, calleeName, walk, enclosingFunction, isFunctionLike } from '../project/ast.js';
import { OriginService, GLOBAL_MODULE } from '../project/origin.js';
import { LINE_ERROR_PHRASES } from '../platform/limits.js';
import type { HttpCallIndex } from './http-calls.js';
import type { LineCall, SendCallModel } from './send-calls.js';
import type { TextOrigins } from './text-origin.js';

export interface ErrorTextTest {
  /** The comparison, match or `switch` on the error text. */
  node: ts.Node;
  /** The error text expression as written (`err.message`). */
  text: ts.Expression;
}

const TEXT_METHODS = new Set(['includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'match', 'matchAll', 'search', 'localeCompare']);
const TEXT_FIELDS = new Set(['message', 'body', 'error_description', 'errorMessage']);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

interface ErrorScope {
  /** Declarations holding the error (catch variable, `.catch` parameter) or the failed response's data. */
  roots: Set<ts.Node>;
  /** Code that handles the error. */
  body: ts.Node;
  /** The try block (for the check that only LINE calls can throw there). */
  guarded?: ts.Node;
}

export class LineErrorAnalysis {
  private result?: ErrorTextTest[];

  constructor(
    readonly origins: OriginService,
    readonly model: SendCallModel,
    readonly http: HttpCallIndex,
    readonly texts: TextOrigins,
  ) {}

  all(): ErrorTextTest[] {
    if (this.result) return this.result;
    const found = new Map<ts.Node, ErrorTextTest>();
    const scopes = new Map<ts.Node, ErrorScope>();
    for (const call of this.model.all()) {
      for (const scope of this.scopesOf(call)) {
        const key = scope.body;
        const existing = scopes.get(key);
        if (existing) for (const root of scope.roots) existing.roots.add(root);
        else scopes.set(key, scope);
      }
    }
    for (const scope of scopes.values()) {
      const onlyLine = !scope.guarded || !this.hasOtherThrowers(scope.guarded);
      walk(scope.body, (node) => {
        const test = this.textTest(node, scope.roots);
        if (test && (onlyLine || this.mentionsLineError(node)) && !found.has(test.node)) found.set(test.node, test);
      });
    }
    this.result = [...found.values()];
    return this.result;
  }

  /** Error handlers of a LINE call: enclosing try/catch, `.catch()`, callers' try/catch, a failed fetch's body. */
  private scopesOf(call: LineCall): ErrorScope[] {
    const scopes: ErrorScope[] = [];
    const start = call.inner ?? call.node;
    this.handlersAround(start, scopes, 0);
    if (call.via === 'http') this.responseScope(start, scopes);
    return scopes;
  }

  private handlersAround(node: ts.Node, scopes: ErrorScope[], depth: number): void {
    if (depth > 2) return;
    let handled = false;
    let child: ts.Node = node;
    for (let current: ts.Node | undefined = node.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
      if (ts.isTryStatement(current) && child === current.tryBlock && current.catchClause?.variableDeclaration) {
        const roots = new Set<ts.Node>([current.catchClause.variableDeclaration]);
        scopes.push({ roots, body: current.catchClause.block, guarded: current.tryBlock });
        handled = true;
      }
      // `promise.catch((err) => ...)`, `promise.then(ok, (err) => ...)`
      if (isAccess(current) && current.expression === child && ts.isCallExpression(current.parent) && current.parent.expression === current) {
        const method = accessedName(current);
        const handler = method === 'catch' ? current.parent.arguments[0] : method === 'then' ? current.parent.arguments[1] : undefined;
        const fn = handler && unwrap(handler);
        if (fn && isFunctionLike(fn) && fn.parameters[0]) {
          scopes.push({ roots: new Set([fn.parameters[0]]), body: fn.body ?? fn });
          handled = true;
        }
      }
      if (isFunctionLike(current)) {
        if (!handled) for (const site of this.model.callSites(current).slice(0, 8)) this.handlersAround(site, scopes, depth + 1);
        return;
      }
    }
  }

  /** `const res = await fetch(LINE); const data = await res.json(); if (data.message === ...)`. */
  private responseScope(call: ts.Node, scopes: ErrorScope[]): void {
    let holder: ts.Node = call.parent;
    while (holder && (ts.isAwaitExpression(holder) || ts.isParenthesizedExpression(holder))) holder = holder.parent;
    if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return;
    const fn = enclosingFunction(holder);
    if (!fn?.body) return;
    const response = holder;
    const roots = new Set<ts.Node>();
    walk(fn.body, (node) => {
      if (!ts.isVariableDeclaration(node) || !node.initializer) return;
      const init = unwrapAwait(node.initializer);
      if (!ts.isCallExpression(init) || !['json', 'text'].includes(calleeName(init) ?? '')) return;
      const callee = unwrap(init.expression);
      if (!isAccess(callee)) return;
      const target = unwrap(callee.expression);
      const declaration = ts.isIdentifier(target) ? this.origins.declarationOf(target) : undefined;
      if (declaration && 'node' in declaration && declaration.node === response) roots.add(node);
    });
    if (roots.size > 0) scopes.push({ roots, body: fn.body });
  }

  /** A comparison or match whose subject is the error text. */
  private textTest(node: ts.Node, roots: Set<ts.Node>): ErrorTextTest | undefined {
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const method = calleeName(node);
      if (isAccess(callee) && method && TEXT_METHODS.has(method) && this.isErrorText(callee.expression, roots)) return { node, text: callee.expression };
      // `/quota/.test(err.message)`, `new RegExp(...).test(err.message)`
      if (isAccess(callee) && (method === 'test' || method === 'exec') && node.arguments[0] && this.isErrorText(node.arguments[0], roots)) {
        return { node, text: node.arguments[0] };
      }
    }
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      for (const [side, other] of [[node.left, node.right], [node.right, node.left]] as const) {
        const o = unwrap(other);
        if ((ts.isStringLiteralLike(o) || ts.isTemplateExpression(o)) && this.isErrorText(side, roots)) return { node, text: side };
      }
    }
    if (ts.isSwitchStatement(node) && this.isErrorText(node.expression, roots) && node.caseBlock.clauses.some((c) => ts.isCaseClause(c) && ts.isStringLiteralLike(unwrap(c.expression)))) {
      return { node: node.expression, text: node.expression };
    }
    return undefined;
  }

  /** Is this the message/body text of the error (or of the failed response)? */
  private isErrorText(expression: ts.Expression, roots: Set<ts.Node>, depth = 0): boolean {
    if (depth > 6) return false;
    const node = unwrapAwait(expression);
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const origin = this.origins.resolve(callee);
      // `String(err)`, `err.toString()`, `JSON.stringify(err.response.data)`
      if ((OriginService.isExternal(origin, GLOBAL_MODULE, ['String']) || OriginService.isExternal(origin, GLOBAL_MODULE, ['JSON', 'stringify'])) && node.arguments[0]) {
        return this.isRooted(node.arguments[0], roots) !== undefined;
      }
      if (isAccess(callee) && ['toString', 'toLowerCase', 'toUpperCase', 'trim'].includes(calleeName(node) ?? '')) {
        const path = this.isRooted(callee.expression, roots);
        if (path && (path.length === 0 || TEXT_FIELDS.has(path[path.length - 1]!))) return true;
        return this.isErrorText(callee.expression, roots, depth + 1);
      }
      return false;
    }
    if (ts.isTemplateExpression(node)) return node.templateSpans.some((s) => this.isErrorText(s.expression, roots, depth + 1));
    const path = this.isRooted(node, roots);
    if (path === undefined) return false;
    const last = path[path.length - 1];
    // The response body's text itself (`await res.text()` root, `err.body`).
    if (path.length === 0) return this.rootIsText(node, roots);
    return last !== undefined && TEXT_FIELDS.has(last);
  }

  /** The member path from one of `roots` to `expression` (through variables and callbacks), if rooted there. */
  private isRooted(expression: ts.Expression, roots: Set<ts.Node>, depth = 0): string[] | undefined {
    if (depth > 8) return undefined;
    const path: string[] = [];
    let base: ts.Expression = unwrapAwait(expression);
    // `err.response.data.details ?? []`
    while (ts.isBinaryExpression(base) && (base.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || base.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      base = unwrapAwait(base.left);
    }
    while (isAccess(base)) {
      const name = accessedName(base);
      path.unshift(name ?? '?');
      base = unwrapAwait(base.expression);
    }
    if (ts.isCallExpression(base)) {
      // `JSON.parse(err.body).message`
      const origin = this.origins.resolve(base.expression);
      if (OriginService.isExternal(origin, GLOBAL_MODULE, ['JSON', 'parse']) && base.arguments[0] && this.isRooted(base.arguments[0], roots, depth + 1)) return ['(json)', ...path];
      return undefined;
    }
    if (!ts.isIdentifier(base)) return undefined;
    const declaration = this.origins.declarationOf(base);
    if (!declaration) return undefined;
    if (!('node' in declaration)) return undefined;
    const declNode: ts.Node = declaration.node;
    if (roots.has(declNode)) return ['path' in declaration ? declaration.path : [], path].flat();
    if (declaration.kind === 'variable' && declaration.node.initializer) {
      const inner = this.isRooted(declaration.node.initializer, roots, depth + 1);
      return inner ? [...inner, ...declaration.path, ...path] : undefined;
    }
    // `details.some((d) => d.message.includes(...))`: the callback's element is rooted in the error.
    if (declaration.kind === 'parameter') {
      const fn = declaration.fn;
      const call = fn.parent;
      if (call && ts.isCallExpression(call) && call.arguments[0] === fn && isAccess(unwrap(call.expression))) {
        const list = (unwrap(call.expression) as ts.AccessExpression).expression;
        const inner = this.isRooted(list, roots, depth + 1);
        return inner ? [...inner, '[]', ...declaration.path, ...path] : undefined;
      }
    }
    return undefined;
  }

  private rootIsText(node: ts.Expression, roots: Set<ts.Node>): boolean {
    const base = unwrapAwait(node);
    if (!ts.isIdentifier(base)) return false;
    const declaration = this.origins.declarationOf(base);
    if (declaration?.kind !== 'variable' || !roots.has(declaration.node)) return false;
    const init = declaration.node.initializer ? unwrapAwait(declaration.node.initializer) : undefined;
    return !!init && ts.isCallExpression(init) && calleeName(init) === 'text';
  }

  /** Does the guarded block call something other than LINE that can fail (another API, an LLM, a database)? */
  private hasOtherThrowers(block: ts.Node): boolean {
    let other = false;
    walk(block, (node) => {
      if (other) return false;
      if (!ts.isCallExpression(node)) return undefined;
      if (this.model.at(node)) return undefined;
      if (this.http.at(node)) other = true;
      else {
        // An LLM, database or file call (a capped LLM answer is short, but the call can still fail).
        const source = this.texts.sourceOf(node);
        if (source?.unbounded || source?.bounded) other = true;
      }
      return undefined;
    });
    return other;
  }

  /** The test compares with a text LINE is known to send (so the error is LINE's even in a mixed try). */
  private mentionsLineError(node: ts.Node): boolean {
    const text = node.getText();
    return LINE_ERROR_PHRASES.some((phrase) => phrase.test(text));
  }
}
