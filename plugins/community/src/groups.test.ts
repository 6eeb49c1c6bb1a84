import { describe, expect, it } from 'vitest';
import { checkIn, createGroup, join, leave, roleIn, setRole } from './groups';
import type { GroupKindSettings } from './settings';
import type { GroupState } from './types';

const TEAM: GroupKindSettings = { min: 3, max: 5 };
const team = (...more: string[]): GroupState => {
  let g = createGroup('g1', 'team', TEAM, 'owner', 'owner', 0);
  for (const u of more) g = join(g, TEAM, u, 0) as GroupState;
  return g;
};

describe('membership', () => {
  it('refuses a join beyond max, twice, or after a group buy closed', () => {
    const full = team('a', 'b', 'c', 'd');
    expect(full.members).toHaveLength(5);
    expect(join(full, TEAM, 'e', 0)).toBe('full');
    expect(join(full, TEAM, 'a', 0)).toBe('already-member');
    const buy = createGroup('b1', 'buy', { min: 1, max: 10, buy: { target: 2, hours: 1 } }, 'l', 'leader', 0);
    expect(buy.buy).toEqual({ status: 'open', deadline: 3_600_000 });
    expect(join({ ...buy, buy: { status: 'completed', deadline: 1 } }, TEAM, 'x', 0)).toBe('closed');
  });

  it('hands ownership on when the owner leaves, leaders first', () => {
    const g = setRole(team('a', 'b'), 'owner', 'b', 'leader') as GroupState;
    const after = leave(g, 'owner') as GroupState;
    expect(roleIn(after, 'b')).toBe('owner');
    expect(roleIn(after, 'a')).toBe('member');
    expect(leave(after, 'nobody')).toBeNull();
  });

  it('lets only an owner or leader set roles, and only an owner make owners', () => {
    const g = team('a', 'b');
    expect(setRole(g, 'a', 'b', 'tutor')).toBeNull();
    const led = setRole(g, 'owner', 'a', 'leader') as GroupState;
    expect(setRole(led, 'a', 'b', 'tutor')).not.toBeNull();
    expect(setRole(led, 'a', 'b', 'owner')).toBeNull();
    expect(setRole(led, 'owner', 'stranger', 'tutor')).toBeNull();
  });
});

describe('shared streak', () => {
  it('completes a day when every member checked in, and restarts after a missed day', () => {
    let g = team('a', 'b');
    const day = (d: number, ...users: string[]) => {
      let completed = false;
      for (const u of users) ({ group: g, completed } = checkIn(g, TEAM, u, d));
      return completed;
    };
    expect(day(100, 'owner', 'a')).toBe(false);
    expect(day(100, 'b')).toBe(true);
    expect(day(100, 'b')).toBe(false);
    expect(day(101, 'owner', 'a', 'b')).toBe(true);
    expect(g.streak.length).toBe(2);
    expect(day(103, 'owner', 'a', 'b')).toBe(true);
    expect(g.streak).toMatchObject({ length: 1, best: 2 });
    expect(checkIn(g, TEAM, 'stranger', 104).completed).toBe(false);
  });

  it('never completes a day below the minimum size', () => {
    const small = createGroup('g2', 'team', TEAM, 'owner', 'owner', 0);
    expect(checkIn(small, TEAM, 'owner', 1).completed).toBe(false);
  });
});
