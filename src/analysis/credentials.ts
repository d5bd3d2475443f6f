/**
 * LINE credentials written into source: channel secrets (32 hex characters), channel access tokens (the
 * long base64 form, or a JWT), assertion-signing private keys (PEM blocks, private JWKs) and LINE Login
 * channel secrets — as string literals in JS/TS files (including fallbacks such as
 * `process.env.X || '<literal>'`) and as values of JSON files that JS/TS code imports.
 *
 * A value only counts with LINE context (a credential-like name, a LINE client option, a LINE-related
 * file); placeholders, low-entropy strings and documentation stubs never count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ts, unwrap, propertyNameText, accessedName, isAccess, calleeName, walk } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import type { ProjectFile, SourceProject } from '../project/project.js';
import type { PackageInfo } from '../project/packages.js';

export type CredentialKind = 'channel-secret' | 'login-secret' | 'channel-access-token' | 'private-key';

export interface CredentialLiteral {
  kind: CredentialKind;
  /** The literal (or the JWK object literal). */
  node: ts.Expression;
  /** `process.env.X || '<literal>'`: the whole fallback expression. */
  fallback?: ts.BinaryExpression;
  /** The literal carries a `Bearer ` prefix. */
  bearer?: boolean;
}

export interface JsonCredential {
  /** The import/require specifier in the JS/TS file. */
  specifier: ts.StringLiteralLike;
  /** Absolute path of the JSON file. */
  jsonFile: string;
  found: { kind: CredentialKind; key: string }[];
}

const LINE_FILE = /@line\/bot-sdk|@line\/liff|\blinebot\b|messaging-api-line|bottender|passport-line|providers\/line|api(?:-data)?\.line\.me|access\.line\.me|x-line-signature|line-bot-guard|\bLINE_[A-Z]|\bline(?:Config|Client|Secret|Token)\b/i;
const ASSERTION_MARK = /client_assertion|createClientAssertion|issueChannelTokenByJWT|issueChannelAccessTokenV2_1|ByJWTAssertion|ChannelTokenManager|oauth2\/v2\.1\/token|oauth2\/v3\/token|tokens\/kid/;

const SECRET_NAME = /secret/i;
const TOKEN_NAME = /token|authorization|bearer/i;
const LINE_NAME = /line|channel/i;
const LOGIN_NAME = /login|client_?secret|clientSecret/i;
const OTHER_SERVICE_NAME = /spotify|github|google|stripe|slack|discord|twitter|facebook|session|cookie|csrf|jwt_?secret|jwtSecret|webhook_?secret(?!.*line)|encrypt|cipher|salt|hmac_?key/i;
const KEY_NAME = /line|assertion|channel|signing|private_?key|privateKey|jwk/i;
const NON_LINE_KEY_NAME = /tls|ssl|https|cert|server|firebase|google|service_?account|apns|saml/i;

const PEM = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----([\s\S]*?)-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;
const HEX_SECRET = /^[0-9a-f]{32}$/i;
const BASE64_TOKEN = /^[A-Za-z0-9+/]{150,}={0,2}$/;
const JWT = /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/;

