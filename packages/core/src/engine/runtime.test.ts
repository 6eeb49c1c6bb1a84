import { describe, expect, it } from 'vitest';
import { jsonRulesEngineEvaluator } from '../evaluator/json-rules-engine';
import { loadPolicy } from '../policy/load';
import type { PolicyDocument, RuleDefinition } from '../policy/types';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';
import { typeGuard } from './runtime';

const typeIs = (operator: 'equal' | 'in', value: unknown) => ({
  fact: 'event',
  path: '$.type',
  operator,
  value,
});
const mark = (key: string) => [{ type: 'core.setAttribute', params: { key, value: true } }];

const rules = [
  { id: 'by-equal', stage: 'action', conditions: { all: [typeIs('equal', 'a.done')] }, effects: mark('eq') },
  {
    id: 'by-in',
    stage: 'action',
    conditions: {
      all: [typeIs('in', ['a.done', 'b.done', 7]), { fact: 'now', operator: 'greaterThan', value: 0 }],
    },
    effects: mark('in'),
  },
  // `on` and the condition disagree: it can fire for neither type
  {
    id: 'on-and-guard',
    stage: 'value',
    on: 'b.done',
    conditions: { all: [typeIs('equal', 'a.done')] },
    effects: mark('x'),
  },
  // under `any` the type check does not decide: evaluated for every type
  { id: 'by-any', stage: 'value', conditions: { any: [typeIs('equal', 'a.done')] }, effects: mark('any') },
  {
    id: 'not-type',
    stage: 'value',
    conditions: { all: [{ not: typeIs('equal', 'b.done') }] },
    effects: mark('not'),
  },
] as RuleDefinition[];
const doc: PolicyDocument = {
  version: 1,
  name: 'type-guards',
  eventTypes: { 'a.done': {}, 'b.done': {} },
  rules,
};

describe('rule index by event type', () => {
  it('reads the types a top-level all requires with equal/in on event $.type', () => {
    const policy = loadPolicy(doc);
    const guard = (id: string) => typeGuard(policy.rules.find((r) => r.id === id) as never);
    expect(guard('by-equal')).toEqual(['a.done']);
    expect(guard('by-in')).toEqual(['a.done', 'b.done']);
    expect(guard('by-any')).toBeNull();
    expect(guard('not-type')).toBeNull();
  });

  for (const evaluator of [undefined, jsonRulesEngineEvaluator()]) {
    it(`fires guarded rules only for their types and leaves them out of other types' traces (${evaluator?.name ?? 'compiled'})`, async () => {
      const engine = createEngine({
        policy: doc,
        clock: createManualClock('2026-01-01T00:00:00Z'),
        evaluator,
      });
      const at = '2026-01-01T00:00:00Z';
      const a = await engine.dispatch({ id: 'e1', type: 'a.done', userId: 'u', at }, { trace: true });
      const b = await engine.dispatch({ id: 'e2', type: 'b.done', userId: 'u', at }, { trace: true });
      const c = await engine.dispatch({ id: 'e3', type: 'c.done', userId: 'u', at }, { trace: true });
      const traced = (o: typeof a) => o.trace?.stages.flatMap((s) => s.rules.map((r) => r.ruleId));
      expect(a.fired).toEqual(['by-equal', 'by-in', 'by-any', 'not-type']);
      expect(traced(a)).toEqual(['by-equal', 'by-in', 'by-any', 'not-type']);
      expect(b.fired).toEqual(['by-in']);
      expect(traced(b)).toEqual(['by-in', 'by-any', 'not-type']);
      expect(c.fired).toEqual(['not-type']);
      expect(traced(c)).toEqual(['by-any', 'not-type']);
    });
  }
});
