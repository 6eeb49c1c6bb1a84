/**
 * `definePolicy` and the effect-params map (`PolicyEffects`) every installed plugin fills by declaration
 * merging: the map names exactly the effects the plugins own, each params type agrees with its effect's JSON
 * Schema, and a policy literal with a wrong effect or wrong params does not compile (the `@ts-expect-error`
 * lines below are checked by `npm run typecheck`).
 */

import { community } from '@engageloop/community';
import {
  createRegistry,
  definePolicy,
  type EffectSpec,
  loadPolicy,
  type PolicyDocument,
  type PolicyEffects,
  type TypedEffectSpec,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { needs } from '@engageloop/needs';
import { replies } from '@engageloop/replies';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { kudos } from '../../docs/examples/plugin-kudos/kudos';

const plugins = [incentives(), replies(), lifecycle(), needs(), kudos(), community()];
const registry = createRegistry(plugins);

/** Every param of `P` present and defined: a sample of this type names each key the params type has. */
type Full<P> = P extends unknown
  ? { [K in keyof P as [Exclude<P[K], undefined>] extends [never] ? never : K]-?: Exclude<P[K], undefined> }
  : never;

/**
 * Per effect type (the mapped type makes a missing or an unknown effect type a compile error): `minimal`, a
 * params value of the effect's params type with only what it needs; `full`, values with every key the params
 * type has (one per alternative of a union type).
 */
const SAMPLES: { [K in keyof PolicyEffects]: { minimal: PolicyEffects[K]; full: Full<PolicyEffects[K]>[] } } =
  {
    'core.setAttribute': {
      minimal: { key: 'prefersVideo', value: true },
      full: [{ key: 'prefersVideo', value: null }],
    },
    'core.message': {
      minimal: { topic: 'welcome', body: 'Welcome!' },
      full: [
        {
          kind: 'notice',
          topic: 'welcome',
          body: { en: 'Welcome!', 'zh-CN': '欢迎！' },
          channel: 'app',
          subject: 'Hi',
        },
      ],
    },
    'incentives.award': {
      minimal: { amount: 10 },
      full: [
        {
          amount: 10,
          wallet: 'points',
          reason: 'review',
          validForDays: 365,
          pendingDays: 7,
          caps: ['review-daily'],
          multipliers: false,
        },
      ],
    },
    'incentives.revoke': {
      minimal: { eventIdPath: '$.payload.reviewEventId' },
      full: [
        {
          eventId: 'e1',
          eventIdPath: '$.payload.reviewEventId',
          ruleId: 'review-points',
          wallet: 'points',
          reason: 'x',
          scope: 'event',
          reinstate: 'e0',
        },
      ],
    },
    'incentives.grantBadge': { minimal: { badge: 'helper' }, full: [{ badge: 'helper', level: 2 }] },
    'incentives.advanceStreak': { minimal: { streak: 'checkin' }, full: [{ streak: 'checkin' }] },
    'incentives.evaluateTier': { minimal: {}, full: [{}] },
    'incentives.convert': {
      minimal: { from: 'points', to: 'charity', all: true },
      full: [
        { from: 'points', to: 'charity', amount: 100, rate: 0.01, reason: 'donation' },
        { from: 'points', to: 'charity', amountPath: '$.payload.points', rate: 1, reason: 'donation' },
        { from: 'points', to: 'charity', all: true, rate: 1, reason: 'donation' },
      ],
    },
    'replies.send': {
      minimal: { situation: 'thank' },
      full: [{ situation: 'thank', channel: 'app', variables: { product: { path: '$.payload.product' } } }],
    },
    'replies.declineWithEncouragement': {
      minimal: {},
      full: [{ reason: 'over budget', channel: 'app', variables: { title: 'Garden' } }],
    },
    'lifecycle.care': {
      minimal: { trigger: 'welcome', body: 'Welcome!' },
      full: [
        {
          trigger: 'post-purchase',
          body: { en: 'How is it going?', 'zh-CN': '用得怎么样？' },
          subject: 'Hello',
          channel: ['app', 'email'],
          delay: { days: 3 },
          occurrence: 'orderId',
          reentry: 'oncePerPeriod',
          period: 'week',
          transactional: false,
          dedupe: '{{event.payload.orderId}}',
          variants: { a: { weight: 1, body: 'A' } },
          data: { campaign: 'spring' },
        },
      ],
    },
    'lifecycle.schedule': {
      minimal: { trigger: 'win-back', after: { days: 14 } },
      full: [
        {
          trigger: 'membership',
          kind: 'anniversary',
          from: 'profile.joinedAt',
          after: { days: 1 },
          offset: { hours: 1 },
          hour: 10,
        },
        {
          trigger: 'win-back',
          kind: 'inactivity',
          after: { days: 14 },
          from: 'firstActive',
          offset: { hours: 2 },
          hour: 9,
        },
      ],
    },
    'lifecycle.cancel': { minimal: { triggers: ['win-back'] }, full: [{ triggers: ['*'] }] },
    'needs.open': {
      minimal: { kind: 'review' },
      full: [
        {
          kind: 'complaint',
          urgency: 'high',
          urgencyPath: '$.payload.urgency',
          textPath: '$.payload.text',
          tags: ['media-review'],
        },
      ],
    },
    'needs.acknowledge': { minimal: {}, full: [{}] },
    'needs.setStatus': { minimal: { to: 'planned' }, full: [{ to: 'declined', reason: 'over budget' }] },
    'needs.escalate': { minimal: {}, full: [{ level: 2, to: 'staff-1', message: 'Need {{needId}}' }] },
    'needs.tag': { minimal: { tags: ['ui'] }, full: [{ tags: ['ui', 'night-mode'] }] },
    'kudos.record': { minimal: {}, full: [{ weight: 2 }] },
    'community.createItem': {
      minimal: { kind: 'post' },
      full: [
        { kind: 'proposal', idPath: '$.payload.proposalId', groupPath: '$.payload.group', track: 'proposal' },
      ],
    },
    'community.move': { minimal: { to: 'voting' }, full: [{ to: 'review', itemPath: '$.payload.item' }] },
    'community.score': {
      minimal: { contest: 'best-weekly-group' },
      full: [{ contest: 'best-weekly-group', amount: 3, itemPath: '$.payload.item' }],
    },
    'community.checkIn': { minimal: {}, full: [{}] },
    'community.credit': {
      minimal: { as: 'naming' },
      full: [{ as: 'course-page', itemPath: '$.payload.item', namePath: '$.payload.nickname' }],
    },
  };

const problemsOf = (type: string, params: unknown): string[] =>
  (registry.effect(type)?.validate(params) ?? [new Error(`no effect ${type}`)]).map((e) => e.message);

const schemaOf = (type: string) =>
  registry.effect(type)?.definition.params as { properties?: Record<string, unknown>; required?: string[] };

describe('PolicyEffects: the effect-params map of the installed plugins', () => {
  it('names exactly the effect types the plugins own', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...registry.effectTypes].sort());
  });

  it("agrees with each effect's JSON Schema: every key of the params type is a schema property and back, and its samples validate", () => {
    const problems: string[] = [];
    for (const [type, { minimal, full }] of Object.entries(SAMPLES)) {
      const schema = schemaOf(type);
      const typeKeys = [...new Set(full.flatMap((sample) => Object.keys(sample)))].sort();
      const schemaKeys = Object.keys(schema.properties ?? {}).sort();
      if (typeKeys.join() !== schemaKeys.join())
        problems.push(`${type}: type keys ${typeKeys.join()} ≠ schema properties ${schemaKeys.join()}`);
      for (const sample of [minimal, ...full])
        for (const p of problemsOf(type, sample)) problems.push(`${type} ${JSON.stringify(sample)}: ${p}`);
      for (const key of schema.required ?? [])
        if (!Object.hasOwn(minimal, key))
          problems.push(`${type}: schema requires "${key}", the type does not`);
      // Every key the type requires, the schema needs too: without it the minimal sample is rejected.
      for (const key of Object.keys(minimal)) {
        const { [key]: _, ...without } = minimal as Record<string, unknown>;
        if (problemsOf(type, without).length === 0)
          problems.push(`${type}: the type requires "${key}", the schema does not`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('definePolicy', () => {
  it('returns the document, which loads with the plugins', () => {
    const document = definePolicy({
      version: 1,
      name: 'typed',
      eventTypes: { 'checkin.done': {} },
      settings: { incentives: { streaks: { checkin: { period: 'day' } } } },
      rules: [
        {
          id: 'review-points',
          stage: 'motivation',
          on: 'review.submitted',
          effects: [
            { type: 'incentives.award', params: { amount: 10, reason: 'review' } },
            { type: 'replies.send', params: { situation: 'thank' } },
          ],
        },
        {
          id: 'checkin',
          stage: 'action',
          on: 'checkin.done',
          effects: [
            { type: 'incentives.advanceStreak', params: { streak: 'checkin' } },
            { type: 'incentives.evaluateTier' },
          ],
        },
      ],
    });
    expectTypeOf(document).toEqualTypeOf<PolicyDocument>();
    const policy = loadPolicy(document, { plugins });
    expect(policy.rules.map((r) => r.id)).toEqual(['review-points', 'checkin']);
    expect(policy.document).toEqual(document);
  });

  it('checks effect types and params by type (see the @ts-expect-error lines)', () => {
    const rule = (effects: TypedEffectSpec[]) => ({ id: 'r', stage: 'action' as const, effects });
    const wrong = [
      // @ts-expect-error: no plugin owns this effect type
      rule([{ type: 'incentives.awrd', params: { amount: 1 } }]),
      // @ts-expect-error: a misspelt param
      rule([{ type: 'incentives.award', params: { amont: 1 } }]),
      // @ts-expect-error: a param of the wrong type
      rule([{ type: 'incentives.award', params: { amount: '10' } }]),
      // @ts-expect-error: a required param left out
      rule([{ type: 'lifecycle.care', params: { trigger: 'welcome' } }]),
      // @ts-expect-error: params required when the params type has a required key
      rule([{ type: 'incentives.grantBadge' }]),
      // @ts-expect-error: revoke names the event to reverse, by id or by path
      rule([{ type: 'incentives.revoke', params: { wallet: 'points' } }]),
      // @ts-expect-error: convert takes one of amount, amountPath, all
      rule([{ type: 'incentives.convert', params: { from: 'points', to: 'charity', amount: 5, all: true } }]),
      // @ts-expect-error: an anniversary needs the date it counts from
      rule([{ type: 'lifecycle.schedule', params: { trigger: 'birthday', kind: 'anniversary' } }]),
      // @ts-expect-error: a status rules may not set
      rule([{ type: 'needs.setStatus', params: { to: 'captured' } }]),
    ];
    // The same mistakes are what the loader reports when the document comes from JSON instead.
    for (const r of wrong) {
      const document = { version: 1, rules: [r] } as unknown as PolicyDocument;
      expect(() => loadPolicy(document, { plugins }), JSON.stringify(r.effects)).toThrow();
    }
    expectTypeOf<TypedEffectSpec>().toMatchTypeOf<EffectSpec<object>>();
  });
});
