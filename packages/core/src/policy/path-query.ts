/**
 * jsonpath-plus 10's `_trace` (value results, `wrap: false`), reproduced for the tokens a loaded policy
 * may hold: keys, `*`, `..`, `$`, slices `[start:end:step]`, unions `[a,b]` and backtick-escaped keys.
 * Filters, scripts, `@` type selectors, `^` and `~` never get here (`parsePath` refuses them). Only own
 * properties are followed (`Object.hasOwn`, as there), nothing is written and nothing is evaluated.
 */
type Token = string | number;

/** One match: its value, and whether an array expression (`*`, `..`, slice, union) led to it. */
interface Hit {
  value: unknown;
  arr: boolean;
}

const SLICE = /^(-?\d*):(-?\d*):?(\d*)$/u;

const owns = (val: unknown, key: Token) => Boolean(val) && Object.hasOwn(val as object, key);

/** Children of a value as `_walk` lists them: array indexes, own enumerable keys of an object. */
function walk(val: unknown, f: (key: Token) => void): void {
  if (Array.isArray(val)) {
    const n = val.length;
    for (let i = 0; i < n; i++) f(i);
  } else if (val && typeof val === 'object') {
    for (const key of Object.keys(val)) f(key);
  }
}

function traceFrom(
  tokens: readonly Token[],
  at: number,
  val: unknown,
  arr: boolean,
  literal: boolean,
  out: Hit[],
): void {
  if (at === tokens.length) out.push({ value: val, arr });
  else step(tokens[at] as Token, tokens, at + 1, val, arr, literal, out);
}

function step(
  loc: Token,
  tokens: readonly Token[],
  next: number,
  val: unknown,
  arr: boolean,
  literal: boolean,
  out: Hit[],
): void {
  const at = val as Record<Token, unknown>;
  if ((typeof loc !== 'string' || literal) && owns(val, loc)) {
    traceFrom(tokens, next, at[loc], arr, false, out);
    return;
  }
  if (typeof loc !== 'string') {
    // a slice index that is not an own property (an array hole): jsonpath-plus fails on it
    throw new TypeError('loc.indexOf is not a function');
  }
  if (loc === '*') {
    walk(val, (m) => traceFrom(tokens, next, at[m], true, true, out));
  } else if (loc === '..') {
    traceFrom(tokens, next, val, arr, false, out);
    walk(val, (m) => {
      if (typeof at[m] === 'object') step('..', tokens, next, at[m], true, false, out);
    });
  } else if (loc === '$') {
    traceFrom(tokens, next, val, arr, false, out);
  } else if (SLICE.test(loc)) {
    slice(loc, tokens, next, val, out);
  } else if (loc[0] === '`' && owns(val, loc.slice(1))) {
    traceFrom(tokens, next, at[loc.slice(1)], arr, true, out);
  } else if (loc.includes(',')) {
    for (const part of loc.split(',')) step(part, tokens, next, val, true, false, out);
  } else if (!literal && owns(val, loc)) {
    traceFrom(tokens, next, at[loc], arr, true, out);
  }
}

function slice(loc: string, tokens: readonly Token[], next: number, val: unknown, out: Hit[]): void {
  if (!Array.isArray(val)) return;
  const len = val.length;
  const parts = loc.split(':');
  const by = (parts[2] && Number.parseInt(parts[2], 10)) || 1;
  let start = (parts[0] && Number.parseInt(parts[0], 10)) || 0;
  let end = (parts[1] && Number.parseInt(parts[1], 10)) || len;
  start = start < 0 ? Math.max(0, start + len) : Math.min(len, start);
  end = end < 0 ? Math.max(0, end + len) : Math.min(len, end);
  for (let i = start; i < end; i += by) step(i, tokens, next, val, true, false, out);
}

/**
 * The value jsonpath-plus gives for `tokens` (already without a leading `$`) on `json` with
 * `wrap: false`: `undefined` for no match, the value itself for a single match that no array expression
 * led to, and otherwise the list of matches in document order.
 *
 * @example
 * runQuery(['phones', '*', 'type'], { phones: [{ type: 'home' }] }) // ['home']
 */
export function runQuery(tokens: readonly string[], json: unknown): unknown {
  const out: Hit[] = [];
  traceFrom(tokens, 0, json, false, false, out);
  if (out.length === 0) return undefined;
  if (out.length === 1 && !(out[0] as Hit).arr) return (out[0] as Hit).value;
  return out.map((hit) => hit.value);
}
