import { describe, expect, it } from 'vitest';
import { incentives } from './__fixtures__/plugins';
import { validatePolicy } from './load';

const policyWith = (leaf: Record<string, unknown>) => ({
  version: 1,
  conditions: { named: { all: [leaf] } },
  rules: [
    {
      id: 'r1',
      stage: 'action',
      conditions: { any: [{ not: leaf }] },
      effects: [{ type: 'incentives.award', params: { points: 5 } }],
    },
  ],
});

const codesOf = (doc: unknown) => {
  const result = validatePolicy(doc, { plugins: [incentives] });
  return result.ok ? [] : result.errors.map((e) => [e.code, e.pointer, e.data?.token]);
};

describe('condition paths at load', () => {
  it.each([
    '$.payload.items[*].kind',
    '$.payload.items.*.kind',
    '$..kind',
    '$.payload.items[-1:].price',
    '$.payload.items[0,1]',
    '$.payload.items.0.kind',
    "$.payload.['dot.key']",
    '$.[0].id',
    '$.payload.`@type',
    '$.payload.`@a,b',
    'payload.rating',
    '$.tier:changed.to',
  ])('accepts %s', (path) => {
    expect(codesOf(policyWith({ fact: 'event', path, operator: 'equal', value: 1 }))).toEqual([]);
  });

  it.each([
    ['$.payload.items[?(@.price > 10)]', '?(@.price > 10)'],
    ['$.payload.items[(@.length-1)]', '(@.length-1)'],
    ['$.payload.@type', '@type'],
    ['$.payload.items[-1]', '-1'],
    ['$.payload^', '^'],
    ['$.payload.~', '~'],
    // read as a union when the payload lacks the key "a,@b": jsonpath-plus then throws on "@b"
    ['$.payload.`a,@b', '@b'],
    ['constructor', 'constructor'],
  ])('refuses %s with RULE_PATH_UNSUPPORTED and a hint, in rules and named conditions', (path, token) => {
    const leaf = { fact: 'event', path, operator: 'equal', value: 1 };
    expect(codesOf(policyWith(leaf))).toEqual([
      ['RULE_PATH_UNSUPPORTED', '/rules/0/conditions/any/0/not/path', token],
      ['RULE_PATH_UNSUPPORTED', '/conditions/named/all/0/path', token],
    ]);
    const fromValue = { fact: 'event', operator: 'equal', value: { fact: 'user', path } };
    expect(codesOf(policyWith(fromValue)).map(([code, pointer]) => [code, pointer])).toEqual([
      ['RULE_PATH_UNSUPPORTED', '/rules/0/conditions/any/0/not/value/path'],
      ['RULE_PATH_UNSUPPORTED', '/conditions/named/all/0/value/path'],
    ]);
  });
});
