import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { community } from '@engageloop/community';
import { createEngine, createManualClock, createMemoryStore, loadPolicy, type Store } from '@engageloop/core';
import { balanceOf, incentives } from '@engageloop/incentives';
import { createSqliteStore } from '@engageloop/store-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { type Envelope, snapshot } from './support/snapshot';

// docs/examples/social-group-buying.json end to end: a themed group buy (3 within 48 h, leader discount),
// likes on shared posts earn points, the month's 10 most-liked posts win a gift at local midnight in Shanghai.
const POLICY = loadPolicy(
  readFileSync(new URL('../../docs/examples/social-group-buying.json', import.meta.url), 'utf8'),
  {
    plugins: [incentives(), community()],
  },
);
const HOUR = 3_600_000;
const T0 = Date.parse('2026-05-10T02:00:00Z'); // 10:00 in Shanghai
const iso = (ms: number) => new Date(ms).toISOString();
// 23:59 and 00:01 in Shanghai around the end of May are 15:59 and 16:01 UTC on 31 May.
const LAST_MINUTE_OF_MAY = Date.parse('2026-05-31T15:59:00Z');
const FIRST_MINUTE_OF_JUNE = Date.parse('2026-05-31T16:01:00Z');
const MAY_ENDS = Date.parse('2026-05-31T16:00:00Z');

let n = 0;
const ev = (type: string, userId: string, at: number, payload: Record<string, unknown>): Envelope => ({
  id: `e${++n}`,
  type,
  userId,
  at: iso(at),
  payload,
});

/** The stream: group buys, twelve shared posts, likes (one withdrawn), the two likes around May's end. */
function stream(): Envelope[] {
  n = 0;
  const events: Envelope[] = [
    ev('community.group.create', 'leader', T0, { group: 'tea-week', kind: 'themed-buy' }),
    ev('community.group.join', 'u2', T0 + HOUR, { group: 'tea-week' }),
    ev('community.group.join', 'u2', T0 + HOUR, { group: 'tea-week' }), // already a member: refused
    ev('community.group.join', 'u3', T0 + 2 * HOUR, { group: 'tea-week' }), // the third: completed
    ev('community.group.join', 'u4', T0 + 3 * HOUR, { group: 'tea-week' }), // closed: refused
    ev('community.group.create', 'solo', T0, { group: 'rare-cheese', kind: 'themed-buy' }),
  ];
  // Post pk by author ak gets k likes (k = 1…11); p12 gets 3, tying p3.
  for (let k = 1; k <= 12; k++) events.push(ev('post.shared', `a${k}`, T0 + 4 * HOUR, { postId: `p${k}` }));
  for (let k = 1; k <= 12; k++) {
    const likes = k === 12 ? 3 : k;
    for (let j = 1; j <= likes; j++)
      events.push(ev('community.like', `fan${j}`, T0 + 5 * HOUR + k * 60_000, { item: `p${k}` }));
  }
  events.push(ev('community.like', 'fan1', T0 + 6 * HOUR, { item: 'p11' })); // a second like by the same user: nothing
  events.push(ev('community.unlike', 'fan11', T0 + 7 * HOUR, { item: 'p11' })); // withdrawn: p11 at 10
  events.push(ev('community.like', 'fan9', LAST_MINUTE_OF_MAY, { item: 'p2' })); // May: p2 at 3, a three-way tie
  events.push(ev('community.like', 'fan9', FIRST_MINUTE_OF_JUNE, { item: 'p3' })); // June: does not help p3 in May
  return events;
}

async function run(store: Store) {
  const clock = createManualClock(T0);
  const engine = createEngine({ plugins: [incentives(), community()], policy: POLICY, store, clock });
  const events = stream();
  for (const e of events) {
    clock.set(Date.parse(e.at));
    await engine.dispatchBatch([e]);
  }
  clock.set(MAY_ENDS - 1000);
  await engine.tick(MAY_ENDS - 1000);
  return { engine, clock, events };
}

const gifts = async (engine: Awaited<ReturnType<typeof run>>['engine'], user: string) =>
  balanceOf(await engine.getUser(user), 'gifts', MAY_ENDS + HOUR).available;

async function scenario(store: Store) {
  const { engine, events } = await run(store);
  const topics = async (user: string) =>
    (await store.listMessages({ userId: user })).map((m) => m.topic).sort();

  // Group buy: the third member completes it; the leader's discount; a refusal is told, not dropped.
  expect(balanceOf(await engine.getUser('leader'), 'coupons', T0 + 3 * HOUR).available).toBe(1);
  expect(balanceOf(await engine.getUser('u2'), 'coupons', T0 + 3 * HOUR).available).toBe(0);
  expect(await topics('u3')).toEqual(['group-buy-completed']);
  expect(await topics('u2')).toEqual(['group-buy-completed', 'group-join-refused']);
  expect(await topics('u4')).toEqual(['group-join-refused']);
  // The lonely buy fails at its deadline (48 h), by tick.
  expect(await topics('solo')).toEqual(['group-buy-failed']);

  // Likes earn their author a point each (after 5 for sharing); a repeated like counts once; a withdrawn like
  // takes no point back but leaves the tally.
  expect(balanceOf(await engine.getUser('a7'), 'points', T0 + 8 * HOUR).available).toBe(5 + 7);
  expect(balanceOf(await engine.getUser('a11'), 'points', T0 + 8 * HOUR).available).toBe(5 + 11);
  expect(await store.getCounter('community:like:p11')).toBe(10);

  // Not yet midnight in Shanghai: nobody has won.
  expect(await gifts(engine, 'a11')).toBe(0);
  await engine.tick(MAY_ENDS);
  // Top 10 of May: p11…p4 (10…4 likes), then the tie at 3 by ascending id: p12, p2 — p3 is 11th.
  const winners = ['a11', 'a10', 'a9', 'a8', 'a7', 'a6', 'a5', 'a4', 'a12', 'a2'];
  for (const w of winners) expect(await gifts(engine, w), w).toBe(1);
  for (const loser of ['a3', 'a1']) expect(await gifts(engine, loser), loser).toBe(0);
  expect(await topics('a2')).toContain('monthly-top-post');
  const won = (await store.listMessages()).filter((m) => m.topic === 'monthly-top-post');
  expect(won).toHaveLength(10);

  // A second tick, and a replay of the whole stream, change nothing.
  await engine.tick(MAY_ENDS + HOUR);
  const before = await snapshot(store);
  const again = await engine.dispatchBatch(events);
  expect(again.every((o) => o.status === 'duplicate')).toBe(true);
  await engine.tick(MAY_ENDS + HOUR);
  expect(await snapshot(store)).toEqual(before);
  await engine.close();
  return before;
}

describe('programme: social group buying (docs/examples/social-group-buying.json)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-programme-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let memory: unknown;

  it('runs end to end on the memory store', async () => {
    memory = await scenario(createMemoryStore());
  });

  it('runs end to end on SQLite, ending in the same state as the memory store', async () => {
    const sqlite = await scenario(createSqliteStore({ filename: join(dir, 'group-buying.db') }));
    expect(sqlite).toEqual(memory);
  });
});
