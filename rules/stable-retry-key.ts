import { defineRule } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { RETRY_KEY_KINDS } from '../src/platform/endpoints.js';
import { LEGACY_REMOVED_IN_MAJOR, RETRY_KEY_SINCE_MAJOR } from '../src/platform/sdk.js';
import { sendingFacts, type SendingFacts } from '../src/analysis/sending.js';
import { isModuleLevel, type KeyKind } from '../src/analysis/retry.js';
import { ts } from '../src/project/ast.js';

const NOT_UUID: Partial<Record<KeyKind, string>> = {
  literal: 'a fixed text',
  timestamp: 'a timestamp',
  random: 'a random value that is not a UUID',
  'user-id': 'the user ID',
  composite: 'text built around other values',
};

const HOW: Record<string, string> = {
  wrapper: 'the retry wrapper calls it again for every attempt',
  loop: 'the retry loop runs it again for every attempt',
  recursion: 'the function calls itself to retry and makes a new key each time',
  interceptor: 'axios-retry runs the request interceptor again for every attempt',
};

interface KeyProblem {
  node: ts.Node;
  messageId: string;
  data?: Record<string, string>;
}

function problems(s: SendingFacts): KeyProblem[] {
  const found: KeyProblem[] = [];
  const reported = new Set<string>();
  const once = (node: ts.Node, messageId: string, data?: Record<string, string>): void => {
    const key = `${node.getSourceFile().fileName}:${node.pos}:${node.end}:${messageId}`;
    if (reported.has(key)) return;
    reported.add(key);
    found.push({ node, messageId, data });
  };
  for (const call of s.model.all()) {
    const key = call.retryKey;
    if (!key || !call.kind) continue;
    if (!RETRY_KEY_KINDS.has(call.kind)) {
      if (call.via === 'http') once(call.node, 'refused', { kind: call.kind });
      else if (call.via === 'sdk' && call.requestOption && call.kind !== 'other') once(call.requestOption, 'leaksToNextSend', { kind: call.kind });
      continue;
    }
    if (key.via === 'interceptor') {
      const target = call.inner ?? call.node;
      const creation = call.http && ts.isCallExpression(target) ? s.model.instanceCreation(target) : undefined;
      if (creation && s.retry.axiosRetryOn(creation)) once(key.node, 'perAttempt', { how: HOW.interceptor! });
      continue;
    }
    for (const origin of s.retry.originsOf(key)) {
      const at = origin.via[0] ?? call.node;
      const notUuid = NOT_UUID[origin.kind];
      if (notUuid) {
        once(at, 'notUuid', { what: notUuid });
        continue;
      }
      if (origin.kind === 'uuid-literal' || (origin.kind === 'uuid' && origin.node && isModuleLevel(origin.node))) {
        once(at, 'shared');
        continue;
      }
      if ((origin.kind === 'uuid' || origin.kind === 'name-uuid') && origin.node) {
        const perAttempt = s.retry.perAttempt(origin.node);
        if (perAttempt && !s.retry.isRuntimeGenerated(origin.node)) once(at, 'perAttempt', { how: HOW[perAttempt.how]! });
      }
    }
    if (call.requestOption && call.client?.shared && call.sdkMajor !== undefined && call.sdkMajor >= RETRY_KEY_SINCE_MAJOR && call.sdkMajor < LEGACY_REMOVED_IN_MAJOR) {
      once(call.node, 'sharedClientOption');
    }
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'stable-retry-key',
    description: 'Require one UUID retry key per logical send, reused by every retry of it and sent only where LINE accepts it',
    category: 'reliability',
    recommended: 'error',
    guideline: guidelineRef('retry-key'),
    auditItems: ['retry-key'],
    precision: 'high',
    tags: ['reliability'],
    runtimeHelper: 'sendWithRetry',
    messages: {
      perAttempt:
        'The retry key is made anew for every attempt ({{how}}), so LINE sees each retry as a new request and can deliver the messages twice. Create the key once, before the first attempt, and reuse it (sendWithRetry from line-bot-guard/runtime does this).',
      shared:
        'This retry key is created once and reused by different sends. LINE accepts a key once per 24 hours: every later send with it gets 409 and is dropped. Create one UUID per logical send.',
      notUuid:
        'The retry key is {{what}}, not a UUID. LINE expects a UUID (e.g. crypto.randomUUID()) per logical send and rejects other values.',
      refused:
        "X-Line-Retry-Key is sent to the {{kind}} endpoint, which refuses it with 400. Only push, multicast, narrowcast and broadcast accept a retry key.",
      leaksToNextSend:
        'setRequestOptionOnce sets a retry key before a {{kind}}, which does not use it: the key stays on the client and goes out with the next push or multicast. Set it right before the push it belongs to.',
      sharedClientOption:
        'setRequestOptionOnce stores the retry key on a client shared by the whole module, so concurrent sends can take each other\'s key. Create the client per send, or use MessagingApiClient and pass the key as the 2nd argument.',
    },
  },
  check({ facts, report, inFile }) {
    for (const problem of facts.shared('stable-retry-key', () => problems(sendingFacts(facts)))) {
      if (inFile(problem.node)) report({ node: problem.node, messageId: problem.messageId, data: problem.data });
    }
  },
});
