import { describe, expect, it } from 'vitest';
import { initialUserState } from './core-plugin';
import type { UserState } from './types';
import { userWith } from './user-with';

const spread = (user: UserState, parts: Partial<UserState>) => ({ ...user, ...parts });

describe('userWith', () => {
  it('gives what a spread gives, keys in the same order, for a user as the engine makes it', () => {
    const user = Object.freeze({ ...initialUserState('u1'), firstSeenAt: '2026-01-01T00:00:00.000Z' });
    const parts = { counts: { 'a.b': 2 }, lastSeenAt: '2026-01-02T00:00:00.000Z', slices: { x: 1 } };
    const next = userWith(user, parts);
    expect(next).toEqual(spread(user, parts));
    expect(Object.keys(next)).toEqual(Object.keys(spread(user, parts)));
    expect(next).not.toBe(user);
    expect(user.counts).toEqual({});
  });

  it('keeps a part set to null, and leaves the other parts the same objects', () => {
    const user = initialUserState('u1');
    const next = userWith(user, { firstSeenAt: null, attributes: { k: 1 } });
    expect(next.firstSeenAt).toBeNull();
    expect(next.attributes).toEqual({ k: 1 });
    expect(next.profile).toBe(user.profile);
    expect(next.slices).toBe(user.slices);
  });

  it('spreads a user with other keys or another key order, keeping them as they are', () => {
    const extra = { ...initialUserState('u1'), note: 'kept' } as UserState;
    const { slices, ...rest } = initialUserState('u2');
    const reordered = { slices, ...rest } as UserState;
    const { counts: _, ...partial } = initialUserState('u3');
    for (const user of [extra, reordered, partial as UserState]) {
      const next = userWith(user, { counts: { t: 1 } });
      expect(next).toEqual(spread(user, { counts: { t: 1 } }));
      expect(Object.keys(next)).toEqual(Object.keys(spread(user, { counts: { t: 1 } })));
    }
  });
});
