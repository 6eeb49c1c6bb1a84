import type { Stage } from '../policy/types';
import type { EffectOutcome, MessageSummary, Outcome } from './outcome';
import { plainMaker } from './plain-maker';
import type { EventSource } from './types';

/**
 * One effect of a rule as the policy wrote it (rule, stage, type, params): made once per policy runtime and
 * shared by every dispatch that fires the rule. A dispatch lists it, not an `EffectOutcome`, for an effect whose
 * report is `{ status: 'applied' }` (most): what it keeps until its batch commits is a reference, not two objects.
 */
export class RuleEffect {
  /**
   * The effect heads (`EffectHeads`, a store's) that last named this effect, and its head there: `ruleHead` reads
   * them instead of a `WeakMap` lookup per effect per record, while one store records it.
   */
  #headsOf: object | undefined = undefined;
  #head = -1;

  /** Its head in `heads` as `noteHead` left it, or undefined when another `heads` named it last (or none). */
  headIn(heads: object): number | undefined {
    return this.#headsOf === heads ? this.#head : undefined;
  }

  /** Notes its head `head` in `heads` (`headIn`). */
  noteHead(heads: object, head: number): void {
    this.#headsOf = heads;
    this.#head = head;
  }

  /**
   * The registry (`Registry`) that last looked its type up, and what it found (`applyEffect`): a fired rule's
   * effect is applied without a lookup of its type in the registry's map, while one registry applies it.
   */
  #registryOf: object | undefined = undefined;
  #registered: unknown = undefined;

  /** What `noteRegistered` left for `registry`, or undefined when another registry (or none) looked it up last. */
  registeredIn(registry: object): unknown {
    return this.#registryOf === registry ? this.#registered : undefined;
  }

  /** Notes what `registry` holds for its type (`registeredIn`). */
  noteRegistered(registry: object, registered: unknown): void {
    this.#registryOf = registry;
    this.#registered = registered;
  }

  constructor(
    readonly ruleId: string,
    readonly stage: Stage,
    readonly type: string,
    readonly params: Record<string, unknown>,
  ) {}

  /** The effect as an outcome reports it: a fresh object, its report `{ status: 'applied' }`. */
  outcome(): EffectOutcome {
    return new PlainEffect(this.ruleId, this.stage, this.type, this.params, new AppliedReport());
  }

  /** `outcome()` made once and frozen (not deep: its params are the policy's), for serialising only. */
  #json: EffectOutcome | undefined = undefined;

  /**
   * What `JSON.stringify` writes for the effect in an outcome (`OutcomeDraft.toJSON`): one frozen object for the
   * life of the rule, shared by every serialisation, never handed to a caller as its outcome.
   */
  json(): Readonly<EffectOutcome> {
    if (this.#json === undefined) {
      const effect = this.outcome();
      Object.freeze(effect.report);
      this.#json = Object.freeze(effect);
    }
    return this.#json;
  }
}

/** An effect of a draft: an `EffectOutcome` as reported, or a rule's effect whose report is the default. */
export type DraftEffect = EffectOutcome | RuleEffect;

/** The parts of an event an outcome names. */
export interface DraftEvent {
  readonly id: string;
  readonly userId: string;
  readonly entity?: string;
  readonly type: string;
  readonly source: EventSource;
  readonly cause?: string;
}

/** An empty list for a part of the draft: each outcome gets a fresh `[]` (`fresh`). */
const NONE: readonly never[] = Object.freeze([]);

/**
 * What the fresh empty lists of an outcome are sliced from: never written (it is no one else's), and not frozen,
 * as a frozen array's `slice` takes V8's slow path (~110 ns against ~30 ns a call: five per outcome, most of them
 * empty, on the kernel bench).
 */
const EMPTY: never[] = [];

/** A fresh copy of `list`: `slice()` of `EMPTY` when it is empty (it may be a frozen shared one, as `NONE`). */
const fresh = <T>(list: readonly T[]): T[] => (list.length === 0 ? EMPTY.slice() : list.slice());

