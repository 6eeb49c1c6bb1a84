import type { LoopEvent } from '@engageloop/core';
import fc from 'fast-check';
import type { EventCatalogue } from './event-types';
import type { Journey, JourneyStep, StepNote, UserSpec } from './journey-types';
import { payloadArbFor } from './payloads';
import { usersArb } from './users';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Options of {@link journeyArb}. */
export interface JourneyOptions {
  /** Event types users send, and undo events (see `eventCatalogue`). */
  catalogue: EventCatalogue;
  /** At most this many users (default 3). */
  maxUsers?: number;
  /** At most this many steps after the users joined (default 20). */
  maxSteps?: number;
  /** Where the clock starts (default `2026-03-02T00:00:00Z`). */
  start?: string;
  /** Payload schemas by event type; a schema given wins over the kit's hand-written generator. */
  schemas?: Readonly<Record<string, Record<string, unknown> | undefined>>;
}

/** A step's kind before it becomes concrete. */
export type Op = 'event' | 'tick' | 'duplicate' | 'retry' | 'late' | 'undo' | 'burst';

/** One generated step before it becomes concrete (see {@link buildJourney}). */
export interface StepSpec {
  user: number;
  gap: number;
  op: Op;
  pick: number;
  type: string;
  payload: Record<string, unknown>;
}

const gapArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 10 }).map((m) => m * MINUTE) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }).map((h) => h * HOUR) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 10 }).map((d) => d * DAY) },
  { weight: 1, arbitrary: fc.integer({ min: 14, max: 40 }).map((d) => d * DAY) },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('event' as const) },
  { weight: 3, arbitrary: fc.constant('tick' as const) },
  { weight: 1, arbitrary: fc.constant('duplicate' as const) },
  { weight: 1, arbitrary: fc.constant('retry' as const) },
  { weight: 1, arbitrary: fc.constant('late' as const) },
  { weight: 1, arbitrary: fc.constant('undo' as const) },
  { weight: 2, arbitrary: fc.constant('burst' as const) },
);

/** `{ a: { b: value } }` for the keys `['a', 'b']` (an undo event's payload naming the undone event). */
function atPath(keys: readonly string[], value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (const key of [...keys].reverse()) out = { [key]: out };
  return out as Record<string, unknown>;
}

/** Turns a generated spec into concrete steps (pure, so shrinking the spec shrinks the journey). */
export function buildJourney(
  start: string,
  users: UserSpec[],
  specs: readonly StepSpec[],
  catalogue: EventCatalogue,
): Journey {
  const steps: JourneyStep[] = [];
  const sent: LoopEvent[] = [];
  let t = Date.parse(start);
  const joins = new Map<string, number>();
  for (const user of users) {
    const at = Date.parse(user.joinedAt);
    joins.set(user.id, at);
    const { id: _id, ...profile } = user;
    steps.push({
      kind: 'event',
      note: 'join',
      event: {
        id: `join-${user.id}`,
        type: 'profile.updated',
        userId: user.id,
        at: user.joinedAt,
        payload: profile,
      },
    });
    t = Math.max(t, at);
  }
  const undoTypes = Object.keys(catalogue.undo);
  let n = 0;
  // Bursts add steps: the journey stays within one step per spec.
  const full = () => steps.length - users.length >= specs.length;
  for (const spec of specs) {
    if (full()) break;
    const user = users[spec.user % users.length] as UserSpec;
    if (spec.op === 'tick') {
      t += spec.gap;
      steps.push({ kind: 'tick', at: new Date(t).toISOString() });
      continue;
    }
    if ((spec.op === 'duplicate' || spec.op === 'retry') && sent.length > 0) {
      const event = spec.op === 'retry' ? sent[sent.length - 1] : sent[spec.pick % sent.length];
      if (event) steps.push({ kind: 'event', note: spec.op, event });
      continue;
    }
    let type = spec.type;
    let payload = spec.payload;
    let note: StepNote | undefined;
    let gap = spec.gap;
    if (spec.op === 'undo' && undoTypes.length > 0) {
      const own = sent.filter((e) => e.userId === user.id && !Object.hasOwn(catalogue.undo, e.type));
      // Most undos take back the user's last action a few minutes later; a third come at any gap, for any action.
      const soon = spec.pick % 3 !== 0;
      const target = soon ? own.at(-1) : own[spec.pick % Math.max(1, own.length)];
      if (target) {
        type = undoTypes[spec.pick % undoTypes.length] as string;
        payload = atPath((catalogue.undo[type] as string).split('.'), target.id);
        note = 'undo';
        if (soon) gap = (1 + (spec.pick % 20)) * MINUTE;
      }
    }
    t += gap;
    let at = t;
    if (spec.op === 'late') {
      at = Math.max(joins.get(user.id) ?? t, t - gap - (1 + (spec.pick % 48)) * HOUR);
      note = 'late';
    }
    n += 1;
    const event: LoopEvent = { id: `e${n}`, type, userId: user.id, at: new Date(at).toISOString(), payload };
    sent.push(event);
    steps.push(note ? { kind: 'event', event, note } : { kind: 'event', event });
    // A burst: the same action again, 1–4 more times a minute apart (what per-period caps must hold).
    for (let k = 0; spec.op === 'burst' && k <= spec.pick % 4 && !full(); k++) {
      t += MINUTE;
      n += 1;
      const again: LoopEvent = { ...event, id: `e${n}`, at: new Date(t).toISOString() };
      sent.push(again);
      steps.push({ kind: 'event', event: again, note: 'burst' });
    }
  }
  return { start, users, steps };
}

/**
 * Realistic journeys for a policy: 1–3 users join (a `profile.updated` event with time zone, locale and
 * channels), then act over weeks with bursts (the same action several times in a few minutes) and gaps, angry feedback in zh-CN and en, undo, retries and
 * duplicates (the same event id delivered again), out-of-order delivery, and ticks in between.
 *
 * @example
 * const catalogue = eventCatalogue(policy, registry);
 * fc.assert(fc.property(journeyArb({ catalogue }), (j) => j.steps.length > 0));
 */
export function journeyArb(options: JourneyOptions): fc.Arbitrary<Journey> {
  const start = options.start ?? '2026-03-02T00:00:00Z';
  const types = options.catalogue.types.filter((t) => !Object.hasOwn(options.catalogue.undo, t));
  const pool = types.length > 0 ? types : ['app.opened'];
  const eventArb = fc.oneof(
    ...pool.map((type) => payloadArbFor(type, options.schemas?.[type]).map((payload) => ({ type, payload }))),
  );
  const maxUsers = options.maxUsers ?? 3;
  const specArb: fc.Arbitrary<StepSpec> = fc
    .record({ user: fc.nat(maxUsers - 1), gap: gapArb, op: opArb, pick: fc.nat(50), ev: eventArb })
    .map(({ ev, ...rest }) => ({ ...rest, type: ev.type, payload: ev.payload }));
  const joinedTo = new Date(Date.parse(start) + 14 * DAY).toISOString();
  return fc
    .tuple(
      usersArb(maxUsers, { joinedFrom: start, joinedTo }),
      fc.array(specArb, { minLength: 1, maxLength: options.maxSteps ?? 20 }),
    )
    .map(([users, specs]) => buildJourney(start, users, specs, options.catalogue));
}