/** Placeholders and documentation stubs that are never real credentials. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^(.)\1*$/.test(v)) return true;
  if (/x{4,}|\*{3,}|\.{3}|<[^>]*>|\{[^}]*\}|\$\{/i.test(v)) return true;
  if (/your|change_?me|replace|example|dummy|sample|placeholder|todo|fixme|insert|secret_?here|token_?here|test_?(secret|token)|fake/i.test(v)) return true;
  // A short unit repeated (`abcdabcd...`, `0123456789abcdef0123456789abcdef`).
  for (let unit = 1; unit <= 16; unit++) {
    if (v.length % unit === 0 && v.length > unit && v.slice(0, unit).repeat(v.length / unit) === v) return true;
  }
  return false;
}

function distinctChars(value: string): number {
  return new Set(value).size;
}

/** What kind of LINE credential `value` is, given the names around it; undefined when it is none. */
export function classifyCredential(value: string, context: { names: string; lineFile: boolean; assertionPackage: boolean }): CredentialKind | undefined {
  const { names, lineFile, assertionPackage } = context;
  const pem = PEM.exec(value);
  if (pem) {
    const body = pem[1]!.replace(/\s+/g, '');
    if (body.length < 64 || isPlaceholder(body) || body.includes('...')) return undefined;
    if (!assertionPackage || NON_LINE_KEY_NAME.test(names)) return undefined;
    return lineFile || KEY_NAME.test(names) ? 'private-key' : undefined;
  }
  if (isPlaceholder(value)) return undefined;
  const bare = value.replace(/^Bearer\s+/i, '');
  const hasBearer = bare !== value;
  if (HEX_SECRET.test(value)) {
    if (distinctChars(value.toLowerCase()) < 8) return undefined;
    if (!SECRET_NAME.test(names) || OTHER_SERVICE_NAME.test(names)) return undefined;
    if (!LINE_NAME.test(names) && !lineFile) return undefined;
    return LOGIN_NAME.test(names) && !/channel_?secret|channelSecret/i.test(names) ? 'login-secret' : 'channel-secret';
  }
  if ((BASE64_TOKEN.test(bare) && distinctChars(bare) >= 20 && /\d/.test(bare) && /[a-z]/.test(bare) && /[A-Z]/.test(bare)) || (JWT.test(bare) && bare.length >= 100)) {
    if (isPlaceholder(bare)) return undefined;
    if (!(TOKEN_NAME.test(names) || hasBearer) || /refresh|id_?token|idToken/i.test(names)) return undefined;
    if (!LINE_NAME.test(names) && !lineFile) return undefined;
    return 'channel-access-token';
  }
  return undefined;
}

/** Names that describe a literal: its variable, property, assignment target, env var of a fallback, parameter. */
function contextNames(node: ts.Expression): { names: string; fallback?: ts.BinaryExpression } {
  const names: string[] = [];
  let fallback: ts.BinaryExpression | undefined;
  let current: ts.Node = node;
  for (let i = 0; i < 6; i++) {
    const parent = current.parent;
    if (!parent) break;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isNonNullExpression(parent)) {
      current = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) && parent.right === current) {
      const left = unwrap(parent.left);
      const name = isAccess(left) ? accessedName(left) : ts.isIdentifier(left) ? left.text : ts.isCallExpression(left) && left.arguments[0] && ts.isStringLiteralLike(left.arguments[0]) ? left.arguments[0].text : undefined;
      if (name) names.push(name);
      if (/\benv\b/.test(left.getText())) fallback = parent;
      current = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      current = parent;
      continue;
    }
    if (ts.isConditionalExpression(parent) && parent.condition !== current) {
      current = parent;
      continue;
    }
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) names.push(parent.name.text);
    else if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
      const key = propertyNameText(parent.name);
      if (key) names.push(key);
      // The object's own name (`line: { secret: '...' }`, `const lineConfig = { secret }`).
      const owner = parent.parent?.parent;
      if (owner && ts.isPropertyAssignment(owner)) names.push(propertyNameText(owner.name) ?? '');
      if (owner && ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) names.push(owner.name.text);
      if (owner && ts.isCallExpression(owner)) names.push(calleeName(owner) ?? '');
      if (owner && ts.isNewExpression(owner)) names.push(calleeName(owner) ?? '');
    } else if (ts.isBindingElement(parent)) {
      const key = propertyNameText(parent.propertyName ?? (ts.isIdentifier(parent.name) ? parent.name : undefined));
      if (key) names.push(key);
    } else if (ts.isParameter(parent) && ts.isIdentifier(parent.name)) names.push(parent.name.text);
    else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === current) {
      const left = unwrap(parent.left);
      const name = isAccess(left) ? accessedName(left) : ts.isIdentifier(left) ? left.text : undefined;
      if (name) names.push(name);
    } else if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      const callee = calleeName(parent);
      const index = parent.arguments?.indexOf(current as ts.Expression) ?? -1;
      if (callee === 'validateSignature' && index === 1) names.push('channelSecret');
      else if ((callee === 'createHmac' || callee === 'Hmac') && index === 1) names.push('hmacKey');
      else if (callee === 'issueAccessToken' && index === 1) names.push('channelSecret');
      else if (callee === 'connect' && index === 0) names.push('accessToken');
      else if (callee === 'connect' && index === 1) names.push('channelSecret');
      else if (callee === 'set' && parent.arguments?.[0] && ts.isStringLiteralLike(parent.arguments[0])) names.push(parent.arguments[0].text);
    }
    break;
  }
  return { names: names.join(' '), fallback };
}

