import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin/define-plugin';
import type { DispatchContext, EffectContext } from '../plugin/types';
import type { PolicyDocument } from '../policy/types';
import { createMemoryStore } from '../store/memory-store';
import { createManualClock } from '../time/clock';
import { createEngine } from './create-engine';

/** What each dispatch's memo held when its hooks and effect read it: own keys, inherited `toString`. */
const seen: unknown[] = [];
const look = (memo: Record<string, unknown>) => ({ keys: Object.keys(memo), toString: memo.toString });

const probe = definePlugin<undefined, unknown>({
  name: 'probe',
  version: '1.0.0',
  eventTypes: { 'probe.run': {} },
  effects: {
    'probe.read': {
      params: { type: 'object', additionalProperties: false },
      apply: (state, _params, ctx: EffectContext) => {
        seen.push(look(ctx.memo));
        return state;
      },
    },
  },
  hooks: {
    beforeRules: (ctx: DispatchContext) => {
      seen.push(look(ctx.memo));
      const memo: Record<string, unknown> = ctx.memo;
      memo['toString'] = 'own';
      // biome-ignore lint/suspicious/noProto: a plain key of the memo, on purpose
      memo['__proto__'] = 'plain';
    },
  },
});

const policy: PolicyDocument = {
  version: 1,
  name: 'memo',
  rules: [
    {
      id: 'read',
      stage: 'action',
      on: 'probe.run',
      conditions: { all: [] },
      effects: [{ type: 'probe.read', params: {} }],
    },
  ],
} as PolicyDocument;

describe('DispatchContext.memo', () => {
  it('starts empty in each dispatch, inherits no member, and is shared by the hooks and effects of one', async () => {
    const engine = createEngine({
      plugins: [probe],
      policy,
      store: createMemoryStore(),
      clock: createManualClock('2026-03-01T09:00:00Z'),
    });
    for (const id of ['e1', 'e2'])
      await engine.dispatch({ id, type: 'probe.run', userId: 'u1', at: '2026-03-01T09:00:00Z', payload: {} });
    const fresh = { keys: [], toString: undefined };
    const written = { keys: ['toString', '__proto__'], toString: 'own' };
    expect(seen).toEqual([fresh, written, fresh, written]);
  });
});
