import { describe, expect, it } from 'vitest';
import { DAY } from './duration';
import { nextAnniversary, timerId } from './timers';

const at = (iso: string) => Date.parse(iso);

describe('timers', () => {
  it('ids are unique per purpose, trigger and user', () => {
    expect(timerId('u1', 'care', 'welcome')).not.toBe(timerId('u2', 'care', 'welcome'));
    expect(timerId('u1', 'care', 'welcome')).not.toBe(timerId('u1', 'schedule', 'welcome'));
  });

  it('finds the next anniversary at the local hour', () => {
    expect(nextAnniversary(at('2025-03-10T00:00:00Z'), at('2026-01-01T00:00:00Z'), 'UTC', 10, 0)).toEqual({
      dueAt: at('2026-03-10T10:00:00Z'),
      years: 1,
    });
    // already past this year's → next year
    expect(nextAnniversary(at('2024-03-10T00:00:00Z'), at('2026-03-10T11:00:00Z'), 'UTC', 10, 0)).toEqual({
      dueAt: at('2027-03-10T10:00:00Z'),
      years: 3,
    });
  });

  it('uses the user time zone for the date and hour', () => {
    // joined 2025-06-01 01:00 Shanghai (= May 31 17:00Z): the anniversary is June 1 at 10:00 Shanghai
    const next = nextAnniversary(
      at('2025-05-31T17:00:00Z'),
      at('2026-01-01T00:00:00Z'),
      'Asia/Shanghai',
      10,
      0,
    );
    expect(next.dueAt).toBe(at('2026-06-01T02:00:00Z'));
  });

  it('moves February 29 to February 28 and applies the offset', () => {
    const next = nextAnniversary(at('2024-02-29T12:00:00Z'), at('2025-01-01T00:00:00Z'), 'UTC', 9, DAY);
    expect(next).toEqual({ dueAt: at('2025-03-01T09:00:00Z'), years: 1 });
  });
});
