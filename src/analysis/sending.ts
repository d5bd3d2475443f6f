/**
 * The sending facts, built once per run and shared by every sending rule: the send-call model and the
 * analyses over it (message objects, text bounds, retry keys, loops, TLS settings, discontinued surface,
 * error-text branching).
 */
import type { SourceProject } from '../project/project.js';
import type { OriginService } from '../project/origin.js';
import type { Endpoint } from '../frameworks/types.js';
import { sharedHttpCalls } from './http-calls.js';
import { SendCallModel } from './send-calls.js';
import { ValueTools } from './values.js';
import { TextOrigins } from './text-origin.js';
import { MessageAnalysis } from './messages.js';
import { RetryKeyAnalysis } from './retry.js';
import { LoopAnalysis } from './send-loops.js';
import { InsecureTlsAnalysis } from './insecure-tls.js';
import { DiscontinuedAnalysis } from './discontinued.js';
import { LineErrorAnalysis } from './line-errors.js';

/** The parts of ProjectFacts the sending analyses use (structural, so this layer does not import the engine). */
export interface SendingFactsSource {
  project: SourceProject;
  origins: OriginService;
  shared<T>(key: string, compute: () => T): T;
  webhookEndpoints(): Endpoint[];
}

export interface SendingFacts {
  model: SendCallModel;
  values: ValueTools;
  texts: TextOrigins;
  messages: MessageAnalysis;
  retry: RetryKeyAnalysis;
  loops: LoopAnalysis;
  tls: InsecureTlsAnalysis;
  discontinued: DiscontinuedAnalysis;
  errors: LineErrorAnalysis;
}

export function sendingFacts(facts: SendingFactsSource): SendingFacts {
  return facts.shared('sending', () => {
    const http = sharedHttpCalls(facts);
    const model = facts.shared('send-calls', () => new SendCallModel(facts.project, facts.origins, http));
    const values = model.values;
    const texts = new TextOrigins(facts.origins, values, model);
    // Only the TLS analysis needs the webhook packages, and only when a file sets TLS options.
    const webhookPackages = (): ReadonlySet<unknown> => facts.shared('sending-webhook-packages', () => new Set(facts.webhookEndpoints().map((e) => facts.project.fileOf(e.registration)?.package)));
    return {
      model,
      values,
      texts,
      messages: new MessageAnalysis(facts.origins, values, model, texts),
      retry: new RetryKeyAnalysis(facts.project, facts.origins, values, model),
      loops: new LoopAnalysis(facts.origins),
      tls: new InsecureTlsAnalysis(facts.project, facts.origins, values, model, webhookPackages),
      discontinued: new DiscontinuedAnalysis(facts.project, facts.origins, model),
      errors: new LineErrorAnalysis(facts.origins, model, http, texts),
    };
  });
}
