import type { DispatchContext, Stage } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { createHooks } from './hooks';
import { appendEntry } from './ledger/ledger';
import { initialState } from './model/state';
import { defaultSettings } from './settings';
import type { IncentivesSettings } from './settings-types';
import type { IncentivesState } from './types';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const STAGES: Stage[] = ['need', 'motivation', 'action', 'value'];

/** A hook context over `slice` at `time` that counts the reads of its memo. */
function hookCtx(slice: IncentivesState, time: number) {
  const memo: Record<string, unknown> = {};
  const seen = { slice, memoReads: 0 };
  const ctx = {
    event: { id: `e@${time}`, type: 'review.submitted', userId: 'u1', time },
    settings: defaultSettings,
    timezone: 'UTC',
    now: time,
    get memo() {
      seen.memoReads++;
      return memo;
    },
    slice: () => seen.slice,
    setSlice: (next: IncentivesState) => {
      seen.slice = next;
    },
    emit: () => {},
    schedule: () => {},
    cancelTimer: () => {},
    note: () => {},
  } as unknown as DispatchContext<IncentivesState, IncentivesSettings>;
  return { ctx, seen };
}

/** The pipeline's hooks of one dispatch without rules (as the core calls them). */
function dispatch(slice: IncentivesState, time: number) {
  const hooks = createHooks(30);
  const { ctx, seen } = hookCtx(slice, time);
  hooks.beforeRules!(ctx);
  for (const stage of STAGES) hooks.afterStage!(ctx, stage);
  hooks.afterRules!(ctx);
  return seen;
}

const award = (state: IncentivesState, i: number) =>
  appendEntry(state, {
    kind: 'award',
    eventId: `a${i}`,
    ruleId: 'r',
    wallet: 'points',
    amount: 10,
    at: T0 + i,
  });

describe('hooks, a dispatch that changes nothing', () => {
  it('of a slice a store froze reads no memo (the core makes one on first use) and returns the same slice', () => {
    const first = dispatch(award(award(initialState(), 1), 2), T0 + 10);
    expect(first.slice.tier?.id).toBe('basic');
    // The memory store freezes what it keeps; the marks set before stay.
    const stored = Object.freeze(first.slice);
    const second = dispatch(stored, T0 + 20);
    expect(second.slice).toBe(stored);
    expect(second.memoReads).toBe(0);
  });

  it('of a slice not frozen (a store that does not freeze) returns the same slice', () => {
    const first = dispatch(award(initialState(), 1), T0 + 10);
    const second = dispatch(first.slice, T0 + 20);
    expect(second.slice).toBe(first.slice);
  });
});
