import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../types';
import { appended, containsId, hasEntryAtOrBefore } from './ledger-index';

const entry = (id: string, at: number): LedgerEntry => ({
  id,
  kind: 'award',
  eventId: id.split(':')[0]!,
  ruleId: 'r',
  wallet: 'points',
  amount: 10,
  reason: 'r',
  at,
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

describe('ledger index', () => {
  it('answers as a scan for every ledger of a history that branches (appends to any earlier ledger)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(idArb, atArb), { maxLength: 4 }),
        fc.array(fc.record({ from: fc.nat(), id: idArb, at: atArb, freeze: fc.boolean() }), {
          maxLength: 30,
        }),
        fc.array(fc.tuple(idArb, fc.integer({ min: -6, max: 6 })), { minLength: 1, maxLength: 8 }),
        (start, steps, probes) => {
          // The first ledger has no index (built elsewhere, or loaded from a store).
          const ledgers: (readonly LedgerEntry[])[] = [start.map(([id, at]) => entry(id, at))];
          for (const step of steps) {
            const base = ledgers[step.from % ledgers.length]!;
            const next = appended(base, entry(step.id, step.at));
            expect(next).toEqual([...base, entry(step.id, step.at)]);
            ledgers.push(step.freeze ? Object.freeze(next) : next);
          }
          for (const ledger of ledgers) {
            for (const [id, t] of probes) {
              expect(containsId(ledger, id)).toBe(scanHas(ledger, id));
              expect(hasEntryAtOrBefore(ledger, t)).toBe(scanAtOrBefore(ledger, t));
            }
            for (const e of ledger) expect(containsId(ledger, e.id)).toBe(true);
          }
        },
      ),
    );
  });

  it('is invisible to JSON and to the keys of the ledger', () => {
    const ledger = appended(appended([], entry('e1:r:points', 1)), entry('e2:r:points', 2));
    expect(JSON.stringify(ledger)).toBe(JSON.stringify([entry('e1:r:points', 1), entry('e2:r:points', 2)]));
    expect(Object.keys(ledger)).toEqual(['0', '1']);
  });
});
