/**
 * The strategy co-creation programme 战略共创会 (docs/examples/workplace-strategy-co-creation.json) through the
 * public API: suggestions from the business, customer and future views (distinct views → a badge), a week to the
 * co-creation session (a stage deadline fired by tick), the committee's weighted review, adopted → strategy
 * contribution award, project priority and points toward the yearly title; the year (and December) ends at
 * local midnight in Shanghai: the co-creator of the year and the monthly digest, once; a replay changes nothing.
 */
import type { Store } from '@engageloop/core';
import { balanceOf, type IncentivesState } from '@engageloop/incentives';
import { describe, expect } from 'vitest';
import { onMemoryAndSqlite, programme } from './harness';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-01T02:00:00Z'); // 10:00 on 1 December in Shanghai
const YEAR_ENDS = Date.parse('2026-12-31T16:00:00Z'); // 1 January 2027, 00:00 in Shanghai
const iso = (ms: number) => new Date(ms).toISOString();
const GOOD = { fit: 5, value: 4, feasibility: 4 };
const WEAK = { fit: 2, value: 3, feasibility: 4 };

/** The whole programme on `store`; returns the store's snapshot at the end. */
async function scenario(store: Store): Promise<unknown> {
  const h = programme('workplace-strategy-co-creation', iso(T0), store);
  const { user, topics } = h;
  const suggest = (u: string, suggestionId: string, view?: string, at = T0) =>
    h.send('strategy.suggested', u, iso(at), { suggestionId, ...(view ? { view } : {}) });
  const review = (by: string, item: string, scores: Record<string, number>) =>
    h.send('community.review', by, iso(T0 + 8 * 24 * HOUR), { item, scheme: 'strategy-review', scores });

  await suggest('s1', 'crm-journey', 'customer');
  await suggest('s1', 'ai-lab', 'future');
  await suggest('s1', 'pricing', 'business');
  await suggest('s1', 'pricing-2', 'business'); // a view again: no second badge
  await suggest('s2', 'open-office', 'business');
  await suggest('s2', 'no-view'); // no view: asked for one, no item
  await suggest('s3', 'ops-review', 'business');
  for (let i = 1; i <= 6; i++) await suggest('s4', `idea-${i}`, 'future', T0 + i * HOUR);

  // All three views: the badge and 30 points, once; 10 points a suggestion, at most 50 a week.
  const s1 = (await user('s1')).slices.incentives as IncentivesState;
  expect(Object.keys(s1.badges)).toEqual(['whole-picture']);
  expect(balanceOf(await user('s1'), 'points', T0).available).toBe(4 * 10 + 30);
  expect(balanceOf(await user('s4'), 'points', T0 + 7 * HOUR).available).toBe(50);
  expect(await topics('s2')).toEqual(['suggestion-received', 'suggestion-needs-view']);
  expect(await h.engine.getEntity('item:no-view')).toBeUndefined();

  // A week later the suggestions go to the session (the stage deadline, fired by tick).
  await h.engine.tick(T0 + 7 * 24 * HOUR + 6 * HOUR);
  expect(await h.stage('crm-journey')).toBe('session');

  await review('s1', 'crm-journey', GOOD); // one's own suggestion: ignored
  await review('c1', 'crm-journey', GOOD);
  expect(await h.stage('crm-journey')).toBe('session'); // one review of the two needed
  await review('c2', 'crm-journey', GOOD);
  await review('c1', 'ai-lab', GOOD);
  await review('c2', 'ai-lab', { fit: 4, value: 3, feasibility: 4 }); // mean 3.6 ≥ 3.5
  await review('c1', 'open-office', WEAK);
  await review('c2', 'open-office', WEAK);
  await review('c1', 'ops-review', GOOD);
  await review('c2', 'ops-review', GOOD);
  const bad = await h.send('community.review', 'c1', iso(T0 + 9 * 24 * HOUR), {
    item: 'pricing',
    scheme: 'strategy-review',
    scores: { fit: 9 },
  });
  expect(bad.outcome.status).toBe('failed');
  expect(bad.outcome.error?.code).toBe('EVENT_PAYLOAD_INVALID');
  expect(await h.stage('pricing')).toBe('session');

  // Adopted: the award per adoption, the badge, project priority; declined: encouragement, first next time.
  expect(balanceOf(await user('s1'), 'strategy-award', T0 + 9 * 24 * HOUR).available).toBe(4000);
  const perks = (id: string) => h.send('project.applied', id, iso(T0 + 10 * 24 * HOUR), { projectId: 'crm' });
  await perks('s1');
  await perks('s2');
  expect(await topics('s1')).toContain('project-priority'); // the perk, read by a rule
  expect(await topics('s2')).not.toContain('project-priority');
  expect((await user('s1')).slices.incentives).toMatchObject({ badges: { 'strategy-contributor': {} } });
  expect((await topics('s1')).filter((t) => t === 'suggestion-adopted')).toHaveLength(2);
  expect(await topics('s2')).toContain('suggestion-declined');
  expect((await user('s2')).attributes).toMatchObject({ priorityInvite: true });

  // 23:59:59 on 31 December: nothing yet. Midnight: s1 (two adoptions) is the co-creator of the year, once;
  // December's digest counts each author's adopted suggestions.
  await h.engine.tick(YEAR_ENDS - 1000);
  expect(await topics('s1')).not.toContain('yearly-title');
  await h.engine.tick(YEAR_ENDS);
  await h.engine.tick(YEAR_ENDS + HOUR);
  expect((await topics('s1')).filter((t) => t === 'yearly-title')).toHaveLength(1);
  expect(await topics('s3')).not.toContain('yearly-title');
  // The title is held through 2027 (a grant at the year's end lasts the whole next year), then lapses.
  const held = ((await user('s1')).slices.incentives as IncentivesState).badges[
    'strategy-co-creator-of-the-year'
  ];
  expect(held?.until).toBe(Date.parse('2027-12-31T16:00:00Z'));
  const digest = (id: string) => h.bodies(id, 'community.digest.strategy-adopted-monthly');
  expect(await digest('s1')).toEqual([expect.stringContaining('本月你有 2 条战略建议被采纳')]);
  expect(await digest('s3')).toEqual([expect.stringContaining('本月你有 1 条')]);
  expect(await digest('s2')).toEqual([]);

  // A replay of the whole stream changes nothing: everything is a duplicate but the refused review, refused again.
  const { before, outcomes } = await h.replay(YEAR_ENDS + HOUR);
  expect(outcomes.filter((o) => o.status !== 'duplicate').map((o) => o.error?.code)).toEqual([
    'EVENT_PAYLOAD_INVALID',
  ]);
  await h.engine.close();
  return before;
}

describe('programme: strategy co-creation (docs/examples/workplace-strategy-co-creation.json)', () => {
  onMemoryAndSqlite(
    'three views, the session, adopted or declined, the co-creator of the year at midnight in Shanghai',
    scenario,
  );
});
