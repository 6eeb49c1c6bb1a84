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
import { leaderboard } from './leaderboard';
import { community } from './plugin';
import type { CommunitySlice } from './types';

// Undo through the real engine: what the undone event did in the community is taken back.
const T0 = Date.parse('2026-05-10T02:00:00Z');
const POLICY: PolicyDocument = {
  version: 1,
  name: 'community-undo',
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: {
    'post.shared': {},
    'action.undone': { undoes: { eventIdPath: '$.payload.eventId' } },
  },
  settings: {
    community: {
      voteOptions: ['yes', 'no'],
      groups: { team: { min: 1, max: 3 } },
      reviews: { r: { criteria: { a: { weight: 1 } }, passMark: 4 } },
      contests: [{ id: 'liked', ranks: 'item', counts: 'likes', period: 'month', top: 3 }],
    },
  },
  rules: [
    {
      id: 'share',
      stage: 'action',
      on: 'post.shared',
      effects: [{ type: 'community.createItem', params: { kind: 'post', idPath: '$.payload.postId' } }],
    },
  ],
};

let store: Store;
let engine: Engine;
let n = 0;
const at = (minutes = 0) => new Date(T0 + minutes * 60_000).toISOString();
const send = async (type: string, userId: string, payload: Record<string, unknown>, minutes = 0) => {
  const id = `e${++n}`;
  const outcome = await engine.dispatch({ id, type, userId, at: at(minutes), payload });
  return { id, outcome };
};
const undo = (userId: string, eventId: string) => send('action.undone', userId, { eventId }, 5);
const user = async (userId: string) =>
  ((await engine.getUser(userId))?.slices.community ?? {}) as CommunitySlice;
const entity = async (key: string) =>
  ((await store.getDocument(`entity:${key}`)) as UserState | undefined)?.slices.community as
    | CommunitySlice
    | undefined;
const board = () => leaderboard(store, { id: 'liked', period: 'month', top: 3 }, T0, 'Asia/Shanghai');

beforeEach(async () => {
  store = createMemoryStore();
  const plugin = community();
  engine = createEngine({ plugins: [plugin], policy: POLICY, store, clock: createManualClock(T0) });
  await send('post.shared', 'owner', { postId: 'p' });
});

describe('undo in the community', () => {
  it('withdraws a like: tally, contest entry and leaderboard', async () => {
    await send('community.like', 'x', { item: 'p' });
    const like = await send('community.like', 'a', { item: 'p' });
    expect(await board()).toEqual([{ entry: 'p', value: 2 }]);
    expect((await undo('a', like.id)).outcome.status).toBe('applied');
    expect(await store.getCounter('community:like:p')).toBe(1);
    expect(await board()).toEqual([{ entry: 'p', value: 1 }]);
    expect((await user('a')).user?.reacted).toEqual({});
  });

  it('gives a moved vote back its option, and an undone unlike its like', async () => {
    await send('community.vote', 'a', { item: 'p', option: 'yes' });
    const moved = await send('community.vote', 'a', { item: 'p', option: 'no' });
    await undo('a', moved.id);
    expect(await store.getCounter('community:vote:yes:p')).toBe(1);
    expect(await store.getCounter('community:vote:no:p')).toBe(0);
    await send('community.like', 'a', { item: 'p' });
    const unlike = await send('community.unlike', 'a', { item: 'p' });
    await undo('a', unlike.id);
    expect(await store.getCounter('community:like:p')).toBe(1);
  });

  it("leaves a reaction a later event changed, and an undo naming another user's event", async () => {
    const like = await send('community.like', 'a', { item: 'p' });
    await send('community.unlike', 'a', { item: 'p' });
    await undo('a', like.id);
    expect(await store.getCounter('community:like:p')).toBe(0);
    const other = await send('community.like', 'b', { item: 'p' });
    await undo('a', other.id);
    expect(await store.getCounter('community:like:p')).toBe(1);
  });

  it('withdraws a rating from the rated user, who may be rated again', async () => {
    await send('community.rate', 'c', { item: 'h', user: 'b', rating: 2 });
    const rating = await send('community.rate', 'a', { item: 'h', user: 'b', rating: 5 });
    await undo('a', rating.id);
    expect((await user('b')).user?.ratings).toEqual({ count: 1, sum: 2 });
    expect((await user('a')).user?.rated).toEqual([]);
    await send('community.rate', 'a', { item: 'h', user: 'b', rating: 4 });
    expect((await user('b')).user?.ratings).toEqual({ count: 2, sum: 6 });
  });

  it('withdraws a review from the item and a group join from the group', async () => {
    const review = await send('community.review', 'x', { item: 'p', scheme: 'r', scores: { a: 5 } });
    expect((await entity('item:p'))?.item?.reviews).toHaveLength(1);
    await undo('x', review.id);
    expect((await entity('item:p'))?.item?.reviews).toEqual([]);
    await send('community.group.create', 'lead', { group: 'g', kind: 'team' });
    const join = await send('community.group.join', 'm', { group: 'g' });
    expect((await entity('group:g'))?.group?.members.map((m) => m.userId)).toEqual(['lead', 'm']);
    await undo('m', join.id);
    expect((await entity('group:g'))?.group?.members.map((m) => m.userId)).toEqual(['lead']);
    expect((await user('m')).user?.groups).toEqual({});
  });

  it('removes an item whose creating event is undone', async () => {
    const share = await send('post.shared', 'owner', { postId: 'q' });
    expect((await entity('item:q'))?.item?.ownerId).toBe('owner');
    await undo('owner', share.id);
    expect((await entity('item:q'))?.item).toBeUndefined();
  });

  it('sets a role back, and dissolves a group its creator undid alone', async () => {
    await send('community.group.create', 'lead', { group: 'g', kind: 'team' });
    await send('community.group.join', 'm', { group: 'g' });
    const role = await send('community.group.role', 'lead', { group: 'g', member: 'm', role: 'tutor' });
    expect((await user('m')).user?.groups).toEqual({ g: 'tutor' });
    await undo('lead', role.id);
    expect((await user('m')).user?.groups).toEqual({ g: 'member' });
    const solo = await send('community.group.create', 'lone', { group: 'solo', kind: 'team' });
    await undo('lone', solo.id);
    expect((await entity('group:solo'))?.group).toBeUndefined();
    expect((await user('lone')).user?.groups).toEqual({});
  });
});
