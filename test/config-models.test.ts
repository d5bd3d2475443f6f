/**
 * Models from the configuration reach the analysis: configuration file → engine options → ProjectFacts →
 * the signature analysis and the send-call model; and `isModelledFunction` names exactly what a model names.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { checkOptionsFrom, loadConfig } from '../src/config/index.js';
import { sharedSendCalls } from '../src/analysis/send-calls.js';
import { runCheck } from '../src/engine/run.js';
import { isModelledFunction, unresolvedModels } from '../src/analysis/models.js';
import { ts, walk } from '../src/project/ast.js';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbg-models-'));
  for (const [name, text] of Object.entries({ 'package.json': '{"name":"bot","type":"module","dependencies":{"@acme/line-kit":"^2.0.0"}}', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const LINE = `import { pushWithKit, verify } from '@acme/line-kit';
export function sendLine(to, messages, retryKey) {
  return pushWithKit({ to, messages, retryKey });
}
export const line = { verify: (body, signature) => verify(body, signature) };
export default function replyLine(token, messages) {
  return pushWithKit({ token, messages });
}
`;

const APP = `import { randomUUID } from 'node:crypto';
import replyLine, { sendLine as send, line } from './line.js';
export async function notify(userId) {
  await send(userId, [{ type: 'text', text: 'Your order shipped.' }], randomUUID());
  await send(userId, [{ type: 'text', text: 'Thanks!' }]);
  await replyLine('token', []);
  return line.verify('body', 'sig');
}
`;

const CONFIG = {
  models: {
    sendCalls: [
      { file: 'src/line.js', export: 'sendLine', endpoint: 'push', retryKeyArgument: 2, messagesArgument: 1 },
      { file: 'src/line.js', export: 'default', endpoint: 'reply', messagesArgument: 1 },
    ],
    signatureVerifiers: [{ file: 'src/line.js', export: 'line.verify' }],
  },
};

describe('models from the configuration', () => {
  it('sendCalls: calls of a modelled wrapper become send calls with their endpoint, messages and retry key', () => {
    const root = project({ 'src/line.js': LINE, 'src/app.js': APP, 'line-bot-guard.config.json': JSON.stringify(CONFIG) });
    const { analyzer } = runCheck(root, RULES, checkOptionsFrom(loadConfig(root, { cwd: root })));
    const sends = sharedSendCalls(analyzer.facts).sends().filter((c) => c.via === 'model');
    expect(sends.map((c) => `${c.node.getText().split('(')[0]} ${c.kind} messages=${c.messages?.getText().slice(0, 8) ?? '-'} key=${c.retryKey?.value.getText() ?? '-'}`)).toEqual([
      'send push messages=[{ type: key=randomUUID()',
      'send push messages=[{ type: key=-',
      'replyLine reply messages=[] key=-',
    ]);
  });

  it('isModelledFunction: by import alias, default export and dotted export path; nothing else', () => {
    const root = project({ 'src/line.js': LINE, 'src/app.js': APP, 'line-bot-guard.config.json': JSON.stringify(CONFIG) });
    const { analyzer } = runCheck(root, RULES, checkOptionsFrom(loadConfig(root, { cwd: root })));
    const origins = analyzer.facts.origins;
    const sourceFile = analyzer.project.getFile(path.join(root, 'src/app.js'))!.sourceFile;
    const found: string[] = [];
    walk(sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      const send = isModelledFunction(origins, node, 'sendCalls');
      const verifier = isModelledFunction(origins, node, 'signatureVerifiers');
      found.push(`${node.expression.getText()}: ${send ? `send ${send.endpoint}` : verifier ? `verifier ${verifier.export}` : 'no'}`);
    });
    expect(found).toEqual(['send: send push', 'randomUUID: no', 'send: send push', 'replyLine: send reply', 'line.verify: verifier line.verify']);
    expect(unresolvedModels(origins)).toEqual([]);
  });

  it('without models nothing is modelled, and a model naming no function is listed as unresolved', () => {
    const root = project({ 'src/line.js': LINE, 'src/app.js': APP });
    const { analyzer } = runCheck(root, RULES, {});
    const calls: ts.CallExpression[] = [];
    walk(analyzer.project.getFile(path.join(root, 'src/app.js'))!.sourceFile, (node) => void (ts.isCallExpression(node) && calls.push(node)));
    expect(calls).toHaveLength(5);
    expect(calls.some((call) => isModelledFunction(analyzer.facts.origins, call, 'sendCalls'))).toBe(false);

    const broken = runCheck(root, RULES, { models: { sendCalls: [{ file: 'src/line.js', export: 'sendLINE', endpoint: 'push' }, { file: 'src/none.js', export: 'x', endpoint: 'push' }] } });
    expect(unresolvedModels(broken.analyzer.facts.origins).map((u) => `${u.kind}[${u.index}] ${u.reason}`)).toEqual([
      'sendCalls[0] src/line.js has no exported function sendLINE',
      'sendCalls[1] src/none.js is not a source file of the project',
    ]);
  });
});
