import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonStringLength, measureJson, scalarBytes, utf8Length } from './measure-json';

const depthOf = (v: unknown): number =>
  typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;

const unlimited = { maxBytes: Number.POSITIVE_INFINITY, maxDepth: Number.POSITIVE_INFINITY };

describe('measureJson (property)', () => {
  it('counts exactly the UTF-8 bytes of JSON.stringify, and the depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const m = measureJson(value, unlimited);
        expect(m).toEqual({
          ok: true,
          bytes: Buffer.byteLength(JSON.stringify(value)),
          depth: depthOf(value),
        });
      }),
    );
  });

  it('counts strings with any code units (lone surrogates, controls) as JSON.stringify writes them', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
        (a, b) => {
          const value = { [a]: [b, a] };
          expect(measureJson(value, unlimited)).toMatchObject({
            bytes: Buffer.byteLength(JSON.stringify(value)),
          });
          expect(utf8Length(b)).toBe(Buffer.byteLength(b));
        },
      ),
    );
  });

  it('counts a number or a string (short, long, escaped) as JSON.stringify writes it', () => {
    const number = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.double(),
      fc.constantFrom(-0, 2 ** 31, -(2 ** 31) - 1, 1e21, Number.NaN, Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(number, (v) => {
        expect(scalarBytes(v, Number.POSITIVE_INFINITY)).toBe(JSON.stringify(v).length);
      }),
    );
    const text = fc.string({
      unit: fc.constantFrom('a', '"', '\\', '\n', '\u0001', '~', '\u007f', 'é', '😀'),
      maxLength: 80,
    });
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 40 })), (s) => {
        expect(jsonStringLength(s)).toBe(Buffer.byteLength(JSON.stringify(s)));
      }),
    );
  });

  it('fails exactly when a limit is passed', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(200), fc.nat(6), (value, maxBytes, maxDepth) => {
        const bytes = Buffer.byteLength(JSON.stringify(value));
        const depth = depthOf(value);
        const m = measureJson(value, { maxBytes, maxDepth });
        expect(m.ok).toBe(bytes <= maxBytes && depth <= maxDepth);
        if (!m.ok) expect(['bytes', 'depth']).toContain(m.problem);
      }),
    );
  });
});

describe('measureJson', () => {
  it('walks a million-deep value without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(measureJson(deep, { maxBytes: 1e9, maxDepth: 64 })).toMatchObject({ ok: false, problem: 'depth' });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(measureJson(cycle, { maxBytes: 1e9, maxDepth: 64 })).toMatchObject({
      ok: false,
      problem: 'depth',
    });
  });

  it('stops at the first string past the byte limit, with its pointer', () => {
    expect(measureJson({ a: { 'b/c': 'x'.repeat(100) } }, { maxBytes: 50, maxDepth: 8 })).toEqual({
      ok: false,
      problem: 'bytes',
      pointer: '/a/b~1c',
    });
  });

  it('rejects what is not JSON data: inherited properties, class instances, dates, bigints', () => {
    const limits = { maxBytes: 1e6, maxDepth: 8 };
    expect(measureJson({ a: Object.create({ userId: 'u1' }) }, limits)).toEqual({
      ok: false,
      problem: 'value',
      pointer: '/a',
    });
    expect(measureJson({ d: new Date(0) }, limits)).toMatchObject({ problem: 'value', pointer: '/d' });
    expect(measureJson([1n], limits)).toMatchObject({ problem: 'value', pointer: '/0' });
    expect(measureJson(Object.create(null), limits)).toEqual({ ok: true, bytes: 2, depth: 1 });
  });
});
