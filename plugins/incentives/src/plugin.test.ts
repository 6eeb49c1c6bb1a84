import {
  createEngine,
  createManualClock,
  createMemoryStore,
  isEngageLoopError,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { balanceOf, type IncentivesState, incentives } from './index';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isEngageLoopError(error) ? error.code : 'NOT_ENGAGELOOP';
  }
  return undefined;
};

const base = (rules: PolicyDocument['rules'], settings: Record<string, unknown> = {}): PolicyDocument => ({
  version: 1,
  eventTypes: { 'act.done': {}, 'undo.done': {} },
  settings: { incentives: settings },
  rules,
});

describe('incentives() factory and policy loading', () => {
  it('validates its options', () => {
    expect(codeOf(() => incentives({ retentionDays: 0 }))).toBe('PLUGIN_OPTIONS_INVALID');
    expect(codeOf(() => incentives({ nope: true } as never))).toBe('PLUGIN_OPTIONS_INVALID');
    expect(incentives({ retentionDays: 100 }).name).toBe('incentives');
  });

  it('rejects bad effect params and bad settings when the policy loads', () => {
    const plugins = [incentives()];
    const badParams = base([
      { id: 'r', stage: 'action', effects: [{ type: 'incentives.award', params: { amount: -5 } }] },
    ]);
    const error = (() => {
      try {
        loadPolicy(badParams, { plugins });
      } catch (e) {
        return e;
      }
    })();
    expect(isEngageLoopError(error) && error.errors.map((e) => e.code)).toContain(
      'RULE_EFFECT_PARAMS_INVALID',
    );
    const badSettings = base([], { caps: [{ id: '__proto__', period: 'day', max: 1 }] });
    const error2 = (() => {
      try {
        loadPolicy(badSettings, { plugins });
      } catch (e) {
        return e;
      }
    })();
    expect(isEngageLoopError(error2) && error2.errors.map((e) => e.code)).toContain('SETTINGS_INVALID');
  });
});

describe('facts in conditions', () => {
  const policy = base(
    [
      {
        id: 'earn',
        stage: 'action',
        on: 'act.done',
        effects: [{ type: 'incentives.award', params: { amount: 150 } }],
      },
      {
        id: 'rich',
        stage: 'value',
        on: 'act.done',
        conditions: {
          all: [
            {
              fact: 'incentives.balance',
              params: { wallet: 'points' },
              operator: 'greaterThanInclusive',
              value: 300,
            },
            { fact: 'incentives.tier', operator: 'equal', value: 'advanced' },
            { fact: 'incentives.benefits', operator: 'contains', value: 'early-access' },
            { fact: 'incentives.score', operator: 'greaterThanInclusive', value: 300 },
            { fact: 'incentives.growth', path: '$.actions.acts', operator: 'equal', value: 2 },
          ],
        },
        effects: [{ type: 'incentives.grantBadge', params: { badge: 'rich' } }],
      },
      {
        id: 'has-badge',
        stage: 'value',
        on: 'act.done',
        conditions: { all: [{ fact: 'incentives.badges', operator: 'contains', value: 'rich' }] },
        effects: [{ type: 'incentives.award', params: { amount: 1, wallet: 'marks' } }],
      },
      {
        id: 'undo',
        stage: 'action',
        on: 'undo.done',
        effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.target' } }],
      },
      {
        id: 'spend',
        stage: 'action',
        on: 'undo.done',
        priority: 10,
        effects: [{ type: 'incentives.convert', params: { from: 'points', to: 'charity', amount: 200 } }],
      },
    ],
    {
      actions: { acts: { events: ['act.done'] } },
      badges: { rich: {} },
      wallets: { points: {}, marks: {}, charity: {} },
    },
  );

  it('balance, tier, benefits, score, growth and badges are visible to rules', async () => {
    const engine = createEngine({ plugins: [incentives()], policy, clock: createManualClock(0) });
    const ev = (id: string, at: string, type = 'act.done', payload = {}) => ({
      id,
      type,
      userId: 'u',
      at,
      payload,
    });
    const first = await engine.dispatch(ev('a', '2026-01-01T00:00:00Z'));
    expect(first.fired).toEqual(['earn']);
    const second = await engine.dispatch(ev('b', '2026-01-02T00:00:00Z'));
    // 'has-badge' was evaluated at the start of the value stage, before 'rich' granted the badge.
    expect(second.fired).toEqual(['earn', 'rich']);
    expect((await engine.dispatch(ev('c', '2026-01-03T00:00:00Z'))).fired).toContain('has-badge');
    // Spend 200 first (priority), then revoking 150 can only go down to zero: reported as capped.
    const undo = await engine.dispatch(ev('d', '2026-01-04T00:00:00Z', 'undo.done', { target: 'c' }));
    expect(undo.effects.map((e) => e.report.status)).toEqual(['applied', 'applied']);
    const undo2 = await engine.dispatch(ev('e', '2026-01-04T01:00:00Z', 'undo.done', { target: 'b' }));
    expect(undo2.effects.map((e) => e.report.status)).toEqual(['skipped', 'capped']);
    const user = await engine.getUser('u');
    expect(balanceOf(user, 'points', '2026-01-05T00:00:00Z').available).toBe(0);
  });

  it('keeps slices compact: old entries fold into an opening balance with the same balance', async () => {
    const engine = createEngine({
      plugins: [incentives({ retentionDays: 100 })],
      policy: base([
        {
          id: 'earn',
          stage: 'action',
          on: 'act.done',
          effects: [{ type: 'incentives.award', params: { amount: 10 } }],
        },
      ]),
      store: createMemoryStore(),
      clock: createManualClock(0),
    });
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let d = 0; d < 300; d += 3) {
      await engine.dispatch({
        id: `e${d}`,
        type: 'act.done',
        userId: 'u',
        at: new Date(start + d * 86_400_000).toISOString(),
      });
    }
    const user = await engine.getUser('u');
    const state = user!.slices.incentives as IncentivesState;
    expect(state.entries.length).toBeLessThanOrEqual(35);
    expect(state.opening.points?.lots).toEqual([{ amount: expect.any(Number) }]);
    expect(balanceOf(user, 'points', start + 300 * 86_400_000).available).toBe(1000);
    expect(JSON.stringify(state).length).toBeLessThan(12_000);
  });
});
