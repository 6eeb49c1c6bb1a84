import { describe, expect, it } from 'vitest';
import { balanceOf, growthSummary, type IncentivesState } from '../index';
import { exampleHarness } from './harness';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T13:00:00Z'); // 21:00 in Shanghai
const at = (day: number, hours = 0) => new Date(T0 + day * DAY + hours * 3_600_000).toISOString();

describe('example: learning partners (学习伙伴计划)', () => {
  it('a 30-day check-in streak (one day bridged by a freeze) earns the learning certificate', async () => {
    const h = await exampleHarness('learning-partners');
    const topics: string[] = [];
    for (let day = 0; day <= 30; day++) {
      if (day === 10) continue; // missed: the freeze bridges it
      const outcome = await h.dispatch('checkin.done', at(day));
      expect(outcome.status).toBe('applied');
      topics.push(...outcome.messages.map((m) => m.topic));
    }
    expect(h.named('streak:broken')).toEqual([]);
    expect(h.named('streak:extended').at(-1)).toMatchObject({ streak: 'checkin', count: 30, frozen: 0 });
    expect(h.named('milestone:reached').map((m) => m.milestone)).toEqual(['checkin-7', 'checkin-30']);
    expect(h.named('badge:granted').map((b) => b.badge)).toContain('learning-certificate');
    expect(topics).toContain('milestone-checkin-30');
    // "2 to go" nudges before each streak milestone.
    expect(topics.filter((t) => t === 'streak-nudge')).toHaveLength(4);
    // 30 check-ins × 5 points + 20 for the 7-day milestone.
    expect(balanceOf(await h.engine.getUser('u1'), 'points', at(31)).available).toBe(170);
  });

  it('a second missed day breaks the streak', async () => {
    const h = await exampleHarness('learning-partners');
    for (const day of [0, 1, 3, 5]) await h.dispatch('checkin.done', at(day));
    expect(h.named('streak:broken')).toEqual([{ eventId: 'ev4', userId: 'u1', streak: 'checkin', count: 3 }]);
  });

  it('10 practice tasks earn the practical certification; the tier rises to advanced and the title follows', async () => {
    const h = await exampleHarness('learning-partners');
    for (let i = 0; i < 10; i++) await h.dispatch('practice.completed', at(i), { taskId: `t${i}` });
    expect(h.named('milestone:reached').map((m) => m.milestone)).toEqual(['practice-10']);
    for (let day = 0; day < 10; day++) await h.dispatch('checkin.done', at(day, 1));
    // Score: 10 tasks × 5 + 10 check-ins × 1 = 60 → advanced (进阶层).
    expect(h.named('tier:changed')).toEqual([
      expect.objectContaining({ from: 'basic', to: 'advanced', direction: 'up', score: 60 }),
    ]);
    const user = await h.engine.getUser('u1');
    const summary = growthSummary(user, at(10));
    expect(summary.badges.map((b) => b.id).sort()).toEqual(['learning-partner', 'practical-certification']);
    expect(summary.actions).toEqual({ practice: 10, checkin: 10 });
    expect(summary.tier).toBe('advanced');
  });

  it('an inactive member is warned, then downgraded only after the grace period', async () => {
    const h = await exampleHarness('learning-partners');
    for (let i = 0; i < 12; i++) await h.dispatch('practice.completed', at(i));
    expect(((await h.engine.getUser('u1'))!.slices.incentives as IncentivesState).tier?.id).toBe('advanced');
    const reviews: Array<{ at: number; tier: string | undefined }> = [];
    for (let step = 0; step < 6; step++) {
      const [timer] = await h.engine.store.listTimers({ userId: 'u1' });
      if (!timer) break;
      await h.engine.tick(timer.dueAt);
      const state = (await h.engine.getUser('u1'))!.slices.incentives as IncentivesState;
      reviews.push({ at: timer.dueAt, tier: state.tier?.id });
    }
    const warning = h.named('tier:will-downgrade');
    expect(warning).toHaveLength(1);
    const down = h.named('tier:changed').filter((c) => c.direction === 'down');
    expect(down).toEqual([expect.objectContaining({ from: 'advanced', to: 'basic' })]);
    const downAt = reviews.find((r) => r.tier === 'basic')!.at;
    expect(downAt).toBe(Date.parse(warning[0]!.downgradeAt));
    // The score fell below 60 when the first tasks left the 90-day window; grace is 30 days.
    const firstBelow = reviews[0]!.at;
    expect(downAt - firstBelow).toBe(30 * DAY);
    expect(reviews.filter((r) => r.at < downAt).every((r) => r.tier === 'advanced')).toBe(true);
  });
});
