/** UTF-8 bytes of `s` (a lone surrogate counts 3, as `Buffer.byteLength` encodes it). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 bytes of `JSON.stringify(s)`: quotes, escapes, and `\uXXXX` for controls and lone surrogates. */
function jsonStringLength(s: string): number {
  let bytes = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) bytes += 2;
    else if (c < 0x20) bytes += 6;
    else if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}

/** An object whose prototype is a realm's `Object.prototype`, or none: plain JSON data. */
export function isPlainData(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export type JsonMeasure =
  | { ok: true; bytes: number; depth: number }
  /** `bytes`: larger than `maxBytes`; `depth`: nested deeper than `maxDepth`; `value`: not JSON data. */
  | { ok: false; problem: 'bytes' | 'depth' | 'value'; pointer: string };

const escapeToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Measures a value as JSON without recursion (so any depth is safe): the UTF-8 bytes of
 * `JSON.stringify(value)` and the nesting depth of objects and arrays, stopping at the first limit
 * passed. Only own enumerable keys count (as `JSON.stringify` reads them); an object that is not
 * plain data (a class instance, a `Date`, or one with a prototype holding properties) is a `value`
 * problem, so nothing inherited can pass for data.
 *
 * @example
 * measureJson({ a: [1, 'é'] }, { maxBytes: 100, maxDepth: 8 }) // { ok: true, bytes: 14, depth: 2 }
 */
export function measureJson(value: unknown, limits: { maxBytes: number; maxDepth: number }): JsonMeasure {
  let bytes = 0;
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number; pointer: string }> = [{ value, depth: 0, pointer: '' }];
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    const v = item.value;
    if (typeof v === 'string') {
      bytes += v.length > limits.maxBytes ? v.length : jsonStringLength(v);
    } else if (typeof v === 'number') bytes += Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === 'boolean') bytes += v ? 4 : 5;
    else if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') bytes += 4;
    else if (typeof v === 'bigint') return { ok: false, problem: 'value', pointer: item.pointer };
    else {
      const depth = item.depth + 1;
      if (depth > limits.maxDepth) return { ok: false, problem: 'depth', pointer: item.pointer };
      if (depth > deepest) deepest = depth;
      if (Array.isArray(v)) {
        bytes += 2 + Math.max(0, v.length - 1);
        for (let i = v.length - 1; i >= 0; i--)
          stack.push({ value: v[i], depth, pointer: `${item.pointer}/${i}` });
      } else {
        if (!isPlainData(v)) return { ok: false, problem: 'value', pointer: item.pointer };
        const record = v as Record<string, unknown>;
        let members = 0;
        const keys = Object.keys(record);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i] as string;
          const child = record[key];
          if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
          members++;
          bytes += jsonStringLength(key) + 1;
          stack.push({ value: child, depth, pointer: `${item.pointer}/${escapeToken(key)}` });
        }
        bytes += 2 + Math.max(0, members - 1);
      }
    }
    if (bytes > limits.maxBytes) return { ok: false, problem: 'bytes', pointer: item.pointer };
  }
  return { ok: true, bytes, depth: deepest };
}
