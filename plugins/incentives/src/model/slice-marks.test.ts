import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactLedger, type ScoreWindow } from '../ledger/compact';
import { storedFolded } from '../ledger/recent-awards';
import { defaultSettings } from '../settings';
import type { Contribution, IncentivesState, OpeningBalance, StoredEntry } from '../types';
import { pruneUsage } from './caps';
import { trimRecent } from './contributions';
import { keptAfterAppends, keptAt, markKept, markQuiet, quietAt, usagePruned } from './slice-marks';
import { initialState, sliceWith } from './state';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const WINDOW: ScoreWindow = { wallet: 'points', windowMs: 90 * DAY };

const award = (at: number, i: number, wallet = 'points'): StoredEntry => ({
  kind: 'award',
  eventId: `e${i}`,
  ruleId: 'r',
  wallet,
  amount: 5,
  at,
});

const contribution = (at: number, i: number): Contribution => ({
  eventId: `c${i}`,
  at,
  actions: ['review'],
  distinct: [],
  badges: [],
  milestones: [],
});

/** A slice with awards, folded awards and contributions at these day offsets. */
function slice(entryDays: number[], foldedDays: number[], contributionDays: number[]): IncentivesState {
  const folded = storedFolded(
    [...foldedDays].sort((a, b) => a - b).map((d): [number, number] => [T0 + d * DAY, 3]),
  );
  const opening: Record<string, OpeningBalance> =
    foldedDays.length === 0
      ? {}
      : { points: { lots: [], deficit: 0, expired: 0, earned: 0, recent: folded } };
  return sliceWith(initialState(), {
    entries: entryDays.map((d, i) => award(T0 + d * DAY, i)),
    opening,
    recent: contributionDays.map((d, i) => contribution(T0 + d * DAY, i)),
  });
}

/** What `housekeep` (hooks) runs when the slice is not known to be kept. */
const housekept = (state: IncentivesState, requested: number) =>
  trimRecent(pruneUsage(compactLedger(state, requested, WINDOW), defaultSettings.caps), requested);

