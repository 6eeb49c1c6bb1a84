import { readFileSync } from 'node:fs';
import { community } from '@engageloop/community';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  loadPolicy,
  type UserState,
} from '@engageloop/core';
import { balanceOf, incentives } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { type Envelope, snapshot } from './support/snapshot';

// docs/examples/learning-partners-groups.json end to end: study groups of 3–5 with a tutor, a 30-day group
// check-in challenge (certificate + team fund), the best group of each week (Monday 00:00 in Shanghai).
const plugins = () => [incentives(), community()];
const POLICY = loadPolicy(
  readFileSync(new URL('../../docs/examples/learning-partners-groups.json', import.meta.url), 'utf8'),
  { plugins: plugins() },
);
const DAY = 86_400_000;
const MONDAY = Date.parse('2026-05-04T00:00:00Z'); // Monday 4 May, 08:00 in Shanghai
const WEEK_ENDS = Date.parse('2026-05-10T16:00:00Z'); // Monday 11 May, 00:00 in Shanghai
const iso = (ms: number) => new Date(ms).toISOString();
const A = ['oa', 'a1', 'a2', 'tutor', 'a3'];
const B = ['ob', 'b1', 'b2'];

function stream(): Envelope[] {
  let n = 0;
  const ev = (type: string, userId: string, at: number, payload: Record<string, unknown> = {}): Envelope => ({
    id: `e${++n}`,
    type,
    userId,
    at: iso(at),
    payload,
  });
  const events = [
    ev('community.group.create', 'oa', MONDAY, { group: 'A', kind: 'study' }),
    ev('community.group.create', 'ob', MONDAY, { group: 'B', kind: 'study' }),
    ...A.slice(1).map((u) => ev('community.group.join', u, MONDAY + 60_000, { group: 'A' })),
    ...B.slice(1).map((u) => ev('community.group.join', u, MONDAY + 60_000, { group: 'B' })),
    ev('community.group.join', 'late', MONDAY + 120_000, { group: 'A' }), // a sixth: full
    ev('community.group.role', 'a1', MONDAY + 180_000, { group: 'A', member: 'tutor', role: 'tutor' }), // not allowed
    ev('community.group.role', 'oa', MONDAY + 180_000, { group: 'A', member: 'tutor', role: 'tutor' }),
  ];
  for (let d = 0; d < 30; d++) {
    const at = MONDAY + d * DAY + 3_600_000;
    for (const u of A) events.push(ev('checkin.done', u, at));
    for (const u of B) if (!(u === 'b2' && d === 2)) events.push(ev('checkin.done', u, at)); // b2 misses day 3
  }
  events.push(ev('review.weekly', 'b1', MONDAY + 5 * DAY), ev('review.weekly', 'b2', MONDAY + 5 * DAY));
  return events;
}

describe('programme: learning partners (docs/examples/learning-partners-groups.json)', () => {
  it('groups of 3–5 with a tutor, a 30-day group challenge, the best group of the week', async () => {
    const store = createMemoryStore();
    const clock = createManualClock(MONDAY);
    const engine = createEngine({ plugins: plugins(), policy: POLICY, store, clock });
    const events = stream();
    const user = async (id: string) => (await engine.getUser(id)) as UserState;
    const slots = async (id: string) => balanceOf(await user(id), 'tutoring', MONDAY + 60 * DAY).available;
    let ticked = WEEK_ENDS - 7 * DAY; // local midnights: 16:00 UTC
    for (const e of events) {
      const at = Date.parse(e.at);
      // Tick at every local midnight in between, as a host on a schedule would.
      while (ticked + DAY <= at) {
        ticked += DAY;
        if (ticked === WEEK_ENDS) {
          await engine.tick(ticked - 1000); // 23:59:59 on Sunday: the week is still open
          expect(await slots('a1')).toBe(0);
        }
        await engine.tick(ticked);
        if (ticked === WEEK_ENDS) expect(await slots('a1')).toBe(1);
      }
      clock.set(at);
      await engine.dispatchBatch([e]);
    }
    // The sixth member is refused and told; a member cannot hand out roles, the owner can.
    expect((await store.listMessages({ userId: 'late' })).map((m) => m.topic)).toEqual(['group-full']);
    const roles = (await user('tutor')).slices.community as { user: { groups: Record<string, string> } };
    expect(roles.user.groups).toEqual({ A: 'tutor' });

    // Each week A scores 35 check-ins, B at most 21 + 6 for reviews: each member of A (the tutor too) gets a
    // slot per whole week (4 closed by the last tick), B none.

    // 30 days of the whole of A checking in: a certificate each, and the group's team fund. B missed a day.
    await engine.tick(MONDAY + 31 * DAY);
    for (const u of A)
      expect((await user(u)).slices.incentives, u).toMatchObject({ badges: { 'learning-certificate': {} } });
    for (const u of B)
      expect(((await user(u)).slices.incentives as { badges: object }).badges, u).toEqual({});
    const groupA = (await engine.getEntity('group:A')) as UserState;
    expect(balanceOf(groupA, 'team-fund', MONDAY + 31 * DAY).available).toBe(300);
    for (const u of A) expect(await slots(u), u).toBe(4);
    for (const u of B) expect(await slots(u), u).toBe(0);
    // Every member of the winning group is told once a week.
    const told = (await store.listMessages({ userId: 'a2' })).filter((m) => m.topic === 'best-weekly-group');
    expect(told).toHaveLength(4);

    // A replay of the whole stream changes nothing.
    const before = await snapshot(store);
    const again = await engine.dispatchBatch(events);
    expect(again.every((o) => o.status === 'duplicate')).toBe(true);
    await engine.tick(MONDAY + 31 * DAY);
    expect(await snapshot(store)).toEqual(before);
    await engine.close();
  });
});
