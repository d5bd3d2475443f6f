/**
 * Validation of LINE webhook payloads that rejects properties LINE may add later: zod `.strict()` /
 * `z.strictObject`, Joi object schemas (unknown keys are an error unless `.unknown(true)` or
 * `allowUnknown`), JSON Schema / ajv / TypeBox `additionalProperties: false`, class-validator's
 * `forbidNonWhitelisted: true` on a webhook controller, and `switch`es on event or message types whose
 * `default` throws or answers an error. Only schemas of LINE webhook payloads count: their shape names
 * LINE fields (`replyToken`, `webhookEventId`, `destination` + `events`, ...) or they sit inside one.
 */
import { ts, unwrap, walk, isAccess, accessedName, calleeName, propertyNameText, isFunctionLike as isFunctionLikeNode, type FunctionLike } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import type { SourceProject } from '../project/project.js';
import type { Endpoint } from '../frameworks/types.js';
import { LINE_EVENT_PROPERTIES } from '../platform/webhook.js';
import { lineTypeSwitch, failingDefault } from './events.js';
import { nestDecorator } from '../frameworks/nest.js';

export type StrictSchemaKind = 'zod-strict' | 'joi-object' | 'json-schema' | 'forbid-non-whitelisted' | 'failing-default';

export interface StrictSchema {
  node: ts.Node;
  kind: StrictSchemaKind;
  /** For switches: `event` or `message` types. */
  switchKind?: 'event' | 'message';
}

