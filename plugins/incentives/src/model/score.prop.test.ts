import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appended, INDEX_FROM } from '../ledger/ledger-index';
import { storedFolded } from '../ledger/recent-awards';
import { defaultSettings } from '../settings';
import type { FoldedAwards, LedgerEntry } from '../types';
import { ledgerPass } from './ledger-pass';
import { contributionScore, foldedIn, nextScoreDrop, pointsDropNetted } from './score';
import { initialState } from './state';
import { inputsUpTo } from './tier-inputs';

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

  it('with folded awards in the checkpoint, indexed or not, gives what netting and sorting gives', () => {
    const tiers = defaultSettings.tiers;
    const windowMs = tiers.score.windowDays * DAY;
    fc.assert(
      fc.property(
        fc.array(specArb, { maxLength: INDEX_FROM + 16, size: 'max' }),
        fc.boolean(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: -40, max: 300 })), {
          maxLength: 12,
        }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 0, max: 600 }),
        (specs, plain, folded, sorted, indexed, day, threshold) => {
          // Plain awards only: a ledger whose index the score reads (no reversal, no conversion).
          const kinds = plain ? specs.map((spec) => ({ ...spec, kind: 'award' })) : specs;
          let entries = ledger(kinds).map((e) => ({ ...e, at: e.at + 60 * DAY }));
          if (sorted) entries.sort((a, b) => a.at - b.at);
          // Appended one by one, a ledger of INDEX_FROM entries or more carries its index.
          if (indexed) entries = entries.reduce<LedgerEntry[]>((out, e) => appended(out, e), []);
          const recent = folded
            .map(([d, amount]): [number, number] => [d * DAY, amount / 4])
            .sort((a, b) => a[0] - b[0]);
          const t = day * DAY;
          const of = (stored: FoldedAwards) => {
            const opening = { points: { lots: [], deficit: 0, expired: 0, earned: 0, recent: stored } };
            return { ...initialState(), entries, opening };
          };
          const state = of(recent);
          const drop = nextScoreDrop(state, tiers, t, 'UTC', threshold);
          expect(drop).toBe(pointsDropNetted(state, 'points', t, windowMs, threshold));
          const earned = contributionScore({ ...state, opening: {} }, tiers, t, 'UTC');
          const score = contributionScore(state, tiers, t, 'UTC');
          expect(score).toBe(
            foldedIn(state, 'points', t, windowMs).reduce((sum, [, amount]) => sum + amount, earned),
          );
          // The flat layout a checkpoint writes now reads the same as the pairs an earlier version wrote.
          const flat = of(storedFolded(recent));
          expect(flat.opening.points.recent.every((n) => typeof n === 'number')).toBe(true);
          expect(nextScoreDrop(flat, tiers, t, 'UTC', threshold)).toBe(drop);
          expect(contributionScore(flat, tiers, t, 'UTC')).toBe(score);
          expect(foldedIn(flat, 'points', t, windowMs)).toEqual(foldedIn(state, 'points', t, windowMs));
          // A review's one pass (unindexed ledgers only) gives the same score, drop and `inputsUpTo`.
          for (const s of [state, flat]) {
            const pass = ledgerPass(s, tiers, t);
            expect(pass === undefined).toBe(indexed && entries.length >= INDEX_FROM);
            expect(contributionScore(s, tiers, t, 'UTC', pass)).toBe(score);
            expect(nextScoreDrop(s, tiers, t, 'UTC', threshold, pass)).toBe(drop);
            expect(inputsUpTo(s, tiers, t, 'UTC', pass)).toBe(inputsUpTo(s, tiers, t, 'UTC'));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
