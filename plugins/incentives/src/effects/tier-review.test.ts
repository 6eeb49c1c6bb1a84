import { describe, expect, it } from 'vitest';
import { appendEntry } from '../ledger/ledger';
import { hashId } from '../ledger/ledger-index';
import { initialState, sliceWith } from '../model/state';
import { defaultSettings } from '../settings';
import type { IncentivesState } from '../types';
import type { Ctx } from './shared';
import { reviewedQuiet, reviewedSettled, reviewUserTier, unchangedSince } from './tier-review';

const T0 = Date.parse('2026-03-01T00:00:00Z');

/** Two ids whose 32-bit FNV-1a (`hashId`, what the inputs token was once built from) is the same. */
function collidingIds(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = `award:${i}`;
    const other = seen.get(hashId(id));
    if (other !== undefined) return [other, id];
    seen.set(hashId(id), id);
  }
}

/** `state` with an award of `amount` points (rule `r`, event `id`) at `at` appended. */
const withAward = (state: IncentivesState, id: string, amount: number, at: number): IncentivesState =>
  appendEntry(state, {
    id,
    kind: 'award',
    eventId: id,
    ruleId: 'r',
    wallet: 'points',
    amount,
    reason: 'r',
    at,
  });

/** A ledger of one award. */
const awarded = (id: string, amount: number): IncentivesState => withAward(initialState(), id, amount, T0);

/** A review context at `time` that records the timers armed. */
function ctxAt(time: number, armed: number[]): Ctx {
  return {
    event: { id: `e@${time}`, userId: 'u1', time },
    timezone: 'UTC',
    now: time,
    memo: {},
    emit: () => {},
    schedule: (timer: { dueAt: number }) => armed.push(timer.dueAt),
    cancelTimer: () => {},
  } as unknown as Ctx;
}

describe('reviewUserTier, inputs that a 32-bit token confused', () => {
  it('a ledger whose last entry differs only by an id of the same 32-bit hash is reviewed', () => {
    const [small, big] = collidingIds();
    expect(small).not.toBe(big);
    const armed: number[] = [];
    const reviewed = reviewUserTier(awarded(small, 10), ctxAt(T0, armed), defaultSettings);
    expect(reviewed.tier).toMatchObject({ id: 'basic', checkedAt: T0 });
    // The same length, last time and folded awards; a last entry of another id (and amount) of the same hash.
    const other = sliceWith(reviewed, { entries: awarded(big, 700).entries });
    expect(unchangedSince(other, T0 + 1, defaultSettings, 'UTC')).toBe(false);
    expect(reviewUserTier(other, ctxAt(T0 + 1, armed), defaultSettings).tier?.id).toBe('advanced');
  });

  it('a 32-bit token a document kept from before never matches: the next review runs', () => {
    const reviewed = reviewUserTier(awarded('a', 10), ctxAt(T0, []), defaultSettings);
    const old = sliceWith(reviewed, { tier: { ...reviewed.tier!, inputs: hashId('a') } });
    expect(unchangedSince(reviewed, T0 + 1, defaultSettings, 'UTC')).toBe(true);
    expect(unchangedSince(old, T0 + 1, defaultSettings, 'UTC')).toBe(false);
    expect(reviewUserTier(old, ctxAt(T0 + 1, []), defaultSettings).tier?.inputs).toEqual(
      reviewed.tier?.inputs,
    );
  });
});

describe('reviewedQuiet', () => {
  it('a slice a review at t left quiet is reviewed again at t to the same slice', () => {
    const armed: number[] = [];
    for (const amount of [10, 200, 700]) {
      const reviewed = reviewUserTier(awarded(`a${amount}`, amount), ctxAt(T0, armed), defaultSettings);
      expect(reviewedQuiet(reviewed, T0)).toBe(true);
      expect(reviewUserTier(reviewed, ctxAt(T0, armed), defaultSettings)).toBe(reviewed);
    }
  });

  it('a slice whose review did not see all its inputs (a late event) is not quiet', () => {
    const reviewed = reviewUserTier(awarded('late', 10), ctxAt(T0 - 1, []), defaultSettings);
    expect(reviewedQuiet(reviewed, T0 - 1)).toBe(false);
  });
});

const DAY = 86_400_000;

/** A review context at `time` that records what it emits and arms (timers armed, `cancel` for a cancel). */
function recordingCtx(time: number, log: string[]): Ctx {
  return {
    ...ctxAt(time, []),
    emit: (type: string) => log.push(type),
    schedule: (timer: { dueAt: number }) => log.push(`arm ${timer.dueAt}`),
    cancelTimer: () => log.push('cancel'),
  } as unknown as Ctx;
}

