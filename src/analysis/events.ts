/**
 * How webhook code handles the events of a request: whether it takes a single event (`events[0]`,
 * `const [event] = events`, `events.shift()`/`find()`, a loop that stops after the first event) instead of
 * handling them all, whether it rejects the verification request that carries no events, which switches
 * dispatch on event or message types, and where a `delivery` event's removed `source` is read.
 */
import {
  ts,
  unwrap,
  unwrapAwait,
  walk,
  walkSameFunction,
  isAccess,
  accessedName,
  calleeName,
  isFunctionLike,
  propertyNameText,
  type FunctionLike,
} from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import type { Endpoint } from '../frameworks/types.js';
import { LINE_EVENT_TYPES } from '../platform/webhook.js';
import { reachableFunctions } from './webhook.js';
import { isErrorAnswer } from './response.js';
import { calledFunction } from './calls.js';

export type PickKind = 'index' | 'destructure' | 'method' | 'loop-exit';

export interface EventPick {
  node: ts.Node;
  kind: PickKind;
  /** `events[0].replyToken` with no check that an event exists: crashes on the verification request. */
  crashesWhenEmpty: boolean;
}

export interface EventHandling {
  endpoint: Endpoint;
  /** The first single-event pick, when the endpoint does not handle every event. */
  pick?: EventPick;
  /** Error answers (or throws) given when the webhook carries no events. */
  emptyRejections: ts.Node[];
}

const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'some', 'every', 'entries', 'values']);
const PICK_METHODS = new Set(['shift', 'pop', 'find', 'findLast', 'at']);
/** Calls that only look at a value (passing the events to them is not handling them). */
const INSPECTING_CALLEES = /^(console\.\w+|JSON\.stringify|logger\.\w+|log\.\w+|debug|Array\.isArray|Object\.keys)$/;
const MESSAGE_TYPES = new Set(['text', 'image', 'video', 'audio', 'file', 'location', 'sticker']);
/** Event types that only LINE webhooks carry (`message` alone is too generic to tell). */
const DISTINCT_EVENT_TYPES = new Set([...LINE_EVENT_TYPES].filter((t) => t !== 'message' && t !== 'module'));

export class EventAnalysis {
  constructor(readonly origins: OriginService) {}

