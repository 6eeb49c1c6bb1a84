import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '../event/types';
import { definePlugin } from '../plugin/define-plugin';
import { forgottenUserId } from '../store/keys';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { tally } from './__fixtures__/tally-plugin';
import { tallyPolicy } from './__fixtures__/tally-policy';
import { createEngine } from './create-engine';

const KEY = 'sixteen+ bytes of secret';
const review: LoopEvent = {
  id: 'e1',
  type: 'review.submitted',
  userId: 'ann@example.com',
  at: '2026-03-01T09:00:00Z',
  payload: { rating: 5 },
};

/** A plugin keeping shared `note:` documents that name their author. */
const notes = (scrub: (value: { by: string; text: string }) => unknown) =>
  definePlugin({
    name: 'notes',
    version: '1.0.0',
    hooks: {
      forgetUser: ({ userId }) => ({
        documents: ['note:'],
        scrub: (_key, value) => ((value as { by: string }).by === userId ? scrub(value as never) : undefined),
      }),
    },
  });

function setup(
  plugin = notes((value) => ({ ...value, by: 'gone', text: '' })),
  privacy: { pseudonymKey?: unknown } = { pseudonymKey: KEY },
) {
  const store = createMemoryStore({
    documents: [
      ['note:1', { by: 'ann@example.com', text: 'call me' }],
      ['note:2', { by: 'bob', text: 'hello' }],
    ],
  });
  const engine = createEngine({
    plugins: [tally(), plugin],
    policy: tallyPolicy,
    store,
    clock: createManualClock('2026-03-01T09:00:00Z'),
    privacy: privacy as { pseudonymKey?: string },
  });
  return { engine, store };
}

describe('engine.forgetUser', () => {
  it("runs the plugins' plans, then the store's erasure, and reports the pseudonym", async () => {
    const { engine, store } = setup();
    await engine.dispatch(review);
    const report = await engine.forgetUser('ann@example.com');
    expect(report).toEqual({ pseudonym: forgottenUserId('ann@example.com', KEY), documents: 1 });
    expect(await store.getDocument('note:1')).toEqual({ by: 'gone', text: '' });
    expect(await store.getDocument('note:2')).toEqual({ by: 'bob', text: 'hello' });
    expect(await engine.getUser('ann@example.com')).toBeUndefined();
    expect(await engine.forgetUser('ann@example.com')).toMatchObject({ documents: 0 });
  });

  it('deletes a document a plan scrubs to null', async () => {
    const { engine, store } = setup(notes(() => null));
    await engine.forgetUser('ann@example.com');
    expect(await store.getDocument('note:1')).toBeUndefined();
  });

  it('draws a random key when none is given: pseudonyms differ between engines', async () => {
    const a = await setup(undefined, {}).engine.forgetUser('ann@example.com');
    const b = await setup(undefined, {}).engine.forgetUser('ann@example.com');
    expect(a.pseudonym).toMatch(/^forgotten:[0-9a-f]{16}$/);
    expect(a.pseudonym).not.toBe(b.pseudonym);
  });

  it('rejects a short key or a missing user id (PRIVACY_INVALID) and changes nothing', async () => {
    expect(() => setup(undefined, { pseudonymKey: 'short' })).toThrowError(
      expect.objectContaining({ code: 'PRIVACY_INVALID' }),
    );
    expect(() => setup(undefined, { pseudonymKey: 42 })).toThrowError(
      expect.objectContaining({ code: 'PRIVACY_INVALID' }),
    );
    const { engine, store } = setup();
    for (const bad of ['', undefined, 7])
      await expect(engine.forgetUser(bad as string)).rejects.toMatchObject({ code: 'PRIVACY_INVALID' });
    expect(await store.getDocument('note:1')).toEqual({ by: 'ann@example.com', text: 'call me' });
  });

  it('re-codes a throwing plan as PLUGIN_ERROR naming the plugin and hook, before erasing anything', async () => {
    const { engine, store } = setup(
      notes(() => {
        throw new Error('boom');
      }),
    );
    await engine.dispatch(review);
    await expect(engine.forgetUser('ann@example.com')).rejects.toMatchObject({
      code: 'PLUGIN_ERROR',
      plugin: 'notes',
      hook: 'forgetUser',
    });
    expect(await engine.getUser('ann@example.com')).toBeDefined();
    expect(await store.getDocument('note:1')).toEqual({ by: 'ann@example.com', text: 'call me' });
  });
});