describe('slice marks', () => {
  it('a kept mark holds only while housekeeping would change nothing', () => {
    const days = fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 6 });
    fc.assert(
      fc.property(days, days, days, fc.integer({ min: -100, max: 300 }), (entries, folded, recent, at) => {
        const state = slice(entries, folded, recent);
        markKept(state, defaultSettings, WINDOW);
        const requested = T0 + at * DAY;
        if (keptAt(state, defaultSettings, requested)) expect(housekept(state, requested)).toBe(state);
        // Other settings: not known.
        expect(keptAt(state, { ...defaultSettings }, requested)).toBe(false);
      }),
    );
  });

  it('a mark carried over appends holds only while housekeeping would change nothing, as a fresh one would', () => {
    const days = fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 6 });
    fc.assert(
      fc.property(
        days,
        days,
        days,
        days,
        fc.integer({ min: -100, max: 300 }),
        (entries, folded, recent, added, at) => {
          const loaded = slice(entries, folded, recent);
          markKept(loaded, defaultSettings, WINDOW);
          const appended = [...loaded.entries, ...added.map((d, i) => award(T0 + d * DAY, 100 + i))];
          const state = sliceWith(loaded, { entries: appended });
          const requested = T0 + at * DAY;
          const fresh = sliceWith(state, {});
          markKept(fresh, defaultSettings, WINDOW);
          if (keptAfterAppends(state, loaded, defaultSettings, requested)) {
            expect(housekept(state, requested)).toBe(state);
            expect(keptAt(fresh, defaultSettings, requested)).toBe(true);
            // The carried mark holds no later than a fresh one.
            for (const d of [at, ...entries, ...folded, ...recent, ...added].map((x) => T0 + x * DAY))
              if (keptAt(state, defaultSettings, d)) expect(keptAt(fresh, defaultSettings, d)).toBe(true);
          } else expect(keptAt(state, defaultSettings, requested)).toBe(false);
          expect(keptAfterAppends(state, loaded, { ...defaultSettings }, requested)).toBe(false);
          expect(keptAfterAppends(state, undefined, defaultSettings, requested)).toBe(false);
        },
      ),
    );
  });

  it('carries no mark over a slice whose checkpoints, usage or contributions changed, or whose entries are not appended', () => {
    const loaded = slice([10, 12], [], [11]);
    markKept(loaded, defaultSettings, WINDOW);
    const at = T0 + 5 * DAY;
    expect(
      keptAfterAppends(sliceWith(loaded, { entries: [...loaded.entries] }), loaded, defaultSettings, at),
    ).toBe(true);
    expect(keptAfterAppends(sliceWith(loaded, { usage: {} }), loaded, defaultSettings, at)).toBe(false);
    expect(keptAfterAppends(sliceWith(loaded, { opening: {} }), loaded, defaultSettings, at)).toBe(false);
    expect(keptAfterAppends(sliceWith(loaded, { recent: [] }), loaded, defaultSettings, at)).toBe(false);
    const dropped = sliceWith(loaded, { entries: loaded.entries.slice(1) });
    expect(keptAfterAppends(dropped, loaded, defaultSettings, at)).toBe(false);
    const early = sliceWith(loaded, { entries: [...loaded.entries, award(T0 + 4 * DAY, 9)] });
    expect(keptAfterAppends(early, loaded, defaultSettings, at)).toBe(false);
  });

  it('marks nothing a spread, JSON or a frozen slice shows', () => {
    const state = slice([10], [5], [10]);
    markKept(state, defaultSettings, WINDOW);
    markQuiet(state, defaultSettings.tiers, T0);
    expect(keptAt(state, defaultSettings, T0)).toBe(true);
    expect(quietAt(state, defaultSettings.tiers, T0)).toBe(true);
    expect(JSON.stringify(state)).toBe(JSON.stringify(slice([10], [5], [10])));
    expect(Object.getOwnPropertySymbols({ ...state })).toEqual([]);
    expect(quietAt(state, defaultSettings.tiers, T0 - 1)).toBe(false);
    expect(quietAt(sliceWith(state, {}), defaultSettings.tiers, T0)).toBe(false);
    expect(usagePruned(state, defaultSettings)).toBe(true);
    expect(usagePruned(state, { ...defaultSettings })).toBe(false);
    const frozen = Object.freeze(slice([10], [], []));
    markKept(frozen, defaultSettings, WINDOW);
    markQuiet(frozen, defaultSettings.tiers, T0);
    expect(keptAt(frozen, defaultSettings, T0)).toBe(false);
    expect(quietAt(frozen, defaultSettings.tiers, T0)).toBe(false);
  });

  it('marks a slice again (a store that does not freeze hands the same object to the next dispatch)', () => {
    const state = slice([10], [], []);
    markKept(state, defaultSettings, WINDOW);
    markQuiet(state, defaultSettings.tiers, T0);
    expect(keptAt(state, defaultSettings, T0 + 9 * DAY)).toBe(true);
    const other = { ...defaultSettings };
    markKept(state, other, WINDOW);
    markQuiet(state, other.tiers, T0);
    expect(keptAt(state, other, T0 + 9 * DAY)).toBe(true);
    expect(keptAt(state, defaultSettings, T0 + 9 * DAY)).toBe(false);
    expect(Object.keys(state)).toEqual(Object.keys(slice([10], [], [])));
  });

  it("a slice marked after the loaded one holds its own time, whatever the loaded one's mark", () => {
    const loaded = slice([10], [], []);
    markKept(loaded, defaultSettings, WINDOW);
    const same = sliceWith(loaded, {});
    markKept(same, defaultSettings, WINDOW);
    expect(keptAt(same, defaultSettings, T0 + 9 * DAY)).toBe(true);
    expect(keptAt(same, defaultSettings, T0 + 10 * DAY)).toBe(false);
    const earlier = slice([3, 10], [], []);
    markKept(earlier, defaultSettings, WINDOW);
    expect(keptAt(earlier, defaultSettings, T0 + 2 * DAY)).toBe(true);
    expect(keptAt(earlier, defaultSettings, T0 + 3 * DAY)).toBe(false);
    const other = { ...defaultSettings };
    const elsewhere = sliceWith(loaded, {});
    markKept(elsewhere, other, WINDOW);
    expect(keptAt(elsewhere, other, T0 + 9 * DAY)).toBe(true);
    expect(keptAt(elsewhere, defaultSettings, T0 + 9 * DAY)).toBe(false);
  });

  it('keeps no mark while another wallet holds folded awards (they go at once)', () => {
    const state = sliceWith(initialState(), {
      opening: { coins: { lots: [], deficit: 0, expired: 0, earned: 0, recent: storedFolded([[T0, 1]]) } },
    });
    markKept(state, defaultSettings, WINDOW);
    expect(keptAt(state, defaultSettings, T0 - DAY)).toBe(false);
    expect(housekept(state, T0 - DAY)).not.toBe(state);
  });
  it('a mark is seen by nothing but the marks: not JSON, keys, spreads, equality or a copy', () => {
    const state = slice([1, 2], [], [3]);
    const plain = slice([1, 2], [], [3]);
    markKept(state, defaultSettings, WINDOW);
    markQuiet(state, defaultSettings.tiers, T0);
    expect(keptAt(state, defaultSettings, T0)).toBe(true);
    expect(quietAt(state, defaultSettings.tiers, T0)).toBe(true);
    expect(JSON.stringify(state)).toBe(JSON.stringify(plain));
    expect(Reflect.ownKeys(state)).toEqual(Reflect.ownKeys(plain));
    expect(Object.getOwnPropertyDescriptors(state)).toEqual(Object.getOwnPropertyDescriptors(plain));
    expect(state).toStrictEqual(plain);
    for (const copy of [{ ...state }, sliceWith(state, {}), structuredClone(state)]) {
      expect(keptAt(copy, defaultSettings, T0)).toBe(false);
      expect(quietAt(copy, defaultSettings.tiers, T0)).toBe(false);
    }
    // A frozen slice is not marked (its facts are computed as before).
    const frozen = Object.freeze(slice([1, 2], [], [3]));
    markKept(frozen, defaultSettings, WINDOW);
    expect(keptAt(frozen, defaultSettings, T0)).toBe(false);
  });
});
