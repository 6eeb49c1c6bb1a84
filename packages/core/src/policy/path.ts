import { runQuery } from './path-query';
import { tokenizePath } from './path-tokens';

/**
 * JSONPath for json-rules-engine's `pathResolver` option: a path resolves exactly as json-rules-engine
 * 7.3's default resolver (jsonpath-plus 10, `wrap: false`) resolves it — keys (`.key`, `['key']`,
 * `['dot.key']`, `` .`@key `` ), array indexes (`[0]`, `.0`), wildcards (`[*]`, `.*`), recursive descent
 * (`$..name`), slices (`[-1:]`, `[0:2]`), unions (`[0,2]`) — while nothing is ever executed: filters
 * `?(…)`, scripts `(…)`, `@` type selectors, `^` and `~` are refused (a policy using them does not
 * load; `resolvePath` gives `undefined`). Only own properties are followed, so `$.__proto__` and
 * `$.constructor` of a plain object are `undefined`.
 */

/** Why a path is refused, with what to write instead. */
export interface PathProblem {
  /** The offending token, as jsonpath-plus splits the path. */
  token: string;
  reason: string;
  hint: string;
}

/** A path split into tokens; `keys` when it is a plain chain of own-property keys (the common case). */
export type ParsedPath =
  | { ok: true; tokens: readonly string[]; keys: readonly string[] | null }
  | { ok: false; problem: PathProblem };

const SLICE = /^(-?\d*):(-?\d*):?(\d*)$/u;
const NEGATIVE_INDEX = /^-\d+$/u;
const STRUCTURAL = new Set(['*', '..', '$']);

const problem = (token: string, reason: string, hint: string): ParsedPath => ({
  ok: false,
  problem: { token, reason, hint },
});

/** The problem with one token (or one part of a union), or `undefined` when it is supported. */
function tokenProblem(token: string | undefined): ParsedPath | undefined {
  if (token === undefined) {
    return problem(
      '#',
      'jsonpath-plus reads "#" followed by digits as a placeholder',
      'a key containing "#" and a digit cannot be written in a path: read the parent object and compare it with a custom operator, or rename the key',
    );
  }
  if (token.startsWith('?(') || token.startsWith('(')) {
    return problem(
      token,
      'filter and script expressions run code and are not supported',
      'compare every element with a decorated operator instead, e.g. "path": "$.items[*].kind" with "operator": "contains", or add a fact or a custom operator',
    );
  }
  if (token.startsWith('@')) {
    return problem(
      token,
      '"@" starts a jsonpath-plus type selector (@string() …), which is not supported',
      'to read a key starting with "@", escape it with a backtick: "$.`@type"',
    );
  }
  if (token === '^' || token === '~') {
    return problem(
      token,
      'parent (^) and property-name (~) selectors are not supported',
      'point the path at the value to compare; compare keys with a custom operator',
    );
  }
  if (NEGATIVE_INDEX.test(token)) {
    return problem(
      token,
      `JSONPath has no negative index: [${token}] never matches`,
      `write the slice [${token}:${token === '-1' ? '' : Number(token) + 1}] (a one-element list: compare it with "contains" or "someFact:…")`,
    );
  }
  if (!token.includes(',') || SLICE.test(token) || token.startsWith('`')) return undefined;
  for (const part of token.split(',')) {
    const bad = tokenProblem(part);
    if (bad) return bad;
  }
  return undefined;
}

const isPlainKey = (t: string) =>
  !STRUCTURAL.has(t) && !SLICE.test(t) && !t.startsWith('`') && !t.includes(',');

/**
 * Splits a path as jsonpath-plus does and checks that every token is supported.
 *
 * @example
 * parsePath('$.payload.rating') // { ok: true, tokens: ['payload', 'rating'], keys: ['payload', 'rating'] }
 * parsePath('$.items[?(@.price > 1)]').ok // false
 */
export function parsePath(path: string): ParsedPath {
  if (path in Object.prototype) {
    // jsonpath-plus looks the path up in a plain-object cache first and fails on these names
    return problem(path, `jsonpath-plus cannot resolve the path "${path}"`, `write "$.${path}"`);
  }
  const raw = tokenizePath(path);
  if (raw[0] === '$' && raw.length > 1) raw.shift();
  const tokens: string[] = [];
  for (const token of raw) {
    const bad = tokenProblem(token);
    if (bad) return bad;
    tokens.push(token as string);
  }
  if (tokens.length === 1 && tokens[0] === '$') return { ok: true, tokens, keys: [] };
  return { ok: true, tokens, keys: tokens.every(isPlainKey) ? tokens : null };
}

const cache = new Map<string, ParsedPath>();
const CACHE_LIMIT = 2048;

function parsed(path: string): ParsedPath {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  const result = parsePath(path);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, result);
  return result;
}

/** The problem with `path`, or `undefined` when it resolves (the policy loader's check). */
export function pathProblem(path: string): PathProblem | undefined {
  const result = parsed(path);
  return result.ok ? undefined : result.problem;
}

/** Follows own keys as jsonpath-plus follows a plain key chain (`undefined` where one is missing). */
function followKeys(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!current || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Resolves `path` on `value` exactly as jsonpath-plus (`wrap: false`) does for supported paths;
 * `undefined` for a refused path.
 *
 * @example
 * resolvePath({ payload: { rating: 5 } }, '$.payload.rating') // 5
 * resolvePath({ phones: [{ type: 'home' }, { type: 'work' }] }, '$.phones[*].type') // ['home', 'work']
 * resolvePath({}, '$.__proto__') // undefined
 */
export function resolvePath(value: unknown, path: string): unknown {
  if (typeof path !== 'string' || !value) return undefined;
  const result = parsed(path);
  if (!result.ok) return undefined;
  return result.keys ? followKeys(value, result.keys) : runQuery(result.tokens, value);
}

/**
 * `resolvePath` with the path parsed once.
 *
 * @example
 * const rating = compilePath('$.payload.rating');
 * rating({ payload: { rating: 5 } }) // 5
 */
export function compilePath(path: string): (value: unknown) => unknown {
  const result = typeof path === 'string' ? parsePath(path) : undefined;
  if (!result?.ok) return () => undefined;
  const { keys, tokens } = result;
  if (keys) return (value) => (value ? followKeys(value, keys) : undefined);
  return (value) => (value ? runQuery(tokens, value) : undefined);
}

/**
 * The own-property keys a plain path follows, in order (`[0]` becomes `'0'`), or `null` when the path
 * is refused or is not a plain key chain (wildcards, recursive descent, slices, unions).
 *
 * @example
 * pathKeys("$.payload['a b'][0]") // ['payload', 'a b', '0']
 */
export function pathKeys(path: string): readonly string[] | null {
  const result = typeof path === 'string' ? parsed(path) : undefined;
  return result?.ok ? result.keys : null;
}
