// A pool of ordinary utility functions (no LINE code). Templates draw from it to pad a file to its
// sampled length, so every file is plausible code of varied shape rather than repeated filler.
import { cap } from './codegen.mjs';

// Each entry: (cx, E) => text. E is an entity (may be used for naming) or null.
export const HELPERS = [
  (cx, E) => {
    const n = cx.uniq(E ? `chunk${E.Plural}` : 'chunk');
    return `${cx.exp(n)}function ${n}${cx.g('T')}(${cx.p('items', 'readonly T[]')}, ${cx.p('size', 'number')})${cx.r('T[][]')} {
  if (size <= 0) throw new RangeError('size must be positive');
  const out${cx.T(': T[][]')} = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
`;
  },
  (cx, E) => {
    const n = cx.uniq(E ? `group${E.Plural}By` : 'groupBy');
    return `${cx.exp(n)}function ${n}${cx.g('T, K extends string | number')}(${cx.p('items', 'readonly T[]')}, ${cx.p('key', '(item: T) => K')})${cx.r('Record<K, T[]>')} {
  const result = ${cx.as('{}', 'Record<K, T[]>')};
  for (const item of items) {
    const k = key(item);
    (result[k] ??= []).push(item);
  }
  return result;
}
`;
  },
  (cx) => {
    const n = cx.uniq('sleep');
    return `${cx.exp(n)}function ${n}(${cx.p('ms', 'number')})${cx.r('Promise<void>')} {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
`;
  },
  (cx, E) => {
    const n = cx.uniq(E ? `with${E.Name}Retry` : 'withRetry');
    return `${cx.exp(n)}async function ${n}${cx.g('T')}(
  ${cx.p('task', '() => Promise<T>')},
  ${cx.p('attempts', 'number')} = 3,
  ${cx.p('baseDelayMs', 'number')} = 200,
)${cx.r('Promise<T>')} {
  let lastError${cx.T(': unknown')};
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await task();
    } catch (error) {
      lastError = error;
      const delay = baseDelayMs * 2 ** attempt + Math.floor(Math.random() * 50);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw lastError;
}
`;
  },
  (cx, E) => {
    const n = cx.uniq(E ? `format${E.Name}Amount` : 'formatYen');
    return `${cx.exp(n)}function ${n}(${cx.p('value', 'number')}, ${cx.p('currency', 'string')} = 'JPY')${cx.r('string')} {
  return new Intl.NumberFormat('ja-JP', { style: 'currency', currency }).format(value);
}
`;
  },
  (cx) => {
    const n = cx.uniq('toIsoDate');
    return `${cx.exp(n)}function ${n}(${cx.p('date', 'Date')})${cx.r('string')} {
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return \`\${y}-\${m}-\${d}\`;
}
`;
  },
  (cx) => {
    const n = cx.uniq('parseBoolean');
    return `${cx.exp(n)}function ${n}(${cx.p('value', 'string | undefined')}, ${cx.p('fallback', 'boolean')} = false)${cx.r('boolean')} {
  if (value === undefined || value === '') return fallback;
  switch (value.trim().toLowerCase()) {
    case '1':
    case 'true':
    case 'yes':
    case 'on':
      return true;
    case '0':
    case 'false':
    case 'no':
    case 'off':
      return false;
    default:
      return fallback;
  }
}
`;
  },
  (cx) => {
    const n = cx.uniq('pick');
    return `${cx.exp(n)}function ${n}${cx.g('T extends object, K extends keyof T')}(${cx.p('obj', 'T')}, ${cx.p('keys', 'readonly K[]')})${cx.r('Pick<T, K>')} {
  const out = ${cx.as('{}', 'Pick<T, K>')};
  for (const key of keys) {
    if (key in obj) out[key] = obj[key];
  }
  return out;
}
`;
  },
  (cx) => {
    const n = cx.uniq('omit');
    return `${cx.exp(n)}function ${n}${cx.g('T extends object, K extends keyof T')}(${cx.p('obj', 'T')}, ${cx.p('keys', 'readonly K[]')})${cx.r('Omit<T, K>')} {
  const out = { ...obj };
  for (const key of keys) delete out[key];
  return out;
}
`;
  },
  (cx) => {
    const n = cx.uniq('slugify');
    return `${cx.exp(n)}function ${n}(${cx.p('input', 'string')})${cx.r('string')} {
  return input
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
`;
  },
  (cx) => {
    const n = cx.uniq('maskEmail');
    return `${cx.exp(n)}function ${n}(${cx.p('email', 'string')})${cx.r('string')} {
  const [local, domain] = email.split('@');
  if (!domain) return '***';
  const visible = local.slice(0, Math.min(2, local.length));
  return \`\${visible}\${'*'.repeat(Math.max(1, local.length - visible.length))}@\${domain}\`;
}
`;
  },
  (cx) => {
    const n = cx.uniq('normalizePhone');
    return `${cx.exp(n)}function ${n}(${cx.p('raw', 'string')})${cx.r('string | null')} {
  const digits = raw.replace(/[^0-9+]/g, '');
  if (digits.startsWith('+81')) return digits;
  if (digits.startsWith('0') && digits.length >= 10) return '+81' + digits.slice(1);
  return digits.length >= 10 ? digits : null;
}
`;
  },
  (cx, E) => {
    const n = cx.uniq(E ? `parse${E.Name}Pagination` : 'parsePagination');
    const ty = cx.ts ? `{ limit?: string | number; cursor?: string }` : '';
    return `${cx.exp(n)}function ${n}(${cx.p('query', ty)}, ${cx.p('maxLimit', 'number')} = 100)${cx.r('{ limit: number; cursor: string | null }')} {
  const raw = Number(query.limit ?? 20);
  const limit = Number.isFinite(raw) ? Math.min(Math.max(Math.trunc(raw), 1), maxLimit) : 20;
  const cursor = typeof query.cursor === 'string' && query.cursor.length > 0 ? query.cursor : null;
  return { limit, cursor };
}
`;
  },
  (cx) => {
    const n = cx.uniq('buildQueryString');
    return `${cx.exp(n)}function ${n}(${cx.p('params', 'Record<string, string | number | boolean | undefined>')})${cx.r('string')} {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? \`?\${qs}\` : '';
}
`;
  },
  (cx, E) => {
    const n = cx.uniq(E ? `sum${E.Plural}By` : 'sumBy');
    return `${cx.exp(n)}function ${n}${cx.g('T')}(${cx.p('items', 'readonly T[]')}, ${cx.p('value', '(item: T) => number')})${cx.r('number')} {
  return items.reduce((total, item) => total + value(item), 0);
}
`;
  },
  (cx) => {
    const n = cx.uniq('partition');
    return `${cx.exp(n)}function ${n}${cx.g('T')}(${cx.p('items', 'readonly T[]')}, ${cx.p('predicate', '(item: T) => boolean')})${cx.r('[T[], T[]]')} {
  const yes${cx.T(': T[]')} = [];
  const no${cx.T(': T[]')} = [];
  for (const item of items) (predicate(item) ? yes : no).push(item);
  return [yes, no];
}
`;
  },
  (cx) => {
    const n = cx.uniq('toCsvRow');
    return `${cx.exp(n)}function ${n}(${cx.p('values', 'ReadonlyArray<string | number | boolean | null | undefined>')})${cx.r('string')} {
  return values
    .map((v) => {
      if (v === null || v === undefined) return '';
      const s = String(v);
      return /[",\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    })
    .join(',');
}
`;
  },
  (cx) => {
    const n = cx.uniq('addDays');
    return `${cx.exp(n)}function ${n}(${cx.p('date', 'Date')}, ${cx.p('days', 'number')})${cx.r('Date')} {
  const copy = new Date(date.getTime());
  copy.setUTCDate(copy.getUTCDate() + days);
  return copy;
}
`;
  },
  (cx) => {
    const n = cx.uniq('isBusinessHour');
    return `${cx.exp(n)}function ${n}(${cx.p('date', 'Date')}, ${cx.p('openHour', 'number')} = 10, ${cx.p('closeHour', 'number')} = 19)${cx.r('boolean')} {
  // business hours are defined in JST (UTC+9)
  const jstHour = (date.getUTCHours() + 9) % 24;
  const day = new Date(date.getTime() + 9 * 3600 * 1000).getUTCDay();
  if (day === 0 || day === 6) return false;
  return jstHour >= openHour && jstHour < closeHour;
}
`;
  },
  (cx) => {
    const n = cx.uniq('diffInMinutes');
    return `${cx.exp(n)}function ${n}(${cx.p('a', 'Date')}, ${cx.p('b', 'Date')})${cx.r('number')} {
  return Math.round((a.getTime() - b.getTime()) / 60000);
}
`;
  },
  (cx) => {
    const n = cx.uniq('hashString');
    return `${cx.exp(n)}function ${n}(${cx.p('input', 'string')})${cx.r('number')} {
  let hash = 5381;
  for (let i = 0; i < input.length; i++) {
    hash = ((hash << 5) + hash + input.charCodeAt(i)) | 0;
  }
  return hash >>> 0;
}
`;
  },
  (cx) => {
    const n = cx.uniq('safeJsonParse');
    return `${cx.exp(n)}function ${n}${cx.g('T')}(${cx.p('text', 'string')}, ${cx.p('fallback', 'T')})${cx.r('T')} {
  try {
    return ${cx.as('JSON.parse(text)', 'T')};
  } catch {
    return fallback;
  }
}
`;
  },
  (cx) => {
    const n = cx.uniq('withTimeout');
    return `${cx.exp(n)}function ${n}${cx.g('T')}(${cx.p('promise', 'Promise<T>')}, ${cx.p('ms', 'number')}, ${cx.p('label', 'string')} = 'operation')${cx.r('Promise<T>')} {
  let timer${cx.T(': ReturnType<typeof setTimeout> | undefined')};
  const timeout = new Promise${cx.g('never')}((_, reject) => {
    timer = setTimeout(() => reject(new Error(\`\${label} timed out after \${ms}ms\`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
`;
  },
  (cx) => {
    const n = cx.uniq('mapLimit');
    return `${cx.exp(n)}async function ${n}${cx.g('T, R')}(
  ${cx.p('items', 'readonly T[]')},
  ${cx.p('limit', 'number')},
  ${cx.p('fn', '(item: T, index: number) => Promise<R>')},
)${cx.r('Promise<R[]>')} {
  const results${cx.T(': R[]')} = new Array(items.length);
  let next = 0;
  async function worker()${cx.r('Promise<void>')} {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}
`;
  },
  (cx) => {
    const n = cx.uniq('requireEnv');
    return `${cx.exp(n)}function ${n}(${cx.p('name', 'string')})${cx.r('string')} {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(\`Missing required environment variable \${name}\`);
  }
  return value;
}
`;
  },
  (cx) => {
    const n = cx.uniq('roundTo');
    return `${cx.exp(n)}function ${n}(${cx.p('value', 'number')}, ${cx.p('digits', 'number')} = 2)${cx.r('number')} {
  const factor = 10 ** digits;
  return Math.round((value + Number.EPSILON) * factor) / factor;
}
`;
  },
  (cx) => {
    const n = cx.uniq('uniqueBy');
    return `${cx.exp(n)}function ${n}${cx.g('T, K')}(${cx.p('items', 'readonly T[]')}, ${cx.p('key', '(item: T) => K')})${cx.r('T[]')} {
  const seen = new Set${cx.g('K')}();
  const out${cx.T(': T[]')} = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}
`;
  },
  (cx) => {
    const n = cx.uniq('debounce');
    return `${cx.exp(n)}function ${n}${cx.g('A extends unknown[]')}(${cx.p('fn', '(...args: A) => void')}, ${cx.p('waitMs', 'number')})${cx.r('(...args: A) => void')} {
  let timer${cx.T(': ReturnType<typeof setTimeout> | null')} = null;
  return (...args) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, waitMs);
  };
}
`;
  },
  (cx) => {
    const n = cx.uniq('memoize');
    return `${cx.exp(n)}function ${n}${cx.g('A extends string | number, R')}(${cx.p('fn', '(arg: A) => R')})${cx.r('(arg: A) => R')} {
  const cache = new Map${cx.g('A, R')}();
  return (arg) => {
    if (cache.has(arg)) return ${cx.ts ? 'cache.get(arg) as R' : 'cache.get(arg)'};
    const value = fn(arg);
    cache.set(arg, value);
    return value;
  };
}
`;
  },
  (cx) => {
    const n = cx.uniq('LruCache');
    return `${cx.exp(n)}class ${n}${cx.g('K, V')} {
  ${cx.T('private readonly ')}${cx.ts ? 'map = new Map<K, V>();' : 'map = new Map();'}

  constructor(${cx.ts ? 'private readonly capacity: number' : 'capacity'}) {
    ${cx.ts ? '' : 'this.capacity = capacity;'}
  }

  get(${cx.p('key', 'K')})${cx.r('V | undefined')} {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(${cx.p('key', 'K')}, ${cx.p('value', 'V')})${cx.r('void')} {
    if (this.map.has(key)) this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }

  get size()${cx.r('number')} {
    return this.map.size;
  }
}
`;
  },
  (cx) => {
    const n = cx.uniq('createLogger');
    return `${cx.exp(n)}function ${n}(${cx.p('scope', 'string')}) {
  const write = (${cx.p('level', 'string')}, ${cx.p('message', 'string')}, ${cx.p('fields', 'Record<string, unknown>')} = {}) => {
    const line = JSON.stringify({ level, scope, message, ...fields, ts: new Date().toISOString() });
    if (level === 'error') console.error(line);
    else console.log(line);
  };
  return {
    info: (${cx.p('message', 'string')}, ${cx.p('fields', 'Record<string, unknown>')}) => write('info', message, fields),
    warn: (${cx.p('message', 'string')}, ${cx.p('fields', 'Record<string, unknown>')}) => write('warn', message, fields),
    error: (${cx.p('message', 'string')}, ${cx.p('fields', 'Record<string, unknown>')}) => write('error', message, fields),
  };
}
`;
  },
  (cx) => {
    const n = cx.uniq('isValidEmail');
    return `${cx.exp(n)}function ${n}(${cx.p('value', 'unknown')})${cx.r('boolean')} {
  return typeof value === 'string' && /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(value) && value.length <= 254;
}
`;
  },
  (cx) => {
    const n = cx.uniq('range');
    return `${cx.exp(n)}function ${n}(${cx.p('start', 'number')}, ${cx.p('end', 'number')}, ${cx.p('step', 'number')} = 1)${cx.r('number[]')} {
  const out${cx.T(': number[]')} = [];
  for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
  return out;
}
`;
  },
  (cx) => {
    const n = cx.uniq('assertNever');
    return `${cx.exp(n)}function ${n}(${cx.p('value', 'never')}, ${cx.p('message', 'string')} = 'Unexpected value')${cx.r('never')} {
  throw new Error(\`\${message}: \${JSON.stringify(value)}\`);
}
`;
  },
  (cx) => {
    const n = cx.uniq('deepMerge');
    return `${cx.exp(n)}function ${n}(${cx.p('target', 'Record<string, unknown>')}, ${cx.p('source', 'Record<string, unknown>')})${cx.r('Record<string, unknown>')} {
  const out${cx.T(': Record<string, unknown>')} = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && existing && typeof existing === 'object' && !Array.isArray(existing)) {
      out[key] = ${n}(${cx.as('existing', 'Record<string, unknown>')}, ${cx.as('value', 'Record<string, unknown>')});
    } else {
      out[key] = value;
    }
  }
  return out;
}
`;
  },
  (cx, E) => {
    const n = cx.uniq(E ? `percentOf${E.Plural}` : 'percent');
    return `${cx.exp(n)}function ${n}(${cx.p('part', 'number')}, ${cx.p('total', 'number')})${cx.r('string')} {
  if (total === 0) return '0%';
  return \`\${((part / total) * 100).toFixed(1)}%\`;
}
`;
  },
  (cx) => {
    const n = cx.uniq('startOfDayJst');
    return `${cx.exp(n)}function ${n}(${cx.p('date', 'Date')})${cx.r('Date')} {
  const offsetMs = 9 * 60 * 60 * 1000;
  const local = new Date(date.getTime() + offsetMs);
  local.setUTCHours(0, 0, 0, 0);
  return new Date(local.getTime() - offsetMs);
}
`;
  },
  (cx, E) => {
    const n = cx.uniq(E ? `${E.name}Backoff` : 'exponentialBackoff');
    return `${cx.exp(n)}function ${n}(${cx.p('attempt', 'number')}, ${cx.p('options', '{ baseMs?: number; maxMs?: number; jitter?: boolean }')} = {})${cx.r('number')} {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 30000;
  const raw = Math.min(max, base * 2 ** attempt);
  return options.jitter === false ? raw : Math.floor(raw / 2 + Math.random() * (raw / 2));
}
`;
  },
];

/** Append helpers until the file reaches `target` lines. */
export const MAX_FILE_LINES = 400;

export function padWithHelpers(cx, E, target) {
  const order = cx.rng.shuffle(HELPERS.map((_, i) => i));
  const limit = Math.min(target, MAX_FILE_LINES);
  let k = 0;
  let misses = 0;
  while (cx.lines + cx.overheadLines() < limit && misses < 6 && k < 400) {
    const h = HELPERS[order[k % order.length]];
    const text = h(cx, k >= order.length ? E : k % 3 === 0 ? E : null);
    k++;
    const n = text.split('\n').length;
    // never push a file past the 400-line cap; a slightly short file is fine
    if (cx.lines + cx.overheadLines() + n + 1 > MAX_FILE_LINES) {
      misses++;
      continue;
    }
    cx.add(text);
  }
}

export { cap };
