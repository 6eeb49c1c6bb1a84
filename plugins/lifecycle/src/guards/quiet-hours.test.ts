import { describe, expect, it } from 'vitest';
import { clockMinutes, isQuietAt, nextAllowedTime } from './quiet-hours';

const night = { start: '22:00', end: '08:00' };
const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  it('parses HH:MM', () => {
    expect(clockMinutes('22:30')).toBe(1350);
    expect(clockMinutes('00:00')).toBe(0);
  });

  it('crosses midnight in the user time zone', () => {
    // 15:30Z is 23:30 in Shanghai (quiet) and 10:30 in New York (allowed)
    expect(isQuietAt(at('2026-01-05T15:30:00Z'), 'Asia/Shanghai', night)).toBe(true);
    expect(isQuietAt(at('2026-01-05T15:30:00Z'), 'America/New_York', night)).toBe(false);
    // 03:30Z is 11:30 in Shanghai (allowed) and 22:30 the day before in New York (quiet)
    expect(isQuietAt(at('2026-01-05T03:30:00Z'), 'Asia/Shanghai', night)).toBe(false);
    expect(isQuietAt(at('2026-01-05T03:30:00Z'), 'America/New_York', night)).toBe(true);
  });

  it('is start-inclusive and end-exclusive', () => {
    expect(isQuietAt(at('2026-01-05T22:00:00Z'), 'UTC', night)).toBe(true);
    expect(isQuietAt(at('2026-01-05T21:59:59Z'), 'UTC', night)).toBe(false);
    expect(isQuietAt(at('2026-01-05T08:00:00Z'), 'UTC', night)).toBe(false);
    expect(isQuietAt(at('2026-01-05T07:59:59Z'), 'UTC', night)).toBe(true);
  });

  it('handles a same-day window and treats equal start and end as none', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(isQuietAt(at('2026-01-05T12:45:00Z'), 'UTC', lunch)).toBe(true);
    expect(isQuietAt(at('2026-01-05T13:30:00Z'), 'UTC', lunch)).toBe(false);
    expect(isQuietAt(at('2026-01-05T03:00:00Z'), 'UTC', { start: '08:00', end: '08:00' })).toBe(false);
  });

  it('defers to the end of the window: before midnight → next morning, after midnight → same morning', () => {
    // 23:30 Shanghai on Jan 5 → 08:00 Shanghai on Jan 6 = 00:00Z Jan 6
    expect(nextAllowedTime(at('2026-01-05T15:30:00Z'), 'Asia/Shanghai', night)).toBe(
      at('2026-01-06T00:00:00Z'),
    );
    // 02:00 Shanghai on Jan 6 → 08:00 Shanghai the same day
    expect(nextAllowedTime(at('2026-01-05T18:00:00Z'), 'Asia/Shanghai', night)).toBe(
      at('2026-01-06T00:00:00Z'),
    );
    // 22:30 New York on Jan 4 (03:30Z Jan 5) → 08:00 New York Jan 5 = 13:00Z
    expect(nextAllowedTime(at('2026-01-05T03:30:00Z'), 'America/New_York', night)).toBe(
      at('2026-01-05T13:00:00Z'),
    );
  });

  it('leaves allowed times alone', () => {
    const t = at('2026-01-05T15:30:00Z');
    expect(nextAllowedTime(t, 'America/New_York', night)).toBe(t);
  });

  it('crosses month and year ends', () => {
    // 23:00 UTC on Dec 31 → 08:00 UTC on Jan 1
    expect(nextAllowedTime(at('2025-12-31T23:00:00Z'), 'UTC', night)).toBe(at('2026-01-01T08:00:00Z'));
  });

  it('lands outside the window across a daylight-saving change', () => {
    // New York springs forward on 2026-03-08 at 02:00; quiet 01:00–02:30 ends inside the gap
    const window = { start: '01:00', end: '02:30' };
    const t = at('2026-03-08T06:30:00Z'); // 01:30 EST
    const next = nextAllowedTime(t, 'America/New_York', window);
    expect(next).toBeGreaterThan(t);
    expect(isQuietAt(next, 'America/New_York', window)).toBe(false);
  });
});