  /** Is `expression` the `events` array of a webhook body (or a filtered part of it)? */
  isEventsValue(expression: ts.Expression, depth = 0): boolean {
    if (depth > 10) return false;
    const node = unwrapAwait(expression);
    if (isAccess(node) && accessedName(node) === 'events') return true;
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const callee = unwrap(node.expression);
      // `events.filter(isMessage)`, `events.slice()`: still (some of) the events.
      if ((name === 'filter' || name === 'slice' || name === 'concat' || name === 'reverse' || name === 'sort') && isAccess(callee)) return this.isEventsValue(callee.expression, depth + 1);
      if (name === 'from' && node.arguments[0]) return this.isEventsValue(node.arguments[0], depth + 1);
      return false;
    }
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return this.isEventsValue(node.left, depth + 1);
    }
    if (ts.isIdentifier(node)) {
      const origin = this.origins.resolve(node);
      if ((origin.kind === 'parameter' || origin.kind === 'external') && origin.path[origin.path.length - 1] === 'events') return true;
      if (origin.kind === 'parameter' && origin.path.length === 0 && ts.isIdentifier(origin.node.name) && origin.node.name.text === 'events') return true;
      if (origin.kind === 'expression' && origin.node !== node) return this.isEventsValue(origin.node, depth + 1);
      // `const { events } = await c.req.json()`: the member of an expression the origin service cannot enter.
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'variable' && declaration.path[declaration.path.length - 1] === 'events') return true;
      if (declaration?.kind === 'parameter' && declaration.path[declaration.path.length - 1] === 'events') return true;
    }
    return false;
  }

  /** Functions that handle one endpoint's request: its chain functions, handler and their callees. */
  scopeOf(endpoint: Endpoint): FunctionLike[] {
    const roots = [...endpoint.chain.flatMap((s) => (s.role.kind === 'function' || s.role.kind === 'guard' ? [s.role.fn] : [])), ...(endpoint.handler ? [endpoint.handler] : [])];
    const seen = new Set<FunctionLike>();
    const result: FunctionLike[] = [];
    for (const root of roots) {
      for (const fn of reachableFunctions(root, this.origins, 3)) {
        if (!seen.has(fn)) {
          seen.add(fn);
          result.push(fn);
        }
      }
    }
    return result;
  }

  handling(endpoint: Endpoint): EventHandling {
    const result: EventHandling = { endpoint, emptyRejections: [] };
    if (!endpoint.handler) return result;
    const scope = this.scopeOf(endpoint);
    const inScope = new Set(scope);
    let handlesAll = false;
    const picks: EventPick[] = [];
    for (const fn of scope) {
      if (!fn.body) continue;
      const visit = (node: ts.Node): void => {
        // Nested callbacks are part of the function's handling (`events.map(e => ...)` bodies).
        if (ts.isForOfStatement(node) && this.isEventsValue(node.expression)) {
          const exit = this.loopExit(node);
          if (exit) picks.push({ node: exit, kind: 'loop-exit', crashesWhenEmpty: false });
          else handlesAll = true;
        } else if (ts.isForStatement(node) && this.isIndexLoop(node)) {
          const exit = this.loopExit(node);
          if (exit) picks.push({ node: exit, kind: 'loop-exit', crashesWhenEmpty: false });
          else handlesAll = true;
        } else if (ts.isCallExpression(node)) {
          const name = calleeName(node);
          const callee = unwrap(node.expression);
          if (name && isAccess(callee) && this.isEventsValue(callee.expression)) {
            if (ITERATING_METHODS.has(name)) handlesAll = true;
            else if (PICK_METHODS.has(name) && (name !== 'at' || isFirstIndex(node.arguments[0]))) picks.push({ node, kind: 'method', crashesWhenEmpty: false });
          } else if (this.handsOver(node, inScope)) {
            handlesAll = true;
          }
        } else if (ts.isElementAccessExpression(node) && isFirstIndex(node.argumentExpression) && this.isEventsValue(node.expression) && !isAssignedTo(node)) {
          picks.push({ node, kind: 'index', crashesWhenEmpty: this.crashesWhenEmpty(node, fn) });
        } else if (ts.isVariableDeclaration(node) && node.initializer) {
          const pattern = this.firstEventPattern(node.name, node.initializer);
          if (pattern) picks.push({ node: pattern, kind: 'destructure', crashesWhenEmpty: false });
        } else if (ts.isIfStatement(node)) {
          const rejection = this.emptyEventsRejection(node);
          if (rejection) result.emptyRejections.push(rejection);
        }
        ts.forEachChild(node, visit);
      };
      visit(fn.body);
    }
    const loopExit = picks.find((p) => p.kind === 'loop-exit');
    if (!handlesAll && picks.length > 0) result.pick = picks[0];
    else if (loopExit) result.pick = loopExit;
    return result;
  }

  /** `for (let i = 0; i < events.length; i++)`. */
  private isIndexLoop(node: ts.ForStatement): boolean {
    const condition = node.condition && unwrap(node.condition);
    if (!condition || !ts.isBinaryExpression(condition)) return false;
    const bound = unwrap(condition.right);
    return isAccess(bound) && accessedName(bound) === 'length' && this.isEventsValue(bound.expression);
  }

  /** A `return`/`break` that ends the loop during its first iteration's normal path. */
  private loopExit(loop: ts.IterationStatement): ts.Node | undefined {
    let found: ts.Node | undefined;
    const visit = (node: ts.Node, nestedBreakTarget: boolean): void => {
      if (found || isFunctionLike(node) || ts.isCatchClause(node)) return;
      // An error answer for a bad event ends the request on purpose; that is not "handling one event".
      if (ts.isReturnStatement(node)) {
        if (!(node.expression && isErrorAnswer(this.origins, node.expression))) found = node;
        return;
      }
      if (ts.isBreakStatement(node) && !node.label && !nestedBreakTarget) {
        found = node;
        return;
      }
      const nested = nestedBreakTarget || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
      ts.forEachChild(node, (child) => visit(child, nested));
    };
    visit(loop.statement, false);
    return found;
  }

  /** The events array handed whole to code outside this handling (a queue, an unknown helper). */
  private handsOver(call: ts.CallExpression, scope: Set<FunctionLike>): boolean {
    if (INSPECTING_CALLEES.test(unwrap(call.expression).getText())) return false;
    const passes = call.arguments.some((arg) => {
      const value = unwrap(arg);
      if (this.isEventsValue(value)) return true;
      // `queue.add('line', { events })`, `publish({ events: body.events })`
      if (ts.isObjectLiteralExpression(value)) {
        return value.properties.some((p) => (ts.isPropertyAssignment(p) && this.isEventsValue(p.initializer)) || (ts.isShorthandPropertyAssignment(p) && this.isEventsValue(p.name)));
      }
      return false;
    });
    if (!passes) return false;
    const callee = calledFunction(this.origins, call);
    return !callee || !scope.has(callee);
  }

  /** `const [event] = events`, `const { events: [event] } = body`. */
  private firstEventPattern(name: ts.BindingName, initializer: ts.Expression): ts.Node | undefined {
    if (ts.isArrayBindingPattern(name)) return this.isEventsValue(initializer) ? name : undefined;
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const key = propertyNameText(element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined));
        if (key === 'events' && ts.isArrayBindingPattern(element.name)) return element.name;
      }
    }
    return undefined;
  }

  /** `events[0].replyToken` with no `?.` and no check of the events' length before it. */
  private crashesWhenEmpty(access: ts.ElementAccessExpression, fn: FunctionLike): boolean {
    const parent = access.parent;
    let used = (isAccess(parent) && parent.expression === access && !parent.questionDotToken) || (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name));
    // `const event = events[0]; ... event.replyToken` with no check of `event` itself.
    if (!used && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) used = this.dereferencedUnchecked(parent, fn);
    if (!used) return false;
    const eventsText = unwrap(access.expression).getText();
    const before = fn.getSourceFile().text.slice(fn.getStart(), access.getStart());
    return !before.includes(`${eventsText}.length`) && !before.includes(`${eventsText}?.length`) && !/\.length\b/.test(enclosingConditions(access, fn));
  }

  private dereferencedUnchecked(declaration: ts.VariableDeclaration, fn: FunctionLike): boolean {
    const name = (declaration.name as ts.Identifier).text;
    let dereferenced = false;
    let checked = false;
    walk(fn, (node) => {
      if (!ts.isIdentifier(node) || node.text !== name || node === declaration.name) return;
      const declared = this.origins.declarationOf(node);
      if (declared?.kind !== 'variable' || declared.node !== declaration) return;
      const parent = node.parent;
      if (isAccess(parent) && parent.expression === node) {
        if (parent.questionDotToken) checked = true;
        else dereferenced = true;
      }
      if (ts.isIfStatement(parent) || ts.isConditionalExpression(parent) || ts.isPrefixUnaryExpression(parent)) checked = true;
      if (ts.isBinaryExpression(parent) && parent.left === node) checked = true;
    });
    return dereferenced && !checked;
  }

  /** `if (!events.length) return res.status(400)...` / `throw`: the verification request gets an error. */
  private emptyEventsRejection(statement: ts.IfStatement): ts.Node | undefined {
    if (!this.testsEmptyEvents(statement.expression)) return undefined;
    let rejection: ts.Node | undefined;
    walk(statement.thenStatement, (node) => {
      if (rejection || isFunctionLike(node)) return false;
      if (ts.isThrowStatement(node)) rejection = node;
      else if ((ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isReturnStatement(node) || ts.isExpressionStatement(node)) && isErrorAnswer(this.origins, node)) {
        rejection = ts.isReturnStatement(node) && node.expression ? node.expression : ts.isExpressionStatement(node) ? node.expression : node;
      }
      return rejection ? false : undefined;
    });
    return rejection;
  }

  private testsEmptyEvents(condition: ts.Expression): boolean {
    let tests = false;
    const visit = (node: ts.Node): void => {
      if (tests) return;
      const inner = ts.isExpression(node as ts.Expression) ? unwrap(node as ts.Expression) : node;
      // `!events.length`, `events.length === 0`, `events.length < 1`, `!events?.length`
      if (isAccess(inner) && accessedName(inner) === 'length' && this.isEventsValue(inner.expression)) {
        const parent = skipParens(inner.parent);
        if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) tests = true;
        if (ts.isBinaryExpression(parent)) {
          const other = parent.left === skipParensDown(parent.left, inner) ? parent.right : parent.left;
          const value = unwrap(other);
          const op = parent.operatorToken.kind;
          if (ts.isNumericLiteral(value) && value.text === '0' && (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.LessThanEqualsToken)) tests = true;
          if (ts.isNumericLiteral(value) && value.text === '1' && op === ts.SyntaxKind.LessThanToken) tests = true;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(condition);
    return tests;
  }
}

function skipParens(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.parent;
  return current;
}

function skipParensDown(candidate: ts.Expression, inner: ts.Node): ts.Expression {
  return unwrap(candidate) === inner ? candidate : (inner as ts.Expression);
}

function isFirstIndex(expression: ts.Expression | undefined): boolean {
  if (!expression) return false;
  const node = unwrap(expression);
  return ts.isNumericLiteral(node) && node.text === '0';
}

function isAssignedTo(node: ts.Expression): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** The text of `if` conditions around `node` (within `fn`). */
function enclosingConditions(node: ts.Node, fn: FunctionLike): string {
  let text = '';
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (ts.isIfStatement(current)) text += current.expression.getText() + '\n';
    if (ts.isConditionalExpression(current)) text += current.condition.getText() + '\n';
    if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) text += current.left.getText() + '\n';
  }
  return text;
}

