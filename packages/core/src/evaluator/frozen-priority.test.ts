import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine';
import { definePlugin } from '../plugin/define-plugin';
import { createRegistry } from '../plugin/registry';
import { loadPolicy } from '../policy/load';
import { resolvePath } from '../policy/path';
import type { PolicyDocument } from '../policy/types';
import { createManualClock } from '../time/clock';
import { compiledEvaluator } from './compiled/compiled-evaluator';
import { jsonRulesEngineEvaluator } from './json-rules-engine';
import type { Evaluator } from './types';

const facts = definePlugin({
  name: 'prio',
  version: '1.0.0',
  eventTypes: { 'review.submitted': {} },
  facts: {
    'prio.later': { async: true, value: async () => 7 },
    'prio.now': { value: () => 3 },
  },
});

const rule = (id: string, conditions: unknown) => ({
  id,
  stage: 'need',
  on: 'review.submitted',
  conditions,
  effects: [{ type: 'core.setAttribute', params: { key: id, value: 1 } }],
});

// fact conditions carrying `priority`, in rules, in a named condition and under `not`
const policy = {
  version: 1,
  name: 'priorities',
  conditions: {
    nowIsThree: { all: [{ fact: 'prio.now', operator: 'equal', value: 3, priority: 5 }] },
  },
  rules: [
    rule('sync', {
      all: [
        { fact: 'prio.now', operator: 'equal', value: 3, priority: 2 },
        { fact: 'prio.now', operator: 'lessThan', value: 9, priority: 1 },
        { not: { fact: 'prio.now', operator: 'equal', value: 4, priority: 3 } },
      ],
    }),
    rule('named', { any: [{ condition: 'nowIsThree', priority: 2 }] }),
    rule('async', {
      all: [
        { fact: 'prio.later', operator: 'greaterThan', value: 5, priority: 4 },
        { fact: 'prio.now', operator: 'equal', value: 3 },
      ],
    }),
    rule('never', { any: [{ fact: 'prio.now', operator: 'equal', value: 4, priority: 9 }] }),
  ],
} as unknown as PolicyDocument;

const event = { id: 'e1', type: 'review.submitted', userId: 'u1', at: '2026-01-01T00:00:00Z', payload: {} };
const evaluators: Array<[string, () => Evaluator]> = [
  ['json-rules-engine', jsonRulesEngineEvaluator],
  ['compiled (default)', compiledEvaluator],
];

describe('fact conditions with a priority on a loaded (frozen) policy', () => {
  it.each(evaluators)('%s fires them, with and without a trace', async (_name, evaluator) => {
    const loaded = loadPolicy(policy, { registry: createRegistry([facts]) });
    expect(Object.isFrozen(loaded.rules[0]?.conditions)).toBe(true);
    const engine = createEngine({
      plugins: [facts],
      policy: loaded,
      evaluator: evaluator(),
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    for (const trace of [false, true]) {
      const outcome = await engine.dispatch({ ...event, id: `e-${trace}` }, { trace });
      expect([...outcome.fired].sort()).toEqual(['async', 'named', 'sync']);
    }
    await engine.close();
  });

  it.each(evaluators)('%s evaluates an ad-hoc frozen condition with priorities', async (_name, evaluator) => {
    const loaded = loadPolicy(policy, { registry: createRegistry([facts]) });
    const prepared = evaluator().prepare({
      rules: loaded.rules,
      conditions: loaded.conditions,
      operators: {},
      facts: new Set(['prio.now', 'prio.later']),
      asyncFacts: new Set(['prio.later']),
      resolvePath,
    });
    const condition = Object.freeze({
      all: Object.freeze([
        Object.freeze({ fact: 'prio.later', operator: 'equal', value: 7, priority: 2 }),
        Object.freeze({ fact: 'prio.now', operator: 'equal', value: 3, priority: 1 }),
      ]),
    });
    const resolver = { value: (id: string) => (id === 'prio.later' ? Promise.resolve(7) : 3) };
    for (const trace of [false, true]) {
      const r = await prepared.evaluateCondition(condition as never, resolver, { trace });
      expect(r.result).toBe(true);
    }
  });
});
