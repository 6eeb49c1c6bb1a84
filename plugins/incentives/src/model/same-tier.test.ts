import { describe, expect, it } from 'vitest';
import type { TierState } from '../types';
import { sameTier } from './same-tier';

const json = (a: TierState | null, b: TierState | null) => JSON.stringify(a) === JSON.stringify(b);

describe('sameTier', () => {
  const base: TierState = { id: 'advanced', since: 10 };
  const pending: TierState = {
    id: 'advanced',
    since: 10,
    belowSince: 20,
    downgradeAt: 30,
    warned: true,
    reviewAt: 30,
  };

  it('agrees with comparing the JSON text of tiers built in the same order', () => {
    const cases: Array<[TierState | null, TierState | null]> = [
      [null, null],
      [null, base],
      [base, { ...base }],
      [base, { ...base, reviewAt: 5 }],
      [
        { ...base, reviewAt: 5 },
        { ...base, reviewAt: 5 },
      ],
      [
        { ...base, reviewAt: 5 },
        { ...base, reviewAt: 6 },
      ],
      [base, { ...base, id: 'core' }],
      [base, { ...base, since: 11 }],
      [pending, { ...pending }],
      [pending, { ...pending, warned: undefined }],
      [
        { ...pending, warned: undefined },
        { ...pending, warned: undefined },
      ],
      [pending, { ...pending, belowSince: 21 }],
      [pending, { ...pending, downgradeAt: 31 }],
      [pending, { ...pending, checkedAt: 25, inputs: 7 }],
      [
        { ...pending, checkedAt: 25, inputs: 7 },
        { ...pending, checkedAt: 25, inputs: 7 },
      ],
      [
        { ...pending, checkedAt: 25, inputs: 7 },
        { ...pending, checkedAt: 26, inputs: 7 },
      ],
      [
        { ...pending, checkedAt: 25, inputs: 7 },
        { ...pending, checkedAt: 25, inputs: -7 },
      ],
      [base, { ...base, belowSince: 20 }],
      [Object.freeze({ ...pending }), pending],
    ];
    for (const [a, b] of cases) expect(sameTier(a, b)).toBe(json(a, b));
  });

  it('ignores key order; a key it does not know, or one left undefined, goes by the JSON text', () => {
    // As a store that reorders keys (PostgreSQL jsonb) hands it back.
    expect(sameTier({ reviewAt: 5, since: 10, id: 'advanced' }, { ...base, reviewAt: 5 })).toBe(true);
    expect(sameTier({ ...base, note: 'x' } as TierState, base)).toBe(false);
    expect(sameTier({ ...base, warned: undefined }, base)).toBe(true);
  });
});