/** Keys only LINE webhook payloads carry. */
const LINE_KEYS = new Set([...LINE_EVENT_PROPERTIES, 'destination']);
const EVENT_BASE_KEYS = ['type', 'timestamp', 'source', 'mode'];
const HINT = /\.strict\s*\(|strictObject|Joi|joi|additionalProperties|forbidNonWhitelisted|switch\s*\(/;

function keysOf(object: ts.ObjectLiteralExpression): Set<string> {
  const keys = new Set<string>();
  for (const prop of object.properties) {
    const key = prop.name ? propertyNameText(prop.name) : undefined;
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

function propertyInitializer(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const prop of object.properties) {
    if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === name) return prop.initializer;
  }
  return undefined;
}

export class SchemaAnalysis {
  private lineShapes = new Map<ts.ObjectLiteralExpression, boolean>();

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
  ) {}

  /** Does this object literal (a schema's shape or a JSON Schema `properties`) describe a LINE payload? */
  isLineShape(object: ts.ObjectLiteralExpression, depth = 0): boolean {
    const cached = this.lineShapes.get(object);
    if (cached !== undefined) return cached;
    this.lineShapes.set(object, false);
    const keys = keysOf(object);
    let line = [...keys].some((k) => LINE_KEYS.has(k) && k !== 'destination') || (keys.has('destination') && keys.has('events'));
    if (!line && EVENT_BASE_KEYS.every((k) => keys.has(k))) line = true;
    if (!line && keys.has('events') && depth < 3) {
      // `events: z.array(eventSchema)` / `events: { type: 'array', items: eventSchema }`
      const value = propertyInitializer(object, 'events');
      if (value) line = this.shapesIn(value).some((shape) => this.isLineShape(shape, depth + 1));
    }
    this.lineShapes.set(object, line);
    return line;
  }

  /** Object literals a schema expression is built from (following identifiers one level at a time). */
  private shapesIn(expression: ts.Expression, depth = 0): ts.ObjectLiteralExpression[] {
    const shapes: ts.ObjectLiteralExpression[] = [];
    if (depth > 3) return shapes;
    if (ts.isObjectLiteralExpression(unwrap(expression))) shapes.push(unwrap(expression) as ts.ObjectLiteralExpression);
    walk(expression, (node) => {
      if (ts.isObjectLiteralExpression(node)) {
        shapes.push(node);
        return undefined;
      }
      if (ts.isIdentifier(node)) {
        const origin = this.origins.resolve(node);
        if (origin.kind === 'expression' && origin.node !== node) shapes.push(...this.shapesIn(origin.node, depth + 1));
      }
      return undefined;
    });
    if (ts.isIdentifier(unwrap(expression))) {
      const origin = this.origins.resolve(expression);
      if (origin.kind === 'expression' && origin.node !== unwrap(expression)) shapes.push(...this.shapesIn(origin.node, depth + 1));
    }
    return shapes;
  }

  /** Is `node` inside (or referenced from) the shape of a LINE payload schema? */
  private withinLineSchema(node: ts.Node, depth = 0): boolean {
    let current: ts.Node | undefined = node;
    for (; current; current = current.parent) {
      if (ts.isObjectLiteralExpression(current) && current !== node && this.isLineShape(current)) return true;
      if (ts.isVariableDeclaration(current) || isFunctionLikeNode(current)) break;
    }
    // `const sourceSchema = z.object({...}).strict()` used as `source: sourceSchema` in a LINE schema.
    if (!current || !ts.isVariableDeclaration(current) || !ts.isIdentifier(current.name) || depth > 2) return false;
    const declaration = current;
    const name = current.name.text;
    for (const file of this.project.allFiles()) {
      if (!file.text.includes(name)) continue;
      let found = false;
      walk(file.sourceFile, (child) => {
        if (found) return false;
        if (!ts.isIdentifier(child) || child.text !== name || child.parent === declaration) return undefined;
        const origin = this.origins.resolve(child);
        if (origin.kind !== 'expression' || !declaration.initializer || origin.node !== unwrap(declaration.initializer)) return undefined;
        if (this.withinLineSchema(child, depth + 1)) found = true;
        return undefined;
      });
      if (found) return true;
    }
    return false;
  }

  // ------------------------------------------------------------------ zod

  /** The `z.object({...})` shape a zod schema expression starts from. */
  private zodShape(expression: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined {
    if (depth > 8) return undefined;
    const node = unwrap(expression);
    if (ts.isCallExpression(node)) {
      const origin = this.origins.resolve(node.expression);
      if (origin.kind === 'external' && origin.module === 'zod' && ['object', 'strictObject', 'looseObject'].includes(origin.path[origin.path.length - 1] ?? '')) {
        const arg = node.arguments[0] && unwrap(node.arguments[0]);
        return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
      }
      const callee = unwrap(node.expression);
      if (isAccess(callee)) return this.zodShape(callee.expression, depth + 1);
      return undefined;
    }
    if (ts.isIdentifier(node) || isAccess(node)) {
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) return this.zodShape(origin.node, depth + 1);
    }
    return undefined;
  }

  private zodFindings(file: ts.SourceFile, out: StrictSchema[]): void {
    walk(file, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = unwrap(node.expression);
      const name = calleeName(node);
      if (name === 'strict' && isAccess(callee) && node.arguments.length === 0) {
        const shape = this.zodShape(callee.expression);
        if (shape && (this.isLineShape(shape) || this.withinLineSchema(shape))) out.push({ node: ts.isPropertyAccessExpression(callee) ? callee.name : callee, kind: 'zod-strict' });
      }
      if (name === 'strictObject') {
        const origin = this.origins.resolve(node.expression);
        const arg = node.arguments[0] && unwrap(node.arguments[0]);
        if (origin.kind === 'external' && origin.module === 'zod' && arg && ts.isObjectLiteralExpression(arg) && (this.isLineShape(arg) || this.withinLineSchema(arg))) {
          out.push({ node: ts.isPropertyAccessExpression(callee) ? callee.name : callee, kind: 'zod-strict' });
        }
      }
    });
  }

  // ------------------------------------------------------------------ Joi

  private isJoi(expression: ts.Expression): boolean {
    const origin = this.origins.resolve(expression);
    return origin.kind === 'external' && (origin.module === 'joi' || origin.module === '@hapi/joi');
  }

  /** `Joi.object({...})` calls of a file with their shapes, outermost first. */
  private joiFindings(file: ts.SourceFile, out: StrictSchema[]): void {
    const reported: ts.Node[] = [];
    walk(file, (node) => {
      if (!ts.isCallExpression(node) || calleeName(node) !== 'object') return;
      const callee = unwrap(node.expression);
      if (!isAccess(callee) || !this.isJoi(callee.expression)) return;
      // The chain the object schema is part of: `Joi.object({...}).keys({...}).unknown(true)`.
      let chainEnd: ts.Expression = node;
      let shape = node.arguments[0] && ts.isObjectLiteralExpression(unwrap(node.arguments[0])) ? (unwrap(node.arguments[0]) as ts.ObjectLiteralExpression) : undefined;
      let allowsUnknown = false;
      for (;;) {
        const parent = chainEnd.parent;
        if (!parent || !isAccess(parent) || parent.expression !== chainEnd || !ts.isCallExpression(parent.parent)) break;
        const method = accessedName(parent);
        const call = parent.parent;
        if (method === 'keys' || method === 'append') {
          const arg = call.arguments[0] && unwrap(call.arguments[0]);
          if (arg && ts.isObjectLiteralExpression(arg)) shape = arg;
        }
        if (method === 'unknown' && (call.arguments.length === 0 || unwrap(call.arguments[0]!).kind === ts.SyntaxKind.TrueKeyword)) allowsUnknown = true;
        if ((method === 'options' || method === 'prefs' || method === 'preferences') && /allowUnknown\s*:\s*true|stripUnknown\s*:\s*true/.test(call.getText())) allowsUnknown = true;
        if (method === 'pattern') allowsUnknown = true;
        chainEnd = call;
      }
      if (allowsUnknown || !shape) return;
      if (reported.some((r) => r.pos <= node.pos && node.end <= r.end)) return;
      if (!this.isLineShape(shape) && !this.withinLineSchema(shape)) return;
      if (this.validatedAllowingUnknown(chainEnd)) return;
      reported.push(node);
      out.push({ node, kind: 'joi-object' });
    });
  }

  /** `schema.validate(x, { allowUnknown: true })` (or `stripUnknown`) wherever the schema is validated. */
  private validatedAllowingUnknown(schema: ts.Expression): boolean {
    const declaration = schema.parent;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return false;
    const name = declaration.name.text;
    let allows = false;
    for (const file of this.project.allFiles()) {
      if (!file.text.includes(name)) continue;
      walk(file.sourceFile, (node) => {
        if (allows || !ts.isCallExpression(node)) return;
        const method = calleeName(node);
        if (method !== 'validate' && method !== 'validateAsync' && method !== 'attempt' && method !== 'assert') return;
        // `schema.validate(x, opts)` or `Joi.attempt(x, schema, opts)`: the schema must be this declaration.
        const callee = unwrap(node.expression);
        const candidates = [...(isAccess(callee) ? [callee.expression] : []), ...node.arguments];
        const same = candidates.some((c) => {
          const value = unwrap(c);
          if (!ts.isIdentifier(value) || value.text !== name) return false;
          const found = this.origins.declarationOf(value);
          return found?.kind === 'variable' && found.node === declaration;
        });
        if (same && /allowUnknown\s*:\s*true|stripUnknown\s*:\s*true/.test(node.getText())) allows = true;
      });
    }
    return allows;
  }

  // ------------------------------------------------------------------ JSON Schema / ajv / TypeBox

  private jsonSchemaFindings(file: ts.SourceFile, excluded: Set<ts.Node>, out: StrictSchema[]): void {
    walk(file, (node) => {
      if (!ts.isPropertyAssignment(node) || propertyNameText(node.name) !== 'additionalProperties') return;
      if (unwrap(node.initializer).kind !== ts.SyntaxKind.FalseKeyword) return;
      const object = node.parent;
      if (!ts.isObjectLiteralExpression(object) || excluded.has(object)) return;
      // JSON Schema: `{ type: 'object', properties: {...}, additionalProperties: false }`
      const properties = propertyInitializer(object, 'properties');
      const propertiesShape = properties && ts.isObjectLiteralExpression(unwrap(properties)) ? (unwrap(properties) as ts.ObjectLiteralExpression) : undefined;
      // TypeBox: `Type.Object({...}, { additionalProperties: false })`
      const call = object.parent;
      const typeboxShape =
        ts.isCallExpression(call) && call.arguments[1] === object && ts.isObjectLiteralExpression(unwrap(call.arguments[0]!)) ? (unwrap(call.arguments[0]!) as ts.ObjectLiteralExpression) : undefined;
      const shape = propertiesShape ?? typeboxShape;
      const isLine = (shape && this.isLineShape(shape)) || this.withinLineSchema(object);
      if (isLine) out.push({ node, kind: 'json-schema' });
    });
  }

  /**
   * Fastify validates route schemas with ajv's `removeAdditional: true`: extra properties are dropped, not
   * rejected, so `additionalProperties: false` there does not break on new fields.
   */
  private fastifyRouteSchemas(): Set<ts.Node> {
    const excluded = new Set<ts.Node>();
    for (const file of this.project.allFiles()) {
      if (!/fastify/i.test(file.text) && !file.package?.dependencies.has('fastify')) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isPropertyAssignment(node) || propertyNameText(node.name) !== 'schema') return;
        const value = this.origins.resolve(node.initializer);
        if (value.kind !== 'expression' || !ts.isObjectLiteralExpression(value.node)) return;
        const body = propertyInitializer(value.node, 'body');
        if (!body) return;
        for (const shape of this.shapesIn(body)) {
          excluded.add(shape);
          walk(shape, (inner) => void excluded.add(inner));
        }
      });
    }
    return excluded;
  }

  // ------------------------------------------------------------------ class-validator on NestJS

  /** `forbidNonWhitelisted: true` of a ValidationPipe that validates a webhook controller's DTO body. */
  private forbidNonWhitelisted(webhooks: readonly Endpoint[], out: StrictSchema[]): void {
    const nestWebhooks = webhooks.filter((e) => e.framework === 'nest' && e.handler && this.hasDtoBody(e.handler));
    if (nestWebhooks.length === 0) return;
    const pipes: { property: ts.Node; scope?: ts.Node }[] = [];
    for (const file of this.project.allFiles()) {
      if (!/forbidNonWhitelisted/.test(file.text)) continue;
      walk(file.sourceFile, (node) => {
        if (!ts.isNewExpression(node) || calleeName(node) !== 'ValidationPipe') return;
        const options = node.arguments?.[0] && this.origins.resolve(node.arguments[0]);
        if (!options || options.kind !== 'expression' || !ts.isObjectLiteralExpression(options.node)) return;
        const property = options.node.properties.find((p) => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'forbidNonWhitelisted' && unwrap(p.initializer).kind === ts.SyntaxKind.TrueKeyword);
        if (!property) return;
        // Where the pipe applies: a decorated class, method or parameter, or the whole app (useGlobalPipes).
        let scope: ts.Node | undefined;
        for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
          if (ts.isDecorator(current)) {
            scope = current.parent;
            break;
          }
          if (ts.isCallExpression(current) && calleeName(current) === 'useGlobalPipes') break;
          if (ts.isSourceFile(current)) break;
        }
        pipes.push({ property, scope });
      });
    }
    for (const { property, scope } of pipes) {
      const applies = nestWebhooks.some((endpoint) => {
        const method = endpoint.handler!;
        if (!scope) return true;
        return scope === method || scope === method.parent || (ts.isParameter(scope) && scope.parent === method);
      });
      if (applies) out.push({ node: property, kind: 'forbid-non-whitelisted' });
    }
  }

  /** The method's `@Body()` parameter is typed with a class of the project (what ValidationPipe validates). */
  private hasDtoBody(method: FunctionLike): boolean {
    return method.parameters.some((param) => {
      if (!nestDecorator(this.origins, param, 'Body') || !param.type || !ts.isTypeReferenceNode(param.type) || !ts.isIdentifier(param.type.typeName)) return false;
      const origin = this.origins.resolve(param.type.typeName);
      return origin.kind === 'function' && ts.isClassLike(origin.node);
    });
  }

  // ------------------------------------------------------------------ all

  strictSchemasIn(file: ts.SourceFile, webhooks: readonly Endpoint[], fastifyExcluded: () => Set<ts.Node>): StrictSchema[] {
    const out: StrictSchema[] = [];
    const text = file.text;
    if (!HINT.test(text)) return out;
    if (/\.strict\s*\(|strictObject/.test(text)) this.zodFindings(file, out);
    if (/\bjoi\b/i.test(text)) this.joiFindings(file, out);
    if (/additionalProperties/.test(text)) this.jsonSchemaFindings(file, fastifyExcluded(), out);
    if (/switch\s*\(/.test(text)) {
      walk(file, (node) => {
        if (!ts.isSwitchStatement(node)) return;
        const typeSwitch = lineTypeSwitch(node);
        if (!typeSwitch?.defaultClause) return;
        if (failingDefault(this.origins, typeSwitch.defaultClause)) out.push({ node: typeSwitch.defaultClause, kind: 'failing-default', switchKind: typeSwitch.kind });
      });
    }
    void webhooks;
    return out;
  }

  /** Project-wide findings that depend on endpoints (class-validator pipes). */
  projectFindings(webhooks: readonly Endpoint[]): StrictSchema[] {
    const out: StrictSchema[] = [];
    this.forbidNonWhitelisted(webhooks, out);
    return out;
  }

  fastifyExclusions(): Set<ts.Node> {
    return this.fastifyRouteSchemas();
  }
}
