import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleEvaluation } from '../types';
import {
  factValues,
  inputFor,
  namedConditions,
  prepareBoth,
  resolverOver,
  settle,
  topLevel,
  toRules,
} from './differential.fixture';

const byId = (list: RuleEvaluation[]) =>
  Object.fromEntries(list.map((r) => [r.ruleId, { fired: r.fired, condition: r.condition }]));

describe('compiled evaluator ≡ json-rules-engine (differential)', () => {
  it('fires the same rules with the same condition traces', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(topLevel, { minLength: 1, maxLength: 4 }),
        namedConditions,
        factValues,
        fc.boolean(),
        async (conditions, named, values, trace) => {
          const rules = toRules(conditions);
          const { jre, compiled } = prepareBoth(inputFor(rules, named));
          const facts = resolverOver(values as Record<string, unknown>);
          const expected = await settle(() => jre.evaluate('need', rules, facts, { trace }));
          const actual = await settle(() => compiled.evaluate('need', rules, facts, { trace }));
          expect(actual.ok).toBe(expected.ok);
          if (expected.ok && actual.ok) expect(byId(actual.value)).toEqual(byId(expected.value));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('evaluates ad-hoc conditions the same way', async () => {
    await fc.assert(
      fc.asyncProperty(topLevel, namedConditions, factValues, async (condition, named, values) => {
        const { jre, compiled } = prepareBoth(inputFor([], named));
        const facts = resolverOver(values as Record<string, unknown>);
        const expected = await settle(() => jre.evaluateCondition(condition, facts, { trace: true }));
        const actual = await settle(() => compiled.evaluateCondition(condition, facts, { trace: true }));
        expect(actual.ok).toBe(expected.ok);
        if (expected.ok && actual.ok) expect(actual.value).toEqual(expected.value);
      }),
      { numRuns: 300 },
    );
  });
});
