import { type CommunitySlice, honourWall } from '@engageloop/community';
import type { UserState } from '@engageloop/core';
import { balanceOf } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { communityProgramme, DAY, envelopes, HOUR, iso } from './support/community-programme';
import { type Envelope, snapshot } from './support/snapshot';

// docs/examples/co-creation-workshop.json end to end: trial applications; suggestions screened, then adopted
// (the "co-creator" title, a lifetime free trial, a year of priority purchase) or declined; the adopted one
// ships as a co-created product carrying the user's nickname (a naming credit on the item and the honour
// wall); perks read as facts on later trials and pre-sales, and lapse; the monthly digest at local midnight
// in Shanghai; a replay of the whole stream changes nothing.
const T0 = Date.parse('2026-06-01T02:00:00Z'); // 10:00 on 1 June in Shanghai
const JUNE_ENDS = Date.parse('2026-06-30T16:00:00Z'); // 1 July 00:00 in Shanghai

function stream(): Envelope[] {
  const ev = envelopes();
  return [
    ev('profile.updated', 'u1', T0, { name: '小林' }),
    ev('trial.applied', 'u1', T0, { productId: 'lamp' }),
    ev('suggestion.submitted', 'u1', T0 + HOUR, { suggestionId: 's1', productId: 'lamp' }),
    ev('suggestion.submitted', 'u2', T0 + HOUR, { suggestionId: 's2', productId: 'lamp' }),
    ev('suggestion.submitted', 'u2', T0 + HOUR, { suggestionId: 's3', productId: 'desk' }),
    ev('suggestion.screening', 'staff', T0 + DAY, { item: 's1' }),
    ev('suggestion.screening', 'staff', T0 + DAY, { item: 's2' }),
    ev('suggestion.screening', 'staff', T0 + DAY, { item: 's3' }),
    ev('suggestion.adopted', 'staff', T0 + 3 * DAY, { item: 's1' }),
    ev('suggestion.declined', 'staff', T0 + 3 * DAY, { item: 's2' }),
    ev('suggestion.declined', 'staff', T0 + 3 * DAY, { item: 's1' }), // refused by the track: stays adopted
    ev('trial.applied', 'u1', T0 + 4 * DAY, { productId: 'kettle' }),
    ev('trial.applied', 'u2', T0 + 4 * DAY, { productId: 'kettle' }),
    ev('presale.opened', 'u1', T0 + 5 * DAY, { productId: 'lamp-2' }),
    ev('presale.opened', 'u2', T0 + 5 * DAY, { productId: 'lamp-2' }),
    ev('product.launched', 'staff', T0 + 20 * DAY, { item: 's1' }),
  ];
}

describe('programme: co-creation workshop (docs/examples/co-creation-workshop.json)', () => {
  it('trials, adopted suggestions with title, perks and naming credit, the monthly digest, and a replay', async () => {
    const { engine, store, clock, user, topics, run } = communityProgramme('co-creation-workshop', T0);
    const events = stream();
    await run(events);
    const item = async (id: string) =>
      ((await store.getDocument(`entity:item:${id}`)) as UserState).slices.community as CommunitySlice;

    expect(await topics('u1')).toEqual([
      'trial-received',
      'suggestion-received',
      'suggestion-adopted',
      'trial-granted',
      'priority-purchase',
      'product-shipped',
    ]);
    expect(await topics('u2')).toEqual([
      'suggestion-received',
      'suggestion-received',
      'suggestion-declined',
      'trial-received',
    ]);
    const u1 = await user('u1');
    expect(Object.keys(u1.slices.incentives as object)).toContain('badges');
    expect((u1.slices.incentives as { badges: Record<string, unknown> }).badges).toEqual({
      'first-suggestion': { level: 1, at: T0 + HOUR },
      'co-creator': { level: 1, at: T0 + 3 * DAY },
      'lifetime-free-trial': { level: 1, at: T0 + 3 * DAY },
      'priority-purchase': { level: 1, at: T0 + 3 * DAY, until: T0 + 368 * DAY },
    });
    expect(balanceOf(u1, 'points', T0 + 30 * DAY).available).toBe(60);
    expect(balanceOf(u1, 'free-trials', T0 + 30 * DAY).available).toBe(1);
    expect(balanceOf(await user('u2'), 'free-trials', T0 + 30 * DAY).available).toBe(0);

    // The co-created product carries the nickname; the honour wall of naming credits lists the user.
    expect((await item('s1')).item).toMatchObject({
      stage: 'shipped',
      credits: [{ user: 'u1', as: 'naming', name: '小林' }],
    });
    expect((await item('s2')).item?.stage).toBe('declined');
    expect(await honourWall(store, 'naming')).toEqual([{ user: 'u1', credits: 1 }]);

    // Screening s3 for more than two weeks: its deadline fired (by tick) on the item.
    expect(((await store.getDocument('entity:item:s3')) as UserState).attributes).toMatchObject({
      screeningOverdue: true,
    });

    // The digest: adopted + credited = 2, one message at midnight on 30 June in Shanghai, not before, never twice.
    await engine.tick(JUNE_ENDS - 1000);
    expect((await topics('u1')).filter((t) => t.startsWith('community.digest'))).toEqual([]);
    await engine.tick(JUNE_ENDS);
    await engine.tick(JUNE_ENDS + HOUR);
    const digests = (await store.listMessages({ userId: 'u1' })).filter((m) =>
      m.topic.startsWith('community.digest'),
    );
    expect(digests.map((m) => m.body)).toEqual([
      '本月你的建议有 2 次被采纳或署名，感谢你和我们一起打磨产品！',
    ]);
    expect((await topics('u2')).filter((t) => t.startsWith('community.digest'))).toEqual([]);

    // A replay of the whole stream: all duplicates, the same state, no new message.
    const before = await snapshot(store);
    const again = await engine.dispatchBatch(events);
    expect(again.every((o) => o.status === 'duplicate')).toBe(true);
    await engine.tick(JUNE_ENDS + HOUR);
    expect(await snapshot(store)).toEqual(before);

    // A year on, priority purchase has lapsed; the lifetime free trial and the title have not.
    const later = T0 + 400 * DAY;
    clock.set(later);
    await engine.dispatchBatch([
      {
        id: 'late-presale',
        type: 'presale.opened',
        userId: 'u1',
        at: iso(later),
        payload: { productId: 'x' },
      },
      { id: 'late-trial', type: 'trial.applied', userId: 'u1', at: iso(later), payload: { productId: 'x' } },
    ]);
    expect((await topics('u1')).slice(-1)).toEqual(['trial-granted']);
    expect((await topics('u1')).filter((t) => t === 'priority-purchase')).toHaveLength(1);
    await engine.close();
  });
});
