import { describe, expect, it } from 'vitest';
import { rate, react, reactionOf, receiveRating, userPart } from './user-state';

const fresh = () => userPart({});

describe('react', () => {
  it('counts one like per user and item, and a withdrawal once', () => {
    const liked = react(fresh(), 'p1', 'like', { kind: 'like' }, 10);
    expect(liked?.bumps).toEqual([{ reaction: 'like', delta: 1 }]);
    expect(react(liked!.user, 'p1', 'like', { kind: 'like' }, 10)).toBeNull();
    const unliked = react(liked!.user, 'p1', 'like', null, 10);
    expect(unliked?.bumps).toEqual([{ reaction: 'like', delta: -1 }]);
    expect(react(unliked!.user, 'p1', 'like', null, 10)).toBeNull();
  });

  it('moves a vote to another option, and keeps a like and a vote apart', () => {
    const yes = react(fresh(), 'p1', 'vote', { kind: 'vote', option: 'yes' }, 10)!;
    const liked = react(yes.user, 'p1', 'like', { kind: 'like' }, 10)!;
    expect(reactionOf(liked.user, 'p1', 'vote')).toEqual({ kind: 'vote', option: 'yes' });
    const no = react(liked.user, 'p1', 'vote', { kind: 'vote', option: 'no' }, 10)!;
    expect(no.bumps).toEqual([
      { reaction: 'vote:yes', delta: -1 },
      { reaction: 'vote:no', delta: 1 },
    ]);
    expect(reactionOf(no.user, 'p1', 'like')).toEqual({ kind: 'like' });
  });

  it('forgets the oldest reactions past the limit', () => {
    let user = fresh();
    for (const id of ['a', 'b', 'c', 'd']) user = react(user, id, 'like', { kind: 'like' }, 3)!.user;
    expect(Object.keys(user.reacted)).toEqual(['like|b', 'like|c', 'like|d']);
  });

  it('treats __proto__ as a plain item id', () => {
    const liked = react(fresh(), '__proto__', 'like', { kind: 'like' }, 10)!;
    expect(reactionOf(liked.user, '__proto__', 'like')).toEqual({ kind: 'like' });
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });
});

describe('ratings', () => {
  it('rates a user once per item and averages what a user received', () => {
    const once = rate(fresh(), 'help-1', 'u2', 10)!;
    expect(rate(once, 'help-1', 'u2', 10)).toBeNull();
    expect(rate(once, 'help-2', 'u2', 10)).not.toBeNull();
    const received = receiveRating(receiveRating(fresh(), 5), 3);
    expect(received.ratings).toEqual({ count: 2, sum: 8 });
  });
});
