import { localized, type MessageText } from '../errors/localized';
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
  /** Why, in English. */
  reason: string;
  /** What to write instead, in English. */
  hint: string;
  /** `reason` and `hint` in every message locale. */
  texts: { reason: MessageText; hint: MessageText };
}

/** A path split into tokens; `keys` when it is a plain chain of own-property keys (the common case). */
export type ParsedPath =
  | { ok: true; tokens: readonly string[]; keys: readonly string[] | null }
  | { ok: false; problem: PathProblem };

const SLICE = /^(-?\d*):(-?\d*):?(\d*)$/u;
const NEGATIVE_INDEX = /^-\d+$/u;
const STRUCTURAL = new Set(['*', '..', '$']);

const problem = (token: string, reason: MessageText, hint: MessageText): ParsedPath => ({
  ok: false,
  problem: { token, reason: reason.en, hint: hint.en, texts: { reason, hint } },
});

/** The problem with one token (or one part of a union), or `undefined` when it is supported. */
function tokenProblem(token: string | undefined): ParsedPath | undefined {
  if (token === undefined) {
    return problem(
      '#',
      localized(
        'jsonpath-plus reads "#" followed by digits as a placeholder',
        'jsonpath-plus 会把 "#" 加数字当作占位符',
      ),
      localized(
        'a key containing "#" and a digit cannot be written in a path: read the parent object and compare it with a custom operator, or rename the key',
        '含有 "#" 和数字的键无法写进路径：读取其父对象并用自定义运算符比较，或给键改名',
      ),
    );
  }
  if (token.startsWith('?(') || token.startsWith('(')) {
    return problem(
      token,
      localized(
        'filter and script expressions run code and are not supported',
        '过滤和脚本表达式会执行代码，不受支持',
      ),
      localized(
        'compare every element with a decorated operator instead, e.g. "path": "$.items[*].kind" with "operator": "contains", or add a fact or a custom operator',
        '改用带修饰的运算符逐个比较元素，例如 "path": "$.items[*].kind" 配合 "operator": "contains"，或增加一个事实或自定义运算符',
      ),
    );
  }
  if (token.startsWith('@')) {
    return problem(
      token,
      localized(
        '"@" starts a jsonpath-plus type selector (@string() …), which is not supported',
        '"@" 开头的是 jsonpath-plus 类型选择器（@string() 等），不受支持',
      ),
      localized(
        'to read a key starting with "@", escape it with a backtick: "$.`@type"',
        '要读取以 "@" 开头的键，请用反引号转义："$.`@type"',
      ),
    );
  }
  if (token === '^' || token === '~') {
    return problem(
      token,
      localized(
        'parent (^) and property-name (~) selectors are not supported',
        '不支持父级（^）和属性名（~）选择器',
      ),
      localized(
        'point the path at the value to compare; compare keys with a custom operator',
        '让路径直接指向要比较的值；比较键名请用自定义运算符',
      ),
    );
  }
  if (NEGATIVE_INDEX.test(token)) {
    const slice = `[${token}:${token === '-1' ? '' : Number(token) + 1}]`;
    return problem(
      token,
      localized(
        `JSONPath has no negative index: [${token}] never matches`,
        `JSONPath 没有负数下标：[${token}] 永远不会匹配`,
      ),
      localized(
        `write the slice ${slice} (a one-element list: compare it with "contains" or "someFact:…")`,
        `改写为切片 ${slice}（得到只含一个元素的列表：用 "contains" 或 "someFact:…" 比较）`,
      ),
    );
  }
  // A backtick key with a comma is read as that key only when the object owns it; otherwise jsonpath-plus splits
  // it into a union (`\`a,@b` on an object without the key "a,@b" reads "`a" and "@b", and "@b" throws): its parts
  // must be supported too.
  if (!token.includes(',') || SLICE.test(token)) return undefined;
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
    return problem(
      path,
      localized(`jsonpath-plus cannot resolve the path "${path}"`, `jsonpath-plus 无法解析路径 "${path}"`),
      localized(`write "$.${path}"`, `请写成 "$.${path}"`),
    );
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