// ------------------------------------------------------------------ switches over event types

export interface TypeSwitch {
  statement: ts.SwitchStatement;
  kind: 'event' | 'message';
  defaultClause?: ts.DefaultClause;
}

/** A `switch (x.type)` over LINE event types, or `switch (x.message.type)` over message types. */
export function lineTypeSwitch(statement: ts.SwitchStatement): TypeSwitch | undefined {
  const subject = unwrap(statement.expression);
  if (!isAccess(subject) || accessedName(subject) !== 'type') return undefined;
  const labels: string[] = [];
  let defaultClause: ts.DefaultClause | undefined;
  for (const clause of statement.caseBlock.clauses) {
    if (ts.isDefaultClause(clause)) defaultClause = clause;
    else if (ts.isStringLiteralLike(unwrap(clause.expression))) labels.push((unwrap(clause.expression) as ts.StringLiteral).text);
  }
  const base = unwrap(subject.expression);
  const onMessage = isAccess(base) && accessedName(base) === 'message';
  const eventLabels = labels.filter((l) => LINE_EVENT_TYPES.has(l));
  const messageLabels = labels.filter((l) => MESSAGE_TYPES.has(l));
  if (onMessage && messageLabels.length >= 2) return { statement, kind: 'message', defaultClause };
  if (eventLabels.length >= 2 && eventLabels.some((l) => DISTINCT_EVENT_TYPES.has(l))) return { statement, kind: 'event', defaultClause };
  if (messageLabels.length >= 2 && (messageLabels.includes('sticker') || messageLabels.includes('location'))) return { statement, kind: 'message', defaultClause };
  return undefined;
}

