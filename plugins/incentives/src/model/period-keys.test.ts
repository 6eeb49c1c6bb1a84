import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CapPeriod } from '../settings-types';
import { periodKey } from '../time';
import { periodKeyOf } from './period-keys';

// More zones than a cap remembers (16), with DST, half-hour and 45-minute offsets.
const ZONES = [
  'UTC',
  'Asia/Shanghai',
  'Europe/London',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
  'America/New_York',
  'Europe/Berlin',
  'Africa/Casablanca',
  'Asia/Tehran',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'America/Santiago',
  'Asia/Tokyo',
  'Australia/Adelaide',
];
const PERIODS: CapPeriod[] = ['day', 'week', 'month', 'year'];

describe('periodKeyOf', () => {
  it('is the key periodKey gives, for any sequence of instants, zones and periods', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            owner: fc.integer({ min: 0, max: 3 }),
            t: fc.integer({ min: Date.parse('2017-01-01'), max: Date.parse('2027-01-01') }),
            near: fc.integer({ min: -90_000, max: 90_000 }),
            zone: fc.constantFrom(...ZONES),
            budget: fc.boolean(),
          }),
          { maxLength: 80 },
        ),
        (steps) => {
          const owners = PERIODS.map((period, i) => ({ id: `c${i}`, period }));
          let previous = Date.parse('2026-03-29T00:59:30Z');
          for (const step of steps) {
            // Half the instants close to the previous one (same minute, next minute, across a boundary).
            const t = step.t % 2 === 0 ? step.t : previous + step.near;
            previous = t;
            const owner = owners[step.owner]!;
            const period = periodKey(t, step.zone, owner.period);
            expect(periodKeyOf(owner, step.budget ? 'budget' : 'cap', t, step.zone)).toBe(
              step.budget ? `incentives:budget:${owner.id}:${period}` : `${owner.id}|${period}`,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
