import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commit, policyParams, record, write } from '../contract/fixtures';
import { deepFreeze } from '../policy/safe-object';
import { decodeOutcome, EffectHeads, encodeOutcome, headed } from './memory-effect-heads';
import { createMemoryStore } from './memory-store';

/** An outcome as the engine writes it, with `effects` in the middle of its keys. */
const outcomeWith = (effects: unknown[]) => ({
  eventId: 'e1',
  userId: 'u1',
  status: 'applied',
  effects,
  emitted: ['reward:granted'],
});

const params = policyParams({ key: 'last-1', value: 1, tags: ['a', 'b'] });
const effect = (report: unknown = { status: 'applied' }, stage: string | null = 'action') => ({
  ruleId: 'r1',
  stage,
  type: 'core.setAttribute',
  params,
  report,
});

describe('effect heads', () => {
  it('names the heads of effects with frozen params and reads back the same text', () => {
    const heads = new EffectHeads();
    const outcome = outcomeWith([
      effect(),
      effect({ status: 'capped', data: { n: 2 } }, null),
      { ruleId: 'r2', stage: 'action', type: 't', params: { fresh: true }, report: { status: 'applied' } },
    ]);
    const text = encodeOutcome(outcome, heads) as string;
    expect(headed(text)).toBe(true);
    expect(text.length).toBeLessThan(JSON.stringify(outcome).length);
    // Two heads (the stage differs), none for params that are not frozen.
    expect(heads.size).toBe(2);
    const read = decodeOutcome(text, heads);
    expect(JSON.stringify(read)).toBe(JSON.stringify(outcome));
    // Fresh params for every read: nothing shared with the store or an earlier caller.
    const again = decodeOutcome(text, heads) as { effects: Array<{ params: unknown }> };
    expect(again.effects[0]?.params).not.toBe((read as typeof again).effects[0]?.params);
    expect(again.effects[0]?.params).not.toBe(params);
    expect(encodeOutcome(outcomeWith([effect()]), heads)).toBeDefined();
    expect(heads.size).toBe(2);
  });

  it('reads back reports that only look like the default one', () => {
    const heads = new EffectHeads();
    const reports = [
      { status: 'applied' },
      { status: 'applied', data: { n: 1 } },
      { reason: 'x', status: 'applied' },
      { status: 'skipped' },
      Object.assign(Object.create(null), { status: 'applied' }),
      {},
    ];
    const outcome = outcomeWith(reports.map((report) => effect(report)));
    const text = encodeOutcome(outcome, heads) as string;
    const read = decodeOutcome(text, heads) as { effects: Array<{ report: unknown }> };
    expect(JSON.stringify(read)).toBe(JSON.stringify(outcome));
    expect(read.effects.map((e) => e.report)).toEqual(reports.map((r) => ({ ...r })));
  });

  it('writes plain JSON for what is not an effect as the engine writes it', () => {
    const heads = new EffectHeads();
    const { report: _, ...noReport } = effect();
    const reordered = { stage: 'action', ruleId: 'r1', type: 'core.setAttribute', params, report: {} };
    const inherited = Object.assign(Object.create({ extra: 1 }), effect());
    const plain: unknown[] = [
      null,
      'text',
      [effect()],
      { effects: 'none' },
      outcomeWith([]),
      outcomeWith([noReport]),
      outcomeWith([reordered]),
      outcomeWith([inherited]),
      outcomeWith([{ ...effect(), extra: 1 }]),
      outcomeWith([{ ...effect(), report: undefined }]),
      outcomeWith([effect('applied')]),
      outcomeWith([effect({ toJSON: () => 'x' })]),
      outcomeWith([{ ...effect(), params: Object.freeze({ at: new Date(0) }) }]),
      outcomeWith([{ ...effect(), params: Object.freeze({ nested: { open: true } }) }]),
      // Frozen JSON data, but not a loaded policy's params (say, frozen from an event's payload by a plugin):
      // a head would keep it past forgetUser.
      outcomeWith([{ ...effect(), params: deepFreeze({ text: 'a review by u1' }) }]),
    ];
    for (const value of plain) expect(encodeOutcome(value, heads)).toBe(JSON.stringify(value));
    expect(heads.size).toBe(0);
    // A number or an array among the effects would read back as a head: the whole outcome is written plain.
    for (const odd of [[1, 'not an effect'], 2]) {
      const withOdd = outcomeWith([effect(), odd]);
      expect(encodeOutcome(withOdd, heads)).toBe(JSON.stringify(withOdd));
    }
  });

  it('reads back any outcome as JSON would', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              report: fc.jsonValue(),
              stage: fc.constantFrom('action', 'need', null),
            }),
            fc.jsonValue(),
          ),
          { maxLength: 6 },
        ),
        (items) => {
          const heads = new EffectHeads();
          const effects = items.map((item) =>
            item !== null && typeof item === 'object' && 'report' in item && 'stage' in item
              ? effect(item.report, item.stage as string | null)
              : item,
          );
          const outcome = outcomeWith(effects);
          const text = encodeOutcome(outcome, heads) as string;
          expect(JSON.stringify(decodeOutcome(text, heads))).toBe(JSON.stringify(outcome));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("tells whether a head's text holds a needle", () => {
    const heads = new EffectHeads();
    encodeOutcome(outcomeWith([{ ...effect(), params: policyParams({ to: 'secret-user' }) }]), heads);
    expect(heads.mention('secret-user')).toBe(true);
    expect(heads.mention('someone-else')).toBe(false);
    // Rule, stage and type are matched as a record's text writes them (escaped).
    encodeOutcome(outcomeWith([{ ...effect(), ruleId: 'say "hi"' }]), heads);
    expect(heads.mention(JSON.stringify('say "hi"').slice(1, -1))).toBe(true);
  });
});

describe('a memory store with effect heads', () => {
  it("forgets a user named in a head's params: other users' records read back pseudonymised", async () => {
    const store = createMemoryStore();
    // A policy that names a user in an effect's params (a head): forgetting that user rewrites every record.
    const named = policyParams({ to: 'secret-user' });
    const outcome = outcomeWith([{ ...effect(), params: named }]);
    const other = { ...record('k-other', 'u2'), outcome };
    await commit(store, write({ records: [other, { ...record('k-own', 'secret-user'), outcome }] }), [
      'user:u2',
    ]);
    const before = await store.transact(['user:u2'], (tx) => tx.recorded('k-other'));
    expect(before?.outcome).toEqual(outcome);
    await store.forgetUser('secret-user', 'forgotten:1');
    const after = await store.transact(['user:u2'], (tx) => tx.recorded('k-other'));
    expect(JSON.stringify(after?.outcome)).toBe(
      JSON.stringify(outcome).replace('"secret-user"', '"forgotten:1"'),
    );
  });
});
