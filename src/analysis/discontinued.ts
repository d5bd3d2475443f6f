/**
 * Discontinued or removed LINE surface (LINE-PLATFORM.md §2.7): URLs in string literals (LINE Notify,
 * audience match, `line://`, the LIFF v1 SDK, content on the old host), LINE calls whose composed URL
 * reaches such an endpoint, SDK methods that were removed with their endpoint, and the legacy SDK
 * surface (`Client`, `OAuth`, `setRequestOptionOnce`) in packages on `@line/bot-sdk` 10.8+ (deprecated)
 * or 11+ (removed).
 */
import { ts, unwrap, walk, calleeName, isAccess, accessedName } from '../project/ast.js';
import { OriginService } from '../project/origin.js';
import type { SourceProject } from '../project/project.js';
import { DISCONTINUED_LITERALS, HOLE, isOnWrongHost, type DiscontinuedLiteral } from '../platform/endpoints.js';
import { LEGACY_DEPRECATED_SINCE, LEGACY_REMOVED_IN_MAJOR, LINE_SDK, SDK_EXPORTS } from '../platform/sdk.js';
import { MESSAGING_API_LINE_MODULE, MESSAGING_API_LINE_NOTIFY } from '../platform/sending-libraries.js';
import type { SendCallModel } from './send-calls.js';

export type DiscontinuedReason = DiscontinuedLiteral['reason'] | 'sdk-method-removed' | 'sdk-legacy-removed' | 'sdk-legacy-deprecated';

export interface DiscontinuedUse {
  node: ts.Node;
  reason: DiscontinuedReason;
  /** What is used (`new Client()`, `audienceMatch()`, the URL). */
  what: string;
}

const LITERAL_HINT = /notify-(?:api|bot)\.line\.me|ad\/multicast\/phone|ad_phone|line:\/\/|line-scdn\.net\/liff\/1\.0|api\.line\.me\/v2\/bot\/(?:message|richmenu|audienceGroup)/;
/** Methods whose string argument is a check for the value, not a use of it. */
const CHECKING_METHODS = new Set(['startsWith', 'endsWith', 'includes', 'indexOf', 'replace', 'replaceAll', 'test', 'match', 'search', 'split']);

