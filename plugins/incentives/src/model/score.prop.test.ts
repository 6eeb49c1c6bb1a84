import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import type { LedgerEntry } from '../types';
import { nextScoreDrop, pointsDropNetted } from './score';
import { initialState } from './state';

const DAY = 86_400_000;
const specArb = fc.record({
  day: fc.integer({ min: 0, max: 200 }),
  amount: fc.integer({ min: 1, max: 300 }),
  gems: fc.boolean(),
  kind: fc.constantFrom('award', 'award', 'award', 'convert', 'revoke'),
  reverses: fc.nat(),
});

/** A ledger with unique ids, in any time order, with conversions and reversals of earlier awards. */
function ledger(
  specs: Array<{ day: number; amount: number; gems: boolean; kind: string; reverses: number }>,
): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  specs.forEach((s, i) => {
    const wallet = s.gems ? 'gems' : 'points';
    const base = { id: `e${i}`, eventId: `v${i}`, ruleId: 'r', wallet, reason: '', at: s.day * DAY };
    const awards = entries.filter((e) => e.kind === 'award');
    if (s.kind === 'revoke' && awards.length > 0) {
      const original = awards[s.reverses % awards.length]!;
      entries.push({
        ...base,
        kind: 'revoke',
        wallet: original.wallet,
        amount: -original.amount,
        reverses: original.id,
      });
    } else if (s.kind === 'convert') entries.push({ ...base, kind: 'convert', amount: -s.amount });
    else entries.push({ ...base, kind: 'award', amount: s.amount / 4 });
  });
  return entries;
}

describe('score drop', () => {
  it('reading a ledger in place gives what netting and sorting it gives', () => {
    const tiers = defaultSettings.tiers;
    fc.assert(
      fc.property(
        fc.array(specArb, { maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 260 }),
        fc.integer({ min: 0, max: 2000 }),
        (specs, sorted, day, threshold) => {
          const entries = ledger(specs);
          if (sorted) entries.sort((a, b) => a.at - b.at);
          const state = { ...initialState(), entries };
          const t = day * DAY;
          expect(nextScoreDrop(state, tiers, t, 'UTC', threshold)).toBe(
            pointsDropNetted(state, 'points', t, tiers.score.windowDays * DAY, threshold),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
