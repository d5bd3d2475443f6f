/**
 * The send-call model: every call that makes LINE do something, recognised once per run and shared by
 * the sending rules. Calls made through `@line/bot-sdk` (every major: the legacy `Client`, the generated
 * `MessagingApiClient`/`ShopClient`/`ChannelAccessTokenClient`, `LineBotClient`), raw HTTP to LINE hosts
 * (any client `http-calls.ts` recognises, including wrappers whose URL is completed by their callers),
 * `linebot`, `messaging-api-line`, Bottender, and the team's own wrappers named in `models.sendCalls`.
 *
 * Each call knows its endpoint kind, the request it sends (recipients, messages, bare text for libraries
 * that wrap strings), its retry key and where that key is attached, and the node findings go to.
 */
import {
  ts,
  unwrap,
  unwrapAwait,
  accessedName,
  isAccess,
  calleeName,
  walk,
  walkSameFunction,
  enclosingFunction,
  enclosingStatement,
  isFunctionLike,
  type FunctionLike,
} from '../project/ast.js';
import { OriginService, type Origin } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import type { PackageInfo } from '../project/packages.js';
import {
  LINE_SDK,
  RETRY_KEY_HEADER,
  SDK_CLIENT_CLASSES,
  SDK_EXPORTS,
  SDK_LEGACY_METHODS,
  SDK_REQUEST_METHODS,
  SET_REQUEST_OPTION_ONCE,
  baseMethodName,
  type SdkClientClass,
  type SdkMethod,
} from '../platform/sdk.js';
import { MESSAGE_KINDS, RETRY_KEY_KINDS, matchLineUrl, type EndpointKind, type EndpointMatch } from '../platform/endpoints.js';
import {
  BOTTENDER_CONTEXT_METHODS,
  BOTTENDER_MODULE,
  LINEBOT_EVENT_METHODS,
  LINEBOT_METHODS,
  LINEBOT_MODULE,
  MESSAGING_API_LINE_CLIENT,
  MESSAGING_API_LINE_METHODS,
  MESSAGING_API_LINE_MODULE,
  type LibraryMethod,
} from '../platform/sending-libraries.js';
import { isModelledFunction, hasModels } from './models.js';
import { HttpCallIndex, patternText, sharedHttpCalls, type HttpCall, type SharedFacts } from './http-calls.js';
import { calledFunction } from './calls.js';
import { ValueTools, type Bindings } from './values.js';

export type ClientLibrary = 'sdk' | 'linebot' | 'linebot-event' | 'messaging-api-line' | 'bottender';

export interface ClientRef {
  library: ClientLibrary;
  sdkClass?: SdkClientClass;
  /** The construction (`new Client(...)`, `LineBotClient.fromChannelAccessToken(...)`, `linebot(...)`). */
  creation?: ts.Node;
  /** One instance serves the whole module (created at load time or cached in a module variable). */
  shared: boolean;
}

export interface RetryKeyRef {
  /** The expression whose value is the key. */
  value: ts.Expression;
  bindings?: Bindings;
  /** Where it is attached: the argument, the header property, the `setRequestOptionOnce` call. */
  node: ts.Node;
  via: 'argument' | 'header' | 'request-option' | 'interceptor';
}

export type SendVia = 'sdk' | 'http' | 'linebot' | 'messaging-api-line' | 'bottender' | 'model';

export interface LineCall {
  /** Where findings about the call go: the call itself, or the wrapper call that completes its URL. */
  node: ts.CallExpression | ts.NewExpression;
  via: SendVia;
  /** Undefined when the endpoint cannot be told (a URL completed at run time). */
  kind?: EndpointKind;
  /** SDK/library method name, or the HTTP method. */
  method?: string;
  match?: EndpointMatch;
  client?: ClientRef;
  sdkMethod?: SdkMethod;
  /** Major version of `@line/bot-sdk` the call's package depends on. */
  sdkMajor?: number;
  sdkMinor?: number;
  /** The legacy `Client`'s positional style. */
  legacy?: boolean;
  /** The request object (SDK request style) or the JSON body (raw HTTP). */
  request?: ts.Expression;
  messages?: ts.Expression;
  to?: ts.Expression;
  /** A string the library wraps into a text message (`replyText(token, text)`, `event.reply('hi')`). */
  bareText?: ts.Expression;
  altText?: ts.Expression;
  /** Media URL arguments of library helpers (`replyImage(token, url, preview)`). */
  media?: ts.Expression[];
  retryKey?: RetryKeyRef;
  /** Headers the analysis cannot fully see: a key may be set there. */
  retryKeyUnknown?: boolean;
  /** The library cannot send a retry key at all. */
  noRetryKeySupport?: boolean;
  /** The legacy client's `setRequestOptionOnce` call that precedes the send. */
  requestOption?: ts.CallExpression;
  /** Bindings of the wrapper parameters at `node` (raw HTTP wrappers). */
  bindings?: Bindings;
  /** The real call inside a wrapper, when `node` is the wrapper's call. */
  inner?: ts.CallExpression;
  http?: HttpCall;
}

