import { JSONPath } from 'jsonpath-plus';
import { describe, expect, it } from 'vitest';
import { compilePath, parsePath, pathKeys, pathProblem, resolvePath } from './path';

const json = {
  a: { b: 1, 'x:y': 2, 'c-d': 3, 'a b': 4, arr: [10, 20], empty: [], n: null, s: 'text' },
  top: [{ v: 1 }],
  name: 'root',
  phoneNumbers: [
    { type: 'iPhone', number: '0123-4567-8888' },
    { type: 'home', number: '0123-4567-8910' },
  ],
  items: [{ price: 8.95 }, { price: 12.99 }, { price: 22.99, name: 'last' }],
  address: { 'dot.property': 'dot', city: 'Nara', name: 'home', '@type': 'Place' },
  list: [{ id: 7 }, { id: 8 }],
};

/** json-rules-engine 7.3's default path resolver. */
const jre = (path: string, value: unknown = json) => JSONPath({ path, json: value as object, wrap: false });

describe('resolvePath', () => {
  it.each([
    '$.a.b',
    'a.b',
    '$.a["a b"]',
    "$.a['a b']",
    '$.a.x:y',
    '$.a.c-d',
    '$.a.arr[0]',
    '$.a.arr.0',
    '$.a.arr',
    '$.a.empty',
    '$.a.n',
    '$.a.missing',
    '$',
    '$.',
    '$.top[0].v',
    '$.a.arr[5]',
    '$.a.b.c',
    '$.a.s.length',
    '$.a.s[0]',
    // the forms json-rules-engine's users write (its README and issue tracker)
    '$.phoneNumbers[*].type',
    '$.phoneNumbers.*.type',
    '$..name',
    '$..price',
    '$.items[-1:].price',
    '$.items[-2:]',
    '$.items[0:2].price',
    '$.items[::2].price',
    '$.items[0,2].price',
    '$.[0].id',
    "$.address.['dot.property']",
    "$.address['dot.property']",
    '$.address.*',
    '$..city',
    '$.address.`@type',
    '$.items[*]',
    '$.a.*',
    '$.a..b',
    '$..arr[1]',
    '$..n',
  ])('resolves %s exactly as json-rules-engine (jsonpath-plus, wrap: false)', (path) => {
    expect(resolvePath(json, path)).toEqual(jre(path));
    expect(compilePath(path)(json)).toEqual(jre(path));
  });

  it('resolves $.[0].id on a list as recursive descent, as jsonpath-plus does', () => {
    expect(resolvePath([{ id: 3 }], '$.[0].id')).toEqual(jre('$.[0].id', [{ id: 3 }]));
  });

  it.each([
    ['$.a[?(@.b)]', '?(@.b)'],
    ['$.items[?(@.price > 10)].price', '?(@.price > 10)'],
    ['$.a[(1+1)]', '(1+1)'],
    ['$.(a)', '(a)'],
    ['$.items[0,?(@.x)]', '?(@.x)'],
    ['@.a', '@'],
    ['$.@type', '@type'],
    ['$..*@string()', '@string()'],
    ['$.a^', '^'],
    ['$.a~', '~'],
    ['$.a[-1]', '-1'],
    ['$.items[0,-1]', '-1'],
    ['$.a#1', '#'],
    ['constructor', 'constructor'],
    ['__proto__', '__proto__'],
  ])('refuses %s (token %s) and resolves it to undefined', (path, token) => {
    const parsed = parsePath(path);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.token).toBe(token);
    expect(pathProblem(path)?.hint).toEqual(expect.any(String));
    expect(resolvePath(json, path)).toBeUndefined();
    expect(compilePath(path)(json)).toBeUndefined();
  });

  it('gives the key chain of a plain path only', () => {
    expect(pathKeys("$.payload['a b'][0]")).toEqual(['payload', 'a b', '0']);
    expect(pathKeys('$')).toEqual([]);
    expect(pathKeys('$.items[*].price')).toBeNull();
    expect(pathKeys('$..type')).toBeNull();
    expect(pathKeys('$.a[?(@.b)]')).toBeNull();
  });

  it('follows own properties only', () => {
    expect(resolvePath({}, '$.__proto__')).toBeUndefined();
    expect(resolvePath({}, '$.constructor')).toBeUndefined();
    expect(resolvePath({ a: {} }, '$.a.toString')).toBeUndefined();
    expect(resolvePath({ a: {} }, '$..toString')).toBeUndefined();
    expect(resolvePath({ a: {} }, '$.a.*')).toBeUndefined();
    expect(resolvePath(JSON.parse('{"__proto__":{"x":1}}'), '$.__proto__.x')).toBe(1);
  });
});
