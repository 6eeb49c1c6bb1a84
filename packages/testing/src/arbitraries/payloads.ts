import type { JsonSchema } from '@engageloop/core';
import fc from 'fast-check';
import { ANGRY_FEEDBACK, CALM_FEEDBACK } from './feedback-text';

type PayloadArb = fc.Arbitrary<Record<string, unknown>>;

const id = (prefix: string) => fc.integer({ min: 1, max: 99 }).map((n) => `${prefix}-${n}`);
const rating = fc.integer({ min: 1, max: 5 });

const feedback: PayloadArb = fc.oneof(
  fc.record({ text: fc.constantFrom(...ANGRY_FEEDBACK), sentiment: fc.constantFrom(-1, -0.9, -0.6) }),
  fc.record({ text: fc.constantFrom(...CALM_FEEDBACK), sentiment: fc.constantFrom(0, 0.3, 0.8) }),
  fc.record({ text: fc.constantFrom(...ANGRY_FEEDBACK, ...CALM_FEEDBACK) }),
);

/**
 * Hand-written payloads of the domain events the example policies and plugins use. Keys are event types.
 * A schema passed to {@link payloadArbFor} wins over these; a type not listed gets a payload derived from
 * its schema.
 */
export const DOMAIN_PAYLOADS: Readonly<Record<string, PayloadArb>> = {
  'review.submitted': fc.record({
    media: fc.constantFrom('text', 'photo', 'video'),
    rating,
    productId: id('p'),
  }),
  'review.featured': fc.record({ productId: id('p') }),
  'suggestion.adopted': fc.record({ suggestionId: id('s') }),
  // mutual help: offers for a few requests in a few areas, helps to a few neighbours (matching, distinct counts)
  'help.offered': fc.record(
    {
      topic: fc.constantFrom('groceries', 'repairs', '取快递'),
      offerId: id('o'),
      request: fc.constantFrom('r1', 'r2'),
      area: fc.constantFrom('b3', 'b9'),
      interest: fc.constantFrom('repairs', 'cooking'),
      slot: fc.constantFrom('sat-am', 'mon-am'),
    },
    { requiredKeys: ['topic'] },
  ),
  'help.completed': fc.record(
    { rating, help: fc.constantFrom('r1', 'r2', 'r3'), neighbour: fc.constantFrom('u1', 'u2', 'n1') },
    { requiredKeys: ['rating'] },
  ),
  'help.answered': fc.record({ groupId: id('g') }),
  'proposal.submitted': fc.record({ title: fc.constantFrom('更多长椅', 'Bike racks', 'Library corner') }),
  'proposal.adopted': fc.record({ proposalId: id('prop') }),
  'points.donated': fc.record({ points: fc.integer({ min: 1, max: 80 }) }),
  'checkin.done': fc.constant({}),
  'review.weekly': fc.record({ groupId: id('g') }),
  'practice.completed': fc.record({ taskId: id('t'), score: fc.integer({ min: 0, max: 100 }) }),
  // practice tasks: few task ids, so resubmissions of the same task are common (distinct counters, best kept)
  'task.submitted': fc.record({
    taskId: fc.integer({ min: 1, max: 4 }).map((n) => `t-${n}`),
    score: fc.integer({ min: 0, max: 100 }),
  }),
  'task.reviewed': fc.record({
    taskId: fc.integer({ min: 1, max: 4 }).map((n) => `t-${n}`),
    reviewer: fc.constantFrom('mentor', 'peer'),
    rating: fc.constantFrom('excellent', 'good', 'revise'),
  }),
  'task.peer-reviewed': fc.record({ taskId: fc.integer({ min: 1, max: 6 }).map((n) => `p-${n}`) }),
  'group.best-weekly': fc.record({ groupId: id('g') }),
  'user.signedUp': fc.constant({}),
  'app.opened': fc.record({ channel: fc.constantFrom('app', 'mini-program') }),
  'lesson.completed': fc.record({ lessonId: id('l') }),
  'order.paid': fc.record({ orderId: id('o'), amount: fc.integer({ min: 1, max: 1500 }) }),
  'feedback.submitted': feedback,
  'complaint.submitted': feedback,
  'suggestion.submitted': feedback,
  // needs (core): needIds default to the capturing event's id (e1, e2, … in journeys)
  'need.captured': fc
    .tuple(
      feedback,
      fc.constantFrom('feedback', 'suggestion', 'complaint', 'question', 'bug'),
      fc.constantFrom('low', 'normal', 'high', 'urgent'),
      fc.constantFrom('app', 'mini-program', 'email'),
    )
    .map(([f, kind, urgency, channel]) => ({ ...f, kind, urgency, channel })),
  'need.status': fc.record({
    needId: id('e').map((s) => s.replace('e-', 'e')),
    to: fc.constantFrom('acknowledged', 'planned', 'in-progress', 'adopted', 'declined', 'closed'),
  }),
  'need.assessed': fc.record({
    needId: id('e').map((s) => s.replace('e-', 'e')),
    importance: rating,
    impact: rating,
  }),
};

function valueArb(schema: unknown): fc.Arbitrary<unknown> {
  if (typeof schema !== 'object' || schema === null) return fc.constant(null);
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) return fc.oneof(...(s.anyOf as unknown[]).map(valueArb));
  if ('const' in s) return fc.constant(s.const);
  const min = typeof s.minimum === 'number' ? s.minimum : 0;
  const max = typeof s.maximum === 'number' ? s.maximum : min + 100;
  switch (s.type) {
    case 'integer':
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    case 'number':
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return s.format === 'date-time'
        ? fc.constant('2026-01-01T00:00:00Z')
        : fc.constantFrom('a', 'x1', '中文');
    case 'object':
      return objectArb(s);
    default:
      return fc.constant(null);
  }
}

function objectArb(schema: Record<string, unknown>): PayloadArb {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const model: Record<string, fc.Arbitrary<unknown>> = Object.create(null);
  for (const key of Object.keys(props)) model[key] = valueArb(props[key]);
  const requiredKeys = Object.keys(props).filter((k) => required.has(k));
  return fc.record(model, { requiredKeys }).map((r) => ({ ...r }) as Record<string, unknown>);
}

/**
 * A payload for an event type: one derived from the schema passed, when there is one (simple schemas:
 * objects of enums, consts, numbers, strings, booleans, and `anyOf` such objects), else the hand-written
 * domain generator, else `{}`.
 */
export function payloadArbFor(type: string, schema?: JsonSchema): PayloadArb {
  if (schema && (schema.type === 'object' || Array.isArray(schema.anyOf)))
    return valueArb(schema) as PayloadArb;
  if (Object.hasOwn(DOMAIN_PAYLOADS, type)) return DOMAIN_PAYLOADS[type] as PayloadArb;
  return fc.constant({});
}
