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

/** Printable ASCII but `"` and `\\`: JSON writes each as one byte. */
const SIMPLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * UTF-8 bytes of `JSON.stringify(s)`: quotes, escapes, and `\uXXXX` for controls and lone surrogates. A short
 * string (a payload's keys and values) is read character by character, which costs less than a regular expression.
 */
export function jsonStringLength(s: string): number {
  if (s.length <= 32) return shortJsonLength(s);
  if (SIMPLE.test(s)) return s.length + 2;
  return escapedJsonLength(s);
}

/** `jsonStringLength` of a short string: printable ASCII counted here, anything else by `escapedJsonLength`. */
function shortJsonLength(s: string): number {
  let bytes = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return escapedJsonLength(s);
    bytes += c === 0x22 || c === 0x5c ? 2 : 1;
  }
  return bytes;
}

/** `jsonStringLength` character by character: escapes, controls, multi-byte characters, lone surrogates. */
function escapedJsonLength(s: string): number {
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

/**
 * An object whose prototype is a realm's `Object.prototype`, or none: plain JSON data. This realm's is asked
 * first (one `getPrototypeOf` instead of two for the usual envelope and payload).
 */
export function isPlainData(value: object): boolean {
  return plainDataProto(Object.getPrototypeOf(value));
}

/** `isPlainData` of an object whose prototype (`proto`) the caller read already. */
export function plainDataProto(proto: unknown): boolean {
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto as object) === null;
}

export type JsonMeasure =
  | { ok: true; bytes: number; depth: number }
  /** `bytes`: larger than `maxBytes`; `depth`: nested deeper than `maxDepth`; `value`: not JSON data. */
  | { ok: false; problem: 'bytes' | 'depth' | 'value'; pointer: string };

const escapeToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Bytes of a value that is not an object or array, or -1 for one JSON cannot hold (a BigInt). */
export function scalarBytes(v: unknown, maxBytes: number): number {
  if (typeof v === 'string') return v.length > maxBytes ? v.length : jsonStringLength(v);
  if (typeof v === 'number') return numberBytes(v);
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (typeof v === 'bigint') return -1;
  return 4; // null, and undefined or a function in an array ("null")
}

/**
 * Characters of `JSON.stringify(v)` for a number: a 32-bit integer's digits (and sign) counted without writing it
 * (`-0` is written `0`), others written; `null` (4) for one that is not finite.
 */
function numberBytes(v: number): number {
  if (v !== (v | 0)) return Number.isFinite(v) ? String(v).length : 4;
  let n = v < 0 ? 2 : 1;
  let rest = v < 0 ? -v : v;
  while (rest >= 10) {
    rest = Math.floor(rest / 10);
    n++;
  }
  return n;
}

/** Dropped from objects by `JSON.stringify`. */
export const skipped = (v: unknown): boolean =>
  v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Slots per open container on the walk's stack: the container, its keys (null for an array), next index, members. */
const FRAME = 4;

/** The JSON pointer of the value the walk is at: each open container's current key. */
function pointerOf(stack: unknown[]): string {
  let pointer = '';
  for (let f = 0; f < stack.length; f += FRAME) {
    const keys = stack[f + 1] as string[] | null;
    const at = (stack[f + 2] as number) - 1;
    if (at < 0) break;
    pointer += `/${keys ? escapeToken(keys[at] as string) : at}`;
  }
  return pointer;
}

/**
 * Measures a value as JSON without recursion (so any depth is safe): the UTF-8 bytes of
 * `JSON.stringify(value)` and the nesting depth of objects and arrays, stopping at the first limit
 * passed. Only own enumerable keys count (as `JSON.stringify` reads them); an object that is not
 * plain data (a class instance, a `Date`, or one with a prototype holding properties) is a `value`
 * problem, so nothing inherited can pass for data. It runs on every dispatched payload, so the walk
 * keeps one flat stack (four slots per open container) and builds the pointer only when it fails.
 *
 * @example
 * measureJson({ a: [1, 'é'] }, { maxBytes: 100, maxDepth: 8 }) // { ok: true, bytes: 14, depth: 2 }
 */
export function measureJson(value: unknown, limits: { maxBytes: number; maxDepth: number }): JsonMeasure {
  const { maxBytes, maxDepth } = limits;
  const stack: unknown[] = [];
  let bytes = 0;
  let deepest = 0;
  let v = value;
  for (;;) {
    // v is the value just reached: count a scalar, or open a container
    if (typeof v !== 'object' || v === null) {
      const b = scalarBytes(v, maxBytes);
      if (b < 0) return { ok: false, problem: 'value', pointer: pointerOf(stack) };
      bytes += b;
    } else {
      const depth = stack.length / FRAME + 1;
      if (depth > maxDepth) return { ok: false, problem: 'depth', pointer: pointerOf(stack) };
      const isArray = Array.isArray(v);
      if (!isArray && !isPlainData(v)) return { ok: false, problem: 'value', pointer: pointerOf(stack) };
      stack.push(v, isArray ? null : Object.keys(v), 0, 0);
      if (depth > deepest) deepest = depth;
      bytes += 2;
    }
    if (bytes > maxBytes) return { ok: false, problem: 'bytes', pointer: pointerOf(stack) };
    // move to the next child of the innermost open container, closing the finished ones
    let found = false;
    while (!found && stack.length > 0) {
      const top = stack.length - FRAME;
      const container = stack[top] as Record<string, unknown>;
      const keys = stack[top + 1] as string[] | null;
      const i = stack[top + 2] as number;
      if (i >= (keys ? keys.length : (container as unknown as unknown[]).length)) {
        stack.length = top;
        continue;
      }
      stack[top + 2] = i + 1;
      const key = keys ? (keys[i] as string) : i;
      const child = container[key];
      if (keys && skipped(child)) continue;
      if ((stack[top + 3] as number) > 0) bytes += 1;
      stack[top + 3] = (stack[top + 3] as number) + 1;
      if (keys) bytes += jsonStringLength(key as string) + 1;
      v = child;
      found = true;
    }
    if (!found) return { ok: true, bytes, depth: deepest };
  }
}
