// Small code-emission helpers shared by the corpus templates: one FileCx per generated file collects
// imports, body parts and (for CommonJS) exported names, and renders TS or JS, ESM or CJS.
import { posix } from 'node:path';

export function countLines(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
export const camel = (s) => s.replace(/[-_ ]+(\w)/g, (_, c) => c.toUpperCase());
export const kebab = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
export const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export class FileCx {
  /**
   * @param rng Rng
   * @param opts {ts, cjs, relExt, path, pkg}
   */
  constructor(rng, opts) {
    this.rng = rng;
    this.ts = !!opts.ts;
    this.cjs = !!opts.cjs;
    this.relExt = opts.relExt ?? '';
    this.path = opts.path;
    this.pkg = opts.pkg;
    this.imports = new Map();
    this.cjsExports = [];
    this.cjsDefault = null;
    this.used = new Set();
    this.parts = [];
    this.lines = 0;
    this.exported = [];
    this.header = null;
  }
  /** text only in TypeScript */
  T(s) {
    return this.ts ? s : '';
  }
  /** `name: type` in TS, `name` in JS */
  p(name, type) {
    return this.ts && type ? `${name}: ${type}` : name;
  }
  /** return-type annotation */
  r(type) {
    return this.ts && type ? `: ${type}` : '';
  }
  /** `x as T` in TS */
  as(expr, type) {
    return this.ts ? `${expr} as ${type}` : expr;
  }
  /** generic type args `<T>` in TS */
  g(args) {
    return this.ts ? `<${args}>` : '';
  }
  imp(from, spec) {
    let e = this.imports.get(from);
    if (!e) {
      e = { def: null, ns: null, named: new Set(), types: new Set(), side: false };
      this.imports.set(from, e);
    }
    if (spec.def) e.def = spec.def;
    if (spec.ns) e.ns = spec.ns;
    for (const n of spec.named ?? []) e.named.add(n);
    if (this.ts) for (const n of spec.types ?? []) e.types.add(n);
    if (spec.side) e.side = true;
    return this;
  }
  /** import from another generated module (absolute corpus path) */
  impRel(targetPath, spec) {
    return this.imp(this.rel(targetPath), spec);
  }
  rel(targetPath) {
    if (targetPath.startsWith('@')) return targetPath;
    if (this.pkg?.alias && targetPath.startsWith(this.pkg.dir + '/')) {
      // tsconfig paths alias, e.g. '@/lib/line/client'
      return this.pkg.alias + targetPath.slice(this.pkg.dir.length + 1).replace(/\.(m|c)?[jt]sx?$/, '').replace(/\/index$/, '');
    }
    let r = posix.relative(posix.dirname(this.path), targetPath).replace(/\.(m|c)?[jt]sx?$/, '');
    if (r.endsWith('/index') && this.relExt === '') r = r.slice(0, -'/index'.length) || '.';
    if (!r.startsWith('.')) r = './' + r;
    const ext = targetPath.match(/\.(m|c)?[jt]sx?$/)[0];
    if (this.cjs) return r;
    if (this.relExt === '') return r;
    // NodeNext style: TS sources import their emitted .js twin; .mjs imports keep .mjs
    const outExt = ext === '.ts' || ext === '.tsx' ? '.js' : ext === '.mts' ? '.mjs' : ext === '.cts' ? '.cjs' : ext;
    return r + outExt;
  }
  /** `export ` in ESM; records the name in CJS */
  exp(name) {
    this.exported.push(name);
    if (this.cjs) {
      this.cjsExports.push(name);
      return '';
    }
    return 'export ';
  }
  uniq(name) {
    let n = name;
    let i = 2;
    while (this.used.has(n)) n = name + i++;
    this.used.add(n);
    return n;
  }
  /** lines the rendered file will have beyond the body parts (imports, CJS exports) */
  overheadLines() {
    let n = this.imports.size * 1.3 + 3;
    if (this.cjs) n += Math.ceil(this.cjsExports.length / 4) + 3;
    return Math.ceil(n);
  }
  add(text) {
    if (!text.endsWith('\n')) text += '\n';
    this.parts.push(text);
    this.lines += countLines(text) + 1;
    return this;
  }
  renderImports() {
    const out = [];
    const keys = [...this.imports.keys()];
    const bare = keys.filter((k) => !k.startsWith('.') && !k.startsWith('@/'));
    const local = keys.filter((k) => k.startsWith('.') || k.startsWith('@/'));
    for (const from of [...bare, ...local]) {
      const e = this.imports.get(from);
      const named = [...e.named];
      if (this.cjs) {
        if (e.side && !e.def && !e.ns && named.length === 0) out.push(`require('${from}');`);
        if (e.def) out.push(`const ${e.def} = require('${from}');`);
        if (e.ns) out.push(`const ${e.ns} = require('${from}');`);
        if (named.length) out.push(`const { ${named.join(', ')} } = require('${from}');`);
      } else {
        if (e.side && !e.def && !e.ns && named.length === 0) out.push(`import '${from}';`);
        if (e.ns) out.push(`import * as ${e.ns} from '${from}';`);
        if (e.def && named.length) out.push(`import ${e.def}, { ${named.join(', ')} } from '${from}';`);
        else if (e.def) out.push(`import ${e.def} from '${from}';`);
        else if (named.length) out.push(`import { ${named.join(', ')} } from '${from}';`);
        if (e.types.size) out.push(`import type { ${[...e.types].join(', ')} } from '${from}';`);
      }
    }
    return out.join('\n');
  }
  render() {
    let s = '';
    if (this.header) s += this.header + '\n';
    if (this.cjs) s += "'use strict';\n\n";
    const imps = this.renderImports();
    if (imps) s += imps + '\n\n';
    s += this.parts.join('\n');
    if (this.cjs) {
      if (this.cjsDefault) s += `\nmodule.exports = ${this.cjsDefault};\n`;
      else if (this.cjsExports.length) {
        const names = this.cjsExports;
        if (names.length <= 4) s += `\nmodule.exports = { ${names.join(', ')} };\n`;
        else {
          const rows = [];
          for (let i = 0; i < names.length; i += 4) rows.push(`  ${names.slice(i, i + 4).join(', ')},`);
          s += `\nmodule.exports = {\n${rows.join('\n')}\n};\n`;
        }
      }
    }
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Domain entities (ordinary business data the bots manage)

const NOUNS = [
  'order', 'customer', 'reservation', 'coupon', 'store', 'staff', 'product', 'inventoryItem', 'invoice',
  'payment', 'shipment', 'survey', 'campaign', 'membership', 'ticket', 'appointment', 'menuItem',
  'review', 'address', 'subscription', 'refund', 'category', 'supplier', 'warehouse', 'delivery',
  'booking', 'lesson', 'course', 'enrollment', 'vehicle', 'parkingSpot', 'room', 'guest', 'clinic',
  'patient', 'prescription', 'event', 'venue', 'seat', 'stampCard', 'giftCard', 'pointLedger',
  'referral', 'feedback', 'faq', 'announcement', 'shift', 'timecard', 'expense', 'budget', 'quote',
  'contract', 'lead', 'inquiry', 'returnRequest', 'cartItem', 'wishlist', 'promotion', 'bundle',
  'pricePlan', 'taxRate', 'region', 'branch', 'department', 'asset', 'maintenanceLog', 'route',
];
const PREFIXES = ['', 'partner', 'seasonal', 'regional', 'premium', 'archived', 'draft', 'pending', 'corporate', 'trial'];

const STATUS_SETS = [
  ['pending', 'confirmed', 'cancelled'],
  ['draft', 'active', 'paused', 'archived'],
  ['open', 'in_progress', 'resolved', 'closed'],
  ['requested', 'approved', 'rejected'],
  ['new', 'processing', 'shipped', 'delivered', 'returned'],
  ['scheduled', 'completed', 'no_show', 'cancelled'],
];

const FIELD_POOL = [
  { name: 'title', kind: 'text' },
  { name: 'description', kind: 'text', nullable: true },
  { name: 'amount', kind: 'money' },
  { name: 'quantity', kind: 'int' },
  { name: 'unitPrice', kind: 'money' },
  { name: 'currency', kind: 'code' },
  { name: 'email', kind: 'email', nullable: true },
  { name: 'phone', kind: 'phone', nullable: true },
  { name: 'expiresAt', kind: 'date', nullable: true },
  { name: 'scheduledAt', kind: 'date' },
  { name: 'isActive', kind: 'bool' },
  { name: 'priority', kind: 'int' },
  { name: 'tags', kind: 'tags' },
  { name: 'customerId', kind: 'id' },
  { name: 'storeId', kind: 'id' },
  { name: 'displayName', kind: 'text' },
  { name: 'postalCode', kind: 'code' },
  { name: 'prefecture', kind: 'text' },
  { name: 'score', kind: 'float' },
  { name: 'memo', kind: 'text', nullable: true },
  { name: 'externalRef', kind: 'code', nullable: true },
  { name: 'capacity', kind: 'int' },
  { name: 'discountRate', kind: 'float' },
  { name: 'ownerId', kind: 'id' },
  { name: 'lineUserId', kind: 'id', nullable: true },
  { name: 'locale', kind: 'code' },
  { name: 'version', kind: 'int' },
];

export function tsType(f, E) {
  let t;
  switch (f.kind) {
    case 'text': case 'email': case 'phone': case 'code': case 'id': t = 'string'; break;
    case 'money': case 'int': case 'float': t = 'number'; break;
    case 'date': t = 'Date'; break;
    case 'bool': t = 'boolean'; break;
    case 'tags': t = 'string[]'; break;
    case 'enum': t = `${E.Name}Status`; break;
    default: t = 'unknown';
  }
  return f.nullable ? `${t} | null` : t;
}

export function sampleValue(rng, f, E) {
  switch (f.kind) {
    case 'text': return `'${E.name} ${f.name} ${rng.int(1, 999)}'`;
    case 'email': return `'user${rng.int(1, 9999)}@example.com'`;
    case 'phone': return `'090-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}'`;
    case 'code': return `'${rng.alnum(6).toUpperCase()}'`;
    case 'id': return `'${rng.hex(12)}'`;
    case 'money': return String(rng.int(1, 500) * 100);
    case 'int': return String(rng.int(0, 50));
    case 'float': return (rng.int(0, 100) / 100).toFixed(2);
    case 'date': return `new Date('2024-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}T09:00:00Z')`;
    case 'bool': return rng.chance(0.5) ? 'true' : 'false';
    case 'tags': return `['${rng.pick(['vip', 'new', 'repeat', 'web', 'line'])}']`;
    case 'enum': return `'${E.statuses[0]}'`;
    default: return 'null';
  }
}

export function makeEntity(rng, index) {
  const noun = NOUNS[index % NOUNS.length];
  const round = Math.floor(index / NOUNS.length);
  const prefix = round === 0 ? '' : PREFIXES[1 + ((round - 1) % (PREFIXES.length - 1))] + (round > PREFIXES.length - 1 ? String(round) : '');
  const name = prefix ? prefix + cap(noun) : noun;
  const Name = cap(name);
  const plural = name.endsWith('y') && !/[aeiou]y$/.test(name) ? name.slice(0, -1) + 'ies' : name.endsWith('s') ? name + 'es' : name + 's';
  const statuses = rng.pick(STATUS_SETS);
  const fields = [{ name: 'status', kind: 'enum' }, ...rng.sample(FIELD_POOL, rng.int(4, 9))];
  return { name, Name, plural, Plural: cap(plural), table: snake(plural), statuses, fields, index };
}