/** The statement of a `default:` clause that throws or answers an error, if any. */
export function failingDefault(origins: OriginService, clause: ts.DefaultClause): ts.Node | undefined {
  for (const statement of clause.statements) {
    let found: ts.Node | undefined;
    walkSameFunction(statement, (node) => {
      if (found) return false;
      if (ts.isThrowStatement(node)) found = node;
      else if (ts.isCallExpression(node)) {
        const name = calleeName(node);
        if (name === 'reject' && /Promise/.test(node.expression.getText())) found = node;
        else if (name === 'throw' && isAccess(unwrap(node.expression))) found = node; // Koa `ctx.throw(400)`
        else if (isErrorAnswer(origins, node)) found = node;
        else {
          const fn = calledFunction(origins, node);
          if (fn && alwaysThrows(fn)) found = node;
        }
      }
      return found ? false : undefined;
    });
    if (ts.isThrowStatement(statement)) return statement;
    if (found) return found;
    // `return new Response('...', { status: 400 })`, `return { statusCode: 500 }`
    if (ts.isReturnStatement(statement) && statement.expression && isErrorAnswer(origins, statement.expression)) return statement;
  }
  return undefined;
}

/** `function assertNever(x): never { throw ... }`. */
function alwaysThrows(fn: FunctionLike): boolean {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return false;
  return body.statements.some((s) => ts.isThrowStatement(s));
}

// ------------------------------------------------------------------ delivery events

const DELIVERY_TYPES = /\b(PnpDeliveryCompletionEvent|DeliveryEvent)\b/;

