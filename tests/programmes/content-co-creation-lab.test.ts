import { type CommunitySlice, honourWall } from '@engageloop/community';
import type { UserState } from '@engageloop/core';
import { balanceOf } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { communityProgramme, DAY, envelopes, HOUR } from './support/community-programme';
import { type Envelope, snapshot } from './support/snapshot';

// docs/examples/content-co-creation-lab.json end to end: course suggestions reviewed by two teachers on three
// weighted criteria; adopted → free advanced course (a perk with a voucher, 180 days), a credit on the course
// page, the "course optimiser" badge and a point towards the monthly "best optimiser" contest, ranked at local
// midnight in Shanghai by tick (ties by ascending user id) and rewarded with the month's title; the monthly
// digest; a replay of the whole stream changes nothing.
const T0 = Date.parse('2026-06-01T02:00:00Z'); // 10:00 on 1 June in Shanghai
const JUNE_ENDS = Date.parse('2026-06-30T16:00:00Z'); // 1 July 00:00 in Shanghai
const JULY_ENDS = Date.parse('2026-07-31T16:00:00Z');
const GOOD = { value: 5, feasibility: 4, clarity: 4 };
const WEAK = { value: 2, feasibility: 3, clarity: 4 };

const ev = envelopes();
const suggest = (user: string, id: string, at: number) =>
  ev('course.suggestion-submitted', user, at, { suggestionId: id, courseId: 'sql-101' });
const review = (teacher: string, item: string, at: number, scores = GOOD) =>
  ev('community.review', teacher, at, { item, scheme: 'suggestion-review', scores });

function june(): Envelope[] {
  return [
    ev('profile.updated', 'l1', T0, { name: '阿青' }),
    suggest('l1', 'c1', T0),
    suggest('l1', 'c2', T0),
    suggest('l2', 'c3', T0),
    suggest('l3', 'c4', T0),
    review('l1', 'c1', T0 + HOUR), // own suggestion: ignored
    ...['c1', 'c2', 'c3'].flatMap((c) => [review('t1', c, T0 + DAY), review('t2', c, T0 + DAY)]),
    review('t1', 'c4', T0 + DAY, WEAK),
    review('t2', 'c4', T0 + DAY, WEAK),
    ev('advanced-course.enrolled', 'l1', T0 + 2 * DAY, { courseId: 'sql-201' }),
    ev('advanced-course.enrolled', 'l3', T0 + 2 * DAY, { courseId: 'sql-201' }),
  ];
}

function july(): Envelope[] {
  const t = JUNE_ENDS + DAY;
  return [
    suggest('l3', 'c5', t),
    suggest('l2', 'c6', t),
    ...['c5', 'c6'].flatMap((c) => [review('t1', c, t + HOUR), review('t2', c, t + HOUR)]),
    ev('advanced-course.enrolled', 'l1', t + 2 * HOUR, { courseId: 'sql-301' }),
    ev('advanced-course.enrolled', 'l1', t + 3 * HOUR, { courseId: 'sql-401' }),
  ];
}

describe('programme: content co-creation lab (docs/examples/content-co-creation-lab.json)', () => {
  it('reviews, adoption rewards, the monthly best optimiser ranked at local midnight, digests and a replay', async () => {
    const { engine, store, user, topics, run } = communityProgramme('content-co-creation-lab', T0);
    const badges = async (id: string) =>
      ((await user(id)).slices.incentives as { badges: Record<string, { until?: number }> }).badges;
    const events = june();
    await run(events);

    expect(await topics('l1')).toEqual([
      'suggestion-received',
      'suggestion-received',
      'suggestion-adopted',
      'suggestion-adopted',
      'course-free',
    ]);
    expect(await topics('l3')).toEqual(['suggestion-received', 'suggestion-declined']);
    expect(Object.keys(await badges('l1')).sort()).toEqual(['course-optimiser', 'free-advanced-course']);
    expect((await badges('l1'))['free-advanced-course']?.until).toBe(T0 + DAY + 180 * DAY);
    // Two adoptions: two vouchers, one redeemed for the first advanced course.
    expect(balanceOf(await user('l1'), 'course-vouchers', T0 + 3 * DAY).available).toBe(1);
    expect(balanceOf(await user('l1'), 'courses-redeemed', T0 + 3 * DAY).available).toBe(1);
    // The course page credits the learner by name; the honour wall counts the credits.
    const c1 = ((await store.getDocument('entity:item:c1')) as UserState).slices.community as CommunitySlice;
    expect(c1.item?.credits).toEqual([{ user: 'l1', as: 'course-page', name: '阿青', at: T0 + DAY }]);
    expect(await honourWall(store, 'course-page')).toEqual([
      { user: 'l1', credits: 2 },
      { user: 'l2', credits: 1 },
    ]);

    // June closes at local midnight in Shanghai (16:00 UTC), by tick: not a second before.
    await engine.tick(JUNE_ENDS - 1000);
    expect(await topics('l1')).not.toContain('best-optimiser');
    await engine.tick(JUNE_ENDS);
    expect((await topics('l1')).filter((t) => t === 'best-optimiser')).toHaveLength(1);
    expect(await topics('l2')).not.toContain('best-optimiser');
    expect((await badges('l1'))['best-optimiser']?.until).toBe(JULY_ENDS);
    expect(balanceOf(await user('l1'), 'points', JUNE_ENDS).available).toBe(110); // 2 × 5 + 100
    const digest = (await store.listMessages({ userId: 'l1' })).filter(
      (m) => m.topic === 'community.digest.lab-monthly',
    );
    expect(digest.map((m) => m.body)).toEqual(['本月你的课程建议有 4 次被采纳或署名，谢谢你让课程更好！']);

    // A replay of June: all duplicates, the same state, no new message.
    const before = await snapshot(store);
    const again = await engine.dispatchBatch(events);
    expect(again.every((o) => o.status === 'duplicate')).toBe(true);
    await engine.tick(JUNE_ENDS + HOUR);
    expect(await snapshot(store)).toEqual(before);

    // July: l2 and l3 tie with one adoption each; the tie goes to the lower user id. l1 still has one voucher.
    await run(july());
    expect(await topics('l1')).toEqual(expect.arrayContaining(['course-free']));
    expect((await topics('l1')).filter((t) => t === 'course-free')).toHaveLength(2);
    await engine.tick(JULY_ENDS);
    expect((await topics('l2')).filter((t) => t === 'best-optimiser')).toHaveLength(1);
    expect(await topics('l3')).not.toContain('best-optimiser');
    // l1's title of June lapsed at the end of July; l2 holds it for August.
    expect((await badges('l2'))['best-optimiser']?.until).toBe(Date.parse('2026-08-31T16:00:00Z'));
    await engine.close();
  });
});
