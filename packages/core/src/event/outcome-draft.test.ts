import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policyParams } from '../contract/fixtures';
import { decodeOutcome, EffectHeads, encodeOutcome } from '../store/memory-effect-heads';
import type { EffectOutcome } from './outcome';
import { type DraftEffect, type DraftEvent, OutcomeDraft, RuleEffect } from './outcome-draft';

const ruleEffects = [
  new RuleEffect('r1', 'need', 'core.setAttribute', policyParams({ key: 'a', value: 1 })),
  new RuleEffect('r2', 'action', 'core.setAttribute', policyParams({ key: 'b', value: [2, 'x'] })),
  // Params not of a loaded policy: no head, written in full.
  new RuleEffect('r3', 'value', 'incentives.award', { amount: 10 }),
];
const reported: EffectOutcome[] = [
  {
    ruleId: 'r4',
    stage: 'action',
    type: 'incentives.award',
    params: ruleEffects[1]!.params,
    report: { status: 'capped', reason: 'cap' },
  },
  {
    ruleId: 'p:hook',
    stage: null,
    type: 'core.setAttribute',
    params: { key: 'c' },
    report: { status: 'applied' },
  },
];

/** Mostly false: most outcomes have the common shape, which the store encodes from the draft at once. */
const rarely = fc.constantFrom(false, false, false, true);

const drafts = fc.record({
  entity: fc.option(fc.constant('group:g1'), { nil: undefined, freq: 4 }),
  cause: fc.option(fc.constant('e0'), { nil: undefined, freq: 4 }),
  effects: fc.array(fc.constantFrom<DraftEffect>(...ruleEffects, ...reported), { maxLength: 5 }),
  firedFromEffects: fc.boolean(),
  messages: rarely,
  timers: rarely,
  emitted: fc.subarray(['reward:granted', 'loop:closed']),
  derived: rarely,
});

