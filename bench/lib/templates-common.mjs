// Ordinary (non-LINE) application code: domain models, repositories, services, validation schemas,
// REST routes, middleware, jobs, UI components and tests. Output must always parse.
import { cap, snake, tsType, sampleValue } from './codegen.mjs';
import { padWithHelpers } from './helpers-pool.mjs';

const nonStatus = (E) => E.fields.filter((f) => f.kind !== 'enum');

function rowExpr(f) {
  const col = `row.${snake(f.name)}`;
  switch (f.kind) {
    case 'date': return f.nullable ? `${col} ? new Date(${col}) : null` : `new Date(${col})`;
    case 'money': case 'int': case 'float': return `Number(${col})`;
    case 'bool': return `Boolean(${col})`;
    case 'tags': return `${col} ?? []`;
    default: return f.nullable ? `${col} ?? null` : col;
  }
}
function rowType(f, E) {
  if (f.kind === 'enum') return 'string';
  if (f.kind === 'date') return f.nullable ? 'string | null' : 'string';
  if (f.kind === 'money') return 'number | string';
  return tsType(f, E);
}

// ---------------------------------------------------------------------------------------------
export function genModel(cx, E, target) {
  const S = `${E.Name}Status`;
  const CONST = `${snake(E.name).toUpperCase()}_STATUSES`;
  if (cx.ts) {
    cx.add(`${cx.exp(S)}type ${S} = ${E.statuses.map((s) => `'${s}'`).join(' | ')};\n\n${cx.exp(CONST)}const ${CONST}: readonly ${S}[] = [${E.statuses.map((s) => `'${s}'`).join(', ')}];`);
    cx.add(`${cx.exp(E.Name)}interface ${E.Name} {\n  id: string;\n${E.fields.map((f) => `  ${f.name}: ${tsType(f, E)};`).join('\n')}\n  createdAt: Date;\n  updatedAt: Date;\n}`);
    cx.add(`${cx.exp('New' + E.Name)}type New${E.Name} = Omit<${E.Name}, 'id' | 'createdAt' | 'updatedAt'>;\n\n${cx.exp(E.Name + 'Patch')}type ${E.Name}Patch = Partial<New${E.Name}>;`);
    cx.add(`${cx.exp(E.Name + 'Row')}interface ${E.Name}Row {\n  id: string;\n${E.fields.map((f) => `  ${snake(f.name)}: ${rowType(f, E)};`).join('\n')}\n  created_at: string;\n  updated_at: string;\n}`);
  } else {
    cx.add(`/**\n * @typedef {${E.statuses.map((s) => `'${s}'`).join(' | ')}} ${S}\n */\n\n/**\n * @typedef {object} ${E.Name}\n * @property {string} id\n${E.fields.map((f) => ` * @property {${tsType(f, E)}} ${f.name}`).join('\n')}\n * @property {Date} createdAt\n * @property {Date} updatedAt\n */\n\n${cx.exp(CONST)}const ${CONST} = Object.freeze([${E.statuses.map((s) => `'${s}'`).join(', ')}]);`);
  }
  const fromRow = cx.uniq(`${E.name}FromRow`);
  cx.add(`${cx.exp(fromRow)}function ${fromRow}(${cx.p('row', E.Name + 'Row')})${cx.r(E.Name)} {
  return {
    id: row.id,
${E.fields.map((f) => `    ${f.name}: ${f.kind === 'enum' ? cx.as('row.status', S) : rowExpr(f)},`).join('\n')}
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}`);
  const toRow = cx.uniq(`${E.name}ToRow`);
  cx.add(`${cx.exp(toRow)}function ${toRow}(${cx.p(E.name, E.Name)})${cx.r(`Omit<${E.Name}Row, 'created_at' | 'updated_at'>`)} {
  return {
    id: ${E.name}.id,
${E.fields.map((f) => `    ${snake(f.name)}: ${f.kind === 'date' ? (f.nullable ? `${E.name}.${f.name}?.toISOString() ?? null` : `${E.name}.${f.name}.toISOString()`) : `${E.name}.${f.name}`},`).join('\n')}
  };
}`);
  const isS = cx.uniq(`is${S}`);
  cx.add(`${cx.exp(isS)}function ${isS}(${cx.p('value', 'unknown')})${cx.r(`value is ${S}`)} {
  return typeof value === 'string' && (${cx.as(CONST, 'readonly string[]')}).includes(value);
}`);
  const tr = `${snake(E.name).toUpperCase()}_TRANSITIONS`;
  cx.add(`const ${tr}${cx.T(`: Record<${S}, readonly ${S}[]>`)} = {
${E.statuses.map((s, i) => `  ${s}: [${E.statuses.slice(i + 1).map((t) => `'${t}'`).join(', ')}],`).join('\n')}
};

${cx.exp('canTransition' + E.Name)}function canTransition${E.Name}(${cx.p('from', S)}, ${cx.p('to', S)})${cx.r('boolean')} {
  return ${tr}[from].includes(to);
}`);
  const mk = cx.uniq(`new${E.Name}Defaults`);
  cx.add(`${cx.exp(mk)}function ${mk}(${cx.p('overrides', `Partial<New${E.Name}>`)} = {})${cx.r(`New${E.Name}`)} {
  return {
${E.fields.map((f) => `    ${f.name}: ${f.kind === 'enum' ? `'${E.statuses[0]}'` : f.nullable ? 'null' : f.kind === 'date' ? 'new Date()' : f.kind === 'tags' ? '[]' : f.kind === 'bool' ? 'true' : ['money', 'int', 'float'].includes(f.kind) ? '0' : "''"},`).join('\n')}
    ...overrides,
  };
}`);
  for (const f of nonStatus(E)) {
    if (cx.lines >= target) break;
    if (['money', 'int', 'float', 'date'].includes(f.kind) && !f.nullable) {
      const n = cx.uniq(`compare${E.Plural}By${cap(f.name)}`);
      const get = f.kind === 'date' ? (x) => `${x}.${f.name}.getTime()` : (x) => `${x}.${f.name}`;
      cx.add(`${cx.exp(n)}function ${n}(${cx.p('a', E.Name)}, ${cx.p('b', E.Name)})${cx.r('number')} {
  return ${get('a')} - ${get('b')};
}`);
    } else if (f.kind === 'text' || f.kind === 'code') {
      const n = cx.uniq(`filter${E.Plural}By${cap(f.name)}`);
      cx.add(`${cx.exp(n)}function ${n}(${cx.p('items', `readonly ${E.Name}[]`)}, ${cx.p('needle', 'string')})${cx.r(`${E.Name}[]`)} {
  const q = needle.trim().toLowerCase();
  if (!q) return items.slice();
  return items.filter((item) => (item.${f.name} ?? '').toLowerCase().includes(q));
}`);
    }
  }
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genRepository(cx, E, deps, target, style) {
  const cls = `${E.Name}Repository`;
  const S = `${E.Name}Status`;
  if (deps.model) cx.impRel(deps.model, { named: [`${E.name}FromRow`], types: [E.Name, `${E.Name}Row`, `New${E.Name}`, `${E.Name}Patch`, S] });
  const cols = E.fields.map((f) => snake(f.name));
  if (style === 'firestore') {
    cx.imp('firebase-admin', { def: 'admin' });
    cx.add(`${cx.exp(cls)}class ${cls} {
  constructor(db = admin.firestore()) {
    this.collection = db.collection('${E.table}');
  }

  async findById(id) {
    const snap = await this.collection.doc(id).get();
    return snap.exists ? { id: snap.id, ...snap.data() } : null;
  }

  async list({ limit = 20, startAfter } = {}) {
    let query = this.collection.orderBy('createdAt', 'desc').limit(limit);
    if (startAfter) {
      const cursor = await this.collection.doc(startAfter).get();
      if (cursor.exists) query = query.startAfter(cursor);
    }
    const snap = await query.get();
    return snap.docs.map((doc) => ({ id: doc.id, ...doc.data() }));
  }

  async create(input) {
    const now = admin.firestore.FieldValue.serverTimestamp();
    const ref = await this.collection.add({ ...input, createdAt: now, updatedAt: now });
    return this.findById(ref.id);
  }

  async update(id, patch) {
    await this.collection.doc(id).set({ ...patch, updatedAt: admin.firestore.FieldValue.serverTimestamp() }, { merge: true });
    return this.findById(id);
  }

  async remove(id) {
    await this.collection.doc(id).delete();
  }
${nonStatus(E).slice(0, 4).map((f) => `
  async findBy${cap(f.name)}(value) {
    const snap = await this.collection.where('${f.name}', '==', value).limit(50).get();
    return snap.docs.map((doc) => ({ id: doc.id, ...doc.data() }));
  }
`).join('')}}`);
  } else if (style === 'd1') {
    const fn = cx.uniq(`create${E.Name}Repository`);
    cx.add(`${cx.exp(fn)}function ${fn}(${cx.p('db', 'D1Database')}) {
  return {
    async findById(${cx.p('id', 'string')})${cx.r(`Promise<${E.Name} | null>`)} {
      const row = await db.prepare('SELECT * FROM ${E.table} WHERE id = ?').bind(id).first${cx.g(E.Name + 'Row')}();
      return row ? ${E.name}FromRow(row) : null;
    },

    async list(${cx.p('limit', 'number')} = 20, ${cx.p('offset', 'number')} = 0)${cx.r(`Promise<${E.Name}[]>`)} {
      const { results } = await db
        .prepare('SELECT * FROM ${E.table} ORDER BY created_at DESC LIMIT ? OFFSET ?')
        .bind(limit, offset)
        .all${cx.g(E.Name + 'Row')}();
      return results.map(${E.name}FromRow);
    },

    async insert(${cx.p('id', 'string')}, ${cx.p('input', 'New' + E.Name)})${cx.r('Promise<void>')} {
      await db
        .prepare('INSERT INTO ${E.table} (id, ${cols.join(', ')}, created_at, updated_at) VALUES (?, ${cols.map(() => '?').join(', ')}, datetime(), datetime())')
        .bind(id, ${E.fields.map((f) => f.kind === 'tags' ? `JSON.stringify(input.${f.name})` : f.kind === 'date' ? `input.${f.name}${f.nullable ? '?' : ''}.toISOString()${f.nullable ? ' ?? null' : ''}` : `input.${f.name}`).join(', ')})
        .run();
    },

    async setStatus(${cx.p('id', 'string')}, ${cx.p('status', S)})${cx.r('Promise<void>')} {
      await db.prepare('UPDATE ${E.table} SET status = ?, updated_at = datetime() WHERE id = ?').bind(status, id).run();
    },

    async remove(${cx.p('id', 'string')})${cx.r('Promise<void>')} {
      await db.prepare('DELETE FROM ${E.table} WHERE id = ?').bind(id).run();
    },
  };
}`);
  } else if (style === 'prisma') {
    cx.impRel(deps.db, { named: ['prisma'] });
    const m = E.name;
    const fns = [
      ['find', `(${cx.p('id', 'string')})`, `return prisma.${m}.findUnique({ where: { id } });`],
      ['list', `(${cx.p('take', 'number')} = 20, ${cx.p('cursor', 'string')}${cx.T('?')})`, `return prisma.${m}.findMany({\n    take,\n    ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),\n    orderBy: { createdAt: 'desc' },\n  });`],
      ['create', `(${cx.p('data', 'New' + E.Name)})`, `return prisma.${m}.create({ data });`],
      ['update', `(${cx.p('id', 'string')}, ${cx.p('data', E.Name + 'Patch')})`, `return prisma.${m}.update({ where: { id }, data });`],
      ['delete', `(${cx.p('id', 'string')})`, `await prisma.${m}.delete({ where: { id } });`],
      ['countByStatus', `()`, `const groups = await prisma.${m}.groupBy({ by: ['status'], _count: { _all: true } });\n  return Object.fromEntries(groups.map((g${cx.T(': { status: string; _count: { _all: number } }')}) => [g.status, g._count._all]));`],
    ];
    for (const [verb, params, body] of fns) {
      const n = cx.uniq(`${verb}${verb === 'list' || verb === 'countByStatus' ? E.Plural : E.Name}`.replace('countByStatus' + E.Plural, `count${E.Plural}ByStatus`));
      cx.add(`${cx.exp(n)}async function ${n}${params} {\n  ${body}\n}`);
    }
  } else {
    // node-postgres
    if (cx.ts) cx.imp('pg', { types: ['Pool'] });
    const ctor = cx.ts ? 'constructor(private readonly pool: Pool) {}' : 'constructor(pool) {\n    this.pool = pool;\n  }';
    const methods = [
      `async findById(${cx.p('id', 'string')})${cx.r(`Promise<${E.Name} | null>`)} {
    const { rows } = await this.pool.query${cx.g(E.Name + 'Row')}('SELECT * FROM ${E.table} WHERE id = $1', [id]);
    return rows.length > 0 ? ${E.name}FromRow(rows[0]) : null;
  }`,
      `async list(${cx.p('limit', 'number')} = 20, ${cx.p('cursor', 'string | null')} = null)${cx.r(`Promise<${E.Name}[]>`)} {
    const params${cx.T(': unknown[]')} = [limit];
    let sql = 'SELECT * FROM ${E.table}';
    if (cursor) {
      sql += ' WHERE created_at < (SELECT created_at FROM ${E.table} WHERE id = $2)';
      params.push(cursor);
    }
    sql += ' ORDER BY created_at DESC LIMIT $1';
    const { rows } = await this.pool.query${cx.g(E.Name + 'Row')}(sql, params);
    return rows.map(${E.name}FromRow);
  }`,
      `async create(${cx.p('input', 'New' + E.Name)})${cx.r(`Promise<${E.Name}>`)} {
    const { rows } = await this.pool.query${cx.g(E.Name + 'Row')}(
      'INSERT INTO ${E.table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => '$' + (i + 1)).join(', ')}) RETURNING *',
      [${E.fields.map((f) => `input.${f.name}`).join(', ')}],
    );
    return ${E.name}FromRow(rows[0]);
  }`,
      `async update(${cx.p('id', 'string')}, ${cx.p('patch', E.Name + 'Patch')})${cx.r(`Promise<${E.Name} | null>`)} {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return this.findById(id);
    const assignments = entries.map(([key], i) => \`\${key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())} = $\${i + 2}\`);
    const { rows } = await this.pool.query${cx.g(E.Name + 'Row')}(
      \`UPDATE ${E.table} SET \${assignments.join(', ')}, updated_at = now() WHERE id = $1 RETURNING *\`,
      [id, ...entries.map(([, value]) => value)],
    );
    return rows.length > 0 ? ${E.name}FromRow(rows[0]) : null;
  }`,
      `async remove(${cx.p('id', 'string')})${cx.r('Promise<boolean>')} {
    const result = await this.pool.query('DELETE FROM ${E.table} WHERE id = $1', [id]);
    return (result.rowCount ?? 0) > 0;
  }`,
      `async countByStatus()${cx.r(`Promise<Record<string, number>>`)} {
    const { rows } = await this.pool.query${cx.g('{ status: string; count: string }')}('SELECT status, count(*) AS count FROM ${E.table} GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  }`,
    ];
    for (const f of nonStatus(E)) {
      if (f.kind === 'tags' || f.kind === 'bool') continue;
      methods.push(`async findBy${cap(f.name)}(${cx.p('value', tsType({ ...f, nullable: false }, E))})${cx.r(`Promise<${E.Name}[]>`)} {
    const { rows } = await this.pool.query${cx.g(E.Name + 'Row')}('SELECT * FROM ${E.table} WHERE ${snake(f.name)} = $1 ORDER BY created_at DESC LIMIT 100', [value]);
    return rows.map(${E.name}FromRow);
  }`);
    }
    // keep the class within the target: header ~4 lines, each method ~8
    const budget = Math.max(3, Math.floor((target - cx.lines - 6) / 8));
    cx.add(`${cx.exp(cls)}class ${cls} {\n  ${ctor}\n\n  ${methods.slice(0, budget).join('\n\n  ')}\n}`);
  }
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genService(cx, E, deps, target) {
  const S = `${E.Name}Status`;
  const cls = `${E.Name}Service`;
  const repoType = deps.repoClass ?? `${E.Name}Repository`;
  if (deps.model) cx.impRel(deps.model, { named: [`canTransition${E.Name}`], types: [E.Name, `New${E.Name}`, S] });
  if (deps.repo) cx.impRel(deps.repo, { types: [repoType] });
  if (deps.errors) cx.impRel(deps.errors, { named: ['NotFoundError', 'ValidationError'] });
  if (deps.schema) cx.impRel(deps.schema, { named: [`parse${E.Name}Input`] });
  const money = E.fields.find((f) => f.kind === 'money' || f.kind === 'int');
  const text = E.fields.find((f) => f.kind === 'text' && !f.nullable);
  const ctor = cx.ts ? `constructor(private readonly repository: ${repoType}) {}` : 'constructor(repository) {\n    this.repository = repository;\n  }';
  const methods = [
    `async get(${cx.p('id', 'string')})${cx.r(`Promise<${E.Name}>`)} {
    const found = await this.repository.findById(id);
    if (!found) throw new NotFoundError('${E.name}', id);
    return found;
  }`,
    `async create(${cx.p('raw', 'unknown')})${cx.r(`Promise<${E.Name}>`)} {
    const input = ${deps.schema ? `parse${E.Name}Input(raw)` : cx.as('raw', 'New' + E.Name)};
    return this.repository.create(input);
  }`,
    `async changeStatus(${cx.p('id', 'string')}, ${cx.p('next', S)})${cx.r(`Promise<${E.Name}>`)} {
    const current = await this.get(id);
    if (current.status === next) return current;
    if (!canTransition${E.Name}(current.status, next)) {
      throw new ValidationError(\`cannot move ${E.name} \${id} from \${current.status} to \${next}\`);
    }
    const updated = await this.repository.update(id, { status: next });
    if (!updated) throw new NotFoundError('${E.name}', id);
    return updated;
  }`,
    `async summarize(${cx.p('limit', 'number')} = 500)${cx.r(`Promise<{ total: number; byStatus: Record<string, number>${money ? '; sum: number' : ''} }>`)} {
    const items = await this.repository.list(limit);
    const byStatus${cx.T(': Record<string, number>')} = {};
    ${money ? 'let sum = 0;\n    ' : ''}for (const item of items) {
      byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
      ${money ? `sum += item.${money.name};` : ''}
    }
    return { total: items.length, byStatus${money ? ', sum' : ''} };
  }`,
    `async exportCsv(${cx.p('limit', 'number')} = 1000)${cx.r('Promise<string>')} {
    const items = await this.repository.list(limit);
    const header = ['id', ${E.fields.map((f) => `'${f.name}'`).join(', ')}].join(',');
    const lines = items.map((item) =>
      [item.id, ${E.fields.map((f) => f.kind === 'date' ? `item.${f.name}${f.nullable ? '?' : ''}.toISOString()` : f.kind === 'tags' ? `item.${f.name}.join('|')` : `item.${f.name}`).join(', ')}]
        .map((v) => (v === null || v === undefined ? '' : String(v).replace(/"/g, '""')))
        .map((v) => (/[",]/.test(v) ? \`"\${v}"\` : v))
        .join(','),
    );
    return [header, ...lines].join('\\n');
  }`,
  ];
  if (text) {
    methods.push(`async search(${cx.p('query', 'string')}, ${cx.p('limit', 'number')} = 50)${cx.r(`Promise<${E.Name}[]>`)} {
    const q = query.trim().toLowerCase();
    const items = await this.repository.list(limit * 4);
    return items.filter((item) => item.${text.name}.toLowerCase().includes(q)).slice(0, limit);
  }`);
  }
  for (const s of E.statuses.slice(1)) {
    const m = `mark${cap(s.replace(/_(\w)/g, (_, c) => c.toUpperCase()))}`;
    methods.push(`async ${m}(${cx.p('id', 'string')})${cx.r(`Promise<${E.Name}>`)} {
    return this.changeStatus(id, '${s}');
  }`);
  }
  const budget = Math.max(3, Math.floor((target - cx.lines - 6) / 9));
  cx.add(`${cx.exp(cls)}class ${cls} {\n  ${ctor}\n\n  ${methods.slice(0, budget).join('\n\n  ')}\n}`);
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genSchema(cx, E, target, zod) {
  const S = `${E.Name}Status`;
  if (zod) {
    cx.imp('zod', { named: ['z'] });
    const zf = (f) => {
      let b;
      switch (f.kind) {
        case 'text': b = 'z.string().min(1).max(200)'; break;
        case 'email': b = 'z.string().email()'; break;
        case 'phone': b = "z.string().regex(/^[0-9+-]{10,15}$/)"; break;
        case 'code': b = 'z.string().min(1).max(32)'; break;
        case 'id': b = 'z.string().min(1)'; break;
        case 'money': b = 'z.number().int().nonnegative()'; break;
        case 'int': b = 'z.number().int()'; break;
        case 'float': b = 'z.number().min(0).max(1)'; break;
        case 'date': b = 'z.coerce.date()'; break;
        case 'bool': b = 'z.boolean()'; break;
        case 'tags': b = 'z.array(z.string().max(40)).max(20).default([])'; break;
        case 'enum': b = `z.enum([${E.statuses.map((s) => `'${s}'`).join(', ')}])`; break;
      }
      return f.nullable ? `${b}.nullable().default(null)` : b;
    };
    const schema = `${E.name}InputSchema`;
    cx.add(`${cx.exp(schema)}const ${schema} = z.object({\n${E.fields.map((f) => `  ${f.name}: ${zf(f)},`).join('\n')}\n});`);
    cx.add(`${cx.exp(`${E.name}PatchSchema`)}const ${E.name}PatchSchema = ${schema}.partial();`);
    if (cx.ts) cx.add(`${cx.exp(`${E.Name}Input`)}type ${E.Name}Input = z.infer<typeof ${schema}>;`);
    cx.add(`${cx.exp(`parse${E.Name}Input`)}function parse${E.Name}Input(${cx.p('raw', 'unknown')}) {
  const result = ${schema}.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => \`\${i.path.join('.')}: \${i.message}\`);
    throw new Error(\`invalid ${E.name}: \${issues.join('; ')}\`);
  }
  return result.data;
}`);
    cx.add(`${cx.exp(`${E.name}QuerySchema`)}const ${E.name}QuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
  status: z.enum([${E.statuses.map((s) => `'${s}'`).join(', ')}]).optional(),
});`);
  } else {
    const checks = E.fields.map((f) => {
      const v = `input.${f.name}`;
      const nn = f.nullable ? `${v} !== null && ${v} !== undefined && ` : '';
      switch (f.kind) {
        case 'text': case 'code': case 'id':
          return `  if (${nn}(typeof ${v} !== 'string' || ${v}.length === 0)) errors.push('${f.name} is required');`;
        case 'email':
          return `  if (${nn}(typeof ${v} !== 'string' || !/^[^@\\s]+@[^@\\s]+$/.test(${v}))) errors.push('${f.name} must be an email');`;
        case 'phone':
          return `  if (${nn}(typeof ${v} !== 'string' || !/^[0-9+-]{10,15}$/.test(${v}))) errors.push('${f.name} must be a phone number');`;
        case 'money': case 'int':
          return `  if (${nn}!Number.isInteger(${v})) errors.push('${f.name} must be an integer');`;
        case 'float':
          return `  if (${nn}(typeof ${v} !== 'number' || Number.isNaN(${v}))) errors.push('${f.name} must be a number');`;
        case 'date':
          return `  if (${nn}Number.isNaN(new Date(${v}).getTime())) errors.push('${f.name} must be a date');`;
        case 'bool':
          return `  if (typeof ${v} !== 'boolean') errors.push('${f.name} must be a boolean');`;
        case 'tags':
          return `  if (${v} !== undefined && !Array.isArray(${v})) errors.push('${f.name} must be an array');`;
        case 'enum':
          return `  if (![${E.statuses.map((s) => `'${s}'`).join(', ')}].includes(${v})) errors.push('status is invalid');`;
      }
      return '';
    });
    const vn = cx.uniq(`validate${E.Name}`);
    cx.add(`${cx.exp(vn)}function ${vn}(${cx.p('input', 'Record<string, any>')})${cx.r('{ ok: boolean; errors: string[] }')} {
  const errors${cx.T(': string[]')} = [];
  if (!input || typeof input !== 'object') return { ok: false, errors: ['body must be an object'] };
${checks.join('\n')}
  return { ok: errors.length === 0, errors };
}`);
    cx.add(`${cx.exp(`parse${E.Name}Input`)}function parse${E.Name}Input(${cx.p('raw', 'any')}) {
  const { ok, errors } = ${vn}(raw);
  if (!ok) {
    const error = new Error(\`invalid ${E.name}: \${errors.join('; ')}\`);
    ${cx.ts ? '(error as Error & { status?: number }).status = 400;' : 'error.status = 400;'}
    throw error;
  }
  return {
${E.fields.map((f) => `    ${f.name}: ${f.kind === 'date' ? (f.nullable ? `raw.${f.name} ? new Date(raw.${f.name}) : null` : `new Date(raw.${f.name})`) : f.kind === 'tags' ? `raw.${f.name} ?? []` : f.nullable ? `raw.${f.name} ?? null` : `raw.${f.name}`},`).join('\n')}
  };
}`);
  }
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genExpressRoutes(cx, E, deps, target) {
  cx.imp('express', { named: ['Router'] });
  if (cx.ts) cx.imp('express', { types: ['Request', 'Response', 'NextFunction'] });
  if (deps.service) cx.impRel(deps.service, { named: [`${E.Name}Service`] });
  if (deps.repo && deps.repoClass) cx.impRel(deps.repo, { named: [deps.repoClass] });
  if (deps.pool) cx.impRel(deps.pool, { named: ['pool'] });
  const rn = cx.uniq(`${E.name}Router`);
  const h = (body) => `async (${cx.p('req', 'Request')}, ${cx.p('res', 'Response')}, ${cx.p('next', 'NextFunction')}) => {\n  try {\n${body}\n  } catch (error) {\n    next(error);\n  }\n}`;
  cx.add(`${cx.exp(rn)}const ${rn} = Router();
const service = new ${E.Name}Service(new ${deps.repoClass ?? E.Name + 'Repository'}(${deps.pool ? 'pool' : ''}));

${rn}.get('/', ${h(`    const limit = Math.min(Number(req.query.limit ?? 20), 100);\n    const summary = await service.summarize(limit);\n    res.json(summary);`)});

${rn}.get('/export.csv', ${h(`    const csv = await service.exportCsv();\n    res.type('text/csv').send(csv);`)});

${rn}.get('/:id', ${h(`    const ${E.name} = await service.get(req.params.id);\n    res.json(${E.name});`)});

${rn}.post('/', ${h(`    const created = await service.create(req.body);\n    res.status(201).json(created);`)});

${rn}.post('/:id/status', ${h(`    const { status } = req.body${cx.T(` as { status: ${E.Name}Status }`)};\n    const updated = await service.changeStatus(req.params.id, status);\n    res.json(updated);`)});`);
  if (cx.ts && deps.model) cx.impRel(deps.model, { types: [`${E.Name}Status`] });
  padWithHelpers(cx, E, target);
}

export function genHonoRoutes(cx, E, deps, target) {
  cx.imp('hono', { named: ['Hono'] });
  if (deps.env) cx.impRel(deps.env, { types: ['Env'] });
  if (deps.repo) cx.impRel(deps.repo, { named: [`create${E.Name}Repository`] });
  const n = cx.uniq(`${E.plural}Route`);
  cx.add(`${cx.exp(n)}const ${n} = new Hono${cx.g('{ Bindings: Env }')}();

${n}.get('/', async (c) => {
  const limit = Number(c.req.query('limit') ?? '20');
  const repo = create${E.Name}Repository(c.env.DB);
  const items = await repo.list(Math.min(limit, 100));
  return c.json({ items });
});

${n}.get('/:id', async (c) => {
  const repo = create${E.Name}Repository(c.env.DB);
  const item = await repo.findById(c.req.param('id'));
  return item ? c.json(item) : c.json({ error: 'not found' }, 404);
});

${n}.post('/:id/status', async (c) => {
  const body = await c.req.json${cx.g('{ status?: string }')}();
  if (!body.status) return c.json({ error: 'status is required' }, 400);
  const repo = create${E.Name}Repository(c.env.DB);
  await repo.setStatus(c.req.param('id'), ${cx.as('body.status', 'never')});
  return c.body(null, 204);
});

${n}.delete('/:id', async (c) => {
  const repo = create${E.Name}Repository(c.env.DB);
  await repo.remove(c.req.param('id'));
  return c.body(null, 204);
});`);
  padWithHelpers(cx, E, target);
}

export function genNextRoute(cx, E, deps, target) {
  cx.imp('next/server', { named: ['NextResponse'] });
  if (cx.ts) cx.imp('next/server', { types: ['NextRequest'] });
  if (deps.repo) cx.impRel(deps.repo, { named: [`list${E.Plural}`, `create${E.Name}`] });
  if (deps.schema) cx.impRel(deps.schema, { named: [`parse${E.Name}Input`] });
  cx.add(`${cx.exp('dynamic')}const dynamic = 'force-dynamic';

${cx.exp('GET')}async function GET(${cx.p('request', 'NextRequest')}) {
  const { searchParams } = new URL(request.url);
  const take = Math.min(Number(searchParams.get('take') ?? '20'), 100);
  const cursor = searchParams.get('cursor') ?? undefined;
  const items = await list${E.Plural}(take, cursor);
  return NextResponse.json({ items, nextCursor: items.length === take ? items[items.length - 1].id : null });
}

${cx.exp('POST')}async function POST(${cx.p('request', 'NextRequest')}) {
  let payload${cx.T(': unknown')};
  try {
    payload = await request.json();
  } catch {
    return NextResponse.json({ error: 'invalid JSON' }, { status: 400 });
  }
  try {
    const input = ${deps.schema ? `parse${E.Name}Input(payload)` : 'payload'};
    const created = await create${E.Name}(${cx.as('input', 'never')});
    return NextResponse.json(created, { status: 201 });
  } catch (error) {
    return NextResponse.json({ error: (${cx.as('error', 'Error')}).message }, { status: 400 });
  }
}`);
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genErrors(cx) {
  for (const [n, status, extra] of [
    ['AppError', 500, ''],
    ['NotFoundError', 404, 'resource'],
    ['ValidationError', 400, ''],
    ['ConflictError', 409, ''],
    ['UnauthorizedError', 401, ''],
  ]) {
    if (n === 'AppError') {
      cx.add(`${cx.exp(n)}class AppError extends Error {
  ${cx.ts ? 'readonly status: number;\n  readonly code: string;\n\n  ' : ''}constructor(${cx.p('message', 'string')}, ${cx.p('status', 'number')} = 500, ${cx.p('code', 'string')} = 'internal_error') {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }

  toJSON() {
    return { error: this.code, message: this.message };
  }
}`);
    } else if (extra) {
      cx.add(`${cx.exp(n)}class ${n} extends AppError {
  constructor(${cx.p('resource', 'string')}, ${cx.p('id', 'string')}) {
    super(\`\${resource} \${id} not found\`, ${status}, 'not_found');
  }
}`);
    } else {
      cx.add(`${cx.exp(n)}class ${n} extends AppError {
  constructor(${cx.p('message', 'string')}) {
    super(message, ${status}, '${snake(n.replace('Error', ''))}');
  }
}`);
    }
  }
  cx.add(`${cx.exp('isAppError')}function isAppError(${cx.p('error', 'unknown')})${cx.r('error is AppError')} {
  return error instanceof AppError;
}`);
}

// ---------------------------------------------------------------------------------------------
export function genMiddleware(cx, E, target) {
  const kind = cx.rng.pick(['auth', 'requestId', 'rateLimit', 'errors']);
  if (cx.ts) cx.imp('express', { types: ['Request', 'Response', 'NextFunction'] });
  const sig = `${cx.p('req', 'Request')}, ${cx.p('res', 'Response')}, ${cx.p('next', 'NextFunction')}`;
  if (kind === 'auth') {
    cx.imp('jsonwebtoken', { def: 'jwt' });
    const n = cx.uniq('requireAuth');
    cx.add(`${cx.exp(n)}function ${n}(${cx.p('roles', 'readonly string[]')} = []) {
  return (${sig}) => {
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) {
      res.status(401).json({ error: 'missing bearer token' });
      return;
    }
    try {
      const claims = jwt.verify(token, process.env.JWT_PUBLIC_KEY ?? '', { algorithms: ['RS256'] })${cx.T(' as { sub: string; roles?: string[] }')};
      if (roles.length > 0 && !roles.some((r) => claims.roles?.includes(r))) {
        res.status(403).json({ error: 'forbidden' });
        return;
      }
      res.locals.userId = claims.sub;
      next();
    } catch {
      res.status(401).json({ error: 'invalid token' });
    }
  };
}`);
  } else if (kind === 'requestId') {
    cx.imp('node:crypto', { named: ['randomUUID'] });
    const n = cx.uniq('requestId');
    cx.add(`${cx.exp(n)}function ${n}(${sig})${cx.r('void')} {
  const incoming = req.header('x-request-id');
  const id = incoming && /^[\\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ id, method: req.method, path: req.path, status: res.statusCode, ms }));
  });
  next();
}`);
  } else if (kind === 'rateLimit') {
    const n = cx.uniq('rateLimit');
    cx.add(`${cx.exp(n)}function ${n}(${cx.p('options', '{ windowMs: number; max: number }')}) {
  const hits = new Map${cx.g('string, { count: number; resetAt: number }')}();
  return (${sig}) => {
    const key = req.ip ?? 'unknown';
    const now = Date.now();
    const entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      hits.set(key, { count: 1, resetAt: now + options.windowMs });
      next();
      return;
    }
    entry.count += 1;
    if (entry.count > options.max) {
      res.setHeader('retry-after', Math.ceil((entry.resetAt - now) / 1000));
      res.status(429).json({ error: 'too many requests' });
      return;
    }
    next();
  };
}`);
  } else {
    const n = cx.uniq('errorHandler');
    cx.add(`${cx.exp(n)}function ${n}(${cx.p('err', 'unknown')}, ${sig})${cx.r('void')} {
  const error = ${cx.as('err', 'Error & { status?: number; code?: string }')};
  const status = typeof error.status === 'number' ? error.status : 500;
  if (status >= 500) console.error('[error]', error);
  if (res.headersSent) {
    next(err);
    return;
  }
  res.status(status).json({ error: error.code ?? 'internal_error', message: status >= 500 ? 'internal error' : error.message });
}`);
  }
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genJob(cx, E, deps, target) {
  if (deps.repo && deps.repoClass) cx.impRel(deps.repo, { named: [deps.repoClass] });
  if (deps.pool) cx.impRel(deps.pool, { named: ['pool'] });
  const date = E.fields.find((f) => f.kind === 'date');
  const n = cx.uniq(`run${E.Name}Maintenance`);
  cx.add(`const BATCH_SIZE = ${cx.rng.pick([50, 100, 200, 500])};

${cx.exp(n)}async function ${n}(${cx.p('now', 'Date')} = new Date())${cx.r('Promise<{ scanned: number; changed: number }>')} {
  const repository = new ${deps.repoClass ?? E.Name + 'Repository'}(${deps.pool ? 'pool' : ''});
  let scanned = 0;
  let changed = 0;
  let cursor${cx.T(': string | null')} = null;
  for (;;) {
    const batch = await repository.list(BATCH_SIZE, cursor);
    if (batch.length === 0) break;
    for (const item of batch) {
      scanned++;
      ${date ? `const due = item.${date.name}${date.nullable ? '' : ''};
      if (due && due.getTime() < now.getTime() && item.status === '${E.statuses[0]}') {
        await repository.update(item.id, { status: '${E.statuses[E.statuses.length - 1]}' });
        changed++;
      }` : `if (item.status === '${E.statuses[0]}' && now.getTime() - item.createdAt.getTime() > 30 * 86400000) {
        await repository.update(item.id, { status: '${E.statuses[E.statuses.length - 1]}' });
        changed++;
      }`}
    }
    cursor = batch[batch.length - 1].id;
    if (batch.length < BATCH_SIZE) break;
  }
  return { scanned, changed };
}`);
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genComponent(cx, E, target) {
  // .tsx / .jsx
  const n = `${E.Name}Table`;
  const props = cx.ts ? `{ items, onSelect }: { items: ReadonlyArray<{ id: string; status: string; ${nonStatus(E).slice(0, 3).map((f) => `${f.name}: ${tsType(f, E)}`).join('; ')} }>; onSelect?: (id: string) => void }` : '{ items, onSelect }';
  const cols = nonStatus(E).slice(0, 3);
  const cell = (f) => f.kind === 'date' ? `{item.${f.name}${f.nullable ? '?' : ''}.toLocaleDateString('ja-JP')}` : f.kind === 'tags' ? `{item.${f.name}.join(', ')}` : f.kind === 'bool' ? `{item.${f.name} ? 'yes' : 'no'}` : `{String(item.${f.name} ?? '')}`;
  cx.add(`${cx.exp(n)}function ${n}(${props}) {
  if (items.length === 0) {
    return <p className="empty">No ${E.plural} yet.</p>;
  }
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th>ID</th>
          <th>Status</th>
${cols.map((f) => `          <th>${f.name}</th>`).join('\n')}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} onClick={() => onSelect?.(item.id)}>
            <td>{item.id.slice(0, 8)}</td>
            <td>
              <span className={\`badge badge-\${item.status}\`}>{item.status}</span>
            </td>
${cols.map((f) => `            <td>${cell(f)}</td>`).join('\n')}
          </tr>
        ))}
      </tbody>
    </table>
  );
}`);
  const f2 = `${E.Name}StatusFilter`;
  cx.add(`${cx.exp(f2)}function ${f2}(${cx.ts ? '{ value, onChange }: { value: string; onChange: (value: string) => void }' : '{ value, onChange }'}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All</option>
${E.statuses.map((s) => `      <option value="${s}">${s}</option>`).join('\n')}
    </select>
  );
}`);
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genConstants(cx, E, target) {
  cx.add(`${cx.exp('DEFAULT_PAGE_SIZE')}const DEFAULT_PAGE_SIZE = 20;
${cx.exp('MAX_PAGE_SIZE')}const MAX_PAGE_SIZE = 100;
${cx.exp('TIMEZONE')}const TIMEZONE = 'Asia/Tokyo';
${cx.exp('SUPPORTED_LOCALES')}const SUPPORTED_LOCALES = ['ja', 'en', 'zh-TW', 'th'];`);
  cx.add(`${cx.exp('PREFECTURES')}const PREFECTURES = [
  'Hokkaido', 'Aomori', 'Iwate', 'Miyagi', 'Akita', 'Yamagata', 'Fukushima', 'Ibaraki', 'Tochigi',
  'Gunma', 'Saitama', 'Chiba', 'Tokyo', 'Kanagawa', 'Niigata', 'Toyama', 'Ishikawa', 'Fukui',
  'Yamanashi', 'Nagano', 'Gifu', 'Shizuoka', 'Aichi', 'Mie', 'Shiga', 'Kyoto', 'Osaka', 'Hyogo',
  'Nara', 'Wakayama', 'Tottori', 'Shimane', 'Okayama', 'Hiroshima', 'Yamaguchi', 'Tokushima',
  'Kagawa', 'Ehime', 'Kochi', 'Fukuoka', 'Saga', 'Nagasaki', 'Kumamoto', 'Oita', 'Miyazaki',
  'Kagoshima', 'Okinawa',
]${cx.T(' as const')};`);
  cx.add(`${cx.exp('ERROR_MESSAGES')}const ERROR_MESSAGES = {
  notFound: '指定されたデータが見つかりません。',
  invalidInput: '入力内容に誤りがあります。',
  unauthorized: 'ログインが必要です。',
  conflict: 'すでに登録されています。',
  internal: 'システムエラーが発生しました。時間をおいて再度お試しください。',
}${cx.T(' as const')};`);
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genTest(cx, E, deps, target, framework) {
  if (framework === 'vitest') cx.imp('vitest', { named: ['describe', 'it', 'expect', 'vi'] });
  if (deps.service) cx.impRel(deps.service, { named: [`${E.Name}Service`] });
  const mockFn = framework === 'vitest' ? 'vi.fn' : 'jest.fn';
  const sample = `{ id: 'a1', ${E.fields.map((f) => `${f.name}: ${sampleValue(cx.rng, f, E)}`).join(', ')}, createdAt: new Date(), updatedAt: new Date() }`;
  cx.add(`function fakeRepository(${cx.p('items', 'any[]')} = []) {
  return {
    findById: ${mockFn}(async (${cx.p('id', 'string')}) => items.find((i) => i.id === id) ?? null),
    list: ${mockFn}(async () => items),
    create: ${mockFn}(async (${cx.p('input', 'any')}) => ({ id: 'new', ...input, createdAt: new Date(), updatedAt: new Date() })),
    update: ${mockFn}(async (${cx.p('id', 'string')}, ${cx.p('patch', 'any')}) => {
      const found = items.find((i) => i.id === id);
      return found ? { ...found, ...patch } : null;
    }),
  };
}

describe('${E.Name}Service', () => {
  const sample = ${sample};

  it('returns an existing ${E.name}', async () => {
    const service = new ${E.Name}Service(fakeRepository([sample])${cx.T(' as any')});
    await expect(service.get('a1')).resolves.toMatchObject({ id: 'a1' });
  });

  it('throws when the ${E.name} does not exist', async () => {
    const service = new ${E.Name}Service(fakeRepository()${cx.T(' as any')});
    await expect(service.get('missing')).rejects.toThrow(/not found/);
  });

  it('moves ${E.statuses[0]} to ${E.statuses[1]}', async () => {
    const repo = fakeRepository([sample]);
    const service = new ${E.Name}Service(repo${cx.T(' as any')});
    const updated = await service.changeStatus('a1', '${E.statuses[1]}');
    expect(updated.status).toBe('${E.statuses[1]}');
    expect(repo.update).toHaveBeenCalledWith('a1', { status: '${E.statuses[1]}' });
  });

  it('summarizes by status', async () => {
    const service = new ${E.Name}Service(fakeRepository([sample, { ...sample, id: 'a2' }])${cx.T(' as any')});
    const summary = await service.summarize();
    expect(summary.total).toBe(2);
    expect(summary.byStatus['${E.statuses[0]}']).toBe(2);
  });
});`);
  let k = 0;
  while (cx.lines + cx.overheadLines() + 10 < Math.min(target, 400) && k < 40) {
    const s = E.statuses[k % E.statuses.length];
    cx.add(`describe('${E.name} case ${k + 1}', () => {
  it('keeps ${s} stable when nothing changes', async () => {
    const repo = fakeRepository([{ ...${sample}, status: '${s}' }]);
    const service = new ${E.Name}Service(repo${cx.T(' as any')});
    const result = await service.changeStatus('a1', '${s}');
    expect(result.status).toBe('${s}');
    expect(repo.update).not.toHaveBeenCalled();
  });
});`);
    k++;
  }
}

export function genUtilTest(cx, utilPath, names, target, framework) {
  if (framework === 'vitest') cx.imp('vitest', { named: ['describe', 'it', 'expect'] });
  cx.impRel(utilPath, { named: names.slice(0, 6) });
  cx.add(`describe('utilities', () => {
${names.slice(0, 6).map((n) => `  it('exports ${n}', () => {
    expect(typeof ${n}).toBe('function');
  });`).join('\n\n')}
});`);
  let k = 0;
  while (cx.lines + cx.overheadLines() + 8 < Math.min(target, 400) && k < 30) {
    cx.add(`describe('edge case ${k + 1}', () => {
  it('handles empty input', () => {
    const values${cx.T(': number[]')} = [];
    expect(values.length).toBe(0);
    expect(values.reduce((a, b) => a + b, ${k})).toBe(${k});
  });
});`);
    k++;
  }
}

export function genMigration(cx, E, target) {
  const colType = (f) => {
    switch (f.kind) {
      case 'money': case 'int': return 'integer NOT NULL DEFAULT 0';
      case 'float': return 'double precision NOT NULL DEFAULT 0';
      case 'date': return f.nullable ? 'timestamptz' : 'timestamptz NOT NULL';
      case 'bool': return 'boolean NOT NULL DEFAULT true';
      case 'tags': return "text[] NOT NULL DEFAULT '{}'";
      default: return f.nullable ? 'text' : 'text NOT NULL';
    }
  };
  cx.add(`${cx.exp('up')}async function up(${cx.p('db', '{ query: (sql: string) => Promise<unknown> }')})${cx.r('Promise<void>')} {
  await db.query(\`
    CREATE TABLE IF NOT EXISTS ${E.table} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
${E.fields.map((f) => `      ${snake(f.name)} ${colType(f)},`).join('\n')}
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  \`);
  await db.query('CREATE INDEX IF NOT EXISTS ${E.table}_status_idx ON ${E.table} (status)');
  await db.query('CREATE INDEX IF NOT EXISTS ${E.table}_created_at_idx ON ${E.table} (created_at DESC)');
}

${cx.exp('down')}async function down(${cx.p('db', '{ query: (sql: string) => Promise<unknown> }')})${cx.r('Promise<void>')} {
  await db.query('DROP TABLE IF EXISTS ${E.table}');
}`);
  padWithHelpers(cx, E, target);
}
