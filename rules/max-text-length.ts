import { ts, unwrap, propertyNameText } from '../src/project/ast.js';
import { defineRule, type ReportedSuggestion } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { ALT_TEXT_MAX_LENGTH, ALT_TEXT_MESSAGE_TYPES, TEXT_MAX_LENGTH, TEXT_MESSAGE_TYPES } from '../src/platform/limits.js';
import { ensureRuntimeImport, replaceNode } from '../src/engine/fixes.js';
import { sendingFacts, type SendingFacts } from '../src/analysis/sending.js';
import type { Bindings, ParameterRef } from '../src/analysis/values.js';
import type { TextBound } from '../src/analysis/text-origin.js';

interface TextProblem {
  /** Where the finding goes: the `text`/`altText` property, or the call that passes the string. */
  node: ts.Node;
  /** The value to wrap in `truncateText(...)`. */
  value: ts.Expression;
  messageId: 'tooLong' | 'unbounded';
  field: string;
  limit: number;
  length?: number;
  what?: string;
}

const MAX_EXPANSION = 3;

function problems(s: SendingFacts): TextProblem[] {
  const found = new Map<string, TextProblem>();
  const add = (p: TextProblem): void => {
    const key = `${p.node.getSourceFile().fileName}:${p.node.pos}:${p.messageId}`;
    if (!found.has(key)) found.set(key, p);
  };

  /** Judge `value` (read with `bindings`) reported at `node`; parameters left open are judged at their call sites. */
  const judge = (node: ts.Node, value: ts.Expression, bindings: Bindings | undefined, field: string, limit: number, depth: number, extraMin = 0): void => {
    const bound: TextBound = s.texts.bound(value, limit, bindings);
    const min = bound.min + extraMin;
    if (min > limit) {
      add({ node, value, messageId: 'tooLong', field, limit, length: min });
      return;
    }
    if (bound.unbounded) {
      add({ node, value, messageId: 'unbounded', field, limit, what: bound.unbounded.what });
      return;
    }
    if (depth >= MAX_EXPANSION) return;
    for (const ref of bound.params) judgeParameter(ref, field, limit, depth, min);
  };

  const judgeParameter = (ref: ParameterRef, field: string, limit: number, depth: number, extraMin: number): void => {
    const index = ref.fn.parameters.indexOf(ref.param);
    for (const site of s.model.callSites(ref.fn).slice(0, 12)) {
      let arg = site.arguments?.[index];
      if (!arg || ts.isSpreadElement(arg)) continue;
      let argBindings: Bindings | undefined;
      for (const key of ref.path) {
        const prop = s.values.property(arg, key, argBindings);
        if (!prop) {
          arg = undefined;
          break;
        }
        arg = prop.value;
        argBindings = prop.bindings;
      }
      if (arg) judge(site, arg, argBindings, field, limit, depth + 1, extraMin);
    }
  };

  for (const call of s.model.sends()) {
    if (call.messages) {
      for (const object of s.messages.objects(call.messages, call.bindings)) {
        const typeProp = s.values.property(object.node, 'type', object.bindings);
        const type = typeProp ? s.model.origins.staticString(typeProp.value) : undefined;
        if (!type) continue;
        const field = TEXT_MESSAGE_TYPES.has(type) ? 'text' : ALT_TEXT_MESSAGE_TYPES.has(type) ? 'altText' : undefined;
        if (!field) continue;
        const limit = field === 'text' ? TEXT_MAX_LENGTH : ALT_TEXT_MAX_LENGTH;
        const prop = object.node.properties.find((p) => p.name && propertyNameText(p.name) === field);
        if (!prop || (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop))) continue;
        const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
        // A helper that wraps a string (`textMessage(answer)`): judge each call that passes the string.
        const local = s.texts.bound(value, limit, undefined);
        const boundParams = local.params.filter((ref) => bindingFor(object.bindings, ref));
        if (object.bindings && boundParams.length > 0 && !local.unbounded && local.min <= limit) {
          // Judge the argument of the helper call that built this object, and report there.
          const helper = object.bindings;
          for (const ref of boundParams) {
            if (ref.fn !== helper.fn) continue;
            let arg = helper.call.arguments?.[ref.fn.parameters.indexOf(ref.param)];
            let argBindings = helper.parent;
            for (const key of ref.path) {
              const prop = arg ? s.values.property(arg, key, argBindings) : undefined;
              arg = prop?.value;
              argBindings = prop?.bindings;
            }
            if (arg && !ts.isSpreadElement(arg)) judge(helper.call, arg, argBindings, field, limit, 1, local.min);
          }
          continue;
        }
        judge(prop, value, object.bindings, field, limit, 0);
      }
    }
    if (call.bareText) judge(call.node, call.bareText, call.bindings, 'text', TEXT_MAX_LENGTH, 0);
    if (call.altText) judge(call.node, call.altText, call.bindings, 'altText', ALT_TEXT_MAX_LENGTH, 0);
  }
  return [...found.values()];
}

function bindingFor(bindings: Bindings | undefined, ref: ParameterRef): boolean {
  for (let b = bindings; b; b = b.parent) if (b.fn === ref.fn) return true;
  return false;
}

function suggestion(problem: TextProblem): ReportedSuggestion[] {
  const sourceFile = problem.node.getSourceFile();
  if (problem.value.getSourceFile() !== sourceFile) return [];
  const { edits, local } = ensureRuntimeImport(sourceFile, 'truncateText');
  const text = unwrap(problem.value).getText(sourceFile);
  const limitArg = problem.limit === TEXT_MAX_LENGTH ? '' : `, ${problem.limit}`;
  // `{ text }` (shorthand) becomes `{ text: truncateText(text) }`.
  const parent = problem.value.parent;
  const target = parent && ts.isShorthandPropertyAssignment(parent) ? parent : problem.value;
  const replacement = target === problem.value ? `${local}(${text}${limitArg})` : `${text}: ${local}(${text}${limitArg})`;
  return [{ messageId: 'truncate', edits: [...edits, replaceNode(target, replacement)] }];
}

export default defineRule({
  meta: {
    id: 'max-text-length',
    description: 'Enforce LINE\'s text limits: 5000 UTF-16 code units for text messages and 1500 for altText, and a guard on text of unbounded origin',
    category: 'reliability',
    recommended: 'error',
    guideline: guidelineRef('request-limits'),
    auditItems: ['request-limits'],
    precision: 'high',
    tags: ['reliability'],
    runtimeHelper: 'truncateText',
    hasSuggestions: true,
    messages: {
      tooLong:
        'This {{field}} is at least {{length}} UTF-16 code units long; LINE accepts at most {{limit}} and rejects the whole request. Shorten it, or split it over several messages (splitText from line-bot-guard/runtime).',
      unbounded:
        'This {{field}} comes from {{what}} with no length limit on the way. LINE rejects a {{field}} over {{limit}} UTF-16 code units, so a long answer makes the send fail. Truncate or split it first (truncateText / splitText from line-bot-guard/runtime).',
      truncate: 'Wrap the value in truncateText(...) from line-bot-guard/runtime',
    },
  },
  check({ facts, report, inFile }) {
    const s = sendingFacts(facts);
    for (const problem of facts.shared('max-text-length', () => problems(s))) {
      if (!inFile(problem.node)) continue;
      report({
        node: problem.node,
        messageId: problem.messageId,
        data: { field: problem.field, limit: problem.limit, length: problem.length ?? 0, what: problem.what ?? '' },
        severity: problem.messageId === 'unbounded' ? 'warning' : undefined,
        suggestions: suggestion(problem),
      });
    }
  },
});