/** Cheap text test: can this file contain a LINE call of any kind? */
const SDK_METHOD_HINT = new RegExp(
  `\\b(${[...new Set([...Object.keys(SDK_LEGACY_METHODS), ...Object.keys(SDK_REQUEST_METHODS), SET_REQUEST_OPTION_ONCE])].join('|')})(WithHttpInfo)?\\s*\\(`,
);
const LIBRARY_HINT = /\.(reply|push|multicast|broadcast|narrowcast|send|reply|push)\w*\s*\(/;

function isSendKind(kind: EndpointKind | undefined): boolean {
  return kind !== undefined && MESSAGE_KINDS.has(kind);
}

export class SendCallModel {
  readonly values: ValueTools;
  private all_?: LineCall[];
  private byFile?: Map<string, LineCall[]>;
  private readonly clientCache = new Map<ts.Node, ClientRef | null>();
  private readonly callSiteCache = new Map<FunctionLike, (ts.CallExpression | ts.NewExpression)[]>();
  private requestOptions_?: { node: ts.CallExpression; client?: ClientRef; key?: ts.Expression }[];
  private libraryPackages?: Set<PackageInfo | undefined>;
  private readonly bottenderPackages = new Map<PackageInfo | undefined, boolean>();

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
    readonly http: HttpCallIndex,
  ) {
    this.values = new ValueTools(origins);
  }

  /** Every LINE call of the project. */
  all(): LineCall[] {
    if (!this.all_) {
      const calls: LineCall[] = [];
      for (const file of this.project.allFiles()) this.collectIn(file, calls);
      for (const http of this.http.all()) calls.push(...this.fromHttp(http));
      // Calls inside a modelled wrapper are the wrapper's business: its call sites stand for them.
      const modelled = hasModels(this.origins, 'sendCalls');
      this.all_ = modelled ? calls.filter((c) => c.via === 'model' || !this.insideModelledFunction(c.node)) : calls;
    }
    return this.all_;
  }

  /** Calls that carry messages (reply, push, multicast, narrowcast, broadcast, validate, PNP). */
  sends(): LineCall[] {
    return this.all().filter((c) => isSendKind(c.kind));
  }

  /** LINE calls whose report node lies in `file`. */
  inFile(file: ProjectFile): LineCall[] {
    if (!this.byFile) {
      this.byFile = new Map();
      for (const call of this.all()) {
        const name = call.node.getSourceFile().fileName;
        let list = this.byFile.get(name);
        if (!list) this.byFile.set(name, (list = []));
        list.push(call);
      }
    }
    return this.byFile.get(file.path) ?? [];
  }

  /** The LINE call at `node` (its report node or its inner call), if any. */
  at(node: ts.Node): LineCall | undefined {
    return this.all().find((c) => c.node === node || c.inner === node);
  }

  /** Every `setRequestOptionOnce(...)` call on a legacy client. */
  requestOptionCalls(): { node: ts.CallExpression; client?: ClientRef; key?: ts.Expression }[] {
    if (!this.requestOptions_) {
      const found: { node: ts.CallExpression; client?: ClientRef; key?: ts.Expression }[] = [];
      for (const file of this.project.allFiles()) {
        if (!file.text.includes(SET_REQUEST_OPTION_ONCE)) continue;
        walk(file.sourceFile, (node) => {
          if (!ts.isCallExpression(node) || calleeName(node) !== SET_REQUEST_OPTION_ONCE) return;
          const callee = unwrap(node.expression);
          if (!isAccess(callee)) return;
          const client = this.clientOf(callee.expression);
          if (client && client.library !== 'sdk') return;
          const options = node.arguments[0];
          found.push({ node, client, key: options ? this.values.property(options, 'retryKey')?.value : undefined });
        });
      }
      this.requestOptions_ = found;
    }
    return this.requestOptions_;
  }

  // ---------------------------------------------------------------- clients

  /** The LINE client a receiver expression refers to. */
  clientOf(expression: ts.Expression, depth = 0): ClientRef | undefined {
    const node = unwrapAwait(expression);
    const cached = this.clientCache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.clientCache.set(node, null);
    const result = depth > 6 ? undefined : this.resolveClient(node, depth);
    this.clientCache.set(node, result ?? null);
    return result;
  }

  private resolveClient(node: ts.Expression, depth: number): ClientRef | undefined {
    const origin = this.origins.resolve(node);
    if (origin.kind === 'expression') return this.clientFromValue(origin.node, depth);
    if (origin.kind === 'parameter') return this.clientFromParameter(origin, depth);
    return undefined;
  }

  private clientFromValue(value: ts.Expression, depth: number): ClientRef | undefined {
    const node = unwrapAwait(value);
    if (ts.isNewExpression(node)) {
      const callee = this.origins.resolve(node.expression);
      for (const cls of SDK_CLIENT_CLASSES) {
        if (cls.constructible && OriginService.isExternal(callee, LINE_SDK, SDK_EXPORTS[cls.export].path)) {
          return { library: 'sdk', sdkClass: cls, creation: node, shared: this.isShared(node) };
        }
      }
      if (OriginService.isExternal(callee, MESSAGING_API_LINE_MODULE, [MESSAGING_API_LINE_CLIENT])) {
        return { library: 'messaging-api-line', creation: node, shared: this.isShared(node) };
      }
      return undefined;
    }
    if (ts.isCallExpression(node)) {
      const callee = this.origins.resolve(node.expression);
      for (const cls of SDK_CLIENT_CLASSES) {
        for (const factory of cls.factories ?? []) {
          if (OriginService.isExternal(callee, LINE_SDK, [...SDK_EXPORTS[cls.export].path, factory])) {
            return { library: 'sdk', sdkClass: cls, creation: node, shared: this.isShared(node) };
          }
        }
      }
      if (OriginService.isExternal(callee, LINEBOT_MODULE, [])) return { library: 'linebot', creation: node, shared: this.isShared(node) };
      if (OriginService.isExternal(callee, MESSAGING_API_LINE_MODULE, [MESSAGING_API_LINE_CLIENT, 'connect'])) {
        return { library: 'messaging-api-line', creation: node, shared: this.isShared(node) };
      }
      const fn = calledFunction(this.origins, node);
      if (fn && !ts.isConstructorDeclaration(fn)) {
        for (const returned of this.origins.returnsOf(fn)) {
          const client = this.clientOf(returned, depth + 1);
          if (client) return client;
        }
      }
      return undefined;
    }
    if (ts.isConditionalExpression(node)) return this.clientOf(node.whenTrue, depth + 1) ?? this.clientOf(node.whenFalse, depth + 1);
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      return this.clientOf(node.left, depth + 1) ?? this.clientOf(node.right, depth + 1);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) return this.clientOf(node.right, depth + 1);
    return undefined;
  }

  private clientFromParameter(origin: Extract<Origin, { kind: 'parameter' }>, depth: number): ClientRef | undefined {
    const { node: param, fn, path } = origin;
    if (path.length === 0) {
      const typed = this.clientFromType(param.type);
      if (typed) return typed;
      // `constructor(client) { this.client = client }` with `new Service(client)` elsewhere.
      if (ts.isConstructorDeclaration(fn)) {
        const index = fn.parameters.indexOf(param);
        for (const site of this.callSites(fn)) {
          const arg = site.arguments?.[index];
          const client = arg ? this.clientOf(arg, depth + 1) : undefined;
          if (client) return client;
        }
      }
      // linebot: `bot.on('message', (event) => event.reply(...))`.
      const call = fn.parent;
      if (call && ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression) && calleeName(call) === 'on' && fn.parameters[0] === param) {
        const callee = unwrap(call.expression);
        if (isAccess(callee) && this.clientOf(callee.expression, depth + 1)?.library === 'linebot') return { library: 'linebot-event', shared: false };
      }
      const pkg = this.project.fileOf(param)?.package;
      if (ts.isIdentifier(param.name) && /^(context|ctx)$/.test(param.name.text) && this.usesLibraries(pkg) && this.bottenderPackage(pkg)) {
        return { library: 'bottender', shared: false };
      }
    }
    return undefined;
  }

  private bottenderPackage(pkg: PackageInfo | undefined): boolean {
    let known = this.bottenderPackages.get(pkg);
    if (known === undefined) {
      known =
        !!pkg?.dependencies.has(BOTTENDER_MODULE) ||
        this.project.allFiles().some((f) => f.package === pkg && (/bottender\.config/.test(f.relative) || /['"]bottender(\/[^'"]*)?['"]/.test(f.text)));
      this.bottenderPackages.set(pkg, known);
    }
    return known;
  }

  /** `client: messagingApi.MessagingApiClient`, `client: Client`, `bot: LineBotClient`. */
  private clientFromType(type: ts.TypeNode | undefined): ClientRef | undefined {
    if (!type || !ts.isTypeReferenceNode(type)) return undefined;
    const names: string[] = [];
    let current: ts.EntityName = type.typeName;
    while (ts.isQualifiedName(current)) {
      names.unshift(current.right.text);
      current = current.left;
    }
    const base = this.origins.resolve(current);
    if (base.kind !== 'external' || base.module !== LINE_SDK) return undefined;
    const path = [...base.path, ...names];
    for (const cls of SDK_CLIENT_CLASSES) {
      const expected = SDK_EXPORTS[cls.export].path;
      if (path.length === expected.length && path.every((p, i) => p === expected[i])) return { library: 'sdk', sdkClass: cls, shared: false };
    }
    return undefined;
  }

  /** Created at module load, or inside a function but kept in a module-level variable. */
  private isShared(creation: ts.Node): boolean {
    if (!enclosingFunction(creation)) return true;
    for (let current: ts.Node | undefined = creation.parent; current && !ts.isSourceFile(current); current = current.parent) {
      if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        let target: ts.Expression = unwrap(current.left);
        while (isAccess(target)) target = unwrap(target.expression);
        if (ts.isIdentifier(target)) {
          const declaration = this.origins.declarationOf(target);
          if (declaration?.kind === 'variable' && !enclosingFunction(declaration.node)) return true;
        }
        return false;
      }
      if (isFunctionLike(current)) return false;
    }
    return false;
  }

  // ---------------------------------------------------------------- call sites

  /** Calls (and `new`s) of a project function, including methods called on instances and injected services. */
  callSites(fn: FunctionLike): (ts.CallExpression | ts.NewExpression)[] {
    const cached = this.callSiteCache.get(fn);
    if (cached) return cached;
    const result = new Set<ts.CallExpression | ts.NewExpression>();
    this.callSiteCache.set(fn, []);
    if (ts.isConstructorDeclaration(fn)) {
      const cls = fn.parent;
      if (ts.isClassDeclaration(cls)) for (const site of this.origins.callSitesOf(cls)) result.add(site);
    } else {
      for (const site of this.origins.callSitesOf(fn)) result.add(site);
      const name = ts.isMethodDeclaration(fn) && fn.name ? accessedNameOfMember(fn) : undefined;
      if (name) {
        const pattern = new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\s*\\(`);
        for (const file of this.project.allFiles()) {
          if (!pattern.test(file.text)) continue;
          walk(file.sourceFile, (node) => {
            if (ts.isCallExpression(node) && calleeName(node) === name && !result.has(node) && calledFunction(this.origins, node) === fn) result.add(node);
          });
        }
      }
    }
    const list = [...result];
    this.callSiteCache.set(fn, list);
    return list;
  }

  // ---------------------------------------------------------------- recognition

  private collectIn(file: ProjectFile, out: LineCall[]): void {
    const text = file.text;
    const libraries = this.usesLibraries(file.package);
    const sdk = SDK_METHOD_HINT.test(text);
    const modelled = hasModels(this.origins, 'sendCalls');
    if (!sdk && !(libraries && LIBRARY_HINT.test(text)) && !modelled) return;
    walk(file.sourceFile, (node) => {
      if (!ts.isCallExpression(node)) return;
      if (modelled) {
        const model = isModelledFunction(this.origins, node, 'sendCalls');
        if (model) {
          out.push(this.fromModel(node, model));
          return;
        }
      }
      const callee = unwrap(node.expression);
      if (!isAccess(callee)) return;
      const name = accessedName(callee);
      if (!name) return;
      const call = this.recognizeMemberCall(node, callee.expression, name, file, libraries);
      if (call) out.push(call);
    });
  }

  private recognizeMemberCall(node: ts.CallExpression, receiver: ts.Expression, name: string, file: ProjectFile, libraries: boolean): LineCall | undefined {
    const base = baseMethodName(name);
    const sdkCandidate = base in SDK_LEGACY_METHODS || base in SDK_REQUEST_METHODS;
    const libraryCandidate = libraries && (name in LINEBOT_METHODS || name in MESSAGING_API_LINE_METHODS || name in BOTTENDER_CONTEXT_METHODS);
    if (!sdkCandidate && !libraryCandidate) {
      // Any other method of a recognised SDK client is still a LINE call (errors come from LINE).
      if (!/^[a-z]\w*$/.test(name) || name === SET_REQUEST_OPTION_ONCE) return undefined;
      // Only receivers that look like a LINE client: resolving every method call would be slow.
      const client = /client|line|bot|messaging|sdk/i.test(receiver.getText()) ? this.clientOf(receiver) : undefined;
      if (client?.library === 'sdk') return { node, via: 'sdk', kind: 'other', method: name, client, ...this.sdkVersion(file) };
      return undefined;
    }
    const client = this.clientOf(receiver);
    if (client?.library === 'sdk' || (!client && sdkCandidate)) return this.sdkCall(node, receiver, name, client, file);
    if (!client) return undefined;
    if (client.library === 'linebot' && name in LINEBOT_METHODS) return this.libraryCall(node, 'linebot', name, LINEBOT_METHODS[name]!, client);
    if (client.library === 'linebot-event' && name in LINEBOT_EVENT_METHODS) return this.libraryCall(node, 'linebot', name, LINEBOT_EVENT_METHODS[name]!, client);
    if (client.library === 'messaging-api-line' && name in MESSAGING_API_LINE_METHODS) {
      return this.libraryCall(node, 'messaging-api-line', name, MESSAGING_API_LINE_METHODS[name]!, client);
    }
    if (client.library === 'bottender' && name in BOTTENDER_CONTEXT_METHODS) return this.libraryCall(node, 'bottender', name, BOTTENDER_CONTEXT_METHODS[name]!, client);
    return undefined;
  }

  /** Packages that use linebot, messaging-api-line or Bottender (by dependency, or by an import in any of their files). */
  private usesLibraries(pkg: PackageInfo | undefined): boolean {
    if (!this.libraryPackages) {
      const found = new Set<PackageInfo | undefined>();
      const modules = [LINEBOT_MODULE, MESSAGING_API_LINE_MODULE, BOTTENDER_MODULE];
      for (const p of this.project.packages) if (modules.some((m) => p.dependencies.has(m))) found.add(p);
      for (const file of this.project.allFiles()) {
        if (!/linebot|messaging-api-line|bottender/.test(file.text)) continue;
        const info = this.project.module(file.path);
        if ([...(info?.specifiers ?? [])].some((spec) => modules.includes(spec.split('/')[0]!))) found.add(file.package);
      }
      this.libraryPackages = found;
    }
    return this.libraryPackages.has(pkg);
  }

  private sdkVersion(file: ProjectFile | undefined): { sdkMajor?: number; sdkMinor?: number } {
    const pkg = file?.package;
    return pkg?.lineSdkMajor !== undefined ? { sdkMajor: pkg.lineSdkMajor, sdkMinor: pkg.lineSdkMinor } : {};
  }

  private sdkCall(node: ts.CallExpression, receiver: ts.Expression, name: string, client: ClientRef | undefined, file: ProjectFile): LineCall | undefined {
    const base = baseMethodName(name);
    const version = this.sdkVersion(file);
    let legacy: boolean;
    if (client?.sdkClass) {
      legacy = client.sdkClass.style === 'legacy';
    } else {
      // A client the analysis cannot trace (injected, from a container): judge by the call's shape, only
      // for the unmistakable send methods, in a package that depends on the SDK.
      if (!file.package?.dependencies.has(LINE_SDK)) return undefined;
      if (!['pushMessage', 'replyMessage', 'multicast', 'narrowcast', 'broadcast'].includes(base)) return undefined;
      if (!/client|line|bot|messaging/i.test(receiver.getText())) return undefined;
      const first = node.arguments[0];
      const request = first ? this.values.objectLiteral(first) : undefined;
      const requestShape = !!request && request.node.properties.some((p) => p.name && ['messages', 'replyToken', 'to'].includes(p.name.getText()));
      if (requestShape) legacy = false;
      else if ((base === 'pushMessage' || base === 'replyMessage' || base === 'multicast') && node.arguments.length >= 2) legacy = true;
      else return undefined;
    }
    const table = legacy ? SDK_LEGACY_METHODS : SDK_REQUEST_METHODS;
    const method = legacy ? table[name] : table[base];
    if (!method || (client?.sdkClass && !method.clients.includes(client.sdkClass.name))) {
      if (client?.library === 'sdk') return { node, via: 'sdk', kind: 'other', method: name, client, legacy, ...version };
      return undefined;
    }
    const call: LineCall = { node, via: 'sdk', kind: method.kind, method: name, client, sdkMethod: method, legacy, ...version };
    if (node.arguments.some((a) => ts.isSpreadElement(a))) {
      // `client.pushMessage(...args)`: the arguments are not visible.
      call.retryKeyUnknown = true;
      return call;
    }
    if (legacy) {
      if (method.messagesArgument !== undefined) call.messages = node.arguments[method.messagesArgument];
      if (method.toArgument !== undefined) call.to = node.arguments[method.toArgument];
      if (RETRY_KEY_KINDS.has(method.kind) || method.kind === 'reply' || method.kind === 'validate') {
        const option = this.precedingRequestOption(node, receiver);
        if (option) {
          call.requestOption = option;
          const key = option.arguments[0] ? this.values.property(option.arguments[0], 'retryKey') : undefined;
          if (key) call.retryKey = { value: key.value, node: option, via: 'request-option' };
          else call.retryKeyUnknown = !option.arguments[0] || !this.values.objectLiteral(option.arguments[0]);
        }
      }
    } else {
      const request = node.arguments[0];
      if (request) {
        call.request = request;
        const info = this.values.propertyInfo(request, 'messages');
        call.messages = info.found?.value;
        call.to = this.values.property(request, 'to')?.value;
      }
      if (method.retryKeyArgument !== undefined) {
        const arg = node.arguments[method.retryKeyArgument];
        if (arg && !ts.isSpreadElement(arg) && !(ts.isIdentifier(unwrap(arg)) && (unwrap(arg) as ts.Identifier).text === 'undefined')) {
          call.retryKey = { value: arg, node: arg, via: 'argument' };
        } else if (arg && ts.isSpreadElement(arg)) {
          call.retryKeyUnknown = true;
        }
      }
    }
    return call;
  }

  /**
   * `client.setRequestOptionOnce({ retryKey })` in a statement right before the send, on the same client
   * (looking out of enclosing `try` blocks and plain blocks, not out of loops or functions).
   */
  private precedingRequestOption(node: ts.CallExpression, receiver: ts.Expression): ts.CallExpression | undefined {
    const receiverText = unwrap(receiver).getText().replace(/\s/g, '');
    const receiverClient = this.clientOf(receiver);
    const sameClient = (expr: ts.Expression): boolean => {
      if (unwrap(expr).getText().replace(/\s/g, '') === receiverText) return true;
      const other = this.clientOf(expr);
      return !!other?.creation && other.creation === receiverClient?.creation && !!receiverClient?.shared;
    };
    let statement = enclosingStatement(node);
    while (statement) {
      const block = statement.parent;
      if (!block || !('statements' in block)) return undefined;
      const statements = (block as ts.Block).statements;
      for (let i = statements.indexOf(statement) - 1; i >= 0; i--) {
        let option: ts.CallExpression | undefined;
        let otherCall = false;
        walkSameFunction(statements[i]!, (child) => {
          if (!ts.isCallExpression(child)) return;
          const callee = unwrap(child.expression);
          if (!isAccess(callee) || !sameClient(callee.expression)) return;
          if (accessedName(callee) === SET_REQUEST_OPTION_ONCE) option = child;
          else otherCall = true;
        });
        if (option) return option;
        if (otherCall) return undefined;
      }
      const outer = block.parent;
      if (!outer || !(ts.isTryStatement(outer) || ts.isBlock(outer) || ts.isIfStatement(outer))) return undefined;
      statement = ts.isBlock(outer) ? outer : enclosingStatement(outer);
      if (statement && ts.isBlock(statement) && !('statements' in statement.parent)) return undefined;
    }
    return undefined;
  }

  private libraryCall(node: ts.CallExpression, via: SendVia, name: string, method: LibraryMethod, client: ClientRef): LineCall {
    const call: LineCall = { node, via, kind: method.kind, method: name, client, noRetryKeySupport: true };
    if (method.toArgument !== undefined) call.to = node.arguments[method.toArgument];
    if (method.messagesArgument !== undefined) {
      const arg = node.arguments[method.messagesArgument];
      if (arg) {
        if (method.bareText && this.isStringValue(arg)) call.bareText = arg;
        else call.messages = arg;
      }
    }
    if (method.altTextArgument !== undefined) call.altText = node.arguments[method.altTextArgument];
    if (method.mediaArguments) call.media = method.mediaArguments.flatMap((i) => (node.arguments[i] ? [node.arguments[i]!] : []));
    return call;
  }

  /** Is this argument a string rather than a message object or array (libraries wrap strings as text)? */
  private isStringValue(expression: ts.Expression): boolean {
    const node = unwrapAwait(expression);
    if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return true;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return true;
    if (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node)) return false;
    if (ts.isCallExpression(node)) {
      const method = calleeName(node);
      if (method && ['map', 'flatMap', 'filter', 'concat', 'chunkMessages'].includes(method)) return false;
      const fn = calledFunction(this.origins, node);
      if (fn && !ts.isConstructorDeclaration(fn)) {
        const returns = this.origins.returnsOf(fn);
        if (returns.length > 0 && returns.every((r) => !this.isStringValue(r))) return false;
      }
    }
    const origin = this.origins.resolve(node);
    if (origin.kind === 'expression' && origin.node !== node) {
      const inner = unwrapAwait(origin.node);
      if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) return false;
      if (ts.isCallExpression(inner) && calleeName(inner) === 'map') return false;
    }
    return true;
  }

  private fromModel(node: ts.CallExpression, model: { endpoint: EndpointKind; retryKeyArgument?: number; messagesArgument?: number }): LineCall {
    const call: LineCall = { node, via: 'model', kind: model.endpoint, method: calleeName(node) };
    if (model.messagesArgument !== undefined) call.messages = node.arguments[model.messagesArgument];
    if (model.retryKeyArgument !== undefined) {
      const arg = node.arguments[model.retryKeyArgument];
      if (arg) call.retryKey = { value: arg, node: arg, via: 'argument' };
    } else {
      call.retryKeyUnknown = true;
    }
    return call;
  }

  private insideModelledFunction(node: ts.Node): boolean {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      if (isModelledFunction(this.origins, fn, 'sendCalls')) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- raw HTTP

  private fromHttp(http: HttpCall): LineCall[] {
    if (!http.url) return [];
    const text = patternText(http.url);
    const direct = matchLineUrl(text, http.method);
    if (direct?.endpoint) return [this.httpLineCall(http, http.node, direct, undefined)];
    // The URL is completed by the callers of the enclosing function (`linePost('/message/push', body)`).
    const expanded = this.expandWrapper(http, undefined, 0);
    if (expanded.length > 0) return expanded;
    return direct ? [this.httpLineCall(http, http.node, direct, undefined)] : [];
  }

  private expandWrapper(http: HttpCall, outer: Bindings | undefined, level: number): LineCall[] {
    if (level > 1 || !http.url) return [];
    const fn = outer ? enclosingFunction(outer.call) : enclosingFunction(http.node);
    if (!fn) return [];
    const holes = http.url.parts.filter((p): p is { expression: ts.Expression } => typeof p !== 'string');
    const dependsOnParams = holes.some((h) => {
      const text = this.values.partialString(h.expression, outer, { preferFallback: true });
      return text.params.some((p) => p.fn === fn);
    });
    if (!dependsOnParams) return [];
    const result: LineCall[] = [];
    for (const site of this.callSites(fn)) {
      const bindings: Bindings = { call: site, fn, parent: outer };
      const text = http.url.parts.map((p) => (typeof p === 'string' ? p : this.values.partialString(p.expression, bindings, { preferFallback: true }).text)).join('');
      const match = matchLineUrl(text, http.method);
      if (match?.endpoint) result.push(this.httpLineCall(http, site, match, bindings));
      else if (level === 0) result.push(...this.expandWrapper(http, bindings, level + 1));
    }
    return result;
  }

  private httpLineCall(http: HttpCall, node: ts.CallExpression | ts.NewExpression, match: EndpointMatch, bindings: Bindings | undefined): LineCall {
    const call: LineCall = { node, via: 'http', kind: match.endpoint?.kind, method: http.method, match, http };
    if (node !== http.node) {
      call.inner = http.node;
      call.bindings = bindings;
    }
    const body = this.bodyObject(http, bindings);
    if (body) {
      call.request = body;
      call.messages = this.values.property(body, 'messages', bindings)?.value;
      call.to = this.values.property(body, 'to', bindings)?.value;
    }
    this.httpRetryKey(call, http, bindings);
    return call;
  }

  /** The object a request body serialises (`JSON.stringify(obj)` → obj), read with the wrapper's bindings. */
  bodyObject(http: HttpCall, bindings?: Bindings): ts.Expression | undefined {
    if (!http.body) return undefined;
    let current = this.values.bound(http.body, bindings);
    for (let i = 0; i < 4; i++) {
      const node = unwrapAwait(current.node);
      if (ts.isCallExpression(node) && calleeName(node) === 'stringify' && node.arguments[0]) {
        current = this.values.bound(node.arguments[0], current.bindings);
        continue;
      }
      if (ts.isIdentifier(node)) {
        const origin = this.origins.resolve(node);
        if (origin.kind === 'expression' && origin.node !== node && ts.isCallExpression(unwrap(origin.node)) && calleeName(unwrap(origin.node) as ts.CallExpression) === 'stringify') {
          current = { node: origin.node };
          continue;
        }
      }
      break;
    }
    return current.node;
  }

  private httpRetryKey(call: LineCall, http: HttpCall, bindings: Bindings | undefined): void {
    const lower = RETRY_KEY_HEADER.toLowerCase();
    const entry = http.headers.find((h) => h.name === lower);
    if (entry) {
      if (!this.values.absentAt(entry.value, bindings)) call.retryKey = { value: entry.value, node: entry.node, bindings, via: 'header' };
      return;
    }
    // Headers passed through the wrapper's parameters, spreads the index could not follow, `Headers#set`.
    let unknown = false;
    const containers = [...http.node.arguments];
    for (const arg of containers) {
      const headers = this.values.propertyInfo(arg, 'headers', bindings);
      if (!headers.found) continue;
      const found = this.values.header(headers.found.value, RETRY_KEY_HEADER, headers.found.bindings);
      if (found.found) {
        // `if (options.retryKey) headers[RETRY_KEY_HEADER] = options.retryKey` at a call that passes no key.
        const value = found.found.value;
        const valueBindings = found.found.bindings ?? bindings;
        if (!this.values.absentAt(value, valueBindings)) call.retryKey = { value, node: found.found.node, bindings: valueBindings, via: 'header' };
        return;
      }
      unknown ||= found.unknown;
    }
    const interceptor = this.interceptorKey(http);
    if (interceptor) {
      call.retryKey = interceptor;
      return;
    }
    // A LINE call always carries Authorization; when the analysis cannot see it, it cannot see the headers.
    const authorization = http.headers.some((h) => h.name === 'authorization') || containers.some((arg) => {
      const headers = this.values.propertyInfo(arg, 'headers', bindings);
      return !!headers.found && !!this.values.header(headers.found.value, 'authorization', headers.found.bindings).found;
    });
    call.retryKeyUnknown = unknown || !authorization;
  }

  /** A key set by an axios request interceptor of the instance the call goes through. */
  private interceptorKey(http: HttpCall): RetryKeyRef | undefined {
    const creation = this.instanceCreation(http.node);
    if (!creation) return undefined;
    const set = interceptorHeaderSets(this.origins, creation).find((s) => s.name.toLowerCase() === RETRY_KEY_HEADER.toLowerCase());
    return set ? { value: set.value, node: set.node, via: 'interceptor' } : undefined;
  }

  /** `axios.create(...)` (or `got.extend`, `ky.create`) behind the call's receiver. */
  instanceCreation(node: ts.CallExpression): ts.CallExpression | undefined {
    const callee = unwrap(node.expression);
    const receiver = isAccess(callee) ? callee.expression : callee;
    const origin = this.origins.resolve(receiver);
    if (origin.kind !== 'expression' || !ts.isCallExpression(origin.node)) return undefined;
    const made = this.origins.resolve(origin.node.expression);
    if (made.kind === 'external' && ['axios', 'got', 'ky'].includes(made.module) && ['create', 'extend'].includes(made.path[made.path.length - 1] ?? '')) return origin.node;
    return undefined;
  }
}

function accessedNameOfMember(fn: ts.MethodDeclaration): string | undefined {
  const name = fn.name;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name)) return name.text;
  return undefined;
}

