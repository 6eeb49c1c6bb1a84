/**
 * Undo compensates everything the undone event caused (issue 21), through the public API of the shipped
 * examples: a better task version undone gives the previous best its points back; an undone photo review
 * withdraws the need item it opened, with its SLA timers, and the loop figures read as if it was never voiced.
 */
import { balanceOf, type IncentivesState } from '@engageloop/incentives';
import { loopFigures, type NeedsSlice } from '@engageloop/needs';
import { describe, expect, it } from 'vitest';
import { programme } from './harness';

const at = (minutes: number) => new Date(Date.parse('2026-03-02T01:00:00Z') + minutes * 60_000).toISOString();

describe('undo in the practice tasks programme', () => {
  it('undoing a better version brings back the previous best and its points', async () => {
    const h = programme('practice-tasks', at(0));
    const points = async (m: number) =>
      balanceOf(await h.engine.getUser('u1'), 'points', Date.parse(at(m))).total;
    const first = await h.send('task.submitted', 'u1', at(0), { taskId: 'task-1', score: 55 });
    const better = await h.send('task.submitted', 'u1', at(1), { taskId: 'task-1', score: 80 });
    expect(await points(2)).toBe(10);
    await h.send('action.undone', 'u1', at(3), { eventId: better.id });
    expect(await points(4)).toBe(10);
    const s = (await h.engine.getUser('u1'))?.slices.incentives as IncentivesState;
    expect(s.distinct?.tasks?.[0]?.subs.map((x) => x.eventId)).toEqual([first.id]);
    // the previous best is the kept version again: a version between the two is now better
    await h.send('task.submitted', 'u1', at(5), { taskId: 'task-1', score: 60 });
    expect(await points(6)).toBe(10);
    expect(h.named('reward:revoked').map((r) => r.reverses)).toHaveLength(3);
  });

  it('undoing a version already superseded changes no points; undoing the best then falls back past it', async () => {
    const h = programme('practice-tasks', at(0));
    const points = async (m: number) =>
      balanceOf(await h.engine.getUser('u1'), 'points', Date.parse(at(m))).total;
    await h.send('task.submitted', 'u1', at(0), { taskId: 'task-1', score: 50 });
    const middle = await h.send('task.submitted', 'u1', at(1), { taskId: 'task-1', score: 70 });
    const best = await h.send('task.submitted', 'u1', at(2), { taskId: 'task-1', score: 90 });
    await h.send('action.undone', 'u1', at(3), { eventId: middle.id });
    expect(await points(4)).toBe(10);
    await h.send('action.undone', 'u1', at(5), { eventId: best.id });
    // the first version (50) is the best again, with its 10 points
    expect(await points(6)).toBe(10);
    await h.send('task.submitted', 'u1', at(7), { taskId: 'task-1', score: 60 });
    expect(await points(8)).toBe(10);
  });
});

describe('undo in the real review loop programme', () => {
  const T0 = '2026-03-02T02:00:00Z';
  const plus = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

  it('undoing a photo review withdraws its need item, SLA timers and voiced count', async () => {
    const h = programme('real-review-loop', T0);
    const kept = await h.send('review.submitted', 'u2', T0, { media: 'photo', productId: 'p-1', text: 'ok' });
    const before = await loopFigures(h.store);
    const review = await h.send('review.submitted', 'u1', plus(1), {
      media: 'photo',
      productId: 'p-1',
      text: 'x',
    });
    expect(await h.store.getDocument(`need:${review.id}`)).toBeDefined();
    expect((await h.store.listTimers()).some((t) => t.id.startsWith(`need:${review.id}:`))).toBe(true);
    await h.send('action.undone', 'u1', plus(10), { eventId: review.id });
    expect(await h.store.getDocument(`need:${review.id}`)).toBeUndefined();
    expect((await h.store.listTimers()).some((t) => t.id.startsWith(`need:${review.id}:`))).toBe(false);
    expect(((await h.engine.getUser('u1'))!.slices.needs as NeedsSlice).voiced).toBe(0);
    expect(await loopFigures(h.store)).toEqual(before);
    // past its 24 h nothing breaches for the withdrawn review; the kept one does
    h.clock.set(plus(25 * 60));
    await h.engine.tick();
    expect(h.named('need:sla-breached').map((b) => b.needId)).toEqual([kept.id]);
  });

  it('an undo refused past its window leaves the need open', async () => {
    const h = programme('real-review-loop', T0);
    const review = await h.send('review.submitted', 'u1', T0, {
      media: 'photo',
      productId: 'p-1',
      text: 'x',
    });
    await h.send('action.undone', 'u1', plus(45), { eventId: review.id });
    expect(await h.store.getDocument(`need:${review.id}`)).toBeDefined();
  });

  it("an undo naming another user's review withdraws nothing", async () => {
    const h = programme('real-review-loop', T0);
    const review = await h.send('review.submitted', 'u1', T0, {
      media: 'photo',
      productId: 'p-1',
      text: 'x',
    });
    await h.send('action.undone', 'u2', plus(5), { eventId: review.id });
    expect(await h.store.getDocument(`need:${review.id}`)).toBeDefined();
  });
});
