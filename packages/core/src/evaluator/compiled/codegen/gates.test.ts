import { describe, expect, it } from 'vitest';
import type { OperatorFunction } from '../../types';
import { generatedSource } from '../compiled-evaluator';
import { customOperators, inputFor, prepareBoth, resolverOver, toRules } from '../differential.fixture';

/** A plugin operator that counts its calls (json-rules-engine operators are pure: only calls differ). */
function counting() {
  const calls = { n: 0 };
  const operator: OperatorFunction = (a, b) => {
    calls.n++;
    return a === b;
  };
  return { calls, operator };
}

describe('gates: rules that cannot fire while their facts are absent', () => {
  it('are skipped unevaluated, together, while the facts are absent — and agree with json-rules-engine', async () => {
    const { calls, operator } = counting();
    const rules = toRules([
      { all: [{ fact: 'n', operator: 'counts', value: 1 }] },
      { all: [{ fact: 'a', operator: 'equal', value: 1 }] },
      {
        all: [
          { fact: 'n', operator: 'counts', value: 2 },
          { fact: 'b', operator: 'equal', value: 'x' },
        ],
      },
    ]);
    const input = inputFor(rules, {}, { operators: { ...customOperators, counts: operator } });
    const { jre, compiled } = prepareBoth(input);
    const source = generatedSource(compiled, rules);
    // rules 0 and 2 share the gate `n`: one test, at rule 0's place
    expect(source).toMatch(/if \(f\d+ !== void 0\) \{\nout\[0\] = [^\n]*\nout\[2\] = [^\n]*\n\}/);
    for (const values of [{ a: 1 }, { a: 2, b: 'x' }, {}, { n: 2, b: 'x' }]) {
      const facts = resolverOver(values);
      expect(compiled.fired('need', rules, facts)).toEqual(await jre.fired('need', rules, facts));
    }
    // `n` absent: neither rule runs its operator; present: both do
    const before = calls.n;
    expect(compiled.fired('need', rules, resolverOver({ a: 1, b: 'x' }))).toEqual([false, true, false]);
    expect(calls.n).toBe(before);
    expect(compiled.fired('need', rules, resolverOver({ n: 2, b: 'x' }))).toEqual([false, false, true]);
    expect(calls.n).toBe(before + 2);
  });

  it('are not gated when they can fire with the facts absent', () => {
    const rules = toRules([
      { all: [{ fact: 'n', operator: 'notEqual', value: 1 }] },
      { all: [{ fact: 'n', operator: 'notEqual', value: 2 }] },
      { not: { fact: 'a', operator: 'equal', value: 1 } },
      { not: { fact: 'a', operator: 'equal', value: 2 } },
    ]);
    const { compiled } = prepareBoth(inputFor(rules, {}));
    expect(generatedSource(compiled, rules)).not.toContain('!== void 0) {');
    expect(compiled.fired('need', rules, resolverOver({}))).toEqual([true, true, true, true]);
  });

  it('a rule firing only when some of its facts are present is gated on all of them', async () => {
    const rules = toRules([
      {
        any: [
          { fact: 'n', operator: 'greaterThan', value: 1 },
          { fact: 'a', operator: 'equal', value: 'x' },
        ],
      },
      {
        any: [
          { fact: 'n', operator: 'lessThan', value: 0 },
          { fact: 'a', operator: 'equal', value: 'y' },
        ],
      },
    ]);
    const { jre, compiled } = prepareBoth(inputFor(rules, {}));
    expect(generatedSource(compiled, rules)).toMatch(/if \(f\d+ !== void 0 \|\| f\d+ !== void 0\) \{/);
    for (const values of [{}, { n: 2 }, { a: 'y' }, { n: -1, a: 'x' }]) {
      const facts = resolverOver(values);
      expect(compiled.fired('need', rules, facts)).toEqual(await jre.fired('need', rules, facts));
    }
  });
});
