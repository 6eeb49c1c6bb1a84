import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import type { TierSettings } from '../settings-types';
import { levelFor, reviewTier } from './tiers';

const DAY = 86_400_000;
const tiers: TierSettings = defaultSettings.tiers; // basic 0, advanced 200, core 1000; grace 30, warn 7

describe('reviewTier', () => {
  it('starts a new user in the tier their score supports', () => {
    expect(reviewTier(null, 0, 0, tiers)).toEqual({ state: { id: 'basic', since: 0 }, reviewAt: null });
    expect(reviewTier(null, 250, 0, tiers).changed).toEqual({
      from: null,
      to: 'advanced',
      direction: 'initial',
    });
    expect(levelFor(tiers.levels, 5000)).toBe(2);
  });

  it('upgrades immediately, possibly by several tiers', () => {
    const r = reviewTier({ id: 'basic', since: 0 }, 1200, DAY, tiers);
    expect(r.state).toEqual({ id: 'core', since: DAY });
    expect(r.changed?.direction).toBe('up');
  });

  it('downgrades only after the grace period, with a warning ahead', () => {
    let state = { id: 'core', since: 0 };
    const first = reviewTier(state, 500, 10 * DAY, tiers);
    expect(first.state).toMatchObject({ id: 'core', belowSince: 10 * DAY, downgradeAt: 40 * DAY });
    expect(first.reviewAt).toBe(33 * DAY);
    expect(first.changed).toBeUndefined();
    state = first.state;
    const warn = reviewTier(state, 500, 33 * DAY, tiers);
    expect(warn.warning).toEqual({ tier: 'core', to: 'advanced', downgradeAt: 40 * DAY });
    expect(warn.reviewAt).toBe(40 * DAY);
    const again = reviewTier(warn.state, 500, 35 * DAY, tiers);
    expect(again.warning).toBeUndefined();
    const down = reviewTier(again.state, 500, 40 * DAY, tiers);
    expect(down.changed).toEqual({ from: 'core', to: 'advanced', direction: 'down' });
    expect(down.state).toEqual({ id: 'advanced', since: 40 * DAY });
  });

  it('one-tier mode steps down once per grace period; to-score goes straight down', () => {
    const pending = { id: 'core', since: 0, belowSince: 0, downgradeAt: 30 * DAY, warned: true };
    const oneTier = reviewTier(pending, 0, 30 * DAY, tiers);
    expect(oneTier.state).toMatchObject({ id: 'advanced', belowSince: 30 * DAY, downgradeAt: 60 * DAY });
    const toScore = reviewTier(pending, 0, 30 * DAY, {
      ...tiers,
      downgrade: { ...tiers.downgrade, mode: 'to-score' },
    });
    expect(toScore.state).toEqual({ id: 'basic', since: 30 * DAY });
  });

  it('a score back above the threshold cancels the pending downgrade', () => {
    const pending = { id: 'core', since: 0, belowSince: 0, downgradeAt: 30 * DAY };
    const r = reviewTier(pending, 1000, 20 * DAY, tiers);
    expect(r.state).toEqual({ id: 'core', since: 0 });
    expect(r.reviewAt).toBeNull();
  });
});
