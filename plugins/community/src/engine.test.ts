import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type PolicyDocument,
  type Store,
  type UserState,
} from '@engageloop/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ENTITY_EVENTS, OWNER_EVENTS } from './events';
import { leaderboard } from './leaderboard';
import { community } from './plugin';
import type { CommunitySlice } from './types';

// The plugin through the real engine and memory store: what users do, what the entities derive.
const T0 = Date.parse('2026-05-10T02:00:00Z');
const POLICY: PolicyDocument = {
  version: 1,
  name: 'community-unit',
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: { 'post.shared': {}, 'help.done': {} },
  settings: {
    community: {
      groups: { team: { min: 2, max: 3 } },
      reviews: { r: { criteria: { a: { weight: 1 }, b: { weight: 1 } }, passMark: 4 } },
      contests: [{ id: 'helpers', ranks: 'user', counts: 'score', period: 'day', top: 2 }],
      tracks: { t: { stages: ['open', 'done'], transitions: { open: ['done'] }, deadlines: { open: 1 } } },
    },
  },
  rules: [
    {
      id: 'share',
      stage: 'action',
      on: 'post.shared',
      effects: [
        { type: 'community.createItem', params: { kind: 'post', idPath: '$.payload.postId', track: 't' } },
      ],
    },
    {
      id: 'help',
      stage: 'action',
      on: 'help.done',
      effects: [{ type: 'community.score', params: { contest: 'helpers' } }],
    },
    {
      id: 'finish',
      stage: 'action',
      on: 'community.item.reviewed',
      conditions: {
        all: [{ fact: 'community.itemPassed', params: { scheme: 'r' }, operator: 'equal', value: true }],
      },
      effects: [{ type: 'community.move', params: { to: 'done' } }],
    },
  ],
};

let store: Store;
let engine: Engine;
let n = 0;
const at = (minutes = 0) => new Date(T0 + minutes * 60_000).toISOString();
const send = (type: string, userId: string, payload: Record<string, unknown>, minutes = 0) =>
  engine.dispatch({ id: `e${++n}`, type, userId, at: at(minutes), payload });
const slice = async (userId: string) =>
  ((await engine.getUser(userId))?.slices.community ?? {}) as CommunitySlice;
const entity = async (key: string) =>
  ((await store.getDocument(`entity:${key}`)) as UserState | undefined)?.slices.community as
    | CommunitySlice
    | undefined;

beforeEach(() => {
  store = createMemoryStore();
  engine = createEngine({ plugins: [community()], policy: POLICY, store, clock: createManualClock(T0) });
});

