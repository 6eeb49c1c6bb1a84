import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/create-engine';
import { definePlugin } from '../../plugin/define-plugin';
import type { PolicyDocument } from '../../policy/types';
import { createManualClock } from '../../time/clock';

const slow = definePlugin({
  name: 'slow',
  version: '1.0.0',
  eventTypes: { 'review.submitted': {} },
  facts: {
    'slow.score': { async: true, value: async () => 7 },
    'slow.now': { value: () => 3 },
  },
});

const policy: PolicyDocument = {
  version: 1,
  name: 'fallback',
  rules: [
    {
      id: 'sync-rule',
      stage: 'need',
      on: 'review.submitted',
      conditions: { all: [{ fact: 'slow.now', operator: 'equal', value: 3 }] },
      effects: [{ type: 'core.setAttribute', params: { key: 'a', value: 1 } }],
    },
    {
      id: 'async-rule',
      stage: 'need',
      on: 'review.submitted',
      conditions: { all: [{ fact: 'slow.score', operator: 'greaterThan', value: 5 }] },
      effects: [{ type: 'core.setAttribute', params: { key: 'b', value: 2 } }],
    },
  ],
} as PolicyDocument;

describe('the engine with its default (compiled) evaluator', () => {
  it('names the evaluator per rule in the trace and falls back for async facts', async () => {
    const engine = createEngine({
      plugins: [slow],
      policy,
      clock: createManualClock('2026-01-01T00:00:00Z'),
    });
    const outcome = await engine.dispatch(
      { id: 'e1', type: 'review.submitted', userId: 'u1', at: '2026-01-01T00:00:00Z', payload: {} },
      { trace: true },
    );
    expect([...outcome.fired].sort()).toEqual(['async-rule', 'sync-rule']);
    const rules = outcome.trace?.stages.find((s) => s.stage === 'need')?.rules ?? [];
    const byId = Object.fromEntries(rules.map((r) => [r.ruleId, r]));
    expect(byId['sync-rule']).toMatchObject({ evaluator: 'compiled', fired: true });
    expect(byId['async-rule']).toMatchObject({
      evaluator: 'json-rules-engine',
      fired: true,
      condition: { kind: 'all', children: [{ kind: 'fact', factValue: 7, result: true }] },
    });
    await engine.close();
  });
});
