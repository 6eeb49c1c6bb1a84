import { createRegistry, validateEvent } from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { journeyArb } from './journey';
import { TIMEZONES } from './users';

const catalogue = {
  types: ['review.submitted', 'feedback.submitted', 'order.paid', 'custom.thing'],
  undo: { 'review.removed': 'reviewEventId' },
};

const registry = createRegistry([]);

describe('journeyArb', () => {
  it('yields valid event envelopes, realistic users and bounded length', () => {
    fc.assert(
      fc.property(journeyArb({ catalogue, maxUsers: 3, maxSteps: 15 }), (journey) => {
        expect(journey.users.length).toBeGreaterThanOrEqual(1);
        expect(journey.users.length).toBeLessThanOrEqual(3);
        for (const u of journey.users) expect(TIMEZONES).toContain(u.timezone);
        expect(journey.steps.length).toBeLessThanOrEqual(15 + journey.users.length);
        for (const step of journey.steps) {
          if (step.kind === 'tick') expect(Number.isNaN(Date.parse(step.at))).toBe(false);
          else expect(() => validateEvent(step.event, registry)).not.toThrow();
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('the same seed gives the same journeys', () => {
    const a = fc.sample(journeyArb({ catalogue }), { numRuns: 5, seed: 9 });
    const b = fc.sample(journeyArb({ catalogue }), { numRuns: 5, seed: 9 });
    expect(a).toEqual(b);
  });
});