describe('items and reactions', () => {
  it('counts one like per user, withdrawable; a vote moves; the owner hears each change', async () => {
    await send('post.shared', 'owner', { postId: '__proto__' });
    expect((await entity('item:__proto__'))?.item).toMatchObject({
      ownerId: 'owner',
      kind: 'post',
      stage: 'open',
    });
    await send('community.like', 'u1', { item: '__proto__' });
    const again = await send('community.like', 'u1', { item: '__proto__' });
    expect(again.derived ?? []).toEqual([]);
    await send('community.like', 'u2', { item: '__proto__' });
    await send('community.unlike', 'u1', { item: '__proto__' });
    expect(await store.getCounter('community:like:__proto__')).toBe(1);
    await send('community.vote', 'u1', { item: '__proto__' });
    await send('community.vote', 'u1', { item: '__proto__', option: 'no' });
    expect(await store.getCounter('community:vote:yes:__proto__')).toBe(0);
    expect(await store.getCounter('community:vote:no:__proto__')).toBe(1);
    const heard = (await engine.getUser('owner'))?.counts['community.contribution.reacted'];
    expect(heard).toBe(6); // +1, +1, -1 like; +1 yes, -1 yes, +1 no
    const badOption = await send('community.vote', 'u3', { item: '__proto__', option: 'maybe' });
    expect(badOption.error?.code).toBe('EVENT_PAYLOAD_INVALID');
    // No undo type in this policy: nothing is remembered for an undo that cannot come.
    expect((await slice('u1')).user?.done).toBeUndefined();
  });

  it('rates both ways once per item, never oneself', async () => {
    await send('community.rate', 'a', { item: 'help-1', user: 'b', rating: 5 });
    await send('community.rate', 'b', { item: 'help-1', user: 'a', rating: 3 });
    await send('community.rate', 'a', { item: 'help-1', user: 'b', rating: 1 });
    expect((await slice('b')).user?.ratings).toEqual({ count: 1, sum: 5 });
    expect((await slice('a')).user?.ratings).toEqual({ count: 1, sum: 3 });
    expect((await send('community.rate', 'a', { item: 'h', user: 'a', rating: 5 })).error?.code).toBe(
      'EVENT_PAYLOAD_INVALID',
    );
  });

  it('reviews: the owner cannot review, a reviewer counts once, passing moves the track', async () => {
    await send('post.shared', 'owner', { postId: 'p' });
    await send('community.review', 'owner', { item: 'p', scheme: 'r', scores: { a: 5, b: 5 } });
    expect((await entity('item:p'))?.item?.reviews).toEqual([]);
    await send('community.review', 'x', { item: 'p', scheme: 'r', scores: { a: 3, b: 3 } });
    expect((await entity('item:p'))?.item?.stage).toBe('open');
    await send('community.review', 'x', { item: 'p', scheme: 'r', scores: { a: 5, b: 4 } });
    expect((await entity('item:p'))?.item).toMatchObject({ stage: 'done' });
    expect((await entity('item:p'))?.item?.reviews).toHaveLength(1);
    const unknown = await send('community.review', 'x', { item: 'p', scheme: 'nope', scores: {} });
    expect(unknown.error?.code).toBe('EVENT_PAYLOAD_INVALID');
  });

  it('an overdue stage fires once, and not after the item moved on', async () => {
    await send('post.shared', 'owner', { postId: 'slow' });
    await send('post.shared', 'owner', { postId: 'fast' });
    await send('community.review', 'x', { item: 'fast', scheme: 'r', scores: { a: 5, b: 5 } });
    const report = await engine.tick(T0 + 2 * 3_600_000);
    const overdue = report.outcomes.filter((o) => o.type === 'community.item.overdue');
    expect(overdue.map((o) => o.emitted.includes('community:item-overdue'))).toEqual([true]);
    expect(overdue[0]?.userId).toBe('item:slow');
  });
});

describe('groups', () => {
  it('refuses a join beyond max, a role from a member; hands ownership on', async () => {
    await send('community.group.create', 'o', { group: 'g', kind: 'team' });
    await send('community.group.join', 'm1', { group: 'g' });
    await send('community.group.join', 'm2', { group: 'g' });
    await send('community.group.join', 'm3', { group: 'g' });
    expect((await engine.getUser('m3'))?.counts['community.group.refused']).toBe(1);
    await send('community.group.role', 'm1', { group: 'g', member: 'm2', role: 'leader' });
    expect((await engine.getUser('m1'))?.counts['community.group.refused']).toBe(1);
    await send('community.group.role', 'o', { group: 'g', member: 'm2', role: 'leader' });
    await send('community.group.leave', 'o', { group: 'g' });
    expect((await slice('m2')).user?.groups).toEqual({ g: 'owner' });
    expect((await slice('o')).user?.groups).toEqual({});
    expect((await entity('group:g'))?.group?.members.map((m) => m.userId)).toEqual(['m1', 'm2']);
    for (const kind of ['guild', 'constructor']) {
      const unknownKind = await send('community.group.create', 'o', { group: 'h', kind });
      expect(unknownKind.error?.code, kind).toBe('EVENT_PAYLOAD_INVALID');
    }
    expect(await entity('group:h')).toBeUndefined();
  });

  it("refuses a host's dispatch of the plugin's own events, changing nothing", async () => {
    await expect(
      engine.dispatch({
        id: 'forged',
        type: 'community.group.request',
        entity: 'group:g',
        at: at(),
        payload: { action: 'leave', user: 'victim' },
      }),
    ).rejects.toMatchObject({ code: 'EVENT_TYPE_INTERNAL', plugin: 'community', pointer: '/type' });
    expect(await entity('group:g')).toBeUndefined();
    for (const type of [...Object.values(ENTITY_EVENTS), ...Object.values(OWNER_EVENTS)]) {
      await expect(
        engine.dispatch({ id: `forged-${type}`, type, userId: 'mallory', at: at(), payload: {} }),
        type,
      ).rejects.toMatchObject({ code: 'EVENT_TYPE_INTERNAL' });
    }
  });
});

