import { createEngine, type EngageLoopError, validatePolicy } from '@engageloop/core';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, PG_URL } from '../../packages/store-postgres/src/pg-test-support';
import { NOTE_POLICY as POLICY, STORES, traceOf } from './support';

// Issue 19 item 9a: an event whose userId is inherited through the prototype was accepted.
const envelope = { id: 'e1', type: 'note.added', userId: 'u1', at: '2026-01-01T09:00:00Z' };
const codeOf = (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (e: EngageLoopError) => e.code,
  );

afterAll(() => (PG_URL ? dropSchemas() : undefined));

describe.each(STORES)('inherited properties never satisfy validation: %s', (_name, open) => {
  it('rejects envelopes and payloads whose fields come from a prototype; nothing changes', async () => {
    const store = await open();
    const engine = createEngine({ policy: POLICY, store });
    try {
      const { userId, ...rest } = envelope;
      const cases: Array<[unknown, string]> = [
        [Object.create(envelope), 'EVENT_INVALID'],
        [Object.assign(Object.create({ userId }), rest), 'EVENT_INVALID'],
        [{ ...envelope, payload: Object.create({ text: 'x' }) }, 'EVENT_PAYLOAD_INVALID'],
        [{ ...envelope, payload: { need: Object.create({ title: '<script>' }) } }, 'EVENT_PAYLOAD_INVALID'],
        [{ ...envelope, payload: { when: new Date(0) } }, 'EVENT_PAYLOAD_INVALID'],
      ];
      for (const [input, code] of cases) expect(await codeOf(engine.dispatch(input))).toBe(code);
      expect(await traceOf(store, 'u1', 'e1')).toEqual({
        user: null,
        outbox: [],
        timers: [],
        recorded: null,
      });
      // JSON's own "__proto__" key is data, not a prototype: the event is plain and accepted
      const parsed = JSON.parse(
        JSON.stringify({ ...envelope, payload: {} }).replace(
          '"payload":{}',
          '"payload":{"__proto__":{"x":1}}',
        ),
      );
      expect((await engine.dispatch(parsed)).status).toBe('applied');
    } finally {
      await engine.close();
    }
  });
});

describe('policy objects', () => {
  it('rejects a policy, rule or condition whose fields are inherited', () => {
    const rule = POLICY.rules[0] as object;
    const cases = [
      Object.create(POLICY),
      { ...POLICY, rules: [Object.create(rule)] },
      { ...POLICY, rules: [{ ...rule, conditions: Object.create({ all: [] }) }] },
    ];
    for (const doc of cases) expect(validatePolicy(doc).ok).toBe(false);
    expect(validatePolicy(POLICY).ok).toBe(true);
  });
});