export class DiscontinuedAnalysis {
  private result?: DiscontinuedUse[];

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
    readonly model: SendCallModel,
  ) {}

  all(): DiscontinuedUse[] {
    if (this.result) return this.result;
    const found: DiscontinuedUse[] = [];
    const flaggedLiterals = new Set<ts.Node>();
    for (const file of this.project.allFiles()) {
      const text = file.text;
      if (LITERAL_HINT.test(text)) {
        walk(file.sourceFile, (node) => {
          if (!ts.isStringLiteralLike(node) && !ts.isTemplateExpression(node)) return undefined;
          const value = literalText(node);
          const reason = discontinuedLiteral(value, node);
          if (reason) {
            flaggedLiterals.add(node);
            found.push({ node, reason, what: value.replaceAll(HOLE, '…') });
          }
          return ts.isTemplateExpression(node) ? false : undefined;
        });
      }
      if (/\b(Client|OAuth|setRequestOptionOnce|LineNotify)\b/.test(text)) this.legacySurface(file.sourceFile, file.package?.lineSdkMajor, file.package?.lineSdkMinor, found);
    }
    // Calls whose URL is composed from parts none of which names the surface on its own.
    for (const call of this.model.all()) {
      if (call.via === 'sdk' && call.sdkMethod?.discontinued) {
        found.push({ node: call.node, reason: 'sdk-method-removed', what: `${call.method}()` });
        continue;
      }
      const match = call.match;
      if (!match || call.via !== 'http' || !call.http?.url) continue;
      const reason: DiscontinuedReason | undefined =
        match.endpoint?.discontinued === 'audience-match' ? 'audience-match' : match.endpoint?.discontinued === 'notify' ? 'notify' : isOnWrongHost(match) ? 'moved-to-data-host' : undefined;
      if (!reason) continue;
      const url = call.http.url.expression;
      if (this.fromFlaggedLiteral(url, flaggedLiterals)) continue;
      found.push({ node: call.inner ? call.node : url, reason, what: match.path });
    }
    this.result = found;
    return found;
  }

  /** Does the URL expression come from a literal already reported? */
  private fromFlaggedLiteral(url: ts.Expression, flagged: Set<ts.Node>): boolean {
    let hit = false;
    const visit = (expression: ts.Expression, depth: number): void => {
      if (hit || depth > 8) return;
      const node = unwrap(expression);
      if (flagged.has(node)) {
        hit = true;
        return;
      }
      if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) visit(span.expression, depth + 1);
      if (ts.isBinaryExpression(node)) {
        visit(node.left, depth + 1);
        visit(node.right, depth + 1);
      }
      if (ts.isIdentifier(node) || isAccess(node)) {
        const origin = this.origins.resolve(node);
        if (origin.kind === 'expression' && origin.node !== node) visit(origin.node, depth + 1);
      }
    };
    visit(url, 0);
    return hit;
  }

  /** `new Client(...)`, `new OAuth()`, `x.setRequestOptionOnce(...)` and `new LineNotify(...)`. */
  private legacySurface(sourceFile: ts.SourceFile, major: number | undefined, minor: number | undefined, found: DiscontinuedUse[]): void {
    const text = sourceFile.text;
    const legacyVersion = major === undefined ? undefined : major >= LEGACY_REMOVED_IN_MAJOR ? 'removed' : major > LEGACY_DEPRECATED_SINCE[0] || (major === LEGACY_DEPRECATED_SINCE[0] && (minor ?? 0) >= LEGACY_DEPRECATED_SINCE[1]) ? 'deprecated' : undefined;
    const checkLegacy = legacyVersion !== undefined && /\b(Client|OAuth|setRequestOptionOnce)\b/.test(text);
    const checkNotify = text.includes(MESSAGING_API_LINE_NOTIFY);
    if (!checkLegacy && !checkNotify) return;
    const reason: DiscontinuedReason = legacyVersion === 'removed' ? 'sdk-legacy-removed' : 'sdk-legacy-deprecated';
    walk(sourceFile, (node) => {
      if (ts.isNewExpression(node)) {
        const origin = this.origins.resolve(node.expression);
        if (checkLegacy && OriginService.isExternal(origin, LINE_SDK, SDK_EXPORTS.Client.path)) found.push({ node, reason, what: 'Client' });
        if (checkLegacy && OriginService.isExternal(origin, LINE_SDK, SDK_EXPORTS.OAuth.path)) found.push({ node, reason, what: 'OAuth' });
        if (checkNotify && OriginService.isExternal(origin, MESSAGING_API_LINE_MODULE, [MESSAGING_API_LINE_NOTIFY])) found.push({ node, reason: 'notify', what: MESSAGING_API_LINE_NOTIFY });
      }
      if (checkLegacy && ts.isCallExpression(node) && calleeName(node) === 'setRequestOptionOnce' && isAccess(unwrap(node.expression))) {
        const receiver = (unwrap(node.expression) as ts.AccessExpression).expression;
        const client = this.model.clientOf(receiver);
        if (client?.sdkClass?.name === 'Client') found.push({ node, reason, what: 'setRequestOptionOnce' });
      }
      return undefined;
    });
  }
}

/** The text of a literal; template holes as HOLE. */
function literalText(node: ts.StringLiteralLike | ts.TemplateExpression): string {
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => HOLE + s.literal.text).join('');
  return node.text;
}

function discontinuedLiteral(value: string, node: ts.Node): DiscontinuedLiteral['reason'] | undefined {
  // Documentation stubs (`https://notify-api.line.me/...`) are not uses.
  if (/(\.\.\.|…)$/.test(value.trim())) return undefined;
  const entry = DISCONTINUED_LITERALS.find((d) => d.test.test(value));
  if (!entry) return undefined;
  // A check for the value (`url.startsWith('line://')`, a comparison) is not a use of it.
  const parent = node.parent;
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const callee = unwrap(parent.expression);
    if (isAccess(callee) && CHECKING_METHODS.has(accessedName(callee) ?? '')) return undefined;
  }
  if (parent && ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(parent.operatorToken.kind)) {
    return undefined;
  }
  if (parent && ts.isCaseClause(parent)) return undefined;
  return entry.reason;
}
