import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin';
import type { EffectContext } from '../plugin/types';
import type { PolicyDocument, RuleDefinition } from '../policy/types';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';

declare module '../index' {
  interface LoopEvents {
    'probe:a': { by: string };
    'probe:b': { by: string };
  }
}

interface ProbeState {
  seen: string[][];
}

/** `probe.emit` emits a domain event; `probe.look` keeps what the `signals` fact holds at that point (name, emitter). */
const probe = definePlugin<ProbeState, unknown>({
  name: 'probe',
  version: '1.0.0',
  state: { initial: () => ({ seen: [] }) },
  eventTypes: { 'probe.run': {} },
  effects: {
    'probe.emit': {
      params: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      apply: (state, params: { name: string }, ctx: EffectContext<ProbeState>) => {
        ctx.emit(params.name as 'probe:a' | 'probe:b', { by: ctx.ruleId });
        return state;
      },
    },
    'probe.look': {
      params: { type: 'object', additionalProperties: false },
      apply: (state, _params, ctx: EffectContext<ProbeState>) => ({
        seen: [
          ...state.seen,
          Object.entries(ctx.signals).map(([name, p]) => `${name} ${(p as { by: string }).by}`),
        ],
      }),
    },
  },
});

const rule = (
  id: string,
  stage: RuleDefinition['stage'],
  effects: RuleDefinition['effects'],
): RuleDefinition => ({ id, stage, on: 'probe.run', conditions: { all: [] }, effects }) as RuleDefinition;

const policy: PolicyDocument = {
  version: 1,
  name: 'signals',
  rules: [
    rule('look-first', 'need', [{ type: 'probe.look', params: {} }]),
    rule('emit-a', 'motivation', [{ type: 'probe.emit', params: { name: 'probe:a' } }]),
    rule('look-a', 'action', [{ type: 'probe.look', params: {} }]),
    rule('emit-b-look', 'value', [
      { type: 'probe.emit', params: { name: 'probe:b' } },
      { type: 'probe.look', params: {} },
      { type: 'probe.emit', params: { name: 'probe:a' } },
      { type: 'probe.look', params: {} },
    ]),
  ],
};

describe('signals', () => {
  it('holds every domain event emitted before each read, a later emit of a name replacing its payload', async () => {
    const engine = createEngine({
      plugins: [probe],
      policy,
      store: createMemoryStore(),
      clock: createManualClock('2026-03-01T09:00:00Z'),
    });
    const outcome = await engine.dispatch({
      id: 'e1',
      type: 'probe.run',
      userId: 'u1',
      at: '2026-03-01T09:00:00Z',
      payload: {},
    });
    expect(outcome.status).toBe('applied');
    expect(outcome.emitted).toEqual(['probe:a', 'probe:b', 'probe:a']);
    const user = await engine.getUser('u1');
    expect((user?.slices.probe as ProbeState | undefined)?.seen).toEqual([
      [],
      ['probe:a emit-a'],
      ['probe:a emit-a', 'probe:b emit-b-look'],
      ['probe:a emit-b-look', 'probe:b emit-b-look'],
    ]);
  });

  it('emits after the commit only the domain events a listener observes, each in order, and all of them to listeners', async () => {
    const make = () =>
      createEngine({
        plugins: [probe],
        policy,
        store: createMemoryStore(),
        clock: createManualClock('2026-03-01T09:00:00Z'),
      });
    const run = (engine: ReturnType<typeof make>, id: string) =>
      engine.dispatch({ id, type: 'probe.run', userId: 'u1', at: '2026-03-01T09:00:00Z', payload: {} });
    // Only probe:a observed: its two emits reach the listener, in order; probe:b has none and is dropped.
    const some = make();
    const heard: string[] = [];
    some.on('probe:a', (p) => heard.push(`a ${p.by}`));
    const first = await run(some, 'e1');
    expect(first.emitted).toEqual(['probe:a', 'probe:b', 'probe:a']);
    expect(heard).toEqual(['a emit-a', 'a emit-b-look']);
    // Both observed: every emit, in the order the dispatch made them.
    const all = make();
    const both: string[] = [];
    all.on('probe:a', (p) => both.push(`a ${p.by}`));
    all.on('probe:b', (p) => both.push(`b ${p.by}`));
    await run(all, 'e1');
    expect(both).toEqual(['a emit-a', 'b emit-b-look', 'a emit-b-look']);
    // None observed: the outcome still names them all, and the signals rules read are the same.
    const none = make();
    const quiet = await run(none, 'e1');
    expect(quiet.emitted).toEqual(['probe:a', 'probe:b', 'probe:a']);
    expect(((await none.getUser('u1'))?.slices.probe as ProbeState | undefined)?.seen).toHaveLength(4);
  });
});
