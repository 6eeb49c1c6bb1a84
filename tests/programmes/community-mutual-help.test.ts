import { leaderboard } from '@engageloop/community';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvents,
  type Store,
} from '@engageloop/core';
import { balanceOf } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import {
  communityExample,
  communityPlugins,
  DAY,
  envelopes,
  HOUR,
  heldOf,
  iso,
  onMemoryAndSqlite,
  readers,
  replayChangesNothing,
  runStream,
  userOf,
} from './support/community-run';
import type { Envelope } from './support/snapshot';

// docs/examples/community-mutual-help.json end to end: requests and offers matched by area, interest and free
// time; both sides rate each other after a help; the month's neighbourhood star at local midnight in Shanghai;
// 5 offers → badge; 10 different neighbours helped → a service voucher; 20 helps → the star ceremony.
const POLICY = communityExample('community-mutual-help');
const T0 = Date.parse('2026-03-02T02:00:00Z'); // Monday 2 March, 10:00 in Shanghai
const at = (day: number, hours = 0) => T0 + day * DAY + hours * HOUR;
// 00:00 on 1 April in Shanghai is 16:00 UTC on 31 March; 23:59 and 00:01 around it.
const MARCH_ENDS = Date.parse('2026-03-31T16:00:00Z');
const LAST_MINUTE_OF_MARCH = MARCH_ENDS - 60_000;
const FIRST_MINUTE_OF_APRIL = MARCH_ENDS + 60_000;
const STAR = { id: 'monthly-star', period: 'month', top: 1 } as const;
// h1 helps these neighbours, one a day, n1 twice: 11 helps, 10 different neighbours.
const HELPED = ['n1', 'n2', 'n1', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10'];

function stream(): Envelope[] {
  const ev = envelopes();
  const request = { request: 'r1', area: 'b3', interest: 'repairs', slot: 'mon-am' };
  const events: Envelope[] = [
    ev('profile.updated', 'h1', at(0), {
      areas: ['b3', 'b4'],
      interests: ['repairs', 'tutoring'],
      freeTime: ['sat-am', 'sun-pm'],
    }),
    ev('profile.updated', 'h2', at(0), { areas: ['b5'], interests: ['shopping'], freeTime: ['weekday-pm'] }),
    ev('help.requested', 'n1', at(0, 1), {
      requestId: 'r1',
      area: 'b3',
      interest: 'repairs',
      slot: 'mon-am',
    }),
    ev('help.offered', 'h1', at(0, 2), { offerId: 'o1', ...request }), // area and interest: matched
    ev('help.offered', 'h2', at(0, 2), { offerId: 'o2', ...request }), // another area: not matched
    ev('help.offered', 'h1', at(1, 2), { offerId: 'o3', ...request, interest: 'cooking', slot: 'sun-pm' }), // free time
    ev('help.offered', 'h1', at(2, 2), { offerId: 'o4', ...request, area: 'b9' }), // outside h1's areas
    ev('help.offered', 'h1', at(3, 2), { offerId: 'o5' }), // a general offer: no request to match
    ev('help.offered', 'h1', at(4, 2), { offerId: 'o6' }), // the fifth: "neighbourhood expert"
  ];
  HELPED.forEach((neighbour, k) => {
    const help = `q${k + 1}`;
    events.push(
      ev('help.completed', 'h1', at(5 + k, 3), { help, neighbour }),
      ev('community.rate', neighbour, at(5 + k, 4), { item: help, user: 'h1', rating: 5 }),
      ev('community.rate', 'h1', at(5 + k, 4), { item: help, user: neighbour, rating: 4 }),
    );
  });
  events.push(
    ev('community.rate', 'n1', at(5, 5), { item: 'q1', user: 'h1', rating: 1 }), // rated already: no change
    ev('help.completed', 'h2', at(6, 5), { help: 'q20', neighbour: 'n1' }),
    ev('community.rate', 'n1', at(6, 6), { item: 'q20', user: 'h2', rating: 3 }), // below 4: no bonus
    ev('community.rate', 'h2', at(6, 6), { item: 'q20', user: 'n1', rating: 5 }),
    ev('help.completed', 'h2', LAST_MINUTE_OF_MARCH, { help: 'q21', neighbour: 'n2' }), // March
    ev('help.completed', 'h2', FIRST_MINUTE_OF_APRIL, { help: 'q22', neighbour: 'n3' }), // April
  );
  return events;
}

async function scenario(store: Store) {
  const events = stream();
  const engine = await runStream(store, POLICY, events);
  const { topics, badges, wallet } = readers(engine, store, MARCH_ENDS + HOUR);
  const count = (list: string[], topic: string) => list.filter((t) => t === topic).length;

  // Matching: a request posted is acknowledged; an offer that fits the helper's areas and interests or free
  // time is matched (3 more points), one outside them is thanked with a hint, a general offer gets neither.
  expect(await topics('n1')).toContain('help-request-posted');
  const h1 = await topics('h1');
  expect(count(h1, 'help-matched')).toBe(2);
  expect(count(h1, 'help-unmatched')).toBe(1);
  expect(count(await topics('h2'), 'help-unmatched')).toBe(1);
  // 5 offers → "neighbourhood expert"; 10 different neighbours (11 helps) → one service voucher, with a nudge
  // at 8 and 9 neighbours.
  expect(await wallet('h1', 'service-voucher')).toBe(1);
  expect(count(h1, 'help-nudge')).toBe(2);
  expect(count(h1, 'help-rate')).toBe(11);

  // Before midnight in Shanghai the month is open; the leaderboard is readable: h1 scores 2 per help and 1 per
  // rating of 4 or more (11 × 3), h2 2 per help in March (its rating of 3 adds nothing), n1 1 per good rating.
  await engine.tick(MARCH_ENDS - 1000);
  expect(await badges('h1')).toEqual(['neighbourhood-expert']);
  expect(await leaderboard(store, STAR, MARCH_ENDS - 1000, 'Asia/Shanghai', 3)).toEqual([
    { entry: 'h1', value: 33 },
    { entry: 'h2', value: 4 },
    { entry: 'n1', value: 3 },
  ]);
  expect(await leaderboard(store, STAR, FIRST_MINUTE_OF_APRIL, 'Asia/Shanghai')).toEqual([
    { entry: 'h2', value: 2 },
  ]);
  await engine.tick(MARCH_ENDS);
  expect(await badges('h1')).toEqual(['monthly-star', 'neighbourhood-expert']);
  // The title is held through April (to local midnight on 1 May).
  const held = await heldOf(engine, 'h1');
  expect(held['monthly-star']?.until).toBe(Date.parse('2026-04-30T16:00:00Z'));
  expect(await badges('h2')).toEqual([]);
  expect(count(await topics('h1'), 'monthly-star')).toBe(1);
  expect((await store.listMessages()).filter((m) => m.topic === 'monthly-star')).toHaveLength(1);
  // h1: offers 5 × 5 (the week's cap) + 2 matched × 3, helps 11 × 10, good ratings 11 × 5, the star's 50.
  expect(await wallet('h1', 'points')).toBe(25 + 6 + 110 + 55 + 50);
  // Both sides rate: n1 was rated by h1 twice (4) and by h2 (5); a second rating of one help changes nothing.
  const ratingOf = async (user: string) =>
    ((await userOf(engine, user)).slices.community as { user: { ratings: unknown } }).user.ratings;
  expect(await ratingOf('n1')).toMatchObject({ count: 3, sum: 13 });
  expect(await ratingOf('h1')).toMatchObject({ count: 11, sum: 55 });
  expect(await wallet('n1', 'points')).toBe(3 * 5);

  // A second tick, and a replay of the whole stream, change nothing.
  return replayChangesNothing(engine, store, events, MARCH_ENDS + HOUR);
}

/** One user's events on a fresh engine, recording loop events (the single-user mechanics). */
function solo() {
  const clock = createManualClock(T0);
  const engine: Engine = createEngine({
    plugins: communityPlugins(),
    policy: POLICY,
    store: createMemoryStore(),
    clock,
  });
  const seen: Array<{ name: string; payload: Record<string, unknown> }> = [];
  for (const name of ['reward:capped', 'badge:granted', 'tier:changed'] as const)
    engine.on(name, ((payload: LoopEvents[typeof name]) =>
      seen.push({ name, payload: { ...payload } })) as never);
  let n = 0;
  return {
    engine,
    named: (name: string) => seen.filter((e) => e.name === name).map((e) => e.payload),
    send: (type: string, time: number | string, payload: Record<string, unknown> = {}) => {
      const when = typeof time === 'number' ? iso(time) : time;
      clock.set(when);
      return engine.dispatch({ id: `s${++n}`, type, userId: 'u1', at: when, payload });
    },
  };
}

describe('programme: mutual help (docs/examples/community-mutual-help.json)', () => {
  onMemoryAndSqlite(
    'matches, rates both ways, counts distinct neighbours and elects the monthly star',
    scenario,
  );

  it('refuses rating yourself by code, changing nothing', async () => {
    const s = solo();
    const outcome = await s.send('community.rate', at(0), { item: 'q1', user: 'u1', rating: 5 });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'EVENT_PAYLOAD_INVALID' } });
  });

  it('offer points are capped per local week and the cap is reported, not dropped silently', async () => {
    const s = solo();
    const reports = [];
    for (let i = 0; i < 6; i++) reports.push((await s.send('help.offered', at(0, i))).effects[0]!.report);
    expect(reports.slice(0, 5).every((r) => r.status === 'applied')).toBe(true);
    expect(reports[5]).toMatchObject({ status: 'capped' });
    expect(s.named('reward:capped')).toEqual([
      expect.objectContaining({
        requested: 5,
        granted: 0,
        caps: [expect.objectContaining({ id: 'offers-weekly' })],
      }),
    ]);
    expect(s.named('badge:granted')).toEqual([expect.objectContaining({ badge: 'neighbourhood-expert' })]);
    // Next Monday (local) is a new week.
    expect((await s.send('help.offered', at(7))).effects[0]!.report.status).toBe('applied');
  });

  it('20 helps → "neighbourhood star" with its ceremony once; helping one neighbour 20 times earns no voucher', async () => {
    const s = solo();
    const topics: string[] = [];
    for (let i = 0; i < 20; i++) {
      const outcome = await s.send('help.completed', at(i), { help: `q${i}`, neighbour: 'n1' });
      topics.push(...outcome.messages.map((m) => m.topic));
    }
    const user = await s.engine.getUser('u1');
    expect(s.named('badge:granted').map((b) => b.badge)).toEqual(['neighbourhood-star']);
    expect(topics.filter((t) => t === 'milestone-helps-20')).toHaveLength(1);
    expect(balanceOf(user, 'service-voucher', at(21)).available).toBe(0);
    expect(balanceOf(user, 'points', at(21)).available).toBe(200);
  });

  it('core members earn double points for proposals; a campaign multiplies help points', async () => {
    const s = solo();
    const basic = await s.send('proposal.submitted', at(0));
    expect(basic.effects[0]!.report.data).toMatchObject({ points: 20, multiplier: 1 });
    for (let i = 0; i < 3; i++) await s.send('proposal.adopted', at(1, i)); // 3 × 100 → core (≥ 300)
    expect(s.named('tier:changed').at(-1)).toMatchObject({ to: 'core' });
    const core = await s.send('proposal.submitted', at(2));
    expect(core.effects[0]!.report.data).toMatchObject({ points: 40, multiplier: 2 });
    const campaign = await s.send('help.completed', '2026-05-03T02:00:00Z', { help: 'q1', neighbour: 'n1' });
    expect(campaign.effects[0]!.report.data).toMatchObject({ points: 15, multiplier: 1.5 });
  });

  it('points can be donated to the charity wallet (social value), never below zero', async () => {
    const s = solo();
    await s.send('help.completed', at(0), { help: 'q1', neighbour: 'n1' });
    const ok = await s.send('points.donated', at(1), { points: 10 });
    expect(ok.effects[0]!.report).toMatchObject({ status: 'applied', data: { points: 10, credited: 10 } });
    const tooMuch = await s.send('points.donated', at(1, 1), { points: 10 });
    expect(tooMuch.effects[0]!.report).toMatchObject({ status: 'skipped', reason: 'insufficient-balance' });
    const user = await s.engine.getUser('u1');
    expect(balanceOf(user, 'charity', at(2)).available).toBe(10);
    expect(balanceOf(user, 'points', at(2)).available).toBe(0);
  });
});
