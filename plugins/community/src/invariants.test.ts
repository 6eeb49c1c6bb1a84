import { describe, expect, it } from 'vitest';
import { contestWithinTop, reactionsCountOnce } from './invariants';

const closed = (period: string, winners: number) => ({
  name: 'community:contest-closed',
  payload: { contest: 'c', period, winners: Array.from({ length: winners }, (_, i) => ({ rank: i + 1 })) },
});
const reacted = (by: string, reaction: string, delta: number) => ({
  name: 'community:reacted',
  payload: { by, item: 'p1', reaction, delta },
});

describe('invariants', () => {
  const settings = {
    contests: [{ id: 'c', ranks: 'item', counts: 'likes', period: 'month', top: 2 }] as const,
  };

  it('a contest closes a period once with at most its top winners', () => {
    expect(contestWithinTop(settings as never, [closed('m1', 2), closed('m2', 0)])).toBeUndefined();
    expect(contestWithinTop(settings as never, [closed('m1', 3)])).toMatch(/3 winners, top is 2/);
    expect(contestWithinTop(settings as never, [closed('m1', 1), closed('m1', 1)])).toMatch(/twice/);
  });

  it('a like and a vote count once per user and item', () => {
    const ok = [
      reacted('u', 'like', 1),
      reacted('u', 'vote:yes', 1),
      reacted('u', 'vote:yes', -1),
      reacted('u', 'vote:no', 1),
    ];
    expect(reactionsCountOnce(ok)).toBeUndefined();
    expect(reactionsCountOnce([reacted('u', 'like', 1), reacted('u', 'like', 1)])).toMatch(/holds 2 likes/);
    expect(reactionsCountOnce([reacted('u', 'like', -1)])).toMatch(/holds -1/);
  });
});
