import { describe, expect, it } from 'vitest';
import type { TopLevelCondition } from '../../policy/types';
import type { RuleEvaluation } from '../types';
import { compiledEvaluator, generatedSource } from './compiled-evaluator';
import { inputFor, prepareBoth, resolverOver, toRules } from './differential.fixture';

const named: Record<string, TopLevelCondition> = {
  isA: { all: [{ fact: 'a', operator: 'equal', value: 1 }] },
};

describe('compiledEvaluator', () => {
  it('returns synchronously and names itself per rule', () => {
    const rules = toRules([{ all: [{ fact: 'n', operator: 'greaterThan', value: 3 }] }]);
    const prepared = compiledEvaluator().prepare(inputFor(rules, named));
    const result = prepared.evaluate('need', rules, resolverOver({ n: 5 }), { trace: false });
    expect(Array.isArray(result)).toBe(true);
    expect(result).toEqual([{ ruleId: 'r0', fired: true, evaluator: 'compiled' }]);
  });

  it('builds the same trace as json-rules-engine, skipped conditions included', async () => {
    const rules = toRules([
      {
        any: [
          { fact: 'n', operator: 'lessThan', value: 3, priority: 2 },
          { condition: 'isA' },
          { not: { fact: 'obj', path: '$.k', operator: 'in', value: ['x', 'y'] } },
          { fact: 'b', operator: 'equal', value: { fact: 'obj', path: '$.k' } },
        ],
      },
    ]);
    const { jre, compiled } = prepareBoth(inputFor(rules, named));
    for (const values of [{ n: 1 }, { n: '5', a: 1 }, { n: 9, obj: { k: 'x' }, b: 'x' }]) {
      const facts = resolverOver(values);
      const expected = (await jre.evaluate('need', rules, facts, { trace: true })) as RuleEvaluation[];
      const actual = compiled.evaluate('need', rules, facts, { trace: true }) as RuleEvaluation[];
      expect(actual.map(({ evaluator: _e, ...r }) => r)).toEqual(expected);
    }
  });

  it('leaves rules that read an async fact to json-rules-engine, and says so', async () => {
    const rules = toRules([
      { all: [{ fact: 'a', operator: 'equal', value: 1 }] },
      { all: [{ fact: 'n', operator: 'equal', value: 2 }] },
    ]);
    const prepared = compiledEvaluator().prepare(inputFor(rules, named, { asyncFacts: new Set(['n']) }));
    const facts = { value: (id: string) => (id === 'n' ? Promise.resolve(2) : 1) };
    const result = await prepared.evaluate('need', rules, facts, { trace: false });
    expect(result).toEqual([
      { ruleId: 'r0', fired: true, evaluator: 'compiled' },
      { ruleId: 'r1', fired: true, evaluator: 'json-rules-engine' },
    ]);
  });

  it('falls back for one evaluation when a fact value turns out to be a thenable', async () => {
    const rules = toRules([{ all: [{ fact: 'a', operator: 'equal', value: 7 }] }]);
    const prepared = compiledEvaluator().prepare(inputFor(rules, named));
    const result = await prepared.evaluate(
      'need',
      rules,
      { value: () => Promise.resolve(7) },
      { trace: true },
    );
    expect(result).toMatchObject([{ ruleId: 'r0', fired: true, evaluator: 'json-rules-engine' }]);
    const sync = prepared.evaluate('need', rules, resolverOver({ a: 7 }), { trace: false });
    expect(sync).toEqual([{ ruleId: 'r0', fired: true, evaluator: 'compiled' }]);
  });

  it('resolves decorated and plugin operators like json-rules-engine', async () => {
    const rules = toRules([
      { all: [{ fact: 'list', operator: 'someFact:greaterThan', value: 2 }] },
      { all: [{ fact: 'a', operator: 'not:everyValue:startsWith', value: ['ab', 'x'] }] },
      // jre quirk kept: 'abc'.indexOf(['abc']) coerces the array to a string, so this fires
      { all: [{ fact: 'a', operator: 'swap:in', value: ['abc'] }] },
      { all: [{ fact: 'a', operator: 'everyFact:equal', value: 'abc' }] },
    ]);
    const { jre, compiled } = prepareBoth(inputFor(rules, named));
    const facts = resolverOver({ list: [1, '3'], a: 'abc' });
    const result = compiled.evaluate('need', rules, facts, { trace: false }) as RuleEvaluation[];
    expect(result.map((r) => r.fired)).toEqual([true, true, true, false]);
    const reference = (await jre.evaluate('need', rules, facts, { trace: false })) as RuleEvaluation[];
    expect(Object.fromEntries(reference.map((r) => [r.ruleId, r.fired]))).toEqual(
      Object.fromEntries(result.map((r) => [r.ruleId, r.fired])),
    );
  });

  it('caches ad-hoc conditions by identity and answers synchronously', () => {
    const prepared = compiledEvaluator().prepare(inputFor([], named));
    const condition: TopLevelCondition = { condition: 'isA' };
    expect(prepared.evaluateCondition(condition, resolverOver({ a: 1 }), { trace: false })).toEqual({
      result: true,
    });
    expect(prepared.evaluateCondition(condition, resolverOver({ a: 2 }), { trace: false })).toEqual({
      result: false,
    });
  });

  it('fired(): one flag per candidate from the generated function, synchronously', async () => {
    const rules = toRules([
      { all: [{ fact: 'n', operator: 'greaterThan', value: 3 }] },
      { any: [{ fact: 'obj', path: '$.deep.v', operator: 'in', value: ['x', 'y'] }, { condition: 'isA' }] },
      { not: { fact: 'list', operator: 'contains', value: 2 } },
    ]);
    const { jre, compiled } = prepareBoth(inputFor(rules, named));
    const facts = resolverOver({ n: 5, obj: { deep: { v: 'y' } }, list: [2] });
    expect(compiled.fired('need', rules, facts)).toEqual([true, true, false]);
    expect(await jre.fired('need', rules, facts)).toEqual([true, true, false]);
    // a list rebuilt with the same rules (as after variant filtering) runs the same program
    expect(compiled.fired('need', [...rules], facts)).toEqual([true, true, false]);
    expect(generatedSource(compiled, [...rules])).toBe(generatedSource(compiled, rules));
  });

  it('fired(): a thenable fact value hands that rule to json-rules-engine and resumes after it', async () => {
    const rules = toRules([
      { all: [{ fact: 'a', operator: 'equal', value: 1 }] },
      { all: [{ fact: 'n', operator: 'equal', value: 2 }] },
      { all: [{ fact: 'b', operator: 'equal', value: 3 }] },
    ]);
    const prepared = compiledEvaluator().prepare(inputFor(rules, named));
    const values: Record<string, unknown> = { a: 1, n: Promise.resolve(2), b: 3 };
    const facts = { value: (id: string) => values[id] };
    const flags = prepared.fired('need', rules, facts);
    expect(Array.isArray(flags)).toBe(false);
    expect(await flags).toEqual([true, true, true]);
    expect(await prepared.evaluate('need', rules, facts, { trace: false })).toEqual([
      { ruleId: 'r0', fired: true, evaluator: 'compiled' },
      { ruleId: 'r2', fired: true, evaluator: 'compiled' },
      { ruleId: 'r1', fired: true, evaluator: 'json-rules-engine' },
    ]);
  });

  it('fired(): rules reading a declared async fact go to json-rules-engine as a whole', async () => {
    const rules = toRules([
      { all: [{ fact: 'n', operator: 'equal', value: 2 }] },
      { all: [{ fact: 'a', operator: 'equal', value: 1 }] },
    ]);
    const prepared = compiledEvaluator().prepare(inputFor(rules, named, { asyncFacts: new Set(['n']) }));
    const facts = { value: (id: string) => (id === 'n' ? Promise.resolve(2) : 2) };
    expect(await prepared.fired('need', rules, facts)).toEqual([true, false]);
  });

  it('a reference to a missing condition throws only when reached, as in json-rules-engine', async () => {
    const rules = toRules([
      { any: [{ fact: 'a', operator: 'equal', value: 1, priority: 2 }, { condition: 'missing' }] },
    ]);
    const { jre, compiled } = prepareBoth(inputFor(rules, named));
    expect(compiled.fired('need', rules, resolverOver({ a: 1 }))).toEqual([true]);
    expect(await jre.fired('need', rules, resolverOver({ a: 1 }))).toEqual([true]);
    expect(() => compiled.fired('need', rules, resolverOver({ a: 2 }))).toThrow(
      'No condition missing exists',
    );
    await expect(jre.fired('need', rules, resolverOver({ a: 2 }))).rejects.toThrow(
      'No condition missing exists',
    );
  });
});

