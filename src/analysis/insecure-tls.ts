/**
 * TLS turned down where it matters to LINE: certificate checks switched off or protocol versions below
 * TLS 1.2 on the agents, dispatchers and options of calls to LINE, on process-wide defaults (the
 * `NODE_TLS_REJECT_UNAUTHORIZED` override, `https.globalAgent`, `axios.defaults`, undici's global
 * dispatcher, `tls.DEFAULT_MIN_VERSION`) of a package that talks to LINE, and on the HTTPS server of a
 * package that receives LINE webhooks.
 */
import { ts, unwrap, unwrapAwait, accessedName, isAccess, calleeName, walk, propertyNameText } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import type { PackageInfo } from '../project/packages.js';
import { LINE_SDK } from '../platform/sdk.js';
import { INSECURE_SECURE_PROTOCOLS, INSECURE_TLS_VERSIONS } from '../platform/limits.js';
import { BOTTENDER_MODULE, LINEBOT_MODULE, MESSAGING_API_LINE_MODULE } from '../platform/sending-libraries.js';
import type { SendCallModel } from './send-calls.js';
import type { ValueTools } from './values.js';

export type InsecureTlsKind = 'reject-unauthorized' | 'env-override' | 'min-version' | 'max-version' | 'secure-protocol' | 'default-min-version' | 'disable-certs';

export interface InsecureTls {
  node: ts.Node;
  kind: InsecureTlsKind;
  /** Where it applies: `line` (calls to LINE), `global` (the whole process), `server` (the webhook server). */
  scope: 'line' | 'global' | 'server';
}

const HINT = /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|minVersion|maxVersion|secureProtocol|DEFAULT_MIN_VERSION|DEFAULT_MAX_VERSION|disableTLSCerts/;
const AGENT_PROPERTIES = new Set(['httpsAgent', 'httpAgent', 'agent', 'dispatcher', 'https', 'connect', 'httpConfig', 'tls']);
const TLS_MODULES = ['https', 'tls', 'http2', 'undici', 'node:https', 'node:tls', 'node:http2'];

