import {
  createEngine,
  createManualClock,
  createMemoryStore,
  isEngageLoopError,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { type IncentivesState, incentives } from '../index';

const doc: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: { 'suggestion.adopted': {}, 'best.month': {}, 'trial.requested': {}, 'undo.done': {} },
  settings: {
    incentives: {
      wallets: { trials: {}, priority: {} },
      // Undos here reach back up to a month: longer than the default 7-day revoke window.
      ledger: { revokeWindowDays: 60 },
      badges: {
        'co-creator': { kind: 'title', name: { en: 'Co-creator', 'zh-CN': '共创官' } },
        'free-trial': { kind: 'perk' },
        'priority-purchase': { kind: 'perk', expires: { afterDays: 30 } },
        'best-optimiser': { kind: 'title', expires: { atEndOf: 'month' } },
      },
    },
  },
  rules: [
    {
      id: 'adopted',
      stage: 'motivation',
      on: 'suggestion.adopted',
      effects: [
        { type: 'incentives.grantBadge', params: { badge: 'co-creator' } },
        { type: 'incentives.grantBadge', params: { badge: 'free-trial' } },
        { type: 'incentives.grantBadge', params: { badge: 'priority-purchase' } },
      ],
    },
    {
      id: 'best',
      stage: 'motivation',
      on: 'best.month',
      effects: [{ type: 'incentives.grantBadge', params: { badge: 'best-optimiser' } }],
    },
    {
      id: 'trial-free',
      stage: 'action',
      on: 'trial.requested',
      conditions: {
        all: [
          { fact: 'incentives.perks', operator: 'contains', value: 'free-trial' },
          { fact: 'incentives.titles', operator: 'contains', value: 'co-creator' },
        ],
      },
      effects: [{ type: 'incentives.award', params: { wallet: 'trials', amount: 1 } }],
    },
    {
      id: 'undo',
      stage: 'action',
      on: 'undo.done',
      effects: [{ type: 'incentives.revoke', params: { eventIdPath: '$.payload.eventId', scope: 'event' } }],
    },
  ],
};

function setup() {
  const plugin = incentives();
  const policy = loadPolicy(doc, { plugins: [plugin] });
  const clock = createManualClock('2026-03-01T00:00:00Z');
  const engine = createEngine({ plugins: [plugin], policy, store: createMemoryStore(), clock });
  let n = 0;
  const send = (type: string, at: string, payload: Record<string, unknown> = {}) => {
    clock.set(at);
    return engine.dispatch({ id: `e${++n}`, type, userId: 'u1', at, payload }, { trace: true });
  };
  const slice = async () => (await engine.getUser('u1'))?.slices.incentives as IncentivesState;
  return { engine, send, slice };
}

