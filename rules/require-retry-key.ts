import { ts, unwrap } from '../src/project/ast.js';
import { defineRule, type ReportedSuggestion } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { RETRY_KEY_HEADER, RETRY_KEY_SINCE_MAJOR } from '../src/platform/sdk.js';
import { RETRY_KEY_KINDS } from '../src/platform/endpoints.js';
import { ensureRuntimeImport, replaceNode } from '../src/engine/fixes.js';
import { sendingFacts, type SendingFacts } from '../src/analysis/sending.js';
import { uuidExpression } from '../src/analysis/retry.js';
import type { LineCall } from '../src/analysis/send-calls.js';

function suggestions(call: LineCall, s: SendingFacts): ReportedSuggestion[] {
  const node = call.node;
  if (!ts.isCallExpression(node) || s.retry.perAttempt(node)) return [];
  const sourceFile = node.getSourceFile();
  const uuid = uuidExpression(sourceFile, s.model.origins);
  const result: ReportedSuggestion[] = [];
  if (call.via === 'sdk' && !call.legacy && node.arguments.length === 1 && !call.inner) {
    const request = node.arguments[0]!;
    if (uuid) result.push({ messageId: 'addRetryKey', edits: [{ start: request.getEnd(), end: request.getEnd(), text: `, ${uuid}` }] });
    const { edits, local } = ensureRuntimeImport(sourceFile, 'sendWithRetry');
    const callee = node.expression.getText(sourceFile);
    const text = `${local}((retryKey) => ${callee}(${request.getText(sourceFile)}, retryKey))`;
    result.push({ messageId: 'wrapInSendWithRetry', edits: [...edits, replaceNode(node, text)] });
  }
  if (call.via === 'http' && !call.inner && uuid) {
    // An inline `headers: { ... }` object of the call itself.
    for (const arg of node.arguments) {
      const headers = s.values.property(arg, 'headers');
      const object = headers && unwrap(headers.value);
      if (!object || !ts.isObjectLiteralExpression(object) || object.getSourceFile() !== sourceFile) continue;
      const first = object.properties[0];
      const edit = first
        ? { start: first.getStart(sourceFile), end: first.getStart(sourceFile), text: `'${RETRY_KEY_HEADER}': ${uuid}, ` }
        : replaceNode(object, `{ '${RETRY_KEY_HEADER}': ${uuid} }`);
      result.push({ messageId: 'addRetryKeyHeader', edits: [edit] });
      break;
    }
  }
  return result;
}

export default defineRule({
  meta: {
    id: 'require-retry-key',
    description: 'Require push, multicast, narrowcast and broadcast requests to carry an X-Line-Retry-Key so they can be retried safely',
    category: 'reliability',
    recommended: 'warning',
    guideline: guidelineRef('retry-key'),
    auditItems: ['retry-key'],
    precision: 'high',
    tags: ['reliability'],
    runtimeHelper: 'sendWithRetry',
    hasSuggestions: true,
    messages: {
      missing:
        'This {{kind}} is sent without a retry key. If the request times out, retrying it can deliver the messages twice. Create one UUID per send and pass it as the 2nd argument (or use sendWithRetry from line-bot-guard/runtime).',
      missingHeader:
        'This {{kind}} request has no X-Line-Retry-Key header. If it times out, retrying it can deliver the messages twice. Send one UUID per logical send in X-Line-Retry-Key and reuse it for every retry (sendWithRetry from line-bot-guard/runtime does this).',
      missingLegacy:
        "This {{kind}} through the legacy Client is sent without a retry key. Call client.setRequestOptionOnce({ retryKey }) right before it, or better, move to messagingApi.MessagingApiClient and pass the key as the 2nd argument.",
      upgradeSdk:
        '@line/bot-sdk {{major}} cannot send X-Line-Retry-Key, so this {{kind}} can never be retried safely. Upgrade the SDK (v8+ MessagingApiClient takes the key as the 2nd argument).',
      libraryCannot:
        '{{library}} cannot send X-Line-Retry-Key, so this {{kind}} can never be retried safely. Send pushes with @line/bot-sdk (MessagingApiClient) or fetch with the header instead.',
      missingInWrapper:
        'This call passes no retry key to {{callee}}, so the {{kind}} inside goes out without X-Line-Retry-Key. Pass one UUID per send.',
      addRetryKey: 'Pass a new UUID as the retry key',
      addRetryKeyHeader: 'Add an X-Line-Retry-Key header with a new UUID',
      wrapInSendWithRetry: 'Send through sendWithRetry from line-bot-guard/runtime (one key per send, reused by every retry)',
    },
  },
  check({ file, facts, report, inFile }) {
    const s = sendingFacts(facts);
    for (const call of s.model.inFile(file)) {
      if (!call.kind || !RETRY_KEY_KINDS.has(call.kind)) continue;
      const kind = call.kind;
      if (call.retryKey || call.retryKeyUnknown) continue;
      if (call.noRetryKeySupport) {
        report({ node: call.node, messageId: 'libraryCannot', data: { library: call.via, kind } });
      } else if (call.via === 'sdk' && call.legacy && call.sdkMajor !== undefined && call.sdkMajor < RETRY_KEY_SINCE_MAJOR) {
        report({ node: call.node, messageId: 'upgradeSdk', data: { major: `v${call.sdkMajor}`, kind } });
      } else if (call.via === 'sdk' && call.legacy) {
        report({ node: call.node, messageId: 'missingLegacy', data: { kind } });
      } else {
        report({ node: call.node, messageId: call.via === 'http' ? 'missingHeader' : 'missing', data: { kind }, suggestions: suggestions(call, s) });
      }
    }
    // A wrapper that takes the key as a parameter, called without one.
    const unkeyed = facts.shared('require-retry-key:wrappers', () =>
      s.model.sends().flatMap((site) =>
        site.kind && RETRY_KEY_KINDS.has(site.kind) && site.retryKey ? s.retry.callersWithoutKey(site).map((caller) => ({ caller, kind: site.kind! })) : [],
      ),
    );
    for (const { caller, kind } of unkeyed) {
      if (inFile(caller)) report({ node: caller, messageId: 'missingInWrapper', data: { callee: caller.expression.getText(), kind } });
    }
  },
});
