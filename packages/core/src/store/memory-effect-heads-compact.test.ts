import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commit, record, write } from '../contract/fixtures';
import { OutcomeDraft } from '../event/outcome-draft';
import { markPolicyParams } from '../policy/policy-params';
import { deepFreeze } from '../policy/safe-object';
import { decodeOutcome, EffectHeads, encodeOutcome, headed } from './memory-effect-heads';
import { createMemoryStore } from './memory-store';

const params = deepFreeze({ key: 'last-1', value: 1 });
markPolicyParams(params);
const effect = (ruleId: string, report: unknown = { status: 'applied' }) => ({
  ruleId,
  stage: 'action',
  type: 'core.setAttribute',
  params,
  report,
});

/** An outcome of the engine's common shape: nothing queued, no timers. */
const outcomeOf = (fired: unknown[], effects: unknown[], emitted: unknown[] = ['reward:granted']) => ({
  eventId: 'e1',
  userId: 'u1',
  type: 'post.liked',
  source: 'event',
  status: 'applied',
  fired,
  effects,
  messages: [],
  timers: { scheduled: [], cancelled: [] },
  emitted,
});

/** `text` reads back as `outcome` would through JSON, and says whether it is in the compact form. */
function roundTrip(outcome: unknown, heads = new EffectHeads()): boolean {
  const text = encodeOutcome(outcome, heads) as string;
  expect(JSON.stringify(decodeOutcome(text, heads))).toBe(JSON.stringify(outcome));
  return text.charCodeAt(0) === 2;
}

describe('compact outcome texts', () => {
  it('writes the common shape without keys, its fired rules from its effects, and reads it back', () => {
    const heads = new EffectHeads();
    const outcome = outcomeOf(
      ['r1', 'r2'],
      [effect('r1'), effect('r2', { status: 'applied', data: { n: 1 } })],
    );
    const text = encodeOutcome(outcome, heads) as string;
    expect(text.charCodeAt(0)).toBe(2);
    expect(headed(text)).toBe(true);
    expect(text).not.toContain('"r1"');
    expect(text.length).toBeLessThan(JSON.stringify({ ...outcome, effects: [0, 1] }).length);
    const read = decodeOutcome(text, heads) as ReturnType<typeof outcomeOf>;
    expect(JSON.stringify(read)).toBe(JSON.stringify(outcome));
    // A fresh value on every read.
    const again = decodeOutcome(text, heads) as typeof read;
    expect(again.fired).not.toBe(read.fired);
    expect(again.timers).not.toBe(read.timers);
    expect(again.messages).not.toBe(read.messages);
  });

  it('keeps fired rules that its effects do not tell', () => {
    const fresh = { ...effect('r3'), params: { fresh: true } };
    for (const outcome of [
      outcomeOf(['r1', 'r2'], [effect('r1')]),
      outcomeOf(['r2', 'r1'], [effect('r1'), effect('r2')]),
      outcomeOf(['r1', 'r3'], [effect('r1'), fresh]),
      outcomeOf([], [effect('r1')], []),
    ])
      expect(roundTrip(outcome)).toBe(true);
  });

  it('writes an outcome without effects compactly too, from its draft as from the outcome', () => {
    const heads = new EffectHeads();
    for (const fired of [[], ['r1']]) {
      const draft = new OutcomeDraft(
        { id: 'e1', userId: 'u1', type: 'post.liked', source: 'event' },
        fired,
        [],
      );
      const outcome = draft.outcome();
      const text = encodeOutcome(draft, heads) as string;
      expect(text.charCodeAt(0)).toBe(2);
      expect(text).toBe(encodeOutcome(outcome, heads));
      expect(text.length).toBeLessThan(JSON.stringify(outcome).length / 2);
      expect(JSON.stringify(decodeOutcome(text, heads))).toBe(JSON.stringify(outcome));
    }
    expect(roundTrip(outcomeOf([], [], []))).toBe(true);
    // Not the common shape: the plain text, as before.
    expect(roundTrip({ ...outcomeOf([], []), timers: { scheduled: ['t1'], cancelled: [] } })).toBe(false);
  });

  it('writes any other shape as before', () => {
    const base = outcomeOf(['r1'], [effect('r1')]);
    const { emitted: _, ...noEmitted } = base;
    const { eventId, ...rest } = base;
    const others: unknown[] = [
      { ...base, messages: [{ id: 'm1' }] },
      { ...base, timers: { scheduled: ['t1'], cancelled: [] } },
      { ...base, timers: { cancelled: [], scheduled: [] } },
      { ...base, entity: 'group:g1' },
      { ...rest, eventId }, // eventId last
      noEmitted,
      { ...base, eventId: 7 },
      { ...base, fired: Object.assign(['r1'], { toJSON: () => 'x' }) },
      { ...base, emitted: 'reward:granted' },
      Object.assign(Object.create({ extra: 1 }), base),
    ];
    for (const outcome of others) expect(roundTrip(outcome)).toBe(false);
  });

  it('reads back any outcome of the common shape as JSON would', () => {
    const rule = fc.constantFrom('r1', 'r2', 'r3');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(rule, fc.jsonValue()), { maxLength: 4 }),
        fc.array(
          fc.oneof(
            rule.map((id) => effect(id)),
            fc.jsonValue(),
          ),
          { maxLength: 4 },
        ),
        fc.array(fc.jsonValue(), { maxLength: 3 }),
        (fired, effects, emitted) => {
          roundTrip(outcomeOf(fired, effects, emitted));
          roundTrip(
            outcomeOf(
              effects.map((e) => (e as { ruleId?: unknown })?.ruleId),
              effects,
              emitted,
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("forgets a user named in a head's params or in a compact text", async () => {
    const store = createMemoryStore();
    const named = deepFreeze({ to: 'secret-user' });
    markPolicyParams(named);
    const outcome = { ...outcomeOf(['r1'], [{ ...effect('r1'), params: named }]), userId: 'u2' };
    const own = { ...outcomeOf(['r1'], [effect('r1')]), userId: 'secret-user' };
    await commit(
      store,
      write({
        records: [
          { ...record('k-other', 'u2'), outcome },
          { ...record('k-own', 'secret-user'), outcome: own },
        ],
      }),
      ['user:u2'],
    );
    await store.forgetUser('secret-user', 'forgotten:1');
    const after = await store.transact(['user:u2'], (tx) => tx.recorded('k-other'));
    expect(JSON.stringify(after?.outcome)).toBe(
      JSON.stringify(outcome).replace('"secret-user"', '"forgotten:1"'),
    );
    const erased = await store.transact(['user:forgotten:1'], (tx) => tx.recorded('k-own'));
    expect(JSON.stringify(erased)).not.toContain('secret-user');
  });
});
