import { isEngageLoopError } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, NEED_TRANSITIONS } from './transitions';
import { NEED_STATUSES } from './types';

describe('need transitions', () => {
  it('allows the documented loop and nothing out of closed', () => {
    expect(canTransition('captured', 'acknowledged')).toBe(true);
    expect(canTransition('acknowledged', 'planned')).toBe(true);
    expect(canTransition('planned', 'in-progress')).toBe(true);
    expect(canTransition('in-progress', 'adopted')).toBe(true);
    expect(canTransition('adopted', 'closed')).toBe(true);
    expect(canTransition('captured', 'adopted')).toBe(false);
    expect(canTransition('in-progress', 'duplicate')).toBe(false);
    expect(NEED_TRANSITIONS.closed).toEqual([]);
  });

  it('every status is reachable from captured and every path can end in closed', () => {
    const reach = new Set(['captured']);
    for (let i = 0; i < NEED_STATUSES.length; i++)
      for (const s of [...reach]) for (const t of NEED_TRANSITIONS[s as 'captured']) reach.add(t);
    expect([...reach].sort()).toEqual([...NEED_STATUSES].sort());
    for (const s of NEED_STATUSES) {
      if (s === 'closed') continue;
      expect(NEED_TRANSITIONS[s].length).toBeGreaterThan(0);
    }
  });

  it('throws NEED_TRANSITION_ILLEGAL naming the allowed moves', () => {
    try {
      assertTransition('n1', 'captured', 'closed');
      expect.unreachable();
    } catch (error) {
      expect(isEngageLoopError(error) && error.code).toBe('NEED_TRANSITION_ILLEGAL');
      expect(isEngageLoopError(error) && error.data).toMatchObject({
        from: 'captured',
        allowed: ['acknowledged', 'duplicate'],
      });
    }
  });
});