/** `list` itself, handed over (`OutcomeDraft.handOver`), or a fresh `[]` for an empty one (it may be shared). */
const own = <T>(list: readonly T[]): T[] => (list.length === 0 ? EMPTY.slice() : (list as T[]));

/**
 * What an applied dispatch did, kept compactly from the pipeline's end until its batch reports: the event's
 * envelope, the rules fired, the effects (`DraftEffect`) and the few other lists, most of them empty. `outcome()`
 * builds the `Outcome` the caller gets (a fresh object each time), and `toJSON` makes the draft the serialisable
 * outcome of its record: `JSON.stringify` writes it as that outcome. A batch keeps one small object per event
 * instead of an outcome graph that a young-generation collection would copy, then promote.
 */
export class OutcomeDraft {
  constructor(
    readonly event: DraftEvent,
    readonly fired: readonly string[],
    readonly effects: readonly DraftEffect[],
    readonly messages: readonly MessageSummary[] = NONE,
    readonly timers: Outcome['timers'] | undefined = undefined,
    readonly emitted: readonly string[] = NONE,
    readonly derived: readonly string[] | undefined = undefined,
  ) {}

  /** The outcome as the caller gets it (status `applied`): a fresh object, with fresh lists, each time. */
  outcome(): Outcome {
    const { derived } = this;
    return madeOutcome(
      this,
      fresh(this.fired),
      draftEffects(this.effects),
      fresh(this.emitted),
      derived === undefined ? undefined : fresh(derived),
    );
  }

  /**
   * `outcome()` made of the draft's own lists, for a draft nothing reads after (its batch has committed, and a
   * store keeps no reference to what it was given: the written record is the engine's, as `CommitWrite` says):
   * its rules' effects are made `EffectOutcome`s in place in its `effects`, which becomes the outcome's, as do
   * `fired`, `emitted` and `derived` (a shared empty one aside). One copy of each list fewer per event.
   */
  handOver(): Outcome {
    const effects = this.effects as DraftEffect[];
    for (let i = 0; i < effects.length; i++) {
      const effect = effects[i] as DraftEffect;
      if (effect instanceof RuleEffect) effects[i] = effect.outcome();
    }
    const { derived } = this;
    return madeOutcome(
      this,
      own(this.fired),
      own(effects as EffectOutcome[]),
      own(this.emitted),
      derived === undefined ? undefined : own(derived),
    );
  }

  /**
   * What `JSON.stringify` writes for the draft: the same text as for `outcome()` (same keys, in the same order),
   * from one object that holds the draft's own lists rather than fresh copies, and its rules' effects as each
   * `RuleEffect` keeps them (`json()`). Made for serialisation only: the caller's outcome is `outcome()`.
   */
  toJSON(): Readonly<Outcome> {
    const { event, timers } = this;
    const json: Outcome = new PlainOutcome(
      event,
      this.fired as string[],
      jsonEffects(this.effects),
      this.messages as MessageSummary[],
      timers ?? NO_TIMERS,
      this.emitted as string[],
    );
    if (this.derived !== undefined) json.derived = this.derived as string[];
    return withSubject(event, json);
  }
}

/** The caller's outcome of `draft` with these lists, its messages and timers fresh (`outcome`, `handOver`). */
function madeOutcome(
  draft: OutcomeDraft,
  fired: string[],
  effects: EffectOutcome[],
  emitted: string[],
  derived: string[] | undefined,
): Outcome {
  const { event, timers, messages } = draft;
  const outcome: Outcome = new PlainOutcome(
    event,
    fired,
    effects,
    messages.length === 0 ? EMPTY.slice() : messages.map((m) => ({ ...m })),
    timers === undefined
      ? new PlainTimers(EMPTY.slice(), EMPTY.slice())
      : new PlainTimers(fresh(timers.scheduled), fresh(timers.cancelled)),
    emitted,
  );
  if (derived !== undefined) outcome.derived = derived;
  return withSubject(event, outcome);
}

