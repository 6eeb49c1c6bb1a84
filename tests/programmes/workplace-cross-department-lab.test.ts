/**
 * The cross-department lab programme 跨部门协作实验室 (docs/examples/workplace-cross-department-lab.json)
 * through the public API: challenge teams of 3–6 (a seventh is refused and told), a shared board where every
 * member posts a card a day (the team's 30-day challenge), weekly reviews open to colleagues of other
 * departments (likes, scores on two weighted criteria), the week's most-liked reviews featured at Monday
 * 00:00 in Shanghai by tick, and success: the team fund, promotion credit and a badge for each member.
 * A replay of the whole stream changes nothing.
 */
import type { Store, UserState } from '@engageloop/core';
import { balanceOf, type IncentivesState } from '@engageloop/incentives';
import { describe, expect } from 'vitest';
import { onMemoryAndSqlite, programme } from './harness';

const DAY = 86_400_000;
const MONDAY = Date.parse('2026-06-01T01:00:00Z'); // Monday 1 June, 09:00 in Shanghai
const WEEK_ENDS = Date.parse('2026-06-07T16:00:00Z'); // Monday 8 June, 00:00 in Shanghai
const iso = (ms: number) => new Date(ms).toISOString();
const T1 = ['l1', 'd1', 'e1']; // sales, design, engineering
const T2 = ['l2', 'x1', 'x2', 'x3', 'x4', 'x5'];

/** The whole programme on `store`; returns the store's snapshot at the end. */
async function scenario(store: Store): Promise<unknown> {
  const h = programme('workplace-cross-department-lab', iso(MONDAY), store);
  const { user, topics } = h;
  const points = async (id: string) => balanceOf(await user(id), 'points', MONDAY + 40 * DAY).available;

  await h.send('community.group.create', 'l1', iso(MONDAY), { group: 'T1', kind: 'lab-team' });
  await h.send('community.group.create', 'l2', iso(MONDAY), { group: 'T2', kind: 'lab-team' });
  for (const u of T1.slice(1)) await h.send('community.group.join', u, iso(MONDAY + 60_000), { group: 'T1' });
  for (const u of T2.slice(1)) await h.send('community.group.join', u, iso(MONDAY + 60_000), { group: 'T2' });
  await h.send('community.group.join', 'late', iso(MONDAY + 120_000), { group: 'T2' }); // a seventh: full
  expect(await topics('late')).toEqual(['lab-team-full']);
  expect(await topics('d1')).toEqual(['lab-team-joined']);

  for (let d = 0; d < 30; d++) {
    const at = MONDAY + d * DAY;
    if (at > WEEK_ENDS && at - DAY < WEEK_ENDS) {
      await h.engine.tick(WEEK_ENDS - 1000); // 23:59:59 on Sunday: the week is still open
      expect(await topics('l1')).not.toContain('weekly-review-featured');
      await h.engine.tick(WEEK_ENDS);
    }
    for (const u of T1) await h.send('lab.card.posted', u, iso(at), { cardId: `${u}-${d}`, group: 'T1' });
    // T2: x5 never posts, so T2's days are never complete.
    for (const u of T2.slice(0, 5))
      await h.send('lab.card.posted', u, iso(at), { cardId: `${u}-${d}`, group: 'T2' });
    if (d === 0) await h.send('lab.card.posted', 'l1', iso(at + 60_000), { cardId: 'l1-extra', group: 'T1' });
    if (d === 4) {
      // Friday: each team's weekly review, open to colleagues of other departments.
      await h.send('lab.review.posted', 'l1', iso(at + 3_600_000), {
        reviewId: 'review-T1-w1',
        group: 'T1',
      });
      await h.send('lab.review.posted', 'l2', iso(at + 3_600_000), {
        reviewId: 'review-T2-w1',
        group: 'T2',
      });
      const later = iso(at + 2 * 3_600_000);
      for (const o of ['o1', 'o2', 'o3']) await h.send('community.like', o, later, { item: 'review-T1-w1' });
      await h.send('community.like', 'o1', later, { item: 'review-T2-w1' });
      await h.send('community.like', 'o1', later, { item: 'review-T2-w1' }); // once per user and item
      const scores = { progress: 5, collaboration: 4 };
      for (const o of ['o1', 'o2'])
        await h.send('community.review', o, later, {
          item: 'review-T1-w1',
          scheme: 'weekly-review',
          scores,
        });
    }
  }

  // The spotlight: both liked reviews featured once at Monday 00:00, 20 points each.
  for (const u of ['l1', 'l2'])
    expect(
      (await topics(u)).filter((t) => t === 'weekly-review-featured'),
      u,
    ).toHaveLength(1);
  expect(await topics('d1')).not.toContain('weekly-review-featured');
  expect(await topics('l1')).toContain('weekly-review-well-rated');
  expect(await topics('l2')).not.toContain('weekly-review-well-rated');

  // 30 days of the whole of T1 on the board: the team fund, and each member's credit and badge.
  const t1 = (await h.engine.getEntity('group:T1')) as UserState;
  expect(balanceOf(t1, 'team-fund', MONDAY + 30 * DAY).available).toBe(5000);
  for (const u of T1) {
    expect(balanceOf(await user(u), 'promotion-credit', MONDAY + 30 * DAY).available, u).toBe(2);
    expect((await user(u)).slices.incentives, u).toMatchObject({ badges: { 'collaboration-pioneer': {} } });
    expect(
      (await topics(u)).filter((t) => t === 'lab-challenge-succeeded'),
      u,
    ).toHaveLength(1);
  }
  const t2 = (await h.engine.getEntity('group:T2')) as UserState;
  expect(balanceOf(t2, 'team-fund', MONDAY + 30 * DAY).available).toBe(0);
  for (const u of T2) {
    expect(balanceOf(await user(u), 'promotion-credit', MONDAY + 30 * DAY).available, u).toBe(0);
    expect(((await user(u)).slices.incentives as IncentivesState).badges, u).toEqual({});
  }

  // Points: 2 a day for the board (the extra card on day 0 capped), 10 for the review, 1 per like, 20 featured.
  expect(await points('l1')).toBe(30 * 2 + 10 + 3 + 20);
  expect(await points('l2')).toBe(30 * 2 + 10 + 1 + 20);
  expect(await points('d1')).toBe(30 * 2);

  // A replay of the whole stream changes nothing.
  const { before, outcomes } = await h.replay(MONDAY + 30 * DAY);
  expect(outcomes.every((o) => o.status === 'duplicate')).toBe(true);
  await h.engine.close();
  return before;
}

describe('programme: cross-department lab (docs/examples/workplace-cross-department-lab.json)', () => {
  onMemoryAndSqlite(
    'a shared board for 30 days, open weekly reviews, the weekly spotlight, the team fund and promotion credit',
    scenario,
  );
});
