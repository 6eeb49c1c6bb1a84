import {
  createEngine,
  createManualClock,
  DEFAULT_LIMITS,
  type EngageLoopError,
  type Engine,
  loadPolicy,
  type RuleDefinition,
  type Store,
  validatePolicy,
} from '@engageloop/core';
import { afterAll, describe, expect, it } from 'vitest';
import { firstPartyPlugins } from '../../packages/cli/src/plugins';
import { dropSchemas, PG_URL } from '../../packages/store-postgres/src/pg-test-support';
import { NOTE_POLICY as POLICY, STORES, traceOf } from './support';

// Issue 19 item 6: size limits on events and policies, configurable, with typed errors; nothing changes.
const event = (id: string, payload: Record<string, unknown>) => ({
  id,
  type: 'note.added',
  userId: 'u1',
  at: '2026-01-01T09:00:00Z',
  payload,
});
const rejection = (promise: Promise<unknown>): Promise<EngageLoopError> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: EngageLoopError) => e,
  );

afterAll(() => (PG_URL ? dropSchemas() : undefined));

describe.each(STORES)('event limits: %s', (_name, open) => {
  async function withEngine(
    limits: Parameters<typeof createEngine>[0]['limits'],
    body: (engine: Engine, store: Store) => Promise<void>,
  ) {
    const store = await open();
    const engine = createEngine({
      policy: POLICY,
      store,
      clock: createManualClock('2026-01-01T10:00:00Z'),
      limits,
    });
    try {
      await body(engine, store);
    } finally {
      await engine.close();
    }
  }

  it('rejects a 10 MB payload with EVENT_TOO_LARGE and changes nothing', async () => {
    await withEngine(undefined, async (engine, store) => {
      await engine.dispatch(event('e0', { text: 'first' }));
      const before = await traceOf(store, 'u1', 'e1');
      const e = await rejection(engine.dispatch(event('e1', { text: 'x'.repeat(10_000_000) })));
      expect(e).toMatchObject({ code: 'EVENT_TOO_LARGE', pointer: '/payload/text', data: { max: 65_536 } });
      expect(await traceOf(store, 'u1', 'e1')).toEqual(before);
      // the same id with a payload within the limit is then dispatched normally
      expect((await engine.dispatch(event('e1', { text: 'short' }))).status).toBe('applied');
    });
  });

  it('rejects a payload nested 1,000 deep with EVENT_TOO_DEEP and changes nothing', async () => {
    await withEngine(undefined, async (engine, store) => {
      let deep: unknown = 'leaf';
      for (let i = 0; i < 1_000; i++) deep = [deep];
      const e = await rejection(engine.dispatch(event('e2', { deep })));
      expect(e.code).toBe('EVENT_TOO_DEEP');
      expect(await traceOf(store, 'u1', 'e2')).toEqual({
        user: null,
        outbox: [],
        timers: [],
        recorded: null,
      });
    });
  });

  it('takes configured limits from createEngine', async () => {
    await withEngine({ payloadBytes: 1_024, payloadDepth: 3 }, async (engine) => {
      expect((await rejection(engine.dispatch(event('e3', { text: 'x'.repeat(2_000) })))).code).toBe(
        'EVENT_TOO_LARGE',
      );
      expect((await rejection(engine.dispatch(event('e4', { a: { b: { c: {} } } })))).code).toBe(
        'EVENT_TOO_DEEP',
      );
      expect((await engine.dispatch(event('e5', { a: { b: 1 }, text: 'x'.repeat(900) }))).status).toBe(
        'applied',
      );
    });
  });
});

describe('policy limits', () => {
  const rules = (n: number): RuleDefinition[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `r${i}`,
      stage: 'action',
      on: 'note.added',
      effects: [{ type: 'core.setAttribute', params: { key: 'k', value: i } }],
    }));

  it('rejects more than 5,000 rules before compiling them', () => {
    const text = JSON.stringify({ ...POLICY, rules: rules(DEFAULT_LIMITS.policyRules + 1) });
    const result = validatePolicy(text, { file: 'big.json' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(['POLICY_TOO_LARGE']);
  });

  it('rejects a policy text past 5 MiB before parsing it', () => {
    const text = JSON.stringify({ ...POLICY, description: 'x'.repeat(DEFAULT_LIMITS.policyBytes) });
    const result = validatePolicy(text, { plugins: firstPartyPlugins() });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toMatchObject({ code: 'POLICY_TOO_LARGE', data: { limit: 'policyBytes' } });
  });

  it('passes the engine limits to its policy loads: a replacement past them keeps the policy in force', async () => {
    const engine = createEngine({ policy: POLICY, limits: { policyRules: 10 } });
    const before = engine.policy;
    let error: EngageLoopError | undefined;
    try {
      engine.replacePolicy({ ...POLICY, rules: rules(11) });
    } catch (e) {
      error = e as EngageLoopError;
    }
    expect(error?.code).toBe('POLICY_INVALID');
    expect(error?.errors.map((e) => e.code)).toEqual(['POLICY_TOO_LARGE']);
    expect(engine.policy).toBe(before);
    expect(engine.replacePolicy({ ...POLICY, rules: rules(10) }).rules).toHaveLength(10);
  });

  it('rejects bad limits with LIMITS_INVALID', () => {
    for (const limits of [{ payloadBytes: 0 }, { policyDepth: -1 }, { nope: 1 }]) {
      let code: string | undefined;
      try {
        createEngine({ policy: POLICY, limits: limits as never });
      } catch (e) {
        code = (e as EngageLoopError).code;
      }
      expect(code).toBe('LIMITS_INVALID');
      expect(() => loadPolicy(POLICY, { limits: limits as never })).toThrow(
        expect.objectContaining({ code: 'LIMITS_INVALID' }),
      );
    }
  });
});