/** Reads of `source` from events known to be `delivery` events, in one file. */
export function deliverySourceReads(file: ts.SourceFile): ts.Node[] {
  const reads: ts.Node[] = [];
  const seen = new Set<ts.Node>();
  const add = (node: ts.Node): void => {
    if (!seen.has(node)) {
      seen.add(node);
      reads.push(node);
    }
  };
  const collect = (scope: ts.Node, subject: string): void => {
    walk(scope, (node) => {
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'source' && unwrap(node.expression).getText() === subject) add(node);
      if (ts.isVariableDeclaration(node) && node.initializer && unwrap(node.initializer).getText() === subject && ts.isObjectBindingPattern(node.name)) {
        for (const element of node.name.elements) {
          if (propertyNameText(element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined)) === 'source') add(element);
        }
      }
    });
  };
  walk(file, (node) => {
    // `if (event.type === 'delivery') { ... }` / `if (event.type !== 'delivery') return; ...`
    if (ts.isIfStatement(node)) {
      for (const { subject, negated } of deliveryTests(node.expression)) {
        if (!negated) collect(node.thenStatement, subject);
        else if (node.elseStatement) collect(node.elseStatement, subject);
        if (negated && endsFlow(node.thenStatement) && (ts.isBlock(node.parent) || ts.isSourceFile(node.parent))) {
          const statements = (node.parent as ts.Block).statements;
          for (const later of statements.slice(statements.indexOf(node) + 1)) collect(later, subject);
        }
      }
    }
    // `cond && event.type === 'delivery' ? event.source : x`
    if (ts.isConditionalExpression(node)) {
      for (const { subject, negated } of deliveryTests(node.condition)) collect(negated ? node.whenFalse : node.whenTrue, subject);
    }
    // `switch (event.type) { case 'delivery': ... }`
    if (ts.isSwitchStatement(node)) {
      const subject = unwrap(node.expression);
      if (isAccess(subject) && accessedName(subject) === 'type') {
        for (const clause of node.caseBlock.clauses) {
          if (ts.isCaseClause(clause) && ts.isStringLiteralLike(unwrap(clause.expression)) && (unwrap(clause.expression) as ts.StringLiteral).text === 'delivery') {
            for (const statement of clause.statements) collect(statement, unwrap(subject.expression).getText());
          }
        }
      }
    }
    // `(event: webhook.PnpDeliveryCompletionEvent) => event.source`
    if ((ts.isParameter(node) || ts.isVariableDeclaration(node)) && node.type && DELIVERY_TYPES.test(node.type.getText()) && ts.isIdentifier(node.name)) {
      const scope = ts.isParameter(node) ? node.parent : node.parent.parent.parent;
      if (scope) collect(scope, node.name.text);
    }
    // linebot: `bot.on('delivery', (event) => ...)` receives only delivery events.
    if (ts.isCallExpression(node) && calleeName(node) === 'on' && node.arguments.length === 2 && ts.isStringLiteralLike(unwrap(node.arguments[0]!)) && (unwrap(node.arguments[0]!) as ts.StringLiteral).text === 'delivery') {
      const callback = unwrap(node.arguments[1]!);
      if (isFunctionLike(callback) && callback.parameters[0] && ts.isIdentifier(callback.parameters[0].name)) collect(callback, callback.parameters[0].name.text);
    }
    // `events.filter((e) => e.type === 'delivery').forEach((d) => d.source ...)`
    if (ts.isCallExpression(node) && calleeName(node) === 'filter' && node.arguments[0] && isFunctionLike(unwrap(node.arguments[0]))) {
      const predicate = unwrap(node.arguments[0]) as FunctionLike;
      const body = predicate.body && !ts.isBlock(predicate.body) ? (predicate.body as ts.Expression) : undefined;
      if (body && deliveryTests(body).some((t) => !t.negated)) {
        const chained = node.parent;
        if (isAccess(chained) && ts.isCallExpression(chained.parent) && ['forEach', 'map', 'flatMap'].includes(accessedName(chained) ?? '')) {
          const callback = chained.parent.arguments[0] && unwrap(chained.parent.arguments[0]);
          if (callback && isFunctionLike(callback) && callback.parameters[0] && ts.isIdentifier(callback.parameters[0].name)) {
            collect(callback, callback.parameters[0].name.text);
          }
        }
      }
    }
  });
  return reads;
}

/** `x.type === 'delivery'` tests inside a condition (through `&&`), with their subject text. */
function deliveryTests(condition: ts.Expression): { subject: string; negated: boolean }[] {
  const tests: { subject: string; negated: boolean }[] = [];
  const visit = (node: ts.Expression): void => {
    const inner = unwrap(node);
    if (ts.isBinaryExpression(inner)) {
      const op = inner.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
        visit(inner.left);
        visit(inner.right);
        return;
      }
      const isEq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const isNe = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      if (!isEq && !isNe) return;
      const [access, literal] = ts.isStringLiteralLike(unwrap(inner.right)) ? [unwrap(inner.left), unwrap(inner.right)] : [unwrap(inner.right), unwrap(inner.left)];
      if (ts.isStringLiteralLike(literal) && literal.text === 'delivery' && isAccess(access) && accessedName(access) === 'type') {
        tests.push({ subject: unwrap(access.expression).getText(), negated: isNe });
      }
    }
  };
  visit(condition);
  return tests;
}

function endsFlow(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some((s) => endsFlow(s));
  return false;
}
