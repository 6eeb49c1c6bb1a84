import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState } from '../model/state';
import type { LedgerEntry } from '../types';
import { walletBalance } from './balance';
import { compactLedger } from './compact';
import { creditTimes, withCreditTimes } from './ledger';

const DAY = 86_400_000;

const entryArb = fc.record({
  amount: fc.integer({ min: -200, max: 300 }).filter((n) => n !== 0),
  day: fc.integer({ min: 0, max: 60 }),
  validForDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  pendingDays: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  reversesIndex: fc.option(fc.nat(), { nil: undefined }),
});

interface Spec {
  amount: number;
  day: number;
  validForDays?: number;
  pendingDays?: number;
  reversesIndex?: number;
}

function build(specs: Spec[]): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  specs.forEach((s, i) => {
    const at = s.day * DAY;
    const credits = entries.filter((e) => e.amount > 0);
    const original =
      s.reversesIndex !== undefined && credits.length > 0
        ? credits[s.reversesIndex % credits.length]
        : undefined;
    const entry: LedgerEntry = original
      ? {
          id: `e${i}`,
          kind: 'revoke',
          eventId: `v${i}`,
          ruleId: 'r',
          wallet: 'w',
          amount: -original.amount,
          reason: '',
          at: Math.max(at, original.at),
          reverses: original.id,
        }
      : {
          id: `e${i}`,
          kind: s.amount > 0 ? 'award' : 'convert',
          eventId: `v${i}`,
          ruleId: 'r',
          wallet: 'w',
          amount: s.amount,
          reason: '',
          at,
        };
    if (!original && s.amount > 0) {
      if (s.pendingDays !== undefined) entry.availableAt = at + s.pendingDays * DAY;
      if (s.validForDays !== undefined) entry.expiresAt = (entry.availableAt ?? at) + s.validForDays * DAY;
    }
    entries.push(entry);
  });
  return entries;
}

describe('ledger properties', () => {
  it('available + pending + expired is the sum of the entries up to t, at any t', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), fc.integer({ min: 0, max: 120 }), (specs, day) => {
        const entries = build(specs);
        const t = day * DAY;
        const balance = walletBalance(entries, 'w', t);
        const sum = entries.filter((e) => e.at <= t).reduce((s, e) => s + e.amount, 0);
        expect(balance.total).toBe(sum);
        expect(balance.available + balance.pending + balance.expired).toBe(sum);
        expect(balance.pending).toBeGreaterThanOrEqual(0);
        expect(balance.expired).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('with credits only, the balance never goes below zero', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), fc.integer({ min: 0, max: 120 }), (specs, day) => {
        const entries = build(
          specs.map((s) => ({ ...s, amount: Math.abs(s.amount), reversesIndex: undefined })),
        );
        expect(walletBalance(entries, 'w', day * DAY).available).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('reversing an unspent credit restores the balance exactly, at every later time', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 60 }),
        (specs, amount, day) => {
          const entries = build(
            specs.map((s) => ({ ...s, amount: Math.abs(s.amount), reversesIndex: undefined })),
          );
          const at = 61 * DAY;
          const credit: LedgerEntry = {
            id: 'x',
            kind: 'award',
            eventId: 'x',
            ruleId: 'r',
            wallet: 'w',
            amount,
            reason: '',
            at,
            expiresAt: at + day * DAY + DAY,
          };
          const reversal: LedgerEntry = {
            ...credit,
            id: 'rev:x',
            kind: 'revoke',
            amount: -amount,
            reverses: 'x',
            expiresAt: undefined,
            at: at + DAY,
          };
          for (const t of [at + DAY, at + 30 * DAY, at + 200 * DAY]) {
            expect(walletBalance([...entries, credit, reversal], 'w', t)).toEqual(
              walletBalance(entries, 'w', t),
            );
          }
        },
      ),
    );
  });

  it('compaction never changes a balance at or after the cutoff', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 90 }),
        (specs, cut, later) => {
          const entries = build(specs);
          const cutoff = cut * DAY;
          const compacted = compactLedger({ ...initialState(), entries }, cutoff);
          const t = cutoff + later * DAY;
          expect(walletBalance(compacted.entries, 'w', t, compacted.opening.w)).toEqual(
            walletBalance(entries, 'w', t),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an entry given its credit times in place has the JSON of the entry spread with them (as awards built it)', () => {
    // The construction awards used before: a times object spread into the entry.
    const spreadTimes = (at: number, validForDays?: number, pendingDays?: number) => {
      const times: { expiresAt?: number; availableAt?: number } = {};
      if (pendingDays !== undefined && pendingDays > 0) times.availableAt = at + pendingDays * DAY;
      if (validForDays !== undefined) times.expiresAt = (times.availableAt ?? at) + validForDays * DAY;
      return times;
    };
    const daysArb = fc.option(fc.oneof(fc.integer({ min: 0, max: 400 }), fc.double({ min: 0, max: 30 })), {
      nil: undefined,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 42 }), daysArb, daysArb, (at, validForDays, pendingDays) => {
        const fields = (): LedgerEntry => ({
          id: 'e1:r:points',
          kind: 'award',
          eventId: 'e1',
          ruleId: 'r',
          wallet: 'points',
          amount: 10,
          reason: 'r',
          at,
        });
        const expected = { ...fields(), ...spreadTimes(at, validForDays, pendingDays) };
        const entry = withCreditTimes(fields(), at, validForDays, pendingDays);
        expect(JSON.stringify(entry)).toBe(JSON.stringify(expected));
        expect(Object.keys(entry)).toEqual(Object.keys(expected));
        expect(creditTimes(at, validForDays, pendingDays)).toStrictEqual(
          spreadTimes(at, validForDays, pendingDays),
        );
      }),
    );
  });
});
