import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin';
import type { EffectContext, UserState } from '../plugin/types';
import type { PolicyDocument, RuleDefinition } from '../policy/types';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';

/*
 * A dispatch sets slices and attributes into its own working copy of the user (`DispatchState.moveUser`):
 * whoever read the user before (a hook, an effect) must still see it as it was then.
 */

interface TallyState {
  n: number;
}

/** Keeps every user it reads (by reference, with a JSON copy taken at the time). */
function tally(seen: Array<{ ref: UserState; json: string }>) {
  const keep = (user: UserState) => seen.push({ ref: user, json: JSON.stringify(user) });
  return definePlugin<TallyState, unknown>({
    name: 'tally',
    version: '1.0.0',
    state: { initial: () => ({ n: 0 }) },
    eventTypes: { 'tally.run': {}, 'tally.fail': {} },
    effects: {
      'tally.add': {
        params: { type: 'object' },
        apply: (state, _params, ctx: EffectContext<TallyState>) => {
          if (ctx.event.type === 'tally.fail' && state.n >= 3) throw new Error('tally refused');
          return { n: state.n + 1 };
        },
      },
      'tally.peek': {
        params: { type: 'object' },
        apply: (state, _params, ctx: EffectContext<TallyState>) => {
          keep(ctx.user);
          return state;
        },
      },
    },
    hooks: {
      beforeRules: (ctx) => {
        keep(ctx.user);
        ctx.setSlice({ n: (ctx.slice<TallyState>().n ?? 0) + 10 });
      },
      afterStage: (ctx) => {
        keep(ctx.user);
      },
    },
  });
}

const add = { type: 'tally.add', params: {} };
const peek = { type: 'tally.peek', params: {} };
const set = (key: string, value: unknown) => ({ type: 'core.setAttribute', params: { key, value } });
const rule = (id: string, stage: RuleDefinition['stage'], effects: unknown[]): RuleDefinition =>
  ({ id, stage, on: ['tally.run', 'tally.fail'], effects }) as RuleDefinition;

const policy: PolicyDocument = {
  version: 1,
  name: 'working-user',
  rules: [
    rule('a', 'need', [add, set('a', 1), add]),
    rule('b', 'motivation', [set('b', 2), peek, add, set('c', 3)]),
    rule('c', 'action', [add, set('a', null)]),
  ],
};

const at = '2026-01-01T00:00:00Z';

/** An engine on a fresh memory store with the tally plugin, and what that plugin saw. */
function engineWithTally() {
  const seen: Array<{ ref: UserState; json: string }> = [];
  const engine = createEngine({
    plugins: [tally(seen)],
    policy,
    store: createMemoryStore(),
    clock: createManualClock(at),
  });
  return { seen, engine };
}

describe('the working copy of the user', () => {
  it('sets slices and attributes into the dispatch copy, never into a user anyone read', async () => {
    const { seen, engine } = engineWithTally();
    await engine.dispatch({ id: 'e1', type: 'tally.run', userId: 'u', at });
    const first = await engine.getUser('u');
    expect(first?.slices.tally).toEqual({ n: 14 });
    expect(first?.attributes).toEqual({ b: 2, c: 3 });
    const firstJson = JSON.stringify(first);
    await engine.dispatch({ id: 'e2', type: 'tally.run', userId: 'u', at });
    const second = await engine.getUser('u');
    expect(second?.slices.tally).toEqual({ n: 28 });
    expect(second?.counts).toEqual({ 'tally.run': 2 });
    expect(JSON.stringify(first)).toBe(firstJson);
    for (const { ref, json } of seen) expect(JSON.stringify(ref)).toBe(json);
    // per dispatch: beforeRules, the peek (after 2 adds of rule a, before rule b's add), 4 afterStage hooks
    expect(seen).toHaveLength(12);
    const peeked = JSON.parse((seen[7] as { json: string }).json) as UserState;
    expect(peeked.slices.tally).toEqual({ n: 26 });
    expect(peeked.attributes).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('drops the working copy of an event that fails in a batch: the next event sees the user before it', async () => {
    const { seen, engine } = engineWithTally();
    const outcomes = await engine.dispatchBatch([
      { id: 'e1', type: 'tally.run', userId: 'u', at },
      { id: 'e2', type: 'tally.fail', userId: 'u', at },
      { id: 'e3', type: 'tally.run', userId: 'u', at },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'failed', 'applied']);
    const user = await engine.getUser('u');
    expect(user?.slices.tally).toEqual({ n: 28 });
    expect(user?.counts).toEqual({ 'tally.run': 2 });
    expect(user?.attributes).toEqual({ b: 2, c: 3 });
    for (const { ref, json } of seen) expect(JSON.stringify(ref)).toBe(json);
  });
});