export class InsecureTlsAnalysis {
  private result?: InsecureTls[];

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
    readonly values: ValueTools,
    readonly model: SendCallModel,
    /** Packages that receive LINE webhooks (their HTTPS server options are judged), computed on demand. */
    readonly webhookPackages: () => ReadonlySet<unknown>,
  ) {}

  all(): InsecureTls[] {
    if (this.result) return this.result;
    const found = new Map<ts.Node, InsecureTls>();
    const add = (node: ts.Node, kind: InsecureTlsKind, scope: InsecureTls['scope']): void => {
      if (!found.has(node)) found.set(node, { node, kind, scope });
    };
    // Options of calls to LINE (and of the instances and SDK clients they go through).
    for (const call of this.model.all()) {
      const objects: ts.Expression[] = [];
      const target = call.inner ?? call.node;
      if (ts.isCallExpression(target)) objects.push(...target.arguments);
      if (call.via === 'http' && ts.isCallExpression(target)) {
        const creation = this.model.instanceCreation(target);
        if (creation) objects.push(...creation.arguments);
        if (call.http?.library === 'superagent') this.superagentChain(target, add);
      }
      if (call.client?.creation && (ts.isNewExpression(call.client.creation) || ts.isCallExpression(call.client.creation))) {
        objects.push(...(call.client.creation.arguments ?? []));
      }
      for (const object of objects) this.inspectOptions(object, 'line', add, 0);
    }
    for (const file of this.project.allFiles()) {
      if (!HINT.test(file.text)) continue;
      this.globalSettings(file, add);
    }
    this.result = [...found.values()];
    return this.result;
  }

  /** `rejectUnauthorized: false`, low TLS versions, and agents holding them, inside an options object. */
  private inspectOptions(expression: ts.Expression, scope: InsecureTls['scope'], add: (n: ts.Node, k: InsecureTlsKind, s: InsecureTls['scope']) => void, depth: number): void {
    if (depth > 4) return;
    const node = unwrapAwait(expression);
    // An agent: `new https.Agent(options)`, undici `new Agent({ connect })`.
    const agent = this.agentOptions(node);
    if (agent) {
      this.inspectOptions(agent, scope, add, depth + 1);
      return;
    }
    const object = this.values.objectLiteral(node);
    if (!object) return;
    for (const prop of object.node.properties) {
      if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) continue;
      const key = propertyNameText(prop.name);
      const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
      const insecure = key ? insecureSetting(key, value, this.origins) : undefined;
      if (insecure) add(prop, insecure, scope);
      else if (key && AGENT_PROPERTIES.has(key)) this.inspectOptions(value, scope, add, depth + 1);
    }
  }

  /** The options object of an agent/dispatcher creation the expression refers to. */
  private agentOptions(expression: ts.Expression): ts.Expression | undefined {
    let node = unwrapAwait(expression);
    if (ts.isIdentifier(node) || isAccess(node)) {
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) node = unwrapAwait(origin.node);
    }
    if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return undefined;
    const name = calleeName(node);
    if (!name || !/Agent$|^Pool$|^Client$|^Dispatcher$|^createSecureContext$/.test(name)) return undefined;
    const origin = this.origins.resolve(node.expression);
    if (origin.kind !== 'external') return undefined;
    const module = origin.module.startsWith('node:') ? origin.module.slice(5) : origin.module;
    if (!['https', 'http', 'undici', 'tls', 'http2', 'agentkeepalive', 'hpagent', 'https-proxy-agent', 'proxy-agent'].includes(module)) return undefined;
    return node.arguments?.[0];
  }

  private superagentChain(call: ts.CallExpression, add: (n: ts.Node, k: InsecureTlsKind, s: InsecureTls['scope']) => void): void {
    let current: ts.Expression = call;
    for (;;) {
      const access = current.parent;
      if (!access || !isAccess(access) || access.expression !== current) return;
      const next = access.parent;
      if (!next || !ts.isCallExpression(next) || next.expression !== access) return;
      if (accessedName(access) === 'disableTLSCerts') add(next, 'disable-certs', 'line');
      current = next;
    }
  }

  /** Process-wide overrides, and the HTTPS server of a webhook package. */
  private globalSettings(file: ProjectFile, add: (n: ts.Node, k: InsecureTlsKind, s: InsecureTls['scope']) => void): void {
    const linePackage = this.talksToLine(file.package);
    const webhookPackage = /createServer|createSecureServer/.test(file.text) && this.webhookPackages().has(file.package);
    walk(file.sourceFile, (node) => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = unwrap(node.left);
        const name = isAccess(target) ? accessedName(target) : undefined;
        const base = isAccess(target) ? target.expression.getText().replace(/\s/g, '') : '';
        if (name === 'NODE_TLS_REJECT_UNAUTHORIZED' && /process\.env$/.test(base) && linePackage) {
          const value = this.origins.staticString(node.right) ?? (ts.isNumericLiteral(unwrap(node.right)) ? (unwrap(node.right) as ts.NumericLiteral).text : undefined);
          if (value === '0' || value === 'false' || value === '') add(node, 'env-override', 'global');
        }
        if ((name === 'DEFAULT_MIN_VERSION' || name === 'DEFAULT_MAX_VERSION') && linePackage && isAccess(target)) {
          const origin = this.origins.resolve(target.expression);
          const value = this.origins.staticString(node.right);
          if (origin.kind === 'external' && TLS_MODULES.includes(origin.module) && value && INSECURE_TLS_VERSIONS.has(value)) add(node, 'default-min-version', 'global');
        }
        // `https.globalAgent.options.rejectUnauthorized = false`
        if (name && linePackage && /globalAgent/.test(base)) {
          const insecure = insecureSetting(name, node.right, this.origins);
          if (insecure) add(node, insecure, 'global');
        }
        // `https.globalAgent = agent`, `axios.defaults.httpsAgent = agent`
        if (linePackage && (name === 'globalAgent' || (name && /^https?Agent$/.test(name) && /defaults$/.test(base)))) this.inspectOptions(node.right, 'global', add, 0);
      }
      if (ts.isCallExpression(node)) {
        const origin = this.origins.resolve(node.expression);
        // undici `setGlobalDispatcher(new Agent({ connect: { rejectUnauthorized: false } }))`
        if (linePackage && OriginService.isExternal(origin, 'undici', ['setGlobalDispatcher']) && node.arguments[0]) this.inspectOptions(node.arguments[0], 'global', add, 0);
        // The webhook server: `https.createServer(options, app)`, `http2.createSecureServer(options)`, `tls.createServer(options)`.
        if (webhookPackage && origin.kind === 'external' && TLS_MODULES.includes(origin.module) && /^create(Secure)?Server$/.test(origin.path[0] ?? '') && origin.module.replace('node:', '') !== 'undici') {
          const options = node.arguments[0];
          if (options && this.values.objectLiteral(options)) this.inspectServerOptions(options, add);
        }
      }
      return undefined;
    });
  }

  private inspectServerOptions(options: ts.Expression, add: (n: ts.Node, k: InsecureTlsKind, s: InsecureTls['scope']) => void): void {
    const object = this.values.objectLiteral(options);
    if (!object) return;
    for (const prop of object.node.properties) {
      if (!ts.isPropertyAssignment(prop)) continue;
      const key = propertyNameText(prop.name);
      const insecure = key ? insecureSetting(key, prop.initializer, this.origins) : undefined;
      // A server's `rejectUnauthorized` only concerns client certificates; versions are what LINE needs.
      if (insecure && insecure !== 'reject-unauthorized') add(prop, insecure, 'server');
    }
  }

  /** Does the package talk to LINE (a LINE library dependency or any LINE call in it)? */
  private talksToLine(pkg: PackageInfo | undefined): boolean {
    if (pkg && [LINE_SDK, LINEBOT_MODULE, MESSAGING_API_LINE_MODULE, BOTTENDER_MODULE].some((m) => pkg.dependencies.has(m))) return true;
    return this.model.all().some((c) => this.project.fileOf(c.node)?.package === pkg);
  }
}

/** Is `key: value` a TLS setting below what LINE requires? */
function insecureSetting(key: string, value: ts.Expression, origins: OriginService): InsecureTlsKind | undefined {
  const inner = unwrap(value);
  if (key === 'rejectUnauthorized') {
    if (inner.kind === ts.SyntaxKind.FalseKeyword) return 'reject-unauthorized';
    if (ts.isNumericLiteral(inner) && inner.text === '0') return 'reject-unauthorized';
    const origin = origins.resolve(inner);
    if (origin.kind === 'expression' && origin.node.kind === ts.SyntaxKind.FalseKeyword) return 'reject-unauthorized';
    return undefined;
  }
  if (key === 'minVersion' || key === 'maxVersion') {
    const text = origins.staticString(inner);
    return text && INSECURE_TLS_VERSIONS.has(text) ? (key === 'minVersion' ? 'min-version' : 'max-version') : undefined;
  }
  if (key === 'secureProtocol') {
    const text = origins.staticString(inner);
    return text && INSECURE_SECURE_PROTOCOLS.has(text) ? 'secure-protocol' : undefined;
  }
  return undefined;
}


