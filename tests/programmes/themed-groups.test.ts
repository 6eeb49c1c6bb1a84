import { leaderboard } from '@engageloop/community';
import type { Store } from '@engageloop/core';
import { describe, expect } from 'vitest';
import {
  communityExample,
  DAY,
  envelopes,
  HOUR,
  heldOf,
  onMemoryAndSqlite,
  readers,
  replayChangesNothing,
  runStream,
} from './support/community-run';
import type { Envelope } from './support/snapshot';

// docs/examples/themed-groups.json end to end: interest groups run by resident owners; 3 activities within
// 30 days make an active owner (resource priority, double points); the owners whose activities residents liked
// most in the year are the best owners of the year (fund support), ranked at local midnight in Shanghai.
const POLICY = communityExample('themed-groups');
const T0 = Date.parse('2026-12-01T02:00:00Z'); // Tuesday 1 December, 10:00 in Shanghai
const at = (day: number, hours = 0) => T0 + day * DAY + hours * HOUR;
// 00:00 on 1 January 2027 in Shanghai is 16:00 UTC on 31 December; 23:59 and 00:01 around it.
const YEAR_ENDS = Date.parse('2026-12-31T16:00:00Z');
const BEST = { id: 'yearly-best-owner', period: 'year', top: 3 } as const;
const GROUPS = { o1: 'hiking', o2: 'reading', o3: 'chess', o4: 'photo' } as const;
const RESIDENTS = ['r1', 'r2', 'r3', 'r4', 'r5'];

function stream(): Envelope[] {
  const ev = envelopes();
  const events: Envelope[] = [];
  for (const [owner, group] of Object.entries(GROUPS)) {
    events.push(ev('community.group.create', owner, at(0), { group, kind: 'interest' }));
    for (const r of RESIDENTS) events.push(ev('community.group.join', r, at(0, 1), { group }));
  }
  events.push(ev('activity.held', 'r1', at(0, 2), { activityId: 'x1', group: 'hiking' })); // not the owner
  // o1 holds an activity a day for 4 days: the third makes an active owner, the fourth pays double.
  for (let k = 1; k <= 4; k++)
    events.push(ev('activity.held', 'o1', at(k, 2), { activityId: `a${k}`, group: 'hiking' }));
  events.push(
    ev('activity.held', 'o2', at(1, 3), { activityId: 'b1', group: 'reading' }),
    ev('activity.held', 'o3', at(1, 3), { activityId: 'c1', group: 'chess' }),
    ev('activity.held', 'o4', at(1, 3), { activityId: 'd1', group: 'photo' }),
    ev('venue.requested', 'o1', at(5), { group: 'hiking', venue: 'hall' }),
    ev('venue.requested', 'o2', at(5), { group: 'reading', venue: 'hall' }),
    // 30 days after o1's last activity (day 4) the priority has lapsed: o1 queues like everyone.
    ev('venue.requested', 'o1', at(35), { group: 'hiking', venue: 'hall' }),
  );
  // Likes: o1's activities 5 + 2, o2's 4 (+1 its own), o3's 3, o4's 4 (+1 at 23:59 on 31 December); a repeat
  // counts once.
  const likes: Array<[string, number]> = [
    ['a1', 5],
    ['a2', 2],
    ['b1', 4],
    ['c1', 3],
    ['d1', 4],
  ];
  for (const [item, count] of likes)
    for (const r of RESIDENTS.slice(0, count)) events.push(ev('community.like', r, at(6, 1), { item }));
  events.push(
    ev('community.like', 'r1', at(6, 2), { item: 'a1' }), // already liked: nothing
    ev('community.like', 'o2', at(6, 2), { item: 'b1' }), // the owner's own like: no point (it counts in the tally)
    ev('community.like', 'r5', YEAR_ENDS - 60_000, { item: 'd1' }), // 2026: o4 ties o2 at 5
    ev('community.like', 'r4', YEAR_ENDS + 60_000, { item: 'c1' }), // 2027: does not help o3 in 2026
  );
  return events;
}

async function scenario(store: Store) {
  const events = stream();
  const engine = await runStream(store, POLICY, events);
  const { topics, badges, wallet } = readers(engine, store, YEAR_ENDS + HOUR);

  // Owners are welcomed with the owner badge, members with the activities; an activity from a member is
  // answered, not recorded.
  expect(await badges('o1')).toEqual(['group-owner', 'resource-priority']);
  expect(await topics('r1')).toEqual([
    ...Object.values(GROUPS).map(() => 'member-welcome'),
    'activity-not-owner',
  ]);
  expect(await engine.getEntity('item:x1')).toBeUndefined();
  const a1 = (await engine.getEntity('item:a1'))?.slices.community as { item: object };
  expect(a1.item).toMatchObject({ kind: 'activity', ownerId: 'o1', group: 'hiking' });

  // The third activity makes o1 an active owner (told once) with the resource-priority perk, the fourth renews
  // it for 30 days and pays double; o1 books first, o2 queues, and so does o1 once the perk has lapsed.
  expect((await topics('o1')).filter((t) => t === 'active-owner')).toHaveLength(1);
  const held = (user: string) => heldOf(engine, user);
  expect((await held('o1'))['resource-priority']?.until).toBe(at(4, 2) + 30 * DAY);
  expect((await topics('o1')).filter((t) => t.startsWith('venue-'))).toEqual([
    'venue-priority',
    'venue-queued',
  ]);
  expect(await topics('o2')).toContain('venue-queued');
  // o1: activities 20 + 20 + 20 + 40, 7 likes × 2; o2: 20, 4 likes × 1 (its own like pays nothing).
  expect(await wallet('o1', 'points')).toBe(100 + 14);
  expect(await wallet('o2', 'points')).toBe(20 + 4);

  // Not yet midnight in Shanghai: the year is open, its leaderboard readable (the tie at 5 by ascending id).
  await engine.tick(YEAR_ENDS - 1000);
  expect(await wallet('o1', 'activity-fund')).toBe(0);
  expect(await leaderboard(store, BEST, YEAR_ENDS - 1000, 'Asia/Shanghai', 4)).toEqual([
    { entry: 'o1', value: 7 },
    { entry: 'o2', value: 5 },
    { entry: 'o4', value: 5 },
    { entry: 'o3', value: 3 },
  ]);
  await engine.tick(YEAR_ENDS);
  expect(await wallet('o1', 'activity-fund')).toBe(5000);
  expect(await badges('o1')).toEqual(['best-owner-of-the-year', 'group-owner', 'resource-priority']);
  // The title won at midnight on 1 January is held through 2027 (to local midnight on 1 January 2028).
  expect((await held('o1'))['best-owner-of-the-year']?.until).toBe(Date.parse('2027-12-31T16:00:00Z'));
  expect(await wallet('o2', 'activity-fund')).toBe(2000);
  expect(await wallet('o4', 'activity-fund')).toBe(2000);
  expect(await wallet('o3', 'activity-fund')).toBe(0);
  expect((await store.listMessages()).filter((m) => m.topic === 'best-owner')).toHaveLength(3);

  // A second tick, and a replay of the whole stream, change nothing.
  return replayChangesNothing(engine, store, events, YEAR_ENDS + HOUR);
}

describe('programme: themed groups (docs/examples/themed-groups.json)', () => {
  onMemoryAndSqlite(
    'owners, active owners with priority and double points, the best owners of the year',
    scenario,
  );
});
