/**
 * The practice tasks programme 场景化实践任务 (docs/examples/practice-tasks.json) through the public API:
 * many submissions per task with the best kept, distinct tasks toward the practical certification, mentor
 * and peer reviews, undo, a daily cap ending at local midnight in Asia/Shanghai, and a replay of the stream.
 */
import { balanceOf, type IncentivesState } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { programme } from './harness';

const slice = async (h: ReturnType<typeof programme>, userId = 'u1') =>
  (await h.engine.getUser(userId))?.slices.incentives as IncentivesState;

/** 09:00 local (01:00 UTC) on 2 March, plus `minutes`. */
const at = (minutes: number) => new Date(Date.parse('2026-03-02T01:00:00Z') + minutes * 60_000).toISOString();

describe('practice tasks programme', () => {
  it('a task submitted three times counts once toward the certification, its best version kept', async () => {
    const h = programme('practice-tasks', at(0));
    await h.send('task.submitted', 'u1', at(0), { taskId: 'task-1', score: 55 });
    await h.send('task.submitted', 'u1', at(1), { taskId: 'task-1', score: 80 });
    await h.send('task.submitted', 'u1', at(2), { taskId: 'task-1', score: 70 });
    const s = await slice(h);
    expect(s.distinct?.tasks).toHaveLength(1);
    expect(s.distinct?.tasks?.[0]?.subs.map((x) => x.score)).toEqual([55, 80, 70]);
    // points follow the best version: 10 for the task, not 30
    expect(balanceOf(await h.engine.getUser('u1'), 'points', Date.parse(at(3))).total).toBe(10);
    for (let i = 2; i <= 9; i++)
      await h.send('task.submitted', 'u1', at(i + 2), { taskId: `task-${i}`, score: 90 });
    expect(h.named('milestone:reached').map((m) => m.milestone)).toEqual(['first-task']);
    // a tenth distinct task below the pass mark does not count; passing it later does
    await h.send('task.submitted', 'u1', at(20), { taskId: 'task-10', score: 40 });
    expect((await slice(h)).badges).not.toHaveProperty('practical-certification');
    await h.send('task.submitted', 'u1', at(21), { taskId: 'task-10', score: 75 });
    const done = await slice(h);
    expect(done.badges).toHaveProperty('practical-certification');
    expect(h.named('milestone:reached').map((m) => m.milestone)).toEqual([
      'first-task',
      'practical-certification',
    ]);
    const topics = (await h.store.listMessages({ userId: 'u1' })).map((m) => m.topic);
    expect(topics).toContain('practical-certification');
  });

  it('excellent work reviewed by a mentor earns the recommendation letter and case-library credit; a peer cannot', async () => {
    const h = programme('practice-tasks', at(0));
    await h.send('task.submitted', 'u1', at(0), { taskId: 'task-1', score: 95 });
    await h.send('task.reviewed', 'u1', at(5), { taskId: 'task-1', reviewer: 'peer', rating: 'excellent' });
    expect((await slice(h)).badges).not.toHaveProperty('recommendation-letter');
    await h.send('task.reviewed', 'u1', at(6), { taskId: 'task-1', reviewer: 'mentor', rating: 'excellent' });
    const user = await h.engine.getUser('u1');
    expect((user!.slices.incentives as IncentivesState).badges).toHaveProperty('recommendation-letter');
    expect(balanceOf(user, 'case-credits', Date.parse(at(7))).total).toBe(1);
    expect(await h.bodies('u1', 'excellent-work')).toEqual([expect.stringContaining('案例库')]);
  });

  it('undoing the only submission of a task inside the window takes the task and its first-task badge back', async () => {
    const h = programme('practice-tasks', at(0));
    const { id } = await h.send('task.submitted', 'u1', at(0), { taskId: 'task-1', score: 80 });
    expect((await slice(h)).badges).toHaveProperty('first-task');
    const undo = await h.send('action.undone', 'u1', at(10), { eventId: id });
    expect(undo.outcome.status).toBe('applied');
    const s = await slice(h);
    expect(s.distinct?.tasks).toEqual([]);
    expect(s.badges).not.toHaveProperty('first-task');
    expect(h.named('undo:applied')).toHaveLength(1);
    expect(h.named('badge:withdrawn').map((b) => b.badge)).toEqual(['first-task']);
    expect(await h.bodies('u1', 'rewards.withdrawn')).toEqual([expect.stringContaining('「首个任务」')]);
  });

  it('the peer-review cap is per local day: it ends at midnight in Asia/Shanghai, not UTC', async () => {
    const h = programme('practice-tasks', '2026-03-02T15:00:00Z');
    // 23:50–23:59 local (15:50–15:59 UTC): five reviews, 20 points at most
    for (let i = 0; i < 5; i++)
      await h.send('task.peer-reviewed', 'u2', `2026-03-02T15:5${i}:00Z`, { taskId: `p-${i}` });
    const points = async (t: string) =>
      balanceOf(await h.engine.getUser('u2'), 'points', Date.parse(t)).total;
    expect(await points('2026-03-02T15:59:30Z')).toBe(20);
    // 00:00 local on 3 March (16:00 UTC): a new day, the cap starts again
    await h.send('task.peer-reviewed', 'u2', '2026-03-02T16:00:00Z', { taskId: 'p-9' });
    expect(await points('2026-03-02T16:00:30Z')).toBe(25);
    // five different peer tasks reviewed: the peer-mentor badge (distinct keys)
    expect(((await h.engine.getUser('u2'))!.slices.incentives as IncentivesState).badges).toHaveProperty(
      'peer-mentor',
    );
  });

  it('replaying the whole stream changes nothing', async () => {
    const h = programme('practice-tasks', at(0));
    for (let i = 1; i <= 10; i++)
      await h.send('task.submitted', 'u1', at(i), { taskId: `task-${i % 7}`, score: 50 + i * 4 });
    const { id } = await h.send('task.submitted', 'u1', at(20), { taskId: 'task-extra', score: 99 });
    await h.send('task.reviewed', 'u1', at(21), {
      taskId: 'task-3',
      reviewer: 'mentor',
      rating: 'excellent',
    });
    await h.send('action.undone', 'u1', at(22), { eventId: id });
    for (let i = 0; i < 6; i++)
      await h.send('task.peer-reviewed', 'u1', at(30 + i), { taskId: `p-${i % 4}` });
    const before = await h.snapshot(['u1']);
    for (const event of h.sent) expect((await h.engine.dispatch(event)).status).toBe('duplicate');
    expect(await h.snapshot(['u1'])).toBe(before);
  });
});