describe('compiledEvaluator: the fast program and the general one', () => {
  it('facts breaking the fast program’s assumptions give json-rules-engine’s flags, before and after it keeps to the general program', async () => {
    const rules = toRules([
      { all: [{ fact: 'n', operator: 'greaterThanInclusive', value: 0 }] },
      {
        all: [
          { fact: 'n', operator: 'lessThan', value: 5 },
          { fact: 'a', operator: 'in', value: ['x', 'y'] },
        ],
      },
      { any: [{ fact: 'obj', path: '$.k', operator: 'greaterThan', value: 1 }, { condition: 'isA' }] },
    ]);
    const { jre, compiled } = prepareBoth(inputFor(rules, named));
    // null, '' and ' 7' are not numbers: the fast program hands them on (and after many, keeps to the general one)
    const values = [null, '', ' 7', '3', true, 2, undefined, Number.NaN, { valueOf: () => 3 }];
    for (let round = 0; round < 12; round++) {
      for (const n of values) {
        const facts = resolverOver({ n, a: 'x', obj: { k: n } });
        expect(compiled.fired('need', rules, facts)).toEqual(await jre.fired('need', rules, facts));
      }
    }
    const facts = resolverOver({ n: 4, a: 'y', obj: { k: 2 } });
    expect(compiled.fired('need', rules, facts)).toEqual([true, true, true]);
  });
});
