import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOf, localDayNumber, periodKey, zonedParts } from './zoned';

const ZONES = [
  'UTC',
  'Asia/Shanghai',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Asia/Kolkata',
];

describe('zoned time', () => {
  it('gives wall-clock parts in a time zone', () => {
    const ms = Date.parse('2026-11-23T23:30:15Z');
    expect(zonedParts(ms, 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 24,
      hour: 7,
      minute: 30,
      second: 15,
      weekday: 2,
    });
    expect(periodKey(ms, 'UTC', 'day')).toBe('day:2026-11-23');
    expect(periodKey(ms, 'Asia/Shanghai', 'day')).toBe('day:2026-11-24');
  });

  it('memoised parts equal a direct Intl reading for any instant and zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...ZONES), (ms, zone) => {
        const f = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
        const direct = Object.fromEntries(
          f
            .formatToParts(ms)
            .filter((p) => p.type !== 'literal')
            .map((p) => [p.type, Number(p.value)]),
        );
        const { weekday: _w, ...parts } = zonedParts(ms, zone);
        expect(parts).toEqual(direct);
      }),
      { numRuns: 500 },
    );
  });

  it('instantOf inverts zonedParts, and consecutive local days differ by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom(...ZONES), (ms, zone) => {
        const p = zonedParts(ms, zone);
        const back = instantOf(p, zone);
        const q = zonedParts(back, zone);
        expect([q.year, q.month, q.day, q.hour, q.minute]).toEqual([
          p.year,
          p.month,
          p.day,
          p.hour,
          p.minute,
        ]);
        expect(localDayNumber(ms + 86_400_000 * 2, zone) - localDayNumber(ms, zone)).toBeGreaterThanOrEqual(
          1,
        );
      }),
      { numRuns: 300 },
    );
  });
});

/** Intl's own reading of `ms` in `timeZone`: what `zonedParts` must equal (it formats once per hour). */
const referenceFormats = new Map<string, Intl.DateTimeFormat>();
function intlParts(ms: number, timeZone: string): Record<string, number> {
  let format = referenceFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    referenceFormats.set(timeZone, format);
  }
  const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
  const out: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) {
    if (part.type === 'weekday') out.weekday = weekdays[part.value] ?? 0;
    else if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
}

describe('zonedParts against Intl', () => {
  // Half-hour and 45-minute offsets, half-hour DST (Lord Howe), negative DST (Dublin), historic local mean time.
  const odd = [
    ...ZONES,
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'America/St_Johns',
    'Europe/Dublin',
  ];

  it('equals Intl at any instant from 1900 to 2100', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...odd),
        (ms, zone) => {
          expect(zonedParts(ms, zone)).toEqual(intlParts(ms, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('equals Intl second by odd second across the offset changes of 2026', () => {
    const changes: Array<[string, string]> = [
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['Europe/Dublin', '2026-10-25T01:00:00Z'],
      ['Pacific/Chatham', '2026-04-04T14:00:00Z'],
    ];
    for (const [zone, at] of changes) {
      const change = Date.parse(at);
      for (let ms = change - 40 * 60_000; ms < change + 40 * 60_000; ms += 7_001)
        expect(zonedParts(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(intlParts(ms, zone));
    }
  });
});
