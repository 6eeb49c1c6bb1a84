import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NormalizedRule, TopLevelCondition } from '../../policy/types';
import type { FactResolver, PreparedRules } from '../types';
import { BITS_LIMIT } from './codegen/generate';
import * as fixture from './differential.fixture';
import { thenablesOver } from './resolvers.fixture';

/** `firedBits`' answer as `fired`'s flags (a number unpacked, one flag per candidate). */
async function asFlags(
  prepared: PreparedRules,
  rules: readonly NormalizedRule[],
  facts: FactResolver,
): Promise<readonly boolean[]> {
  const r = (prepared.firedBits as NonNullable<PreparedRules['firedBits']>)('need', rules, facts);
  if (typeof r !== 'number') return await r;
  expect(rules.length).toBeLessThanOrEqual(BITS_LIMIT);
  expect(r >>> rules.length).toBe(0);
  return rules.map((_, i) => (r & (1 << i)) !== 0);
}

const leaf = (n: number): TopLevelCondition => ({
  all: [{ fact: 'd.n', operator: 'greaterThan', value: n }],
});

describe('compiled evaluator: firedBits ≡ fired', () => {
  it('gives fired()’s flags, evaluation after evaluation, thenables included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fixture.topLevel, { minLength: 1, maxLength: 6 }),
        fixture.namedConditions,
        fc.array(fixture.factValues, { minLength: 2, maxLength: 3 }),
        fc.subarray([...fixture.FACT_NAMES]),
        async (conditions, named, valueSets, later) => {
          const { rules, compiled } = fixture.loadedInput(conditions, named);
          // the same list again and again: a flag left over from an earlier evaluation would show
          for (const values of valueSets) {
            for (const facts of [
              fixture.resolverOver(values as Record<string, unknown>),
              thenablesOver(values as Record<string, unknown>, new Set(later)),
            ]) {
              const want = await fixture.settle(async () => compiled.fired('need', rules, facts));
              const got = await fixture.settle(() => asFlags(compiled, rules, facts));
              expect(got.ok).toBe(want.ok);
              if (want.ok && got.ok) expect(got.value).toEqual(want.value);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('packs up to BITS_LIMIT flags; a longer list gets an array', () => {
    const { compiled } = fixture.prepareBoth(fixture.inputFor([], {}));
    const facts = fixture.resolverOver({ 'd.n': 7 });
    for (const n of [BITS_LIMIT, BITS_LIMIT + 1]) {
      const rules = fixture.toRules(Array.from({ length: n }, (_, i) => leaf(i % 10)));
      const want = rules.map((_, i) => i % 10 < 7);
      const r = compiled.firedBits?.('need', rules, facts);
      if (n <= BITS_LIMIT) {
        expect(typeof r).toBe('number');
        expect(rules.map((_, i) => ((r as number) & (1 << i)) !== 0)).toEqual(want);
      } else expect(r).toEqual(want);
    }
  });

  it('a flag set by one evaluation is not left for the next (gated rules skipped together stay false)', () => {
    const same = { all: [{ fact: 'd.a', operator: 'equal', value: 1 }] } as TopLevelCondition;
    const rules = fixture.toRules([leaf(0), same, same, leaf(3)]);
    const { compiled } = fixture.prepareBoth(fixture.inputFor(rules, {}));
    const firedBits = compiled.firedBits as NonNullable<PreparedRules['firedBits']>;
    expect(firedBits('need', rules, fixture.resolverOver({ 'd.n': 5, 'd.a': 1 }))).toBe(0b1111);
    expect(firedBits('need', rules, fixture.resolverOver({ 'd.n': 2 }))).toBe(0b0001);
    expect(firedBits('need', rules, fixture.resolverOver({}))).toBe(0);
  });

  it('a fact resolver running the same list from inside gets its own flags, and so does the outer run', () => {
    const rules = fixture.toRules([
      leaf(1),
      leaf(2),
      leaf(3),
      { all: [{ fact: 'd.a', operator: 'equal', value: 1 }] },
    ]);
    const { compiled } = fixture.prepareBoth(fixture.inputFor(rules, {}));
    const firedBits = compiled.firedBits as NonNullable<PreparedRules['firedBits']>;
    const inner = fixture.resolverOver({ 'd.n': 0, 'd.a': 1 });
    let nested: unknown;
    const outer: FactResolver = {
      value(id, params) {
        if (id === 'd.a') nested = firedBits('need', rules, inner);
        return fixture.resolverOver({ 'd.n': 5, 'd.a': 2 }).value(id, params);
      },
    };
    expect(firedBits('need', rules, outer)).toBe(0b0111);
    // the nested run found the scratch in use: a new array, not the outer run's flags
    expect(nested).toEqual([false, false, false, true]);
    expect(firedBits('need', rules, inner)).toBe(0b1000);
  });
});
