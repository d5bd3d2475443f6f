/**
 * Access control by client IP address in webhook code: the client address (`req.ip`, `x-forwarded-for`,
 * `cf-connecting-ip`, `req.socket.remoteAddress`, request-ip, Hono `getConnInfo`, Lambda `sourceIp`, ...)
 * compared with a list or range (`ALLOWED.includes(ip)`, `ip === '203.0.113.1'`, `ipaddr.parse(ip).match(range)`,
 * `ipRangeCheck(ip, ranges)`), or an IP filter middleware on the route. LINE does not publish the
 * addresses webhooks come from, so such checks are guesses; the signature is the control.
 */
import { ts, unwrap, unwrapAwait, walk, isAccess, calleeName, isFunctionLike, isEqualityComparison, type FunctionLike } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { Endpoint } from '../frameworks/types.js';
import { reachableFunctions } from './webhook.js';

const IP_HEADERS = new Set(['x-forwarded-for', 'x-real-ip', 'cf-connecting-ip', 'true-client-ip', 'x-client-ip', 'fastly-client-ip', 'x-cluster-client-ip', 'forwarded', 'x-forwarded']);
const IP_MEMBERS = new Set(['ip', 'ips', 'remoteAddress', 'sourceIp', 'remoteAddr', 'clientIp']);
const HEADER_GETTERS = new Set(['get', 'header', 'getHeader']);
/** Calls that return a client address: request-ip, Hono getConnInfo, Bun `server.requestIP(req)`. */
const IP_SOURCES: readonly { module: string; path: readonly string[] }[] = [
  { module: 'request-ip', path: ['getClientIp'] },
  { module: 'hono', path: ['getConnInfo'] },
];
const IP_FILTERS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'express-ipfilter', path: ['IpFilter'] },
  { module: 'express-ip-access-control', path: [] },
  { module: 'koa-ip', path: [] },
  { module: '@fastify/ip-filter', path: [] },
];
/** Methods (on a list, range or the address) that test membership. */
const MEMBERSHIP = /^(includes|has|indexOf|some|contains|match|check|test|startsWith|endsWith|inRange|isInRange|inSubnet|isInSubnet|contains|isAllowed|isAllowedIp|allowed|matches)$/;
const RANGE_LIBRARIES = ['ip-range-check', 'is-in-subnet', 'ipaddr.js', 'ip', 'range_check', 'ip-cidr', 'cidr-matcher', 'netmask'];

export class ClientIpAnalysis {
  constructor(readonly origins: OriginService) {}

