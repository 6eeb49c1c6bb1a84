import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextScoreDrop } from '../model/score';
import { initialState } from '../model/state';
import { defaultSettings } from '../settings';
import type { LedgerEntry } from '../types';
import { earnedIn } from './ledger';
import { appended, containsId, hasEntryAtOrBefore, INDEX_FROM } from './ledger-index';

interface Shape {
  kind: LedgerEntry['kind'];
  wallet: string;
  amount: number;
  reverses?: string;
}

const entry = (id: string, at: number, shape?: Shape): LedgerEntry => ({
  id,
  kind: shape?.kind ?? 'award',
  eventId: id.split(':')[0]!,
  ruleId: 'r',
  wallet: shape?.wallet ?? 'points',
  amount: shape?.amount ?? 10,
  reason: 'r',
  at,
  ...(shape?.reverses === undefined ? {} : { reverses: shape.reverses }),
});

const scanHas = (entries: readonly LedgerEntry[], id: string) => entries.some((e) => e.id === id);
const scanAtOrBefore = (entries: readonly LedgerEntry[], t: number) => entries.some((e) => e.at <= t);

// Few ids, so appends repeat ids and look-ups hit as often as they miss.
const idArb = fc.constantFrom(
  'e1:r:points',
  'e2:r:points',
  'e1:r:cash',
  'rev:e1:r:points',
  'e10:r:points',
  '',
);
const atArb = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(Number.NaN));
// Mostly plain awards; sometimes other kinds, wallets, fractions, and reversals (the score then scans).
const shapeArb: fc.Arbitrary<Shape | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('award' as const),
      wallet: fc.constantFrom('points', 'cash'),
      amount: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom(0.1, 0.2, 0.7, -0)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('revoke' as const, 'convert' as const),
      wallet: fc.constantFrom('points', 'cash'),
      amount: fc.integer({ min: -30, max: -1 }),
      reverses: fc.option(idArb, { nil: undefined }),
    }),
  },
);
const windowArb = fc.constantFrom(1, 3, 10, Number.POSITIVE_INFINITY);
const DAY = 86_400_000;
/** Tiers scoring `wallet` over a window of `windowMs` (the ledgers' times are a few ms apart). */
const tiersFor = (wallet: string, windowMs: number) => ({
  ...defaultSettings.tiers,
  score: { source: 'points' as const, wallet, windowDays: windowMs / DAY },
});

describe('ledger index', () => {
  it('answers as a scan (ids, earliest time, points earned, score drop) for every ledger of a branching history', () => {
    fc.assert(
      fc.property(
        // Just short of INDEX_FROM entries, so appends extend both unindexed and indexed ledgers; unique
        // ids and awards only, or not (so both the column and the scan paths of the score run).
        fc.record({
          unique: fc.boolean(),
          awardsOnly: fc.boolean(),
          rows: fc.array(fc.tuple(idArb, atArb, shapeArb), {
            minLength: INDEX_FROM - 4,
            maxLength: INDEX_FROM - 1,
          }),
        }),
        fc.array(fc.record({ from: fc.nat(), id: idArb, at: atArb, shape: shapeArb, freeze: fc.boolean() }), {
          maxLength: 30,
        }),
        fc.array(fc.tuple(idArb, fc.integer({ min: -6, max: 6 }), windowArb), { minLength: 1, maxLength: 8 }),
        (start, steps, probes) => {
          // The first ledger has no index (built elsewhere, or loaded from a store).
          const ledgers: (readonly LedgerEntry[])[] = [
            start.rows.map(([id, at, shape], i) =>
              entry(
                start.unique ? `s${i}:r:points` : id,
                at,
                start.awardsOnly && shape?.kind !== 'award' ? undefined : shape,
              ),
            ),
          ];
          for (const step of steps) {
            const base = ledgers[step.from % ledgers.length]!;
            const added = entry(step.id, step.at, step.shape);
            const next = appended(base, added);
            // The same array as the spread: every element (the same objects), no hole, nothing else.
            const spread = [...base, added];
            expect(next).toStrictEqual(spread);
            expect(Object.keys(next)).toEqual(Object.keys(spread));
            expect(next.every((e, i) => e === spread[i])).toBe(true);
            ledgers.push(step.freeze ? Object.freeze(next) : next);
          }
          for (const ledger of ledgers) {
            // A copy has no index: earnedIn scans it.
            const copy = [...ledger];
            for (const [id, t, window] of probes) {
              expect(containsId(ledger, id)).toBe(scanHas(ledger, id));
              expect(hasEntryAtOrBefore(ledger, t)).toBe(scanAtOrBefore(ledger, t));
              for (const wallet of ['points', 'cash', 'gems']) {
                expect(earnedIn(ledger, wallet, t, window)).toBe(earnedIn(copy, wallet, t, window));
                const tiers = tiersFor(wallet, window);
                for (const threshold of [0, 0.3, 10, 25, 100, 300]) {
                  const drop = (entries: readonly LedgerEntry[]) =>
                    nextScoreDrop({ ...initialState(), entries: [...entries] }, tiers, t, 'UTC', threshold);
                  expect(
                    nextScoreDrop(
                      { ...initialState(), entries: ledger as LedgerEntry[] },
                      tiers,
                      t,
                      'UTC',
                      threshold,
                    ),
                  ).toBe(drop(copy));
                }
              }
            }
            for (const e of ledger) expect(containsId(ledger, e.id)).toBe(true);
          }
        },
      ),
    );
  });

  it('is invisible to JSON and to the keys of the ledger', () => {
    const plain = Array.from({ length: INDEX_FROM }, (_, i) => entry(`e${i}:r:points`, i));
    const ledger = appended(plain.slice(0, -1), plain[INDEX_FROM - 1]!);
    expect(Object.getOwnPropertySymbols(ledger)).toHaveLength(1);
    expect(JSON.stringify(ledger)).toBe(JSON.stringify(plain));
    expect(Object.keys(ledger)).toEqual(Object.keys(plain));
    expect(ledger).toStrictEqual(plain);
    // A long ledger without an index (as a store that parses it loads it) is not indexed on append.
    expect(Object.getOwnPropertySymbols(appended(plain, entry('x:r:points', 0)))).toHaveLength(0);
  });

  it('freezes the successor of a frozen ledger (a stored one), entry included, and only that', () => {
    const stored = Object.freeze([Object.freeze(entry('e1:r:points', 1))]);
    const next = appended(stored, entry('e2:r:points', 2));
    expect(Object.isFrozen(next) && Object.isFrozen(next[1])).toBe(true);
    const built = appended([entry('e1:r:points', 1)], entry('e2:r:points', 2));
    expect(Object.isFrozen(built) || Object.isFrozen(built[1])).toBe(false);
  });
});