/** The whole static value a literal belongs to (`'-----BEGIN ...' + '...'`, `[...].join('\n')`). */
function containerOf(literal: ts.Expression): ts.Expression {
  let current: ts.Expression = literal;
  for (;;) {
    const parent = current.parent;
    if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      current = parent;
      continue;
    }
    if (parent && ts.isParenthesizedExpression(parent)) {
      current = parent;
      continue;
    }
    if (parent && ts.isArrayLiteralExpression(parent) && parent.parent && ts.isPropertyAccessExpression(parent.parent) && parent.parent.name.text === 'join' && ts.isCallExpression(parent.parent.parent)) {
      current = parent.parent.parent;
      continue;
    }
    return current;
  }
}

function isPrivateJwk(origins: OriginService, object: ts.ObjectLiteralExpression): boolean {
  const values = new Map<string, string>();
  for (const prop of object.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const key = propertyNameText(prop.name);
    const value = origins.staticString(prop.initializer);
    if (key && value !== undefined) values.set(key, value);
  }
  const d = values.get('d');
  if (!d || d.length < 32 || isPlaceholder(d) || !/^[A-Za-z0-9_-]+$/.test(d)) return false;
  const kty = values.get('kty');
  if (kty === 'RSA') return values.has('p') && values.has('q');
  return kty === 'EC' && values.has('x') && values.has('y');
}

/** Finds credential literals and imported JSON credentials; per-package context is computed once. */
export class CredentialAnalysis {
  private readonly assertionPackages = new Map<string, boolean>();
  private readonly jsonCache = new Map<string, unknown | null>();

  constructor(
    readonly project: SourceProject,
    readonly origins: OriginService,
  ) {}

  isLineFile(file: ProjectFile): boolean {
    return LINE_FILE.test(file.text);
  }

  /** Does the package use JWT assertions for LINE channel tokens anywhere (so its private keys are LINE's)? */
  usesAssertions(pkg: PackageInfo | undefined): boolean {
    const key = pkg?.root ?? this.project.root;
    let known = this.assertionPackages.get(key);
    if (known === undefined) {
      known = this.project.allFiles().some((f) => f.package === pkg && ASSERTION_MARK.test(f.text));
      this.assertionPackages.set(key, known);
    }
    return known;
  }

