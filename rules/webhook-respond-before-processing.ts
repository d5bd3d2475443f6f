import { ts, unwrap } from '../src/project/ast.js';
import { defineRule, type ReportedSuggestion } from '../src/engine/rule.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { ResponseAnalysis, waitUntilTarget, type ResponseAssessment } from '../src/analysis/response.js';
import type { HostPlatform } from '../src/frameworks/types.js';
import type { TextEdit } from '../src/engine/types.js';
import type { ProjectFacts } from '../src/engine/facts.js';

/** What to do instead on each serverless platform, where work after the answer may be frozen or killed. */
const SERVERLESS_ADVICE: Partial<Record<HostPlatform, { platform: string; advice: string }>> = {
  lambda: {
    platform: 'AWS Lambda',
    advice: "put the events on a queue (SQS, EventBridge) or invoke a worker asynchronously (InvocationType: 'Event'), then return 200",
  },
  firebase: { platform: 'Cloud Functions for Firebase', advice: 'publish the events to Pub/Sub or Cloud Tasks and answer 200 at once' },
  'cloud-functions': { platform: 'Google Cloud Functions', advice: 'publish the events to Pub/Sub or Cloud Tasks and answer 200 at once' },
  workers: { platform: 'Cloudflare Workers', advice: 'hand the processing to ctx.waitUntil() (or a Queue) and return the Response at once' },
  'pages-functions': { platform: 'Cloudflare Pages Functions', advice: 'hand the processing to context.waitUntil() (or a Queue) and return the Response at once' },
  next: { platform: 'Next.js on Vercel', advice: "run the processing in after() from 'next/server' (or a queue) and return the Response at once" },
  vercel: { platform: 'Vercel Functions', advice: "hand the processing to waitUntil() from '@vercel/functions' (or a queue) and answer at once" },
  deno: { platform: 'Deno Deploy', advice: 'enqueue the events (Deno KV kv.enqueue() with kv.listenQueue()) and return the Response at once' },
  supabase: { platform: 'Supabase Edge Functions', advice: 'hand the processing to EdgeRuntime.waitUntil() (or a queue) and return the Response at once' },
};

function assessments(facts: ProjectFacts): ResponseAssessment[] {
  return facts.shared('webhook-response-assessments', () => {
    const analysis = facts.shared('response-analysis', () => new ResponseAnalysis(facts.origins));
    return facts.webhookEndpoints().map((endpoint) => analysis.assess(endpoint));
  });
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The statement of `block` that contains `node`. */
function statementIn(node: ts.Node, block: ts.Node): ts.Statement | undefined {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (current.parent === block) return current as ts.Statement;
  }
  return undefined;
}

/** Move a standalone success answer (`res.sendStatus(200);`) above the statement that waits for processing. */
function answerFirst(assessment: ResponseAssessment): ReportedSuggestion | undefined {
  const answer = assessment.answerNode;
  const work = assessment.processing;
  if (!answer || !work || assessment.answer !== 'respond-call' || !ts.isCallExpression(answer) || !ts.isExpressionStatement(answer.parent)) return undefined;
  const answerStatement = answer.parent;
  if (!ts.isBlock(answerStatement.parent)) return undefined;
  const block = answerStatement.parent;
  const workStatement = statementIn(work, block);
  if (!workStatement) return undefined;
  const from = block.statements.indexOf(workStatement);
  const to = block.statements.indexOf(answerStatement);
  if (from < 0 || to <= from) return undefined;
  // The answer must not use anything computed by the processing it would now precede.
  const declared = new Set<string>();
  for (const statement of block.statements.slice(from, to)) {
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) declared.add(decl.name.getText());
    }
  }
  let usesResult = false;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && declared.has(node.text)) usesResult = true;
    ts.forEachChild(node, visit);
  };
  visit(answer);
  if (usesResult) return undefined;
  const sf = answer.getSourceFile();
  const text = sf.text;
  const removeStart = lineStart(text, answerStatement.getStart(sf));
  const newline = text.indexOf('\n', answerStatement.getEnd());
  const removeEnd = newline < 0 ? answerStatement.getEnd() : newline + 1;
  if (text.slice(removeStart, answerStatement.getStart(sf)).trim() !== '' || (newline >= 0 && text.slice(answerStatement.getEnd(), newline).trim() !== '')) return undefined;
  const insertAt = lineStart(text, workStatement.getStart(sf));
  const indent = text.slice(insertAt, workStatement.getStart(sf));
  if (indent.trim() !== '') return undefined;
  const edits: TextEdit[] = [
    { start: insertAt, end: insertAt, text: indent + answerStatement.getText(sf) + '\n' },
    { start: removeStart, end: removeEnd, text: '' },
  ];
  return { messageId: 'answerFirst', edits };
}

