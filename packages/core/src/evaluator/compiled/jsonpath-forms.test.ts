import { describe, expect, it } from 'vitest';
import type { TopLevelCondition } from '../../policy/types';
import type { RuleEvaluation } from '../types';
import { inputFor, prepareBoth, resolverOver, toRules } from './differential.fixture';

// json-rules-engine's own README and issue tracker: the forms its users write
const obj = {
  phoneNumbers: [
    { type: 'iPhone', number: '0123-4567-8888' },
    { type: 'home', number: '0123-4567-8910' },
  ],
  name: 'Ann',
  items: [{ price: 8.95 }, { price: 22.99, name: 'last' }],
  address: { 'dot.property': 'yes', city: 'Nara' },
  code: 'AB-17',
};
const cases: Array<[string, string, unknown]> = [
  ['$.phoneNumbers[*].type', 'contains', 'iPhone'],
  ['$.phoneNumbers.*.type', 'doesNotContain', 'work'],
  ['$..name', 'contains', 'last'],
  ['$.items[-1:].price', 'someFact:greaterThan', 20],
  ['$.items[0,1].price', 'everyFact:greaterThan', 5],
  ['$.[0].price', 'contains', 8.95], // `$.[0]` is recursive descent: a list
  ["$.address.['dot.property']", 'equal', 'yes'],
  ["$.address['dot.property']", 'equal', 'yes'],
  ['$.items.1.price', 'greaterThan', 20],
  ['$.code.length', 'equal', 5],
  ['$.code[0]', 'equal', 'A'],
];

describe('the JSONPath forms json-rules-engine users write', () => {
  it.each(cases)(
    '%s resolves on every evaluator as in json-rules-engine (fires)',
    async (path, operator, value) => {
      const rules = toRules([
        { all: [{ fact: 'obj', path, operator, value }] } as TopLevelCondition,
        { not: { fact: 'obj', path, operator, value } } as TopLevelCondition,
      ]);
      const { jre, ours, compiled } = prepareBoth(inputFor(rules, {}));
      const facts = resolverOver({ obj });
      const fired = (list: RuleEvaluation[]) => list.map((r) => [r.ruleId, r.fired]);
      const expected = fired(await jre.evaluate('need', rules, facts, { trace: false }));
      expect(expected).toEqual([
        ['r0', true],
        ['r1', false],
      ]);
      expect(fired(await ours.evaluate('need', rules, facts, { trace: false }))).toEqual(expected);
      expect(compiled.fired('need', rules, facts)).toEqual([true, false]);
      for (const trace of [false, true]) {
        expect(fired(await compiled.evaluate('need', rules, facts, { trace }))).toEqual(expected);
      }
    },
  );
});