  /** Is `expression` the client's IP address (possibly split, trimmed, parsed)? */
  isClientIp(expression: ts.Expression, depth = 0): boolean {
    if (depth > 10) return false;
    const node = unwrapAwait(expression);
    if (ts.isElementAccessExpression(node)) {
      const key = this.origins.staticString(node.argumentExpression);
      if (key !== undefined && IP_HEADERS.has(key.toLowerCase())) return true;
      return this.isClientIp(node.expression, depth + 1);
    }
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      if (IP_MEMBERS.has(name) && this.looksLikeRequestSide(node.expression)) return true;
      if (name === 'address' || name === 'hostname') return this.isClientIp(node.expression, depth + 1) || this.isConnInfo(node.expression);
      if (name === 'remote') return this.isConnInfo(node);
      return false;
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const callee = unwrap(node.expression);
      const origin = this.origins.resolve(node.expression);
      if (IP_SOURCES.some((s) => OriginService.isExternal(origin, s.module, s.path))) return true;
      if (name === 'requestIP') return true;
      if (name && HEADER_GETTERS.has(name) && node.arguments[0]) {
        const key = this.origins.staticString(node.arguments[0]);
        if (key !== undefined && IP_HEADERS.has(key.toLowerCase())) return true;
      }
      if (name && ['split', 'trim', 'replace', 'toLowerCase', 'slice', 'substring', 'at', 'shift', 'pop', 'toString', 'toNormalizedString', 'toIPv4Address'].includes(name) && isAccess(callee)) {
        return this.isClientIp(callee.expression, depth + 1);
      }
      // `ipaddr.parse(ip)`, `ipaddr.process(ip)`, `String(ip)`
      if (name && ['parse', 'process', 'String', 'normalize', 'from'].includes(name) && node.arguments[0]) return this.isClientIp(node.arguments[0], depth + 1);
      return false;
    }
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      return this.isClientIp(node.left, depth + 1) || this.isClientIp(node.right, depth + 1);
    }
    if (ts.isIdentifier(node)) {
      const origin = this.origins.resolve(node);
      if (origin.kind === 'expression' && origin.node !== node) return this.isClientIp(origin.node, depth + 1);
      if ((origin.kind === 'parameter' || origin.kind === 'external') && origin.path.length > 0) {
        const last = origin.path[origin.path.length - 1]!;
        if (IP_MEMBERS.has(last) || IP_HEADERS.has(last.toLowerCase())) return true;
      }
      const declaration = this.origins.declarationOf(node);
      if (declaration?.kind === 'variable') {
        const last = declaration.path[declaration.path.length - 1];
        if (last && (IP_MEMBERS.has(last) || IP_HEADERS.has(last.toLowerCase()))) return true;
      }
    }
    return false;
  }

  /** `req.ip`, `req.socket.remoteAddress`, `event.requestContext.http.sourceIp`: a request, not an arbitrary object. */
  private looksLikeRequestSide(expression: ts.Expression): boolean {
    const origin = this.origins.resolve(expression);
    return origin.kind === 'parameter' || (origin.kind === 'expression' && /\b(req|request|ctx|c|context|event|socket|connection|info)\b/.test(unwrap(expression).getText()));
  }

  private isConnInfo(expression: ts.Expression): boolean {
    const node = unwrap(expression);
    const base = isAccess(node) ? unwrap(node.expression) : node;
    const value = this.origins.resolve(base);
    const call = value.kind === 'expression' && ts.isCallExpression(value.node) ? value.node : ts.isCallExpression(base) ? base : undefined;
    if (!call) return false;
    return IP_SOURCES.some((s) => OriginService.isExternal(this.origins.resolve(call.expression), s.module, s.path)) || calleeName(call) === 'getConnInfo';
  }

  /** IP comparisons in the code that handles one endpoint (chain, handler and their callees). */
  comparisonsFor(endpoint: Endpoint): ts.Node[] {
    const found: ts.Node[] = [];
    for (const step of endpoint.chain) {
      const value = this.origins.resolve(step.node);
      const call = value.kind === 'expression' && ts.isCallExpression(value.node) ? value.node : undefined;
      if (call && IP_FILTERS.some((f) => OriginService.isExternal(this.origins.resolve(call.expression), f.module, f.path))) found.push(step.node);
    }
    const roots: FunctionLike[] = [...endpoint.chain.flatMap((s) => (s.role.kind === 'function' || s.role.kind === 'guard' ? [s.role.fn] : [])), ...(endpoint.handler ? [endpoint.handler] : [])];
    const seen = new Set<FunctionLike>();
    for (const root of roots) {
      for (const fn of reachableFunctions(root, this.origins, 2)) {
        if (seen.has(fn) || !fn.body) continue;
        seen.add(fn);
        if (!/ip|addr|forwarded|connecting/i.test(fn.getText())) continue;
        walk(fn.body, (node) => {
          if (isFunctionLike(node) && node !== fn && !this.isInlineCallback(node)) return false;
          const comparison = this.comparisonAt(node);
          if (comparison) {
            found.push(comparison);
            return false;
          }
          return undefined;
        });
      }
    }
    return found;
  }

  /** Callbacks run as part of the comparison (`list.some((range) => ...)`). */
  private isInlineCallback(node: FunctionLike): boolean {
    return !!node.parent && ts.isCallExpression(node.parent);
  }

  private comparisonAt(node: ts.Node): ts.Node | undefined {
    if (isEqualityComparison(node)) {
      const left = unwrap(node.left);
      const right = unwrap(node.right);
      const constant = (e: ts.Expression) => ts.isStringLiteralLike(e) || (ts.isIdentifier(e) && /ip|addr|allow/i.test(e.text) && !this.isClientIp(e));
      if ((this.isClientIp(left) && constant(right)) || (this.isClientIp(right) && constant(left))) return node;
      return undefined;
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node) ?? '';
      const callee = unwrap(node.expression);
      const origin = this.origins.resolve(node.expression);
      const rangeLibrary = origin.kind === 'external' && RANGE_LIBRARIES.includes(origin.module);
      const argIsIp = node.arguments.some((a) => this.isClientIp(a));
      const receiverIsIp = isAccess(callee) && this.isClientIp(callee.expression);
      if (rangeLibrary && (argIsIp || receiverIsIp) && name !== 'parse' && name !== 'process') return node;
      if (MEMBERSHIP.test(name) && (argIsIp || (receiverIsIp && node.arguments.length > 0))) {
        // `ip.match(/^10\./)`, `ALLOWED.includes(ip)`, `range.contains(ip)`, `ipaddr.parse(ip).match(range)`
        return node;
      }
      if (/allow|whitelist|permit|trusted/i.test(name) && argIsIp) return node;
    }
    return undefined;
  }
}
