/**
 * Undo compensates everything the undone event caused (issue 21), through the public API of the shipped
 * examples: a better task version undone gives the previous best its points back.
 */
import { balanceOf, type IncentivesState } from '@engageloop/incentives';
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