/** Header assignments in `x.interceptors.request.use(fn)` for the instance `creation` is bound to. */
export function interceptorHeaderSets(origins: OriginService, creation: ts.CallExpression): { name: string; value: ts.Expression; node: ts.Node }[] {
  const result: { name: string; value: ts.Expression; node: ts.Node }[] = [];
  const holder = creation.parent;
  if (!holder || !ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return result;
  const name = holder.name.text;
  const file = creation.getSourceFile();
  if (!file.text.includes('interceptors')) return result;
  walk(file, (node) => {
    if (!ts.isCallExpression(node) || calleeName(node) !== 'use') return undefined;
    if (node.expression.getText().replace(/\s/g, '') !== `${name}.interceptors.request.use`) return undefined;
    const arg = node.arguments[0] && unwrap(node.arguments[0]);
    const fn = arg && isFunctionLike(arg) ? arg : undefined;
    if (!fn?.body) return undefined;
    walk(fn.body, (inner) => {
      if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken && isAccess(inner.left)) {
        const key = ts.isElementAccessExpression(inner.left) ? origins.staticString(inner.left.argumentExpression) : accessedName(inner.left);
        if (key !== undefined && /headers/.test(inner.left.expression.getText())) result.push({ name: key, value: inner.right, node: inner });
      }
      if (ts.isCallExpression(inner) && ['set', 'setHeader'].includes(calleeName(inner) ?? '') && inner.arguments.length >= 2 && /headers/.test(inner.expression.getText())) {
        const key = origins.staticString(inner.arguments[0]!);
        if (key !== undefined) result.push({ name: key, value: inner.arguments[1]!, node: inner });
      }
    });
    return undefined;
  });
  return result;
}

/** The project's send-call model, computed once per run. */
export function sharedSendCalls(facts: SharedFacts): SendCallModel {
  const http = sharedHttpCalls(facts);
  return facts.shared('send-calls', () => new SendCallModel(facts.project, facts.origins, http));
}
