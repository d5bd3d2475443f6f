/** Facts computed once per run and shared by every rule: endpoints, webhook endpoints, signature assessments. */
import type { ts } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import { FRAMEWORK_ADAPTERS, type Endpoint, type AdapterContext } from '../frameworks/index.js';
import { classifyMiddleware } from '../frameworks/middleware.js';
import { isWebhookEndpoint, type WebhookOptions } from '../analysis/webhook.js';
import { SignatureAnalysis, type EndpointAssessment } from '../analysis/signature.js';
import { attachModels, type Models } from '../analysis/models.js';

export class ProjectFacts {
  readonly origins: OriginService;
  readonly signatures: SignatureAnalysis;
  private endpointList?: Endpoint[];
  private webhookList?: Endpoint[];
  private assessmentList?: EndpointAssessment[];
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly project: SourceProject,
    readonly options: WebhookOptions & { models?: Models } = {},
  ) {
    this.origins = new OriginService(project);
    attachModels(this.origins, options.models);
    this.signatures = new SignatureAnalysis(project, this.origins);
  }

  /** Every endpoint candidate of every framework, in file order. */
  endpoints(): Endpoint[] {
    if (!this.endpointList) {
      const context: AdapterContext = {
        project: this.project,
        origins: this.origins,
        classifyMiddleware: (node: ts.Expression) => classifyMiddleware(this.origins, node),
      };
      const list: Endpoint[] = [];
      for (const file of this.project.allFiles()) {
        for (const adapter of FRAMEWORK_ADAPTERS) {
          if (adapter.mayMatch(file)) list.push(...adapter.endpoints(file, context));
        }
      }
      this.endpointList = list;
    }
    return this.endpointList;
  }

  webhookEndpoints(): Endpoint[] {
    this.webhookList ??= this.endpoints().filter((e) => isWebhookEndpoint(e, this.origins, this.options));
    return this.webhookList;
  }

  signatureAssessments(): EndpointAssessment[] {
    this.assessmentList ??= this.webhookEndpoints().map((e) => this.signatures.assess(e));
    return this.assessmentList;
  }

  /** A project-wide fact computed once under `key` (for rule-specific facts). */
  shared<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  fileOf(node: ts.Node): ProjectFile | undefined {
    return this.project.fileOf(node);
  }
}