describe('titles and perks (badges of kind title / perk)', () => {
  it('grants a lifetime title and perk and a perk for 30 days, read as facts', async () => {
    const { send, slice } = setup();
    const adopted = await send('suggestion.adopted', '2026-03-02T10:00:00Z');
    expect(adopted.effects.map((e) => e.report.data)).toEqual([
      { badge: 'co-creator', level: 1 },
      { badge: 'free-trial', level: 1 },
      { badge: 'priority-purchase', level: 1, until: '2026-04-01T10:00:00.000Z' },
    ]);
    expect(adopted.trace?.notes.map((n) => n.text)).toContain('title "co-creator" granted for life');
    expect((await slice()).badges['co-creator']).toEqual({
      level: 1,
      at: Date.parse('2026-03-02T10:00:00Z'),
    });
    const trial = await send('trial.requested', '2030-01-01T00:00:00Z');
    expect(trial.effects.map((e) => e.report.status)).toEqual(['applied']);
  });

  it('lets a time-bound perk lapse: the fact no longer lists it, and a new grant gives it afresh', async () => {
    const plugin = incentives();
    const policy = loadPolicy(
      {
        ...doc,
        rules: [
          ...doc.rules,
          {
            id: 'priority-buy',
            stage: 'action',
            on: 'trial.requested',
            conditions: {
              all: [
                {
                  fact: 'incentives.honour',
                  params: { id: 'priority-purchase' },
                  operator: 'notEqual',
                  value: null,
                },
              ],
            },
            effects: [{ type: 'incentives.award', params: { wallet: 'priority', amount: 1 } }],
          },
        ],
      },
      { plugins: [plugin] },
    );
    const clock = createManualClock('2026-03-01T00:00:00Z');
    const engine = createEngine({ plugins: [plugin], policy, store: createMemoryStore(), clock });
    const at = (id: string, type: string, time: string) =>
      engine.dispatch({ id, type, userId: 'u1', at: time, payload: {} }, { trace: true });
    await at('a1', 'suggestion.adopted', '2026-03-02T10:00:00Z');
    const inside = await at('t1', 'trial.requested', '2026-03-31T10:00:00Z');
    expect(inside.effects.map((e) => e.ruleId)).toEqual(['trial-free', 'priority-buy']);
    const after = await at('t2', 'trial.requested', '2026-04-01T10:00:00Z');
    expect(after.effects.map((e) => e.ruleId)).toEqual(['trial-free']);
    const again = await at('a2', 'suggestion.adopted', '2026-04-02T10:00:00Z');
    expect(again.effects.map((e) => e.report.status)).toEqual(['duplicate', 'duplicate', 'applied']);
    expect(again.effects[2]!.report.data).toEqual({
      badge: 'priority-purchase',
      level: 1,
      until: '2026-05-02T10:00:00.000Z',
    });
  });

  it('holds a monthly title until local midnight at the end of the month', async () => {
    const { send, slice } = setup();
    // 2026-03-31T17:00Z is 1 April 01:00 in Shanghai: the title lasts until the end of April there.
    const first = await send('best.month', '2026-03-31T17:00:00Z');
    expect(first.effects[0]!.report.data).toEqual({
      badge: 'best-optimiser',
      level: 1,
      until: '2026-04-30T16:00:00.000Z',
    });
    expect((await send('best.month', '2026-04-20T00:00:00Z')).effects[0]!.report.status).toBe('duplicate');
    // Granted at the period end (local midnight of 1 May): it lapsed that instant, and is granted afresh.
    const next = await send('best.month', '2026-04-30T16:00:00Z');
    expect(next.effects[0]!.report).toMatchObject({
      status: 'applied',
      data: { until: '2026-05-31T16:00:00.000Z' },
    });
    expect((await slice()).badges['best-optimiser']).toEqual({
      level: 1,
      at: Date.parse('2026-04-30T16:00:00Z'),
      until: Date.parse('2026-05-31T16:00:00Z'),
    });
  });

  it('withdraws a title and perks when the granting event is undone, and takes a renewal back to its old end', async () => {
    const { send, slice } = setup();
    await send('suggestion.adopted', '2026-03-02T10:00:00Z');
    const renewal = await send('suggestion.adopted', '2026-03-20T10:00:00Z');
    expect(renewal.effects.map((e) => e.report.status)).toEqual(['duplicate', 'duplicate', 'applied']);
    expect((await slice()).badges['priority-purchase']?.until).toBe(Date.parse('2026-04-19T10:00:00Z'));
    const undoRenewal = await send('undo.done', '2026-03-21T00:00:00Z', { eventId: 'e2' });
    expect(undoRenewal.effects[0]!.report.data).toMatchObject({ withdrawn: { badges: [] } });
    expect((await slice()).badges['priority-purchase']?.until).toBe(Date.parse('2026-04-01T10:00:00Z'));
    const undo = await send('undo.done', '2026-03-22T00:00:00Z', { eventId: 'e1' });
    expect(undo.effects[0]!.report.data).toMatchObject({
      withdrawn: {
        badges: [
          { badge: 'co-creator', level: 1, to: 0 },
          { badge: 'free-trial', level: 1, to: 0 },
          { badge: 'priority-purchase', level: 1, to: 0 },
        ],
      },
    });
    expect((await slice()).badges).toEqual({});
    const trial = await send('trial.requested', '2026-03-23T00:00:00Z');
    expect(trial.effects).toEqual([]);
  });

  it('leaves a title granted afresh after it lapsed when the earlier grant is undone', async () => {
    const { send, slice } = setup();
    await send('best.month', '2026-03-10T00:00:00Z');
    await send('best.month', '2026-04-10T00:00:00Z'); // March's lapsed: granted afresh for April
    const undo = await send('undo.done', '2026-04-11T00:00:00Z', { eventId: 'e1' });
    expect(undo.effects[0]!.report.data).toMatchObject({ withdrawn: { badges: [] } });
    expect((await slice()).badges['best-optimiser']).toEqual({
      level: 1,
      at: Date.parse('2026-04-10T00:00:00Z'),
      until: Date.parse('2026-04-30T16:00:00Z'),
    });
  });

  it('refuses a malformed expiry when the policy loads', () => {
    const bad = {
      ...doc,
      settings: { incentives: { badges: { x: { kind: 'perk', expires: { afterDays: 0 } } } } },
      rules: [],
    };
    expect(() => loadPolicy(bad, { plugins: [incentives()] })).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID' }),
    );
    try {
      loadPolicy(bad, { plugins: [incentives()] });
    } catch (error) {
      expect(isEngageLoopError(error)).toBe(true);
    }
  });
});
