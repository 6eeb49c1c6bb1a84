import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCached } from '../policy/ajv';
import { EVENT_ENVELOPE_SCHEMA, envelopeSurelyValid, isPlainDateTime, plainDateTime } from './validate';

const ajvEnvelope = compileCached(EVENT_ENVELOPE_SCHEMA);
const ajvDateTime = compileCached({ type: 'string', format: 'date-time' });

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n });
/** Strings shaped like date-times, often valid, often off by one field or one character. */
const dateTimeLike = fc
  .tuple(
    digits(4),
    fc.constantFrom('-', '/'),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.constantFrom('T', 't', ' ', 'X'),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom('', '.', '.5', '.123', '.123456789'),
    fc.constantFrom('Z', 'z', '', '+08:00', '-05:30', '+24:00', '+0800', '+08:60', '-00:00', '+8:00'),
  )
  .map(([y, sep, mo, d, t, h, mi, s, frac, tz]) => {
    const p = (v: number) => String(v).padStart(2, '0');
    return `${y.join('')}${sep}${p(mo)}-${p(d)}${t}${p(h)}:${p(mi)}:${p(s)}${frac}${tz}`;
  });

describe('event validation fast path', () => {
  it('accepts a date-time only if ajv-formats does, and reads it as Date.parse does', () => {
    fc.assert(
      fc.property(fc.oneof(dateTimeLike, fc.string({ maxLength: 40 })), (s) => {
        if (isPlainDateTime(s)) {
          expect(ajvDateTime(s)).toBe(true);
          expect(Number.isFinite(Date.parse(s))).toBe(true);
          const ms = plainDateTime(s) as number;
          if (!Number.isNaN(ms)) expect(ms).toBe(Date.parse(s));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every instant of years 100 to 9999 as Date.parse does (toISOString, any offset)', () => {
    const first = Date.UTC(100, 0, 1);
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(
        fc.integer({ min: first, max: last }),
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        (ms, offsetMinutes) => {
          const iso = new Date(ms).toISOString();
          expect(plainDateTime(iso)).toBe(ms);
          const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const p = (v: number) => String(v).padStart(2, '0');
          const abs = Math.abs(offsetMinutes);
          const s = `${local}${offsetMinutes < 0 ? '-' : '+'}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
          // NaN: plain, but left to `Date.parse` (a year before 100 once shifted).
          const read = plainDateTime(s);
          if (read !== undefined && !Number.isNaN(read)) expect(read).toBe(Date.parse(s));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts the usual forms', () => {
    for (const s of ['2026-01-01T09:00:00Z', '2024-02-29T23:59:59.999+08:00', '2026-11-23T00:00:00-05:30'])
      expect(isPlainDateTime(s)).toBe(true);
    for (const s of [
      '2026-02-29T09:00:00Z',
      '2026-01-01T09:00:00',
      '2026-01-01T24:00:00Z',
      '2026-01-01T09:00:00.Z',
    ])
      expect(isPlainDateTime(s)).toBe(false);
  });

  const value = fc.oneof(
    fc.string({ maxLength: 3 }),
    fc.constantFrom(
      'review.submitted',
      'Review',
      'a.b:c',
      'group:g1',
      'g:',
      `g:${'𝒳'.repeat(99)}`,
      'x'.repeat(200),
      'x'.repeat(201),
      '',
      '𝒳'.repeat(150),
    ),
    dateTimeLike,
    fc.integer(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant([]),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  );
  const envelope = fc.record(
    {
      id: value,
      type: value,
      userId: value,
      at: value,
      payload: value,
      extra: value,
      __proto__: value,
    },
    { requiredKeys: [] },
  );

  // mostly well-formed envelopes with one or two fields drawn from `value`
  const nearlyValid = fc
    .tuple(
      fc.record({
        id: fc.constantFrom('e1', 'x'.repeat(200)),
        type: fc.constantFrom('review.submitted', 'checkin.done'),
        userId: fc.constant('u1'),
        at: fc.oneof(
          dateTimeLike,
          fc
            .date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString()),
        ),
        payload: fc.constantFrom({}, { score: 3 }),
      }),
      fc.constantFrom('id', 'type', 'userId', 'entity', 'at', 'payload', 'extra', 'none'),
      value,
    )
    .map(([event, key, v]) => (key === 'none' ? event : { ...event, [key]: v }));

  it('calls an envelope valid only if the JSON Schema (ajv) does', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof(envelope, value, nearlyValid), (input) => {
        if (envelopeSurelyValid(input)) {
          fast++;
          expect(ajvEnvelope(input)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    expect(fast).toBeGreaterThan(100);
  });

  it('takes the fast path for ordinary events', () => {
    const event = {
      id: 'e1',
      type: 'review.submitted',
      userId: 'u1',
      at: '2026-01-01T09:00:00Z',
      payload: {},
    };
    expect(envelopeSurelyValid(event)).toBe(true);
    expect(envelopeSurelyValid(JSON.parse(JSON.stringify(event)))).toBe(true);
    expect(envelopeSurelyValid({ ...event, payload: [] })).toBe(false);
    const { userId: _, ...base } = event;
    expect(envelopeSurelyValid({ ...base, entity: 'group:g1' })).toBe(true);
    expect(envelopeSurelyValid({ ...base, entity: 'Group:g1' })).toBe(false);
    expect(envelopeSurelyValid(JSON.parse(`{"__proto__":{},"id":"e"}`))).toBe(false);
  });
});
