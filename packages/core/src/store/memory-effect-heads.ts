import { OutcomeDraft, RuleEffect } from '../event/outcome-draft';
import { isPolicyParams } from '../policy/policy-params';
import { appliedOnly, BINARY, binaryDraft, expandBinary } from './binary-outcome';
import { CodeUnits } from './code-units';

/**
 * The first character of a recorded outcome's text whose effects name heads of `EffectHeads` (`encodeOutcome`).
 * `JSON.stringify` never writes a control character as it is, so no plain text starts with it.
 */
const HEADED = '\u0001';

/**
 * The first character of a recorded outcome's text in the compact form of the engine's common outcome
 * (`compactOutcome`): a JSON array of its fields, no keys, the empty lists left out.
 */
const COMPACT = '\u0002';

/** The keys of an outcome of the common shape (`Outcome`, nothing queued, no timers), in the engine's order. */
const OUTCOME_KEYS = [
  'eventId',
  'userId',
  'type',
  'source',
  'status',
  'fired',
  'effects',
  'messages',
  'timers',
  'emitted',
] as const;

/** The keys of an outcome's `timers`, in the engine's order. */
const TIMER_KEYS = ['scheduled', 'cancelled'] as const;

/** The most heads a store keeps; effects past it are written out in full. */
const MAX_HEADS = 65_536;

/** The keys of an effect of an outcome (`EffectOutcome`), in the order the engine writes them. */
const EFFECT_KEYS = ['ruleId', 'stage', 'type', 'params', 'report'] as const;

/** What a head holds: the effect's rule, stage and type, and its params as JSON text. */
interface Head {
  readonly ruleId: string;
  readonly stage: string | null;
  readonly type: string;
  readonly params: string;
}

