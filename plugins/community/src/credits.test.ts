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
import { addCredit, honourWall } from './credits';
import { forgetPlan } from './forget';
import { community } from './plugin';
import type { CommunitySlice, ItemState } from './types';

// Credits through the real engine and memory store: the item records who is credited, the honour wall counts.
const T0 = Date.parse('2026-05-10T02:00:00Z');
const POLICY: PolicyDocument = {
  version: 1,
  name: 'credits-unit',
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  eventTypes: { 'product.drafted': {}, 'idea.adopted': {} },
  settings: {
    community: {
      digests: [
        { id: 'credits', period: 'month', counts: ['credited'], message: { en: '{{count}} credits' } },
      ],
    },
  },
  rules: [
    {
      id: 'draft',
      stage: 'action',
      on: 'product.drafted',
      effects: [{ type: 'community.createItem', params: { kind: 'product', idPath: '$.payload.product' } }],
    },
    {
      id: 'credit',
      stage: 'action',
      on: 'idea.adopted',
      effects: [
        { type: 'community.credit', params: { as: 'naming', itemPath: '$.payload.product' } },
        { type: 'community.credit', params: { as: 'honour-wall', itemPath: '$.payload.product' } },
      ],
    },
    {
      id: 'second-credit',
      stage: 'value',
      on: 'community.item.credited',
      conditions: { all: [{ fact: 'community.itemCredits', path: '$.length', operator: 'equal', value: 3 }] },
      effects: [{ type: 'core.setAttribute', params: { key: 'threeCredits', value: true } }],
    },
  ],
};

let store: Store;
let engine: Engine;
let n = 0;
const send = (type: string, userId: string, payload: Record<string, unknown>) =>
  engine.dispatch({ id: `e${++n}`, type, userId, at: new Date(T0 + n * 60_000).toISOString(), payload });
const item = async (id: string) =>
  ((await store.getDocument(`entity:item:${id}`)) as UserState | undefined)?.slices.community as
    | CommunitySlice
    | undefined;

beforeEach(() => {
  store = createMemoryStore();
  engine = createEngine({ plugins: [community()], policy: POLICY, store, clock: createManualClock(T0) });
});

describe('credits on items', () => {
  it("records the user's name once per kind, tells the user, and grows the honour wall", async () => {
    await send('product.drafted', 'staff', { product: 'lamp' });
    await send('product.drafted', 'staff', { product: 'desk' });
    await send('profile.updated', 'u1', { name: '小林' });
    await send('idea.adopted', 'u1', { product: 'lamp' });
    await send('idea.adopted', 'u1', { product: 'lamp' }); // a second adoption credits nothing more
    await send('idea.adopted', 'u2', { product: 'lamp' });
    await send('idea.adopted', 'u2', { product: 'desk' });
    const lamp = (await item('lamp'))?.item;
    expect(lamp?.credits?.map((c) => [c.user, c.as, c.name])).toEqual([
      ['u1', 'naming', '小林'],
      ['u1', 'honour-wall', '小林'],
      ['u2', 'naming', null],
      ['u2', 'honour-wall', null],
    ]);
    expect(await honourWall(store, 'naming')).toEqual([
      { user: 'u2', credits: 2 },
      { user: 'u1', credits: 1 },
    ]);
    expect((await engine.getUser('u1'))?.counts['community.contribution.credited']).toBe(2);
    expect((await engine.getUser('u2'))?.counts['community.contribution.credited']).toBe(4);
    expect((await store.getDocument('entity:item:lamp')) as UserState).toMatchObject({
      attributes: { threeCredits: true },
    });
    await engine.tick(Date.parse('2026-05-31T16:00:00Z'));
    const digest = (await store.listMessages({ userId: 'u2' })).filter(
      (m) => m.topic === 'community.digest.credits',
    );
    expect(digest.map((m) => m.body)).toEqual(['4 credits']);
  });

  it('moves a forgotten user on the honour wall to their pseudonym, with the same count', async () => {
    await send('product.drafted', 'staff', { product: 'lamp' });
    await send('product.drafted', 'staff', { product: 'desk' });
    for (const [user, product] of [
      ['u1', 'lamp'],
      ['u1', 'desk'],
      ['u2', 'lamp'],
    ]) {
      await send('idea.adopted', user as string, { product });
    }
    const { pseudonym } = await engine.forgetUser('u1');
    const wall = await honourWall(store, 'naming');
    expect(wall).toEqual([
      { user: pseudonym, credits: 2 },
      { user: 'u2', credits: 1 },
    ]);
    expect(await honourWall(store, 'honour-wall')).toEqual(wall);
    await engine.forgetUser('u1');
    expect(await honourWall(store, 'naming')).toEqual(wall);
  });

  it('skips a credit that names no item, and notes one on an item that does not exist', async () => {
    const none = await send('idea.adopted', 'u1', {});
    expect(none.effects.map((e) => e.report.status)).toEqual(['skipped', 'skipped']);
    await send('idea.adopted', 'u1', { product: 'ghost' });
    expect(await item('ghost')).toBeUndefined();
    expect(await honourWall(store, 'naming')).toEqual([]);
  });

  it('keeps at most the limit, and forgets a user by pseudonym without their name', () => {
    const base: ItemState = {
      id: 'x',
      kind: 'k',
      ownerId: 'o',
      createdAt: 0,
      group: null,
      track: null,
      stage: null,
      stageSince: null,
      reviews: [],
    };
    const one = addCredit(base, { user: 'a', as: 'naming', name: 'A', at: 1 }, 1) as ItemState;
    expect(addCredit(one, { user: 'b', as: 'naming', name: 'B', at: 2 }, 1)).toBeNull();
    const doc = { slices: { community: { item: one } } };
    const scrubbed = forgetPlan('a', 'anon-1').scrub('entity:item:x', doc) as typeof doc;
    expect(scrubbed.slices.community.item.credits).toEqual([
      { user: 'anon-1', as: 'naming', name: null, at: 1 },
    ]);
  });
});
