/**
 * A safe, tiny subset of JSONPath for json-rules-engine's `pathResolver` option.
 *
 * Supported: `$` (the value itself), `.key` (any characters except `.`, `[`, `]`, quotes and spaces,
 * so `$.a:b` and `$.a-b` work), `[0]` (array index), `['key']` and `["key"]` (any key; `\'`, `\"` and
 * `\\` escapes). A leading `$` may be omitted (`a.b`). Anything else — filters `?(…)`, scripts `(…)`,
 * `@`, recursive descent `..`, wildcards `*`, slices, negative indexes — is not supported and
 * resolves to `undefined`; nothing is ever executed. Only own properties of objects and arrays are
 * followed, so `$.__proto__` and `$.constructor` resolve to `undefined`.
 */
type Segment = string | number;

const UNSUPPORTED = null;
const cache = new Map<string, Segment[] | null>();
const CACHE_LIMIT = 2048;

const DOT_KEY = /^[^.[\]'"\s()@*?$,]+/;

function parse(path: string): Segment[] | null {
  let i = 0;
  const segments: Segment[] = [];
  if (path.startsWith('$')) i = 1;
  else if (path.length === 0 || path[0] === '.' || path[0] === '[') return UNSUPPORTED;
  else {
    const m = DOT_KEY.exec(path);
    if (!m) return UNSUPPORTED;
    segments.push(m[0]);
    i = m[0].length;
  }
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      const m = DOT_KEY.exec(path.slice(i + 1));
      if (!m) return UNSUPPORTED;
      segments.push(m[0]);
      i += 1 + m[0].length;
    } else if (ch === '[') {
      const quote = path[i + 1];
      if (quote === "'" || quote === '"') {
        let j = i + 2;
        let key = '';
        while (j < path.length && path[j] !== quote) {
          if (path[j] === '\\' && j + 1 < path.length) j++;
          key += path[j];
          j++;
        }
        if (path[j] !== quote || path[j + 1] !== ']') return UNSUPPORTED;
        segments.push(key);
        i = j + 2;
      } else {
        const m = /^\[(0|[1-9]\d{0,8})\]/.exec(path.slice(i));
        if (!m || m[1] === undefined) return UNSUPPORTED;
        segments.push(Number(m[1]));
        i += m[0].length;
      }
    } else {
      return UNSUPPORTED;
    }
  }
  return segments;
}

function segmentsOf(path: string): Segment[] | null {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  const parsed = parse(path);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, parsed);
  return parsed;
}

/**
 * Resolves `path` on `value`, following own properties only. Returns `undefined` when a step is
 * missing or the path uses unsupported syntax.
 *
 * @example
 * resolvePath({ payload: { rating: 5 } }, '$.payload.rating') // 5
 * resolvePath({}, '$.__proto__') // undefined
 */
export function resolvePath(value: unknown, path: string): unknown {
  if (typeof path !== 'string') return undefined;
  const segments = segmentsOf(path);
  if (segments === null) return undefined;
  let current: unknown = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = String(segment);
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * `resolvePath` with the path parsed once: returns a function that resolves that path on a value, with
 * exactly `resolvePath`'s result (own properties only; unsupported syntax resolves to `undefined`).
 *
 * @example
 * const rating = compilePath('$.payload.rating');
 * rating({ payload: { rating: 5 } }) // 5
 */
export function compilePath(path: string): (value: unknown) => unknown {
  const keys = pathKeys(path);
  if (keys === null) return () => undefined;
  return (value) => {
    let current: unknown = value;
    for (let i = 0; i < keys.length; i++) {
      if (current === null || typeof current !== 'object') return undefined;
      const key = keys[i] as string;
      if (!Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  };
}

/**
 * The own-property keys `compilePath` follows, in order (`[0]` becomes `'0'`), or `null` when the path
 * is not a string or uses unsupported syntax (it then resolves to `undefined` on any object).
 *
 * @example
 * pathKeys("$.payload['a b'][0]") // ['payload', 'a b', '0']
 */
export function pathKeys(path: string): string[] | null {
  const segments = typeof path === 'string' ? parse(path) : null;
  return segments === null ? null : segments.map(String);
}