/** Whether `value` is JSON data that can never change: frozen all the way down, data properties only. */
function frozenData(value: object, seen: WeakSet<object>, depth: number): boolean {
  if (seen.has(value)) return true;
  if (depth > 64 || !Object.isFrozen(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  const array = Array.isArray(value);
  if (proto !== (array ? Array.prototype : Object.prototype) && proto !== null) return false;
  const keys = Object.keys(value);
  if (array && keys.length !== value.length) return false; // a hole reads as null
  for (const key of keys) {
    const property = Object.getOwnPropertyDescriptor(value, key);
    if (property === undefined || !('value' in property)) return false;
    const item: unknown = property.value;
    const type = typeof item;
    if (type === 'function' || type === 'bigint' || type === 'symbol') return false;
    if (type === 'object' && item !== null && !frozenData(item as object, seen, depth + 1)) return false;
  }
  seen.add(value);
  return true;
}

/**
 * The heads of the effects a memory store's records hold: an effect's rule, stage, type and params repeat on
 * every event that fires its rule (about two thirds of a recorded outcome's text on the 40-rule bench), and the
 * params are the policy's own, frozen (`isPolicyParams`). A record names its effects' heads by number (`encodeOutcome`) and keeps
 * only their reports; a read puts the heads back (`decodeOutcome`). Heads are never dropped (a record may name
 * one for as long as it is kept); only a loaded policy's params (frozen JSON data) are kept here, by identity.
 */
export class EffectHeads {
  readonly #heads: Head[] = [];
  /** Heads by the identity of their params, then by rule, stage and type. */
  readonly #byParams = new WeakMap<object, number[]>();
  /** Params found frozen JSON data (`frozenData`). */
  readonly #frozen = new WeakSet<object>();
  /** The heads of rules' effects (-1: none), by identity (`ruleHead`). */
  readonly #byRuleEffect = new WeakMap<RuleEffect, number>();
  /** Where the store's binary texts are written (`binaryDraft`). */
  readonly units = new CodeUnits();

  /** How many heads are kept. */
  get size(): number {
    return this.#heads.length;
  }

  /** Whether a head's text holds `needle` (a forgotten user's id, as `jsonNeedle` writes it). */
  mention(needle: string): boolean {
    return this.dump().some((text) => text.includes(needle));
  }

  /** Every head as JSON text (rule, stage and type escaped as in a record's text), in number order. */
  dump(): string[] {
    return this.#heads.map(
      ({ ruleId, stage, type, params }) => `${JSON.stringify([ruleId, stage, type])}${params}`,
    );
  }

  /** The number of `effect`'s head, or -1 when it has none (not an effect as the engine writes it). */
  headOf(effect: unknown): number {
    // The `in` test first (an effect without `report` has no head anyway): the check of the effect's shape it makes
    // lets TurboFan fold the prototype test (else a call into the runtime, ~120 instructions).
    if (typeof effect !== 'object' || effect === null || !('report' in effect)) return -1;
    if (Object.getPrototypeOf(effect) !== Object.prototype) return -1;
    // The keys in order, none inherited (`for…in` lists inherited enumerable keys after the own ones).
    let at = 0;
    for (const key in effect) if (key !== EFFECT_KEYS[at++]) return -1;
    if (at !== EFFECT_KEYS.length) return -1;
    const { ruleId, stage, type, params, report } = effect as Record<string, unknown>;
    // The report moves into an array: undefined (left out of an object, null in an array) or a toJSON that is
    // told its key would not read back the same.
    if (typeof report !== 'object' || report === null) return -1;
    if ((report as { toJSON?: unknown }).toJSON !== undefined) return -1;
    if (typeof ruleId !== 'string' || typeof type !== 'string') return -1;
    if (stage !== null && typeof stage !== 'string') return -1;
    if (typeof params !== 'object' || params === null) return -1;
    const known = this.#byParams.get(params);
    if (known !== undefined) {
      for (const id of known) {
        const head = this.#heads[id] as Head;
        if (head.ruleId === ruleId && head.stage === stage && head.type === type) return id;
      }
    }
    // Only a loaded policy's own params: params a plugin froze from an event's payload hold what a user brought in,
    // which a head (never dropped) would keep past `forgetUser`.
    if (this.#heads.length >= MAX_HEADS || !isPolicyParams(params) || !frozenData(params, this.#frozen, 0))
      return -1;
    const id = this.#heads.length;
    this.#heads.push({ ruleId, stage, type, params: JSON.stringify(params) });
    if (known === undefined) this.#byParams.set(params, [id]);
    else known.push(id);
    return id;
  }

  /** `headOf` a rule's effect (as its outcome lists it), looked up once per `RuleEffect`. */
  ruleHead(effect: RuleEffect): number {
    let id = effect.headIn(this);
    if (id !== undefined) return id;
    id = this.#byRuleEffect.get(effect);
    if (id === undefined) {
      id = this.headOf(effect.outcome());
      this.#byRuleEffect.set(effect, id);
    }
    effect.noteHead(this, id);
    return id;
  }

  /** The rule of head `id`. */
  ruleOf(id: number): string {
    return (this.#heads[id] as Head).ruleId;
  }

  /** The effect of head `id` with `report`: a fresh object, the params parsed anew. */
  effect(id: number, report: unknown): Record<string, unknown> {
    const head = this.#heads[id];
    if (head === undefined) throw new RangeError(`No effect head ${id}.`);
    const { ruleId, stage, type } = head;
    return { ruleId, stage, type, params: JSON.parse(head.params), report };
  }
}

/**
 * `outcome` as JSON text, its effects' heads named by number where `heads` has them, after `HEADED`: the head's
 * number in place of an effect whose report is `{ status: 'applied' }`, `[head, report]` in place of another.
 * An outcome of the engine's common shape is written in the shorter `COMPACT` form instead (`compactOutcome`),
 * one with no effect too (most events of a policy whose rules rarely fire). The plain `JSON.stringify` text when
 * no effect has a head, or when the outcome is not a plain object with an array of effects none of which is a
 * number or an array. A draft recorded under `key` for `userId` (both given) may be written in the binary form
 * (`binaryDraft`), which `decodeOutcome` reads back with the same key and user.
 */
export function encodeOutcome(
  outcome: unknown,
  heads: EffectHeads,
  key?: string,
  userId?: string,
): string | undefined {
  if (outcome instanceof OutcomeDraft) return encodeDraft(outcome, heads, key, userId);
  if (typeof outcome !== 'object' || outcome === null || Array.isArray(outcome))
    return JSON.stringify(outcome);
  if ((outcome as { toJSON?: unknown }).toJSON !== undefined) return JSON.stringify(outcome);
  const { effects } = outcome as { effects?: unknown };
  if (!Array.isArray(effects) || (effects as { toJSON?: unknown }).toJSON !== undefined)
    return JSON.stringify(outcome);
  if (effects.length === 0) return compactOutcome(outcome, effects, heads) ?? JSON.stringify(outcome);
  const named: unknown[] = new Array(effects.length);
  let any = false;
  for (let i = 0; i < effects.length; i++) {
    const effect: unknown = effects[i];
    // A number or an array among the effects would read back as a head.
    if (typeof effect === 'number' || Array.isArray(effect)) return JSON.stringify(outcome);
    const name = nameOf(effect, heads);
    named[i] = name;
    if (typeof name === 'number' || Array.isArray(name)) any = true;
  }
  if (!any) return JSON.stringify(outcome);
  const compact = compactOutcome(outcome, named, heads);
  if (compact !== undefined) return compact;
  // The spread keeps the keys' order; `effects` keeps its place.
  return HEADED + JSON.stringify({ ...outcome, effects: named });
}

/**
 * An effect as a record's text names it: its head's number when its report is `{ status: 'applied' }` (a rule's
 * effect, `RuleEffect`, always), `[head, report]` for another report; the effect itself when it has no head.
 */
function nameOf(effect: unknown, heads: EffectHeads): unknown {
  if (effect instanceof RuleEffect) {
    const id = heads.ruleHead(effect);
    return id < 0 ? effect.outcome() : id;
  }
  const id = heads.headOf(effect);
  if (id < 0) return effect;
  const { report } = effect as { report: unknown };
  return appliedOnly(report) ? id : [id, report];
}

/**
 * `encodeOutcome` of the engine's draft: the text of the outcome it stands for (`OutcomeDraft.outcome`). One of the
 * common shape (no subject, derived event, message or timer) is written from the draft at once, in the `COMPACT`
 * form `compactOutcome` gives that outcome, its rules' effects named by their heads without building them (one
 * without effects as well: no outcome built, one `JSON.stringify` of a short array instead of the whole outcome).
 */
function encodeDraft(
  draft: OutcomeDraft,
  heads: EffectHeads,
  key: string | undefined,
  recordUser: string | undefined,
): string | undefined {
  const { event, effects, fired } = draft;
  if (!commonDraft(draft)) return encodeOutcome(draft.outcome(), heads);
  if (key !== undefined && recordUser !== undefined) {
    const text = binaryDraft(draft, heads, key, recordUser);
    if (text !== undefined) return text;
  }
  const { id, userId, type, source } = event;
  // No effect (no rule fired, or none with an effect): nothing to name, `fired` written as it is (0 when empty).
  if (effects.length === 0)
    return (
      COMPACT +
      JSON.stringify([
        id,
        userId,
        type,
        source,
        'applied',
        fired.length === 0 ? 0 : fired,
        effects,
        draft.emitted,
      ])
    );
  const named: unknown[] = new Array(effects.length);
  let any = false;
  for (let i = 0; i < effects.length; i++) {
    const name = nameOf(effects[i], heads);
    named[i] = name;
    if (typeof name === 'number' || Array.isArray(name)) any = true;
  }
  if (!any) return JSON.stringify(draft.outcome());
  const rules = firedByEffects(fired as string[], named, heads) ? 0 : fired;
  return COMPACT + JSON.stringify([id, userId, type, source, 'applied', rules, named, draft.emitted]);
}

/** Whether `draft` has the common shape `encodeDraft` writes at once: no subject, derived event, message or timer. */
export const commonDraft = (draft: OutcomeDraft): boolean =>
  draft.event.entity === undefined &&
  draft.event.cause === undefined &&
  draft.derived === undefined &&
  draft.messages.length === 0 &&
  draft.timers === undefined;

/** Whether `value` is an array that JSON writes item by item (no `toJSON`). */
const plainList = (value: unknown): value is unknown[] =>
  Array.isArray(value) && (value as { toJSON?: unknown }).toJSON === undefined;

/** Whether `value` is an empty array that JSON writes as `[]`. */
const emptyList = (value: unknown): boolean => plainList(value) && value.length === 0;

/** Whether `value` is a plain object whose own enumerable keys are `keys`, in order. */
function keyed(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  // `for…in` lists inherited enumerable keys after the own ones.
  let at = 0;
  for (const key in value) if (key !== keys[at++]) return false;
  return at === keys.length;
}

/** Whether `fired` lists the rules of the effects `named` (every one a head), in order. */
function firedByEffects(fired: unknown[], named: readonly unknown[], heads: EffectHeads): boolean {
  if (fired.length !== named.length) return false;
  for (let i = 0; i < named.length; i++) {
    const name = named[i];
    const id = typeof name === 'number' ? name : Array.isArray(name) ? (name[0] as number) : -1;
    if (id < 0 || fired[i] !== heads.ruleOf(id)) return false;
  }
  return true;
}

/**
 * The compact text of `outcome` (its effects `named` by `encodeOutcome`) when it has the engine's common shape
 * (`OUTCOME_KEYS`, string fields, no message, no timer), else undefined: `COMPACT` and the JSON array
 * `[eventId, userId, type, source, status, fired, named, emitted]`, `fired` written 0 when it lists the rules
 * of the effects, every one a head, in order (one effect per fired rule, the usual case). About a third shorter
 * than the headed text, with no object to spread.
 */
function compactOutcome(outcome: object, named: unknown[], heads: EffectHeads): string | undefined {
  if (!keyed(outcome, OUTCOME_KEYS)) return undefined;
  const { eventId, userId, type, source, status, fired, messages, timers, emitted } = outcome;
  if (
    typeof eventId !== 'string' ||
    typeof userId !== 'string' ||
    typeof type !== 'string' ||
    typeof source !== 'string' ||
    typeof status !== 'string' ||
    !plainList(fired) ||
    !plainList(emitted) ||
    !emptyList(messages) ||
    !keyed(timers, TIMER_KEYS) ||
    !emptyList(timers.scheduled) ||
    !emptyList(timers.cancelled)
  )
    return undefined;
  const rules = firedByEffects(fired, named, heads) ? 0 : fired;
  return COMPACT + JSON.stringify([eventId, userId, type, source, status, rules, named, emitted]);
}

/** Puts the heads back into `effects` (as `encodeOutcome` named them), in place. */
function headEffects(effects: unknown[], heads: EffectHeads): unknown[] {
  for (let i = 0; i < effects.length; i++) {
    const effect = effects[i];
    if (typeof effect === 'number') effects[i] = heads.effect(effect, { status: 'applied' });
    else if (Array.isArray(effect)) effects[i] = heads.effect(effect[0] as number, effect[1]);
  }
  return effects;
}

/** The outcome a compact text (`compactOutcome`, without its first character) holds: a fresh value. */
function expandOutcome(json: string, heads: EffectHeads): unknown {
  type Compact = [string, string, string, string, string, unknown[] | 0, unknown[], unknown[]];
  const [eventId, userId, type, source, status, rules, named, emitted] = JSON.parse(json) as Compact;
  const effects = headEffects(named, heads) as Array<{ ruleId: string }>;
  const fired = rules === 0 ? effects.map((effect) => effect.ruleId) : rules;
  const timers = { scheduled: [], cancelled: [] };
  return { eventId, userId, type, source, status, fired, effects, messages: [], timers, emitted };
}

/**
 * The outcome `text` (from `encodeOutcome`) holds: a fresh value. `key` and `userId`: those it was encoded with
 * (a binary text, `binaryDraft`, needs them).
 */
export function decodeOutcome(text: string, heads: EffectHeads, key?: string, userId?: string): unknown {
  const first = text.charCodeAt(0);
  if (first === 2) return expandOutcome(text.slice(1), heads);
  if (first === BINARY) {
    if (key === undefined || userId === undefined)
      throw new TypeError('A binary outcome text needs its key and user.');
    return expandBinary(text, heads, key, userId);
  }
  if (first !== 1) return JSON.parse(text);
  const outcome = JSON.parse(text.slice(1)) as { effects: unknown[] };
  headEffects(outcome.effects, heads);
  return outcome;
}

/** Whether `text` names heads of an `EffectHeads` (`encodeOutcome`). */
export const headed = (text: string): boolean => {
  const first = text.charCodeAt(0);
  return first === 1 || first === 2 || first === BINARY;
};
