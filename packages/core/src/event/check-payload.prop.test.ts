import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../limits/limits';
import { measureJson } from '../limits/measure-json';
import { checkEnvelopeData } from './check-payload';

/** Scalars as payload members and array items, `undefined` and a function among them (JSON leaves them out). */
const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('é', '"\\', '\u0001', '\ud800', 'a\ud83d\ude00'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.bigInt({ min: 0n, max: 9n }),
);
const member = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.string(), scalar, { maxKeys: 2 }),
);
const payload = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('~/', 'é', '"')),
  member,
  {
    maxKeys: 5,
  },
);

describe('checkEnvelopeData', () => {
  it('passes a payload exactly when measureJson finds it within the limits (the flat fast path agrees)', () => {
    fc.assert(
      fc.property(
        payload,
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 3 }),
        (p, bytes, depth) => {
          const limits = { ...DEFAULT_LIMITS, payloadBytes: bytes, payloadDepth: depth };
          const measured = measureJson(p, { maxBytes: bytes, maxDepth: depth });
          let thrown: unknown;
          try {
            checkEnvelopeData(
              { id: 'e1', type: 't', userId: 'u', at: '2026-01-01T00:00:00Z', payload: p },
              limits,
            );
          } catch (error) {
            thrown = error;
          }
          expect(thrown === undefined).toBe(measured.ok);
        },
      ),
      { numRuns: 500 },
    );
  });
});
