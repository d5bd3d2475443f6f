/**
 * Models of a team's own wrappers, from configuration (`models` in line-bot-guard.config.json or ESLint
 * `settings['line-bot'].models`): functions the analysis should treat as a LINE signature verifier or a
 * LINE send call even when it cannot see through them (they delegate to an in-house library, use an
 * unusual crypto API, ...).
 *
 * A model names a function by the project file that exports it and the export name (`default`, a name,
 * or a dotted path into an exported object: `line.verify`). The analysis layers ask
 * `isModelledFunction(origins, fnOrCall, kind)`; the models of a run are attached to its OriginService
 * once, by ProjectFacts.
 */
import path from 'node:path';
import { ts, unwrap, type FunctionLike } from '../project/ast.js';
import type { Origin, OriginService } from '../project/origin.js';

/** A function of the project named by file and export. */
export interface ModelTarget {
  /** Path of the file that exports it, relative to the project root (`src/line.ts`). */
  file: string;
  /** Export name, `default`, or a dotted path into an exported object (`line.verify`). */
  export: string;
}

export interface SignatureVerifierModel extends ModelTarget {
  /**
   * How the verifier reports a bad signature: `returns-false` (default; the caller must reject the
   * request when it returns false) or `throws`.
   */
  onFailure?: 'returns-false' | 'throws';
}

/** The LINE Messaging API send endpoints a wrapper may stand for. */
export const SEND_ENDPOINTS = ['reply', 'push', 'multicast', 'narrowcast', 'broadcast'] as const;
export type SendEndpoint = (typeof SEND_ENDPOINTS)[number];

export interface SendCallModel extends ModelTarget {
  /** The endpoint every call of the wrapper sends through. */
  endpoint: SendEndpoint;
  /** 0-based index of the argument that carries the retry key (X-Line-Retry-Key), if the wrapper takes one. */
  retryKeyArgument?: number;
  /** 0-based index of the argument that carries the message array (or one message), if any. */
  messagesArgument?: number;
}

export interface Models {
  signatureVerifiers?: SignatureVerifierModel[];
  sendCalls?: SendCallModel[];
}

export type ModelKind = keyof Models;
export type ModelOf<K extends ModelKind> = NonNullable<Models[K]>[number];

/** A model whose target could not be found in the project. */
export interface UnresolvedModel {
  kind: ModelKind;
  index: number;
  model: ModelTarget;
  reason: string;
}

interface ResolvedModel<K extends ModelKind> {
  model: ModelOf<K>;
  /** The function node the model names. */
  node: ts.Node;
}

interface ModelIndex {
  models: Models;
  resolved?: { [K in ModelKind]: ResolvedModel<K>[] };
  unresolved?: UnresolvedModel[];
}

const attached = new WeakMap<OriginService, ModelIndex>();

/** Makes `models` the models of the run that owns `origins` (called once per run by ProjectFacts). */
export function attachModels(origins: OriginService, models: Models | undefined): void {
  if (models && ((models.signatureVerifiers?.length ?? 0) > 0 || (models.sendCalls?.length ?? 0) > 0)) {
    attached.set(origins, { models });
  } else {
    attached.delete(origins);
  }
}

/** True when a run has any model of `kind` (a cheap test before walking). */
export function hasModels(origins: OriginService, kind: ModelKind): boolean {
  return (attached.get(origins)?.models[kind]?.length ?? 0) > 0;
}

function functionNodeOf(origin: Origin): ts.Node | undefined {
  if (origin.kind === 'function') return origin.node;
  if (origin.kind === 'expression') return origin.node;
  return undefined;
}

function isCallable(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isClassExpression(node)
  );
}

/** The export's origin: `file` relative to the project root, `name` possibly dotted. */
function resolveTarget(origins: OriginService, target: ModelTarget): { node?: ts.Node; reason?: string } {
  const root = origins.project.root;
  const absolute = path.resolve(root, target.file);
  let file = origins.project.getFile(absolute) ? absolute : undefined;
  // `src/line` or `src/line.js` for a TypeScript source: resolve it like an import from the root.
  file ??= origins.project.resolveSpecifier(path.join(root, '__line-bot-guard__.ts'), './' + target.file.replace(/^\.\//, ''));
  if (!file || !origins.project.getFile(file)) return { reason: `${target.file} is not a source file of the project` };
  const [first, ...rest] = target.export.split('.');
  let origin = origins.exportOf(file, first!);
  for (const key of rest) origin = origins.member(origin, key);
  const node = functionNodeOf(origin);
  // A function, or a value a factory made (`export const lineGuard = createGuard(...)`).
  if (!node || !(isCallable(node) || ts.isCallExpression(node) || ts.isNewExpression(node))) {
    return { reason: `${target.file} has no exported function ${target.export}` };
  }
  return { node };
}

function index(origins: OriginService): ModelIndex | undefined {
  const entry = attached.get(origins);
  if (!entry || entry.resolved) return entry;
  const resolved = { signatureVerifiers: [], sendCalls: [] } as NonNullable<ModelIndex['resolved']>;
  const unresolved: UnresolvedModel[] = [];
  for (const kind of ['signatureVerifiers', 'sendCalls'] as const) {
    (entry.models[kind] ?? []).forEach((model, i) => {
      const { node, reason } = resolveTarget(origins, model);
      if (node) (resolved[kind] as ResolvedModel<typeof kind>[]).push({ model, node } as ResolvedModel<typeof kind>);
      else unresolved.push({ kind, index: i, model, reason: reason! });
    });
  }
  entry.resolved = resolved;
  entry.unresolved = unresolved;
  return entry;
}

/** Models of the run that name nothing in the project (for a configuration error). */
export function unresolvedModels(origins: OriginService): UnresolvedModel[] {
  return index(origins)?.unresolved ?? [];
}

/**
 * The model of `kind` that `fnOrCall` is: a function node the model names, or a call (or `new`) whose
 * callee resolves to one. Undefined when it is not modelled.
 */
export function isModelledFunction<K extends ModelKind>(
  origins: OriginService,
  fnOrCall: FunctionLike | ts.ClassDeclaration | ts.CallExpression | ts.NewExpression | ts.Expression,
  kind: K,
): ModelOf<K> | undefined {
  if (!hasModels(origins, kind)) return undefined;
  const models = index(origins)!.resolved![kind] as ResolvedModel<K>[];
  if (models.length === 0) return undefined;
  let node: ts.Node | undefined = fnOrCall;
  if (ts.isCallExpression(fnOrCall) || ts.isNewExpression(fnOrCall)) {
    node = functionNodeOf(origins.resolve(fnOrCall.expression));
  } else if (!isCallable(fnOrCall)) {
    node = functionNodeOf(origins.resolve(unwrap(fnOrCall as ts.Expression)));
  }
  if (!node) return undefined;
  return models.find((entry) => entry.node === node)?.model;
}
