import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import type { TierSettings } from '../settings-types';
import type { TierState } from '../types';
import { reviewTier } from './tiers';

const DAY = 86_400_000;
const settingsArb = fc.record({
  mode: fc.constantFrom<'one-tier' | 'to-score'>('one-tier', 'to-score'),
  graceDays: fc.integer({ min: 0, max: 40 }),
  warnDays: fc.integer({ min: 0, max: 10 }),
});
const historyArb = fc.array(
  fc.record({ gapH: fc.integer({ min: 0, max: 24 * 20 }), score: fc.integer({ min: 0, max: 1500 }) }),
  {
    maxLength: 60,
  },
);

function run(settings: TierSettings, history: Array<{ gapH: number; score: number }>) {
  let state: TierState | null = null;
  let t = 0;
  const log: Array<{
    t: number;
    score: number;
    tier: string;
    changed?: { from: string | null; to: string; direction: string };
    warned: boolean;
  }> = [];
  for (const h of history) {
    t += h.gapH * 3_600_000;
    const review = reviewTier(state, h.score, t, settings);
    state = review.state;
    log.push({
      t,
      score: h.score,
      tier: state.id,
      changed: review.changed,
      warned: review.warning !== undefined,
    });
  }
  return log;
}

describe('tier properties', () => {
  it('the tier is a function of the score history', () => {
    fc.assert(
      fc.property(settingsArb, historyArb, (d, history) => {
        const settings = { ...defaultSettings.tiers, downgrade: d };
        expect(run(settings, history)).toEqual(run(settings, history));
      }),
    );
  });

  it('never downgrades inside the grace period; upgrades at once', () => {
    fc.assert(
      fc.property(settingsArb, historyArb, (d, history) => {
        const settings = { ...defaultSettings.tiers, downgrade: d };
        const min = (id: string) => settings.levels.find((l) => l.id === id)!.minScore;
        const rank = (id: string) => settings.levels.findIndex((l) => l.id === id);
        const log = run(settings, history);
        log.forEach((entry, i) => {
          const prev = log[i - 1];
          if (entry.changed?.direction === 'down' && prev) {
            const from = entry.changed.from!;
            // The score stayed below the tier being left, at every review, for at least the grace period.
            let k = i;
            while (k > 0 && log[k - 1]!.tier === from && log[k - 1]!.score < min(from)) k--;
            expect(entry.t - log[k]!.t).toBeGreaterThanOrEqual(d.graceDays * DAY);
          }
          // The tier never sits below what the score supports.
          const supported = settings.levels.reduce((best, l, j) => (entry.score >= l.minScore ? j : best), 0);
          expect(rank(entry.tier)).toBeGreaterThanOrEqual(supported);
        });
      }),
      { numRuns: 300 },
    );
  });
});
