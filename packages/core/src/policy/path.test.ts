import { JSONPath } from 'jsonpath-plus';
import { describe, expect, it } from 'vitest';
import { resolvePath } from './path';

const json = {
  a: { b: 1, 'x:y': 2, 'c-d': 3, 'a b': 4, arr: [10, 20], empty: [], n: null },
  top: [{ v: 1 }],
};

describe('resolvePath', () => {
  it.each([
    '$.a.b',
    'a.b',
    '$.a["a b"]',
    "$.a['a b']",
    '$.a.x:y',
    '$.a.c-d',
    '$.a.arr[0]',
    '$.a.arr',
    '$.a.empty',
    '$.a.n',
    '$.a.missing',
    '$',
    '$.top[0].v',
    '$.a.arr.0',
    '$.a.arr[5]',
    '$.a.b.c',
  ])('matches json-rules-engine (JSONPath wrap:false) for %s', (path) => {
    expect(resolvePath(json, path)).toEqual(JSONPath({ path, json, wrap: false }));
  });

  it.each([
    '$..b',
    '$.a[*]',
    '$.a[?(@.b)]',
    '$.a[(1+1)]',
    '@.a',
    '$.a[-1]',
    '$.a[0:1]',
    '.a',
    '',
    '$.',
    '$[a]',
  ])('returns undefined for unsupported syntax %s', (path) => {
    expect(resolvePath(json, path)).toBeUndefined();
  });

  it('follows own properties only', () => {
    expect(resolvePath({}, '$.__proto__')).toBeUndefined();
    expect(resolvePath({}, '$.constructor')).toBeUndefined();
    expect(resolvePath({ a: {} }, '$.a.toString')).toBeUndefined();
    expect(resolvePath(JSON.parse('{"__proto__":{"x":1}}'), '$.__proto__.x')).toBe(1);
  });

  it('handles escapes in quoted keys', () => {
    expect(resolvePath({ "it's": 1 }, "$['it\\'s']")).toBe(1);
    expect(resolvePath({ 'a.b': 2 }, "$['a.b']")).toBe(2);
  });
});