/** `await work;` → `ctx.waitUntil(work);` on Workers, Pages Functions and Hono on Workers. */
function useWaitUntil(assessment: ResponseAssessment): ReportedSuggestion | undefined {
  const work = assessment.processing;
  const target = waitUntilTarget(assessment.endpoint);
  if (!target || !work || !ts.isAwaitExpression(work) || !ts.isExpressionStatement(work.parent)) return undefined;
  const sf = work.getSourceFile();
  return {
    messageId: 'useWaitUntil',
    edits: [{ start: work.parent.getStart(sf), end: work.parent.getEnd(), text: `${target}.waitUntil(${unwrap(work.expression).getText(sf)});` }],
  };
}

/** `await work;` → `after(() => work);` in a Next.js route handler, importing `after` from next/server. */
function useAfter(assessment: ResponseAssessment): ReportedSuggestion | undefined {
  const work = assessment.processing;
  if (assessment.endpoint.framework !== 'next-app' || !work || !ts.isAwaitExpression(work) || !ts.isExpressionStatement(work.parent)) return undefined;
  const sf = work.getSourceFile();
  const edits: TextEdit[] = [];
  let local = 'after';
  let anchor: ts.Statement | undefined;
  let hasImport = false;
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    anchor = statement;
    if (!ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== 'next/server') continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && !statement.importClause?.isTypeOnly) {
      const existing = bindings.elements.find((e) => (e.propertyName ?? e.name).text === 'after');
      if (existing) local = existing.name.text;
      else if (bindings.elements.length > 0) edits.push({ start: bindings.elements[bindings.elements.length - 1]!.getEnd(), end: bindings.elements[bindings.elements.length - 1]!.getEnd(), text: ', after' });
      else continue;
      hasImport = true;
      break;
    }
  }
  if (!hasImport) {
    const at = anchor ? anchor.getEnd() : 0;
    edits.push({ start: at, end: at, text: anchor ? "\nimport { after } from 'next/server';" : "import { after } from 'next/server';\n" });
  }
  edits.push({ start: work.parent.getStart(sf), end: work.parent.getEnd(), text: `${local}(() => ${unwrap(work.expression).getText(sf)});` });
  return { messageId: 'useAfter', edits };
}

export default defineRule({
  meta: {
    id: 'webhook-respond-before-processing',
    description: 'Require LINE webhook handlers to answer 200 before processing the events',
    category: 'reliability',
    recommended: 'warning',
    guideline: guidelineRef('webhook-processing-flow'),
    auditItems: ['webhook-processing-flow'],
    precision: 'high',
    tags: ['reliability', 'performance'],
    runtimeHelper: 'createWebhookHandler',
    hasSuggestions: true,
    messages: {
      processedBeforeAnswer:
        'This LINE webhook handler waits for event processing before it answers. LINE expects a 200 within 2 seconds and counts slower answers as request_timeout errors (and may redeliver them). Answer 200 first and process the events afterwards, or use createWebhookHandler from line-bot-guard/runtime.',
      processedBeforeAnswerServerless:
        'This LINE webhook handler waits for event processing before it answers, but LINE expects a 200 within 2 seconds. On {{platform}} work left running after the answer may be stopped, so {{advice}}.',
      neverAnswers:
        'This LINE webhook handler never answers the request, so every webhook ends in a timeout on LINE\'s side. Answer 200 right away (also for the verification request without events) and process the events afterwards.',
      answerFirst: 'Send the 200 answer before processing the events.',
      useWaitUntil: 'Hand the processing to waitUntil() and answer at once.',
      useAfter: "Run the processing in after() from 'next/server' and answer at once.",
    },
  },
  check({ facts, report, inFile }) {
    for (const assessment of assessments(facts)) {
      if (assessment.processing && inFile(assessment.processing)) {
        const host = assessment.endpoint.host;
        const serverless = assessment.serverless && host ? SERVERLESS_ADVICE[host] : undefined;
        const suggestion = serverless ? useWaitUntil(assessment) ?? useAfter(assessment) : answerFirst(assessment);
        report({
          node: assessment.processing,
          messageId: serverless ? 'processedBeforeAnswerServerless' : 'processedBeforeAnswer',
          data: serverless ? { platform: serverless.platform, advice: serverless.advice } : undefined,
          suggestions: suggestion ? [suggestion] : undefined,
        });
      } else if (assessment.neverAnswers && inFile(assessment.endpoint.registration)) {
        report({ node: assessment.endpoint.registration, messageId: 'neverAnswers' });
      }
    }
  },
});