describe('erasure', () => {
  it('replaces a forgotten user in the items they own or reviewed and the groups they are in', async () => {
    await send('post.shared', 'alice', { postId: 'p' });
    await send('post.shared', 'bob', { postId: 'q' });
    await send('community.review', 'alice', { item: 'q', scheme: 'r', scores: { a: 2, b: 2 } });
    await send('community.group.create', 'carol', { group: 'g', kind: 'team' });
    await send('community.group.join', 'alice', { group: 'g' });
    const report = await engine.forgetUser('alice');
    expect(report.documents).toBe(3);
    const text = JSON.stringify([await entity('item:p'), await entity('item:q'), await entity('group:g')]);
    expect(text).not.toContain('alice');
    expect((await entity('item:p'))?.item?.ownerId).toBe(report.pseudonym);
    expect((await entity('group:g'))?.group?.members.map((m) => m.role)).toEqual(['owner', 'member']);
  });

  it('moves a forgotten user on a contest leaderboard to their pseudonym, with the same value', async () => {
    for (const [user, helps] of [
      ['alice', 3],
      ['bob', 2],
      ['malice', 1],
    ] as const) {
      for (let i = 0; i < helps; i++) await send('help.done', user, {}, i);
    }
    const contest = { id: 'helpers', period: 'day' as const, top: 2 };
    const board = () => leaderboard(store, contest, T0, 'Asia/Shanghai', 10);
    const { pseudonym } = await engine.forgetUser('alice');
    const after = await board();
    expect(after).toEqual([
      { entry: pseudonym, value: 3 },
      { entry: 'bob', value: 2 },
      { entry: 'malice', value: 1 },
    ]);
    await engine.forgetUser('alice');
    expect(await board()).toEqual(after);
  });
});

describe('score contests', () => {
  it('ranks users by score at local midnight, ties by ascending id, at most top', async () => {
    for (const [user, helps] of [
      ['c', 2],
      ['b', 2],
      ['a', 1],
      ['d', 3],
    ] as const) {
      for (let i = 0; i < helps; i++) await send('help.done', user, {}, i);
    }
    const midnight = Date.parse('2026-05-10T16:00:00Z');
    const contest = { id: 'helpers', period: 'day' as const, top: 2 };
    expect(await leaderboard(store, contest, midnight - 1000, 'Asia/Shanghai', 10)).toEqual([
      { entry: 'd', value: 3 },
      { entry: 'b', value: 2 },
      { entry: 'c', value: 2 },
      { entry: 'a', value: 1 },
    ]);
    expect(await leaderboard(store, contest, midnight, 'Asia/Shanghai')).toEqual([]);
    expect((await engine.tick(midnight - 1000)).outcomes).toEqual([]);
    const closed = (await engine.tick(midnight)).outcomes.find(
      (o) => o.type === 'community.contest.period-ended',
    );
    expect(closed?.derived).toHaveLength(2);
    const won = await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (u) => (await engine.getUser(u))?.counts['community.contest.won'] ?? 0),
    );
    expect(won).toEqual([0, 1, 0, 1]); // d (3), then b before c (2 each)
    expect((await engine.tick(midnight + 1000)).outcomes).toEqual([]);
  });
});