describe('reviewedSettled', () => {
  // A late event's reviews (an award after their time): an upgrade, a pending downgrade, a warned one, a step down.
  const late = (amounts: Array<[number, number]>, tier: IncentivesState['tier']) => {
    let state = sliceWith(initialState(), { tier, tierHistory: tier ? [{ tier: tier.id, at: 0 }] : [] });
    amounts.forEach(([amount, at], i) => {
      state = withAward(state, `a${i}`, amount, at);
    });
    return state;
  };
  const cases: Array<[string, IncentivesState]> = [
    [
      'an upgrade',
      late(
        [
          [250, T0 - DAY],
          [10, T0 + DAY],
        ],
        null,
      ),
    ],
    [
      'a pending downgrade',
      late(
        [
          [10, T0 - DAY],
          [500, T0 + DAY],
        ],
        { id: 'advanced', since: 0 },
      ),
    ],
    [
      'a warned downgrade',
      late(
        [
          [10, T0 - DAY],
          [500, T0 + DAY],
        ],
        {
          id: 'advanced',
          since: 0,
          belowSince: T0 - 25 * DAY,
          downgradeAt: T0 + 5 * DAY,
        },
      ),
    ],
    [
      'a step down, still below',
      late(
        [
          [10, T0 - DAY],
          [2000, T0 + DAY],
        ],
        {
          id: 'core',
          since: 0,
          belowSince: T0 - 40 * DAY,
          downgradeAt: T0 - 10 * DAY,
          warned: true,
        },
      ),
    ],
  ];
  for (const [name, state] of cases)
    it(`a late event's review left (${name}) is reviewed again at t to the same slice, nothing emitted or armed`, () => {
      const reviewed = reviewUserTier(state, recordingCtx(T0, []), defaultSettings);
      expect(reviewed).not.toBe(state);
      expect(reviewedSettled(reviewed, T0)).toBe(true);
      const log: string[] = [];
      expect(reviewUserTier(reviewed, recordingCtx(T0, log), defaultSettings)).toBe(reviewed);
      expect(log).toEqual([]);
    });

  it('a downgrade due at t (no grace) is not settled: its next review steps down again', () => {
    const tiers = {
      ...defaultSettings.tiers,
      downgrade: { mode: 'one-tier' as const, graceDays: 0, warnDays: 0 },
    };
    const settings = { ...defaultSettings, tiers };
    const state = late(
      [
        [10, T0 - DAY],
        [2000, T0 + DAY],
      ],
      { id: 'core', since: 0 },
    );
    const reviewed = reviewUserTier(state, recordingCtx(T0, []), settings);
    expect(reviewed.tier).toMatchObject({ id: 'advanced', downgradeAt: T0 });
    expect(reviewedSettled(reviewed, T0)).toBe(false);
    expect(reviewUserTier(reviewed, recordingCtx(T0, []), settings).tier?.id).toBe('basic');
  });

  it('a review with all its inputs is not settled (`reviewedQuiet` tells for it)', () => {
    const reviewed = reviewUserTier(awarded('in', 250), ctxAt(T0, []), defaultSettings);
    expect(reviewedSettled(reviewed, T0)).toBe(false);
  });
});

describe('the tier a review leaves', () => {
  it('is frozen with its inputs, so the store takes it as frozen instead of walking it', () => {
    const reviewed = reviewUserTier(awarded('f', 10), ctxAt(T0, []), defaultSettings);
    expect(Object.isFrozen(reviewed.tier)).toBe(true);
    expect(Object.isFrozen(reviewed.tier?.inputs)).toBe(true);
    // The slice is not: its marks are set on it after the review.
    expect(Object.isFrozen(reviewed)).toBe(false);
  });
});

describe('a tier a document kept from before the score was kept (inputs of the earlier layout)', () => {
  it('is reviewed in full on the next review, which keeps the score; later awards below the next level skip', () => {
    const armed: number[] = [];
    const first = reviewUserTier(awarded('o', 150), ctxAt(T0, armed), defaultSettings);
    const [settings, , , , id, score] = first.tier!.inputs as Array<string | number>;
    expect([id, score]).toEqual(['o', 150]);
    // `[settings, length, last entry's time, folded count, last folded time, last id]`, as stored.
    const old = { ...first.tier!, inputs: [settings!, 1, T0, 0, 0, 'o'] };
    const loaded: IncentivesState = JSON.parse(JSON.stringify(sliceWith(first, { tier: old })));
    expect(reviewUserTier(loaded, ctxAt(T0 + 1, armed), defaultSettings).tier?.inputs).toEqual(
      first.tier?.inputs,
    );
    const more = withAward(loaded, 'p', 20, T0 + 1);
    const reviewed = reviewUserTier(more, ctxAt(T0 + 1, armed), defaultSettings);
    expect(reviewed.tier).toEqual({ ...old, checkedAt: T0 + 1, inputs: [settings, 2, 0, 0, 'p', 170] });
    // From it on, an award that keeps the score below the next level leaves the tier as it is.
    const again = withAward(JSON.parse(JSON.stringify(reviewed)), 'q', 20, T0 + 2);
    expect(reviewUserTier(again, ctxAt(T0 + 2, armed), defaultSettings)).toBe(again);
    // One that reaches it is reviewed, and upgrades.
    const up = withAward(again, 'r', 20, T0 + 3);
    const upgraded = reviewUserTier(up, ctxAt(T0 + 3, armed), defaultSettings).tier;
    expect(upgraded).toMatchObject({ id: 'advanced', inputs: [settings, 4, 0, 0, 'r', 210] });
  });
});

describe('a reversal appended after a review', () => {
  it('is not bounded: the review runs, and the score below the tier starts the downgrade', () => {
    const armed: number[] = [];
    const up = reviewUserTier(awarded('big', 250), ctxAt(T0, armed), defaultSettings);
    expect(up.tier).toMatchObject({ id: 'advanced', inputs: [expect.any(String), 1, 0, 0, 'big', 250] });
    const small = withAward(up, 's', 10, T0 + 1);
    // An award below the next level: the tier as it was.
    expect(reviewUserTier(small, ctxAt(T0 + 1, armed), defaultSettings)).toBe(small);
    const reversed = appendEntry(small, {
      id: 'rev:big',
      kind: 'revoke',
      eventId: 'x',
      ruleId: 'undo',
      wallet: 'points',
      amount: -250,
      reason: 'undo',
      at: T0 + 2,
      reverses: 'big',
    });
    const reviewed = reviewUserTier(reversed, ctxAt(T0 + 2, armed), defaultSettings);
    expect(reviewed.tier).toMatchObject({ id: 'advanced', belowSince: T0 + 2 });
  });
});