describe('outcome drafts', () => {
  it('build the outcome they stand for, serialise and encode as it does, and read back the same', () => {
    fc.assert(
      fc.property(drafts, (d) => {
        const event: DraftEvent = {
          id: 'e1',
          userId: d.entity ?? 'u1',
          type: 'review.submitted',
          source: 'event',
          ...(d.entity === undefined ? {} : { entity: d.entity }),
          ...(d.cause === undefined ? {} : { cause: d.cause }),
        };
        const fired = d.firedFromEffects ? d.effects.map((e) => e.ruleId) : ['r9'];
        const messages = d.messages
          ? [{ id: 'm1', userId: 'u1', kind: 'k', topic: 't', channel: null, queued: true }]
          : undefined;
        const timers = d.timers ? { scheduled: ['t1'], cancelled: [] } : undefined;
        const derived = d.derived ? ['d1'] : undefined;
        const draft = new OutcomeDraft(event, fired, d.effects, messages, timers, d.emitted, derived);
        const outcome = draft.outcome();
        expect(outcome.effects).toEqual(
          d.effects.map((e) => (e instanceof RuleEffect ? { ...e, report: { status: 'applied' } } : e)),
        );
        expect(Object.keys(outcome).slice(0, 2)).toEqual(['eventId', 'userId']);
        expect(outcome.entity).toBe(d.entity);
        expect(JSON.stringify(draft)).toBe(JSON.stringify(outcome));
        // Fresh each time: the caller's outcome shares no list with another read of the draft.
        expect(draft.outcome().effects).not.toBe(outcome.effects);
        const heads = new EffectHeads();
        const text = encodeOutcome(draft, heads) as string;
        expect(text).toBe(encodeOutcome(outcome, heads));
        expect(decodeOutcome(text, heads)).toEqual(JSON.parse(JSON.stringify(outcome)));
        // Handed over (the batch committed): the same outcome, made of the draft's own lists, none shared empty.
        const copy = (list: readonly unknown[]) => (list.length === 0 ? list : list.slice());
        const again = new OutcomeDraft(
          event,
          copy(fired) as string[],
          copy(d.effects) as DraftEffect[],
          messages,
          timers,
          copy(d.emitted) as string[],
          derived,
        );
        const handed = again.handOver();
        expect(handed).toStrictEqual(outcome);
        if (d.effects.length > 0) expect(handed.effects).toBe(again.effects);
        for (const list of [handed.fired, handed.effects, handed.emitted, handed.messages])
          expect(Object.isFrozen(list)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the outcome a draft builds', () => {
  it('is made of plain objects, as the literals it stands for (prototype, keys and their order)', () => {
    const draft = new OutcomeDraft(
      { id: 'e1', userId: 'u1', type: 'review.submitted', source: 'event' },
      ['r1'],
      [ruleEffects[0] as DraftEffect],
      undefined,
      undefined,
      ['reward:granted'],
    );
    const outcome = draft.outcome();
    const params = (ruleEffects[0] as RuleEffect).params;
    expect(outcome).toStrictEqual({
      eventId: 'e1',
      userId: 'u1',
      type: 'review.submitted',
      source: 'event',
      status: 'applied',
      fired: ['r1'],
      effects: [
        { ruleId: 'r1', stage: 'need', type: 'core.setAttribute', params, report: { status: 'applied' } },
      ],
      messages: [],
      timers: { scheduled: [], cancelled: [] },
      emitted: ['reward:granted'],
    });
    const effect = outcome.effects[0] as EffectOutcome;
    for (const value of [outcome, outcome.timers, effect, effect.report]) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(value.constructor).toBe(Object);
    }
    expect(Object.keys(effect)).toEqual(['ruleId', 'stage', 'type', 'params', 'report']);
    expect(Object.keys(outcome.timers)).toEqual(['scheduled', 'cancelled']);
    expect(structuredClone(outcome)).toEqual(outcome);
    // Its own: changing one outcome's lists or report changes no other read of the draft.
    outcome.messages.push({ id: 'm', userId: 'u1', kind: 'k', topic: 't', channel: null, queued: true });
    outcome.timers.scheduled.push('t1');
    (effect.report as { status: string }).status = 'capped';
    const again = draft.outcome();
    expect(again.messages).toEqual([]);
    expect(again.timers.scheduled).toEqual([]);
    expect(again.effects[0]?.report).toEqual({ status: 'applied' });
  });
});

describe('the JSON of a draft', () => {
  it('is the text of its outcome, written from the draft’s own lists and each rule effect’s frozen form', () => {
    const effect = ruleEffects[0] as RuleEffect;
    const messages = [{ id: 'm1', userId: 'u1', kind: 'k', topic: 't', channel: null, queued: false }];
    const draft = new OutcomeDraft(
      { id: 'e1', userId: 'g1', entity: 'group:g1', type: 'review.submitted', source: 'timer', cause: 'e0' },
      ['r1', 'r4'],
      [effect, reported[0] as DraftEffect],
      messages,
      { scheduled: ['t1'], cancelled: ['t0'] },
      ['reward:granted'],
      ['d1'],
    );
    const text = JSON.stringify(draft);
    expect(text).toBe(JSON.stringify(draft.outcome()));
    expect(Object.keys(JSON.parse(text))).toEqual([
      ...['eventId', 'userId', 'entity', 'type', 'source', 'cause', 'status'],
      ...['fired', 'effects', 'messages', 'timers', 'emitted', 'derived'],
    ]);
    expect(draft.toJSON().messages).toBe(messages);
    const json = effect.json();
    expect(Object.isFrozen(json) && Object.isFrozen(json.report)).toBe(true);
    expect(effect.json()).toBe(json);
    // A caller's outcome is its own: changing it changes neither the draft's text nor the rule's frozen form.
    const outcome = draft.outcome();
    (outcome.effects[0]?.report as { status: string }).status = 'capped';
    outcome.fired.push('r9');
    expect(JSON.stringify(draft)).toBe(text);
    expect(json.report).toEqual({ status: 'applied' });
  });

  it('of a draft with nothing but its rules is the outcome’s text, empty lists included', () => {
    const draft = new OutcomeDraft({ id: 'e2', userId: 'u1', type: 't', source: 'event' }, [], []);
    expect(JSON.stringify(draft)).toBe(JSON.stringify(draft.outcome()));
    expect(JSON.parse(JSON.stringify(draft))).toMatchObject({ timers: { scheduled: [], cancelled: [] } });
  });
});