  literalsIn(file: ProjectFile): CredentialLiteral[] {
    const text = file.text;
    const hasHex = /['"`][0-9a-fA-F]{32}['"`]/.test(text);
    const hasLong = /[A-Za-z0-9+/_.-]{100,}/.test(text);
    const hasPem = text.includes('PRIVATE KEY-----');
    const hasJwk = /\bkty\b/.test(text);
    if (!hasHex && !hasLong && !hasPem && !hasJwk) return [];
    const lineFile = this.isLineFile(file);
    const found: CredentialLiteral[] = [];
    const seen = new Set<ts.Node>();
    walk(file.sourceFile, (node) => {
      if (ts.isObjectLiteralExpression(node) && hasJwk && isPrivateJwk(this.origins, node) && this.usesAssertions(file.package)) {
        const { names } = contextNames(node);
        if (!NON_LINE_KEY_NAME.test(names) && (lineFile || KEY_NAME.test(names))) found.push({ kind: 'private-key', node });
        return false;
      }
      if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) return undefined;
      if (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent) || ts.isLiteralTypeNode(node.parent)) return undefined;
      if (node.text.includes('PRIVATE KEY-----') && node.text.includes('BEGIN')) {
        const container = containerOf(node);
        if (seen.has(container)) return undefined;
        seen.add(container);
        const value = this.origins.staticString(container) ?? node.text;
        const { names, fallback } = contextNames(container);
        const kind = classifyCredential(value, { names, lineFile, assertionPackage: this.usesAssertions(file.package) });
        if (kind) found.push({ kind, node: container === node ? node : container, fallback });
        return undefined;
      }
      const value = node.text;
      if (value.length !== 32 && value.length < 100) return undefined;
      const { names, fallback } = contextNames(node);
      const kind = classifyCredential(value, { names, lineFile, assertionPackage: false });
      if (kind) found.push({ kind, node, fallback, bearer: /^Bearer\s+/i.test(value) });
      return undefined;
    });
    return found;
  }

  /** JSON files imported by `file` (relative specifiers ending in `.json`) that hold LINE credentials. */
  jsonImportsIn(file: ProjectFile): JsonCredential[] {
    const text = file.text;
    if (!text.includes('.json')) return [];
    const result: JsonCredential[] = [];
    const lineFile = this.isLineFile(file);
    const visit = (specifier: ts.StringLiteralLike): void => {
      if (!specifier.text.startsWith('.') || !/\.json$/i.test(specifier.text)) return;
      const absolute = path.resolve(path.dirname(file.path), specifier.text);
      const json = this.readJson(absolute);
      if (json === null || typeof json !== 'object') return;
      if ((json as { type?: unknown }).type === 'service_account') return;
      const found: { kind: CredentialKind; key: string }[] = [];
      const assertionPackage = this.usesAssertions(file.package);
      const walkJson = (value: unknown, keys: string[]): void => {
        if (found.length >= 8 || keys.length > 8) return;
        if (typeof value === 'string') {
          const names = keys.slice(-2).join(' ');
          const kind = classifyCredential(value, { names, lineFile: lineFile || /line/i.test(keys.join(' ')), assertionPackage });
          if (kind) found.push({ kind, key: keys.join('.') });
        } else if (Array.isArray(value)) {
          value.forEach((item, i) => walkJson(item, [...keys, String(i)]));
        } else if (value && typeof value === 'object') {
          const record = value as Record<string, unknown>;
          if (assertionPackage && record.kty && typeof record.d === 'string' && ((record.kty === 'RSA' && record.p && record.q) || record.kty === 'EC') && !isPlaceholder(record.d)) {
            found.push({ kind: 'private-key', key: keys.join('.') || '(root)' });
            return;
          }
          for (const [key, inner] of Object.entries(record)) walkJson(inner, [...keys, key]);
        }
      };
      walkJson(json, []);
      if (found.length > 0) result.push({ specifier, jsonFile: absolute, found });
    };
    for (const statement of file.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) visit(statement.moduleSpecifier);
    }
    walk(file.sourceFile, (node) => {
      if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0]!)) {
        const callee = unwrap(node.expression);
        if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) visit(node.arguments[0] as ts.StringLiteralLike);
      }
    });
    return result;
  }

  private readJson(absolute: string): unknown | null {
    if (this.jsonCache.has(absolute)) return this.jsonCache.get(absolute)!;
    let value: unknown | null = null;
    try {
      const stat = fs.statSync(absolute);
      if (stat.isFile() && stat.size <= 512 * 1024) value = JSON.parse(fs.readFileSync(absolute, 'utf8')) as unknown;
    } catch {
      value = null;
    }
    this.jsonCache.set(absolute, value);
    return value;
  }
}
