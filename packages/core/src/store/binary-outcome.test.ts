import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commit, policyParams, write } from '../contract/fixtures';
import type { EffectOutcome } from '../event/outcome';
import { type DraftEffect, OutcomeDraft, RuleEffect } from '../event/outcome-draft';
import type { EventSource } from '../event/types';
import { BINARY } from './binary-outcome';
import { recordKey } from './keys';
import { decodeOutcome, EffectHeads, encodeOutcome } from './memory-effect-heads';
import { createMemoryStore } from './memory-store';

const ruleEffects = [
  new RuleEffect('r1', 'need', 'core.setAttribute', policyParams({ key: 'a', value: 1 })),
  new RuleEffect('r2', 'action', 'incentives.award', policyParams({ amount: 5 })),
  // Params not of a loaded policy: no head.
  new RuleEffect('r3', 'value', 'incentives.award', { amount: 10 }),
];
const reported: EffectOutcome = {
  ruleId: 'r4',
  stage: 'action',
  type: 'incentives.award',
  params: policyParams({ amount: 1 }),
  report: { status: 'capped', reason: 'cap' },
};

/** Any string, ASCII-heavy, with control characters, lone surrogates and long ones now and then. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('reward:granted', 'u1', 'e1', ':', '"', '\\', '\u0003', '\ud800', 'x'.repeat(70_000)),
);

const drafts = fc.record({
  id: text,
  userId: text,
  type: text,
  source: fc.constantFrom<EventSource>('event', 'timer', 'derived'),
  effects: fc.array(fc.constantFrom<DraftEffect>(...ruleEffects, reported), { maxLength: 5 }),
  fired: fc.constantFrom('effects', 'none', 'other'),
  emitted: fc.array(text, { maxLength: 3 }),
  // The record's own key and user, or others (the binary form must not take the event's id or user from them).
  keyOf: fc.constantFrom('own', 'own', 'own', 'other-id', 'raw'),
  recordUser: fc.constantFrom('own', 'own', 'own', 'other'),
});

describe('binary outcome texts', () => {
  it('read back as the outcome of the draft, in the binary form when it has the common shape', () => {
    const heads = new EffectHeads();
    let binaries = 0;
    fc.assert(
      fc.property(drafts, (d) => {
        const fired =
          d.fired === 'effects' ? d.effects.map((e) => e.ruleId) : d.fired === 'none' ? [] : ['r9'];
        const event = { id: d.id, userId: d.userId, type: d.type, source: d.source };
        const draft = new OutcomeDraft(event, fired, d.effects, undefined, undefined, d.emitted);
        const key =
          d.keyOf === 'own'
            ? recordKey(d.source, d.userId, d.id)
            : d.keyOf === 'raw'
              ? d.id
              : recordKey(d.source, d.userId, `${d.id}-2`);
        const user = d.recordUser === 'own' ? d.userId : `${d.userId}-2`;
        const encoded = encodeOutcome(draft, heads, key, user) as string;
        const outcome = JSON.stringify(draft.outcome());
        expect(JSON.stringify(decodeOutcome(encoded, heads, key, user))).toBe(outcome);
        const common =
          d.keyOf === 'own' &&
          d.recordUser === 'own' &&
          (d.fired === 'effects' || (d.fired === 'none' && d.effects.length === 0)) &&
          d.effects.every((e) => e !== ruleEffects[2]) &&
          d.emitted.every((name) => name.length <= 0xffff);
        expect(encoded.charCodeAt(0) === BINARY).toBe(common);
        if (common) binaries += 1;
        // Without its key and user a draft is written as before.
        expect(encodeOutcome(draft, heads)?.charCodeAt(0)).not.toBe(BINARY);
      }),
      { numRuns: 600 },
    );
    expect(binaries).toBeGreaterThan(20);
  });

  it('is shorter than the compact text', () => {
    const heads = new EffectHeads();
    const event = { id: 'b4999', userId: 'u-17', type: 'post.liked', source: 'event' as const };
    const draft = new OutcomeDraft(event, ['r1', 'r2'], ruleEffects.slice(0, 2), undefined, undefined, [
      'reward:granted',
    ]);
    const key = recordKey('event', 'u-17', 'b4999');
    const binary = encodeOutcome(draft, heads, key, 'u-17') as string;
    expect(binary.charCodeAt(0)).toBe(BINARY);
    expect(binary.length * 2).toBeLessThan((encodeOutcome(draft, heads) as string).length);
  });

  it('writes a draft whose event id or type is not a string as before', () => {
    const heads = new EffectHeads();
    for (const [id, type] of [
      [7, 'post.liked'],
      ['7', 7],
    ] as unknown as Array<[string, string]>) {
      const draft = new OutcomeDraft({ id, userId: 'u1', type, source: 'event' }, [], []);
      const key = recordKey('event', 'u1', String(id));
      const text = encodeOutcome(draft, heads, key, 'u1') as string;
      expect(text.charCodeAt(0)).not.toBe(BINARY);
      expect(JSON.stringify(decodeOutcome(text, heads, key, 'u1'))).toBe(JSON.stringify(draft.outcome()));
    }
  });

  it('forgets a user named in the event id, type, reports or emitted names of binary texts as in their outcomes', async () => {
    const forgotten = 'secret-user';
    const drafted = (id: string, userId: string, type: string, emitted: string[], by = 'u3') =>
      new OutcomeDraft(
        { id, userId, type, source: 'event' },
        ['r1', 'r4'],
        [ruleEffects[0] as RuleEffect, { ...reported, report: { status: 'applied', data: { by } } }],
        undefined,
        undefined,
        emitted,
      );
    const drafts = [
      drafted(`b1:${forgotten}`, 'u2', 'post.liked', []),
      drafted('b2', 'u2', `${forgotten}`, []),
      drafted('b3', 'u2', 'post.liked', ['reward:granted', forgotten]),
      drafted('b4', 'u2', 'post.liked', ['reward:granted']),
      drafted(`b5:${forgotten}`, forgotten, 'post.liked', [forgotten]),
      drafted('b6', `${forgotten}-2`, 'post.liked', []),
      drafted('b7', 'u2', 'post.liked', [], `a"b:${forgotten}`),
    ];
    // The same records, from the drafts (binary texts) and from their plain outcomes: the same reads after.
    const reads: string[] = [];
    for (const plain of [false, true]) {
      const store = createMemoryStore();
      const records = drafts.map((draft) => ({
        key: recordKey('event', draft.event.userId as string, draft.event.id),
        userId: draft.event.userId as string,
        outcome: plain ? draft.outcome() : draft,
        committedAt: 1_000,
      }));
      await commit(store, write({ records }), ['user:u2']);
      await store.forgetUser(forgotten, 'forgotten:1');
      // The forgotten user's own keys have the id renamed (`pseudonymiseAll`), the others stay.
      const keys = records.map(({ key, userId }) =>
        userId === forgotten ? key.split(forgotten).join('forgotten:1') : key,
      );
      const read = await store.transact(['user:u2'], (tx) => tx.recordedMany(keys));
      expect(read.size).toBe(drafts.length);
      reads.push(JSON.stringify([...read.values()]));
    }
    expect(reads[0]).toBe(reads[1]);
    expect(reads[0]).toContain('a\\"b:forgotten:1');
    expect(reads[0]).not.toContain(`"${forgotten}"`);
    expect(reads[0]).toContain(`"${forgotten}-2"`);
  });
});
