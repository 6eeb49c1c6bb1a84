import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TopLevelCondition } from '../../policy/types';
import type { RuleEvaluation } from '../types';
import { generatedSource } from './compiled-evaluator';
import {
  copy,
  FACT_NAMES,
  factValues,
  inputFor,
  loaded,
  loadedInput,
  namedConditions,
  prepareBoth,
  resolverOver,
  settle,
  topLevel,
} from './differential.fixture';
import { countingResolver, thenablesOver } from './resolvers.fixture';

const byId = (list: RuleEvaluation[]) =>
  Object.fromEntries(list.map((r) => [r.ruleId, { fired: r.fired, condition: r.condition }]));
const firedById = (list: RuleEvaluation[]) => Object.fromEntries(list.map((r) => [r.ruleId, r.fired]));

// conditions that cannot throw (primitive facts, no decorators): a list of hundreds of them evaluates
const safeLeaf = fc.record({
  fact: fc.constantFrom('d.a', 'd.b', 'd.n'),
  operator: fc.constantFrom(
    'equal',
    'notEqual',
    'lessThan',
    'greaterThanInclusive',
    'startsWith',
    'not:equal',
  ),
  value: fc.constantFrom(0, 1, 2, 3, 'x', 'ab', true, null),
});
const safeNested: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: safeLeaf },
    { weight: 1, arbitrary: fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ not: tie('node') }) },
  ),
})).node;
const safeTopLevel = fc.oneof(
  fc.record({ all: fc.array(safeNested, { minLength: 1, maxLength: 4 }) }),
  fc.record({ any: fc.array(safeNested, { minLength: 1, maxLength: 4 }) }),
) as fc.Arbitrary<TopLevelCondition>;
const safeValues = fc.record({
  'd.a': fc.constantFrom(0, 1, 2, 3, 'x', 'ab', true, null),
  'd.b': fc.constantFrom(0, 1, 2, 3, 'x', 'abc'),
  'd.n': fc.integer({ min: -1, max: 4 }),
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('compiled evaluator ≡ json-rules-engine (differential)', () => {
  it('fires the same rules with the same condition traces, on loaded (frozen) policies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(topLevel, { minLength: 1, maxLength: 4 }),
        namedConditions,
        factValues,
        fc.boolean(),
        async (conditions, named, values, trace) => {
          const { rules, jre, ours, compiled } = loadedInput(conditions, named);
          const facts = resolverOver(values as Record<string, unknown>);
          const expected = await settle(() => jre.evaluate('need', rules, facts, { trace }));
          for (const evaluator of [ours, compiled]) {
            const actual = await settle(() => evaluator.evaluate('need', rules, facts, { trace }));
            expect(actual.ok).toBe(expected.ok);
            if (expected.ok && actual.ok) expect(byId(actual.value)).toEqual(byId(expected.value));
          }
        },
      ),
      { numRuns: 600 },
    );
  }, 60_000);

  it('generated code: fired() gives json-rules-engine’s flags, in candidate order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(topLevel, { minLength: 1, maxLength: 6 }),
        namedConditions,
        factValues,
        async (conditions, named, values) => {
          const { rules, jre, compiled } = loadedInput(conditions, named);
          const facts = resolverOver(values as Record<string, unknown>);
          const expected = await settle(() => jre.evaluate('need', rules, facts, { trace: false }));
          const flags = await settle(() => compiled.fired('need', rules, facts));
          expect(flags.ok).toBe(expected.ok);
          if (!expected.ok || !flags.ok) return;
          // the flags came from the generated function: synchronous, one per rule
          expect(Array.isArray(flags.value)).toBe(true);
          const want = firedById(expected.value);
          expect(flags.value).toEqual(rules.map((r) => want[r.id]));
          expect(await jre.fired('need', rules, facts)).toEqual(flags.value);
          expect(generatedSource(compiled, rules)).toContain('return function run(F, out)');
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('large candidate lists (split into several generated functions) give json-rules-engine’s flags', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(safeTopLevel, { minLength: 400, maxLength: 500 }),
        fc.array(safeValues, { minLength: 3, maxLength: 3 }),
        async (conditions, valueSets) => {
          const { rules, jre, compiled } = loadedInput(conditions, {});
          for (const values of valueSets) {
            const facts = resolverOver(values);
            const expected = (await jre.evaluate('need', rules, facts, { trace: false })) as RuleEvaluation[];
            const want = firedById(expected);
            const flags = compiled.fired('need', rules, facts);
            expect(flags).toEqual(rules.map((r) => want[r.id]));
            expect(flags).toContain(true);
            expect(flags).toContain(false);
          }
          expect(generatedSource(compiled, rules)).toContain('function c1(F, out, V)');
        },
      ),
      { numRuns: 5 },
    );
  }, 120_000);

  it('generated code reads a (fact, params) at most once per evaluation, and only ones jre reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(topLevel, { minLength: 1, maxLength: 6 }),
        namedConditions,
        factValues,
        async (conditions, named, values) => {
          const { rules, jre, compiled } = loadedInput(conditions, named);
          const base = resolverOver(values as Record<string, unknown>);
          const ours = countingResolver(base);
          const theirs = countingResolver(base);
          const flags = await settle(() => compiled.fired('need', rules, ours.resolver));
          const expected = await settle(() => jre.evaluate('need', rules, theirs.resolver, { trace: false }));
          if (!flags.ok || !expected.ok) return;
          for (const [read, n] of ours.reads) {
            expect(n).toBe(1);
            expect(theirs.reads.has(read)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('rules meeting a thenable fact value are decided by json-rules-engine, with the same result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(topLevel, { minLength: 1, maxLength: 5 }),
        namedConditions,
        factValues,
        fc.subarray([...FACT_NAMES]),
        async (conditions, named, values, later) => {
          const { rules, jre, compiled } = loadedInput(conditions, named);
          const sync = resolverOver(values as Record<string, unknown>);
          const async = thenablesOver(values as Record<string, unknown>, new Set(later));
          const expected = await settle(() => jre.evaluate('need', rules, sync, { trace: false }));
          const flags = await settle(async () => compiled.fired('need', rules, async));
          const evaluated = await settle(async () =>
            compiled.evaluate('need', rules, async, { trace: false }),
          );
          expect(flags.ok).toBe(expected.ok);
          expect(evaluated.ok).toBe(expected.ok);
          if (!expected.ok || !flags.ok || !evaluated.ok) return;
          const want = firedById(expected.value);
          expect(flags.value).toEqual(rules.map((r) => want[r.id]));
          expect(firedById(evaluated.value)).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('evaluates ad-hoc conditions the same way', async () => {
    await fc.assert(
      fc.asyncProperty(
        topLevel,
        namedConditions,
        factValues,
        fc.boolean(),
        async (condition, named, values, trace) => {
          // a plugin's settings hold ad-hoc conditions: frozen like the rest of a loaded policy
          const { jre, ours, compiled } = prepareBoth(inputFor([], loaded([], named).conditions));
          const facts = resolverOver(values as Record<string, unknown>);
          const expected = await settle(() => jre.evaluateCondition(copy(condition), facts, { trace }));
          const frozen = deepFreeze(copy(condition));
          for (const evaluator of [ours, compiled]) {
            const actual = await settle(() => evaluator.evaluateCondition(frozen, facts, { trace }));
            expect(actual.ok).toBe(expected.ok);
            if (!expected.ok || !actual.ok) continue;
            if (trace) expect(actual.value).toEqual(expected.value);
            else expect(actual.value.result).toBe(expected.value.result);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
