import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type LoopEvents,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { type IncentivesState, incentives } from '../index';

const doc: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: { 'checkin.done': {}, 'undo.done': {} },
  settings: {
    incentives: {
      streaks: { checkin: { period: 'day' } },
      badges: { 'three-days': {} },
      milestones: [
        {
          id: 'checkin-3',
          streak: 'checkin',
          threshold: 3,
          badge: 'three-days',
          award: { wallet: 'points', amount: 20 },
        },
      ],
    },
  },
  rules: [
    {
      id: 'checkin',
      stage: 'action',
      on: 'checkin.done',
      effects: [{ type: 'incentives.advanceStreak', params: { streak: 'checkin' } }],
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
  const clock = createManualClock('2026-03-01T00:00:00Z');
  const policy = loadPolicy(doc, { plugins: [plugin] });
  const engine = createEngine({ plugins: [plugin], policy, store: createMemoryStore(), clock });
  const withdrawn: string[] = [];
  engine.on('milestone:withdrawn', (p: LoopEvents['milestone:withdrawn']) => withdrawn.push(p.milestone));
  let n = 0;
  /** Sends at 10:00 Shanghai (02:00 UTC) on March `day`, `minute` minutes past. */
  const send = async (type: string, day: number, payload: Record<string, unknown> = {}, minute = 0) => {
    const at = `2026-03-${String(day).padStart(2, '0')}T02:${String(minute).padStart(2, '0')}:00Z`;
    clock.set(at);
    const id = `e${++n}`;
    await engine.dispatch({ id, type, userId: 'u1', at, payload });
    return id;
  };
  const slice = async () => (await engine.getUser('u1'))?.slices.incentives as IncentivesState;
  return { send, slice, withdrawn };
}

describe('undo recomputes streaks from what remains', () => {
  it('undoing the only check-in of the last day gives back the run before it', async () => {
    const { send, slice } = setup();
    await send('checkin.done', 1);
    await send('checkin.done', 2);
    const before = (await slice()).streaks.checkin;
    const third = await send('checkin.done', 4);
    expect((await slice()).streaks.checkin).toMatchObject({ count: 1, last: before!.last + 2 });
    await send('undo.done', 4, { eventId: third }, 5);
    expect((await slice()).streaks.checkin).toEqual(before);
  });

  it('undoing the day that bridged a run breaks it, withdraws the streak milestone, its badge and award', async () => {
    const { send, slice, withdrawn } = setup();
    await send('checkin.done', 1);
    const bridge = await send('checkin.done', 2);
    await send('checkin.done', 3);
    expect((await slice()).milestones).toHaveProperty('checkin-3');
    await send('undo.done', 3, { eventId: bridge }, 5);
    const s = await slice();
    expect(s.streaks.checkin).toMatchObject({ count: 1, best: 1 });
    expect(s.milestones).not.toHaveProperty('checkin-3');
    expect(s.badges).not.toHaveProperty('three-days');
    expect(withdrawn).toEqual(['checkin-3']);
    expect(s.entries.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
  });

  it('a day another check-in also lived stays lived', async () => {
    const { send, slice } = setup();
    await send('checkin.done', 1);
    const first = await send('checkin.done', 2);
    await send('checkin.done', 2, {}, 30);
    await send('checkin.done', 3);
    const s = await slice();
    await send('undo.done', 3, { eventId: first }, 5);
    const after = await slice();
    expect(after.streaks.checkin).toEqual(s.streaks.checkin);
    expect(after.milestones).toHaveProperty('checkin-3');
  });

  it('an undone later check-in is recomputed from the rewritten start', async () => {
    const { send, slice } = setup();
    await send('checkin.done', 1);
    const alone = (await slice()).streaks.checkin;
    const second = await send('checkin.done', 2);
    const third = await send('checkin.done', 3);
    await send('undo.done', 3, { eventId: second }, 5);
    expect((await slice()).streaks.checkin).toEqual({ count: 1, last: alone!.last + 2, best: 1, frozen: 0 });
    await send('undo.done', 3, { eventId: third }, 6);
    expect((await slice()).streaks.checkin).toEqual(alone);
  });
});