/** An outcome's timers when the dispatch scheduled and cancelled none, for serialisation (`toJSON`). */
const NO_TIMERS: Outcome['timers'] = Object.freeze({
  scheduled: NONE as never[],
  cancelled: NONE as never[],
});

/** `effects` as `JSON.stringify` writes them in an outcome: a rule's effect as it keeps it (`json()`). */
function jsonEffects(effects: readonly DraftEffect[]): EffectOutcome[] {
  const out = new Array<EffectOutcome>(effects.length);
  for (let i = 0; i < effects.length; i++) {
    const effect = effects[i] as DraftEffect;
    out[i] = effect instanceof RuleEffect ? (effect.json() as EffectOutcome) : effect;
  }
  return out;
}

/*
 * The caller's outcome, its timers and its rules' effects are plain objects made by `new` (`plainMaker`) rather
 * than by a literal: a long `dispatchBatch` (its outcomes all held until it returns) had their literals' sites
 * pretenured, and every outcome after it cost a full collection's work however soon the caller dropped it. The
 * fresh empty lists are `EMPTY.slice()` (an array literal has a site too).
 */
/** `{ eventId, userId, type, source, status: 'applied', fired, effects, messages, timers, emitted }`. */
function plainOutcome(
  this: Outcome,
  event: DraftEvent,
  fired: string[],
  effects: EffectOutcome[],
  messages: MessageSummary[],
  timers: Outcome['timers'],
  emitted: string[],
): void {
  this.eventId = event.id;
  this.userId = event.userId;
  this.type = event.type;
  this.source = event.source;
  this.status = 'applied';
  this.fired = fired;
  this.effects = effects;
  this.messages = messages;
  this.timers = timers;
  this.emitted = emitted;
}
const PlainOutcome = plainMaker(plainOutcome);

/** `{ scheduled, cancelled }`. */
function plainTimers(this: Outcome['timers'], scheduled: string[], cancelled: string[]): void {
  this.scheduled = scheduled;
  this.cancelled = cancelled;
}
const PlainTimers = plainMaker(plainTimers);

/** `{ ruleId, stage, type, params, report }`. */
function plainEffect(
  this: EffectOutcome,
  ruleId: string,
  stage: Stage,
  type: string,
  params: Record<string, unknown>,
  report: EffectOutcome['report'],
): void {
  this.ruleId = ruleId;
  this.stage = stage;
  this.type = type;
  this.params = params;
  this.report = report;
}
const PlainEffect = plainMaker(plainEffect);

/** `{ status: 'applied' }`. */
function appliedReport(this: { status: 'applied' }): void {
  this.status = 'applied';
}
const AppliedReport = plainMaker(appliedReport);

/** `effects` as an outcome lists them: a rule's effect made an `EffectOutcome`, the others as reported. */
function draftEffects(effects: readonly DraftEffect[]): EffectOutcome[] {
  const out = new Array<EffectOutcome>(effects.length);
  for (let i = 0; i < effects.length; i++) {
    const effect = effects[i] as DraftEffect;
    out[i] = effect instanceof RuleEffect ? effect.outcome() : effect;
  }
  return out;
}

/**
 * `outcome` (built without them) with the event's `entity` after `userId` and its `cause` after `source`, where
 * the event has them: the same object when it has neither (most events), so that one needs no spread.
 */
export function withSubject(event: Pick<DraftEvent, 'entity' | 'cause'>, outcome: Outcome): Outcome {
  if (event.entity === undefined && event.cause === undefined) return outcome;
  const { eventId, userId, type, source, ...rest } = outcome;
  return {
    eventId,
    userId,
    ...(event.entity === undefined ? {} : { entity: event.entity }),
    type,
    source,
    ...(event.cause === undefined ? {} : { cause: event.cause }),
    ...rest,
  };
}
