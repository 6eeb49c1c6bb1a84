import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngageLoopError } from '../errors/error';
import { createRegistry } from '../plugin/registry';
import { incentives } from './__fixtures__/plugins';
import { loadPolicy } from './load';
import { cloneJson, isPlainObject, safeSet } from './safe-object';

const registry = createRegistry([incentives]);

const VALID = {
  version: 1,
  name: 'prop',
  defaults: { timezone: 'Asia/Shanghai' },
  settings: {
    incentives: {
      cap: 10,
      stages: [{ name: 'new', when: { all: [{ fact: 'user', operator: 'equal', value: 1 }] } }],
    },
  },
  conditions: {
    engaged: {
      any: [{ fact: 'incentives.balance', params: { period: 'day' }, operator: 'greaterThan', value: 3 }],
    },
  },
  experiments: { copy: { arms: { warm: 1, plain: 1 } } },
  rules: [
    {
      id: 'a',
      stage: 'action',
      on: 'review.submitted',
      conditions: {
        all: [
          { condition: 'engaged' },
          { fact: 'now', operator: 'everyFact:lessThan', value: { fact: 'now' } },
        ],
      },
      effects: [{ type: 'incentives.award', params: { points: 5 } }],
      variant: { experiment: 'copy', arm: 'warm' },
    },
    { id: 'b', stage: 'value', effects: [{ type: 'core.message', params: { topic: 't', body: 'hi' } }] },
  ],
};

const KEYS = [
  'id',
  'stage',
  'on',
  'fact',
  'operator',
  'value',
  'all',
  'any',
  'not',
  'condition',
  '__proto__',
  'constructor',
  'type',
  'params',
  'x',
];

/** Paths to every node of a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  } else if (isPlainObject(value))
    for (const k of Object.keys(value)) out.push(...paths(value[k], [...prefix, k]));
  return out;
}

type Mutation = { kind: 'set' | 'delete' | 'add'; pick: number; key: string; value: unknown };

function mutate(doc: unknown, m: Mutation): unknown {
  const copy = cloneJson(doc);
  const all = paths(copy);
  const path = all[m.pick % all.length] ?? [];
  if (path.length === 0) return m.kind === 'set' ? m.value : copy;
  let parent: unknown = copy;
  for (const token of path.slice(0, -1)) parent = (parent as Record<string, unknown>)[token as string];
  const last = path[path.length - 1] as string | number;
  const target = parent as Record<string, unknown>;
  if (m.kind === 'set') safeSet(target, String(last), m.value);
  else if (m.kind === 'delete') {
    if (Array.isArray(target)) target.splice(Number(last), 1);
    else delete target[last];
  } else {
    const node = target[last];
    if (isPlainObject(node)) safeSet(node, m.key, m.value);
    else if (Array.isArray(node)) node.push(m.value);
  }
  return copy;
}

const mutation = fc.record({
  kind: fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<Mutation['kind']>,
  pick: fc.nat(),
  key: fc.constantFrom(...KEYS),
  value: fc.jsonValue({ maxDepth: 2 }),
});

function outcome(input: unknown): 'loaded' | 'invalid' {
  try {
    loadPolicy(input, { registry });
    return 'loaded';
  } catch (error) {
    expect(error).toBeInstanceOf(EngageLoopError);
    const e = error as EngageLoopError;
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.errors.length).toBeGreaterThanOrEqual(1);
    return 'invalid';
  }
}

describe('loadPolicy (properties)', () => {
  it('the base policy loads', () => {
    expect(outcome(VALID)).toBe('loaded');
  });

  it('random mutations either load or fail with POLICY_INVALID listing ≥1 error', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const doc = mutations.reduce<unknown>((d, m) => mutate(d, m), VALID);
        outcome(doc);
        outcome(JSON.stringify(doc));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('random edits of the JSON text either load or fail with POLICY_INVALID', () => {
    const text = JSON.stringify(VALID, null, 2);
    fc.assert(
      fc.property(
        fc.nat({ max: text.length }),
        fc.nat({ max: 5 }),
        fc.string({ maxLength: 3 }),
        (at, cut, insert) => {
          outcome(text.slice(0, at) + insert + text.slice(at + cut));
        },
      ),
      { numRuns: 300 },
    );
  });
});
