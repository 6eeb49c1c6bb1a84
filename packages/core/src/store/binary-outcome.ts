import { type DraftEffect, type OutcomeDraft, RuleEffect } from '../event/outcome-draft';
import type { CodeUnits } from './code-units';
import { idStartOf, RAW, scopeTag } from './packed-format';

/**
 * The first character of a recorded outcome's text in the binary form of the engine's most common outcome
 * (`binaryDraft`). `JSON.stringify` never writes a control character as it is, so no plain text starts with it.
 */
export const BINARY = 3;

/** What a binary text needs of a store's effect heads (`EffectHeads`). */
export interface BinaryHeads {
  /** The head of a rule's effect, or -1. */
  ruleHead(effect: RuleEffect): number;
  /** The head of an effect as the engine writes it, or -1. */
  headOf(effect: unknown): number;
  /** The rule of a head. */
  ruleOf(id: number): string;
  /** The effect of a head with `report`: a fresh object. */
  effect(id: number, report: unknown): Record<string, unknown>;
  /** Where a binary text is written before it is made (`binaryDraft`). */
  readonly units: CodeUnits;
}

/** An event's sources, by the code a binary text keeps (its second character). */
const SOURCES = ['event', 'timer', 'derived'] as const;

/** The code of `source` (`SOURCES`), or -1. */
const sourceCode = (source: string): number =>
  source === 'event' ? 0 : source === 'timer' ? 1 : source === 'derived' ? 2 : -1;

/** The most effects, emitted domain events or characters of one's name a binary text holds (one code unit). */
const MAX_COUNT = 0xffff;

/** Where the event id starts in a record key of a scope's form, or -1 when `key` is of no scope's form. */
function idStart(key: string): number {
  const tag = scopeTag(key);
  return tag === RAW ? -1 : idStartOf(tag);
}

/** Whether `report` is `{ status: 'applied' }` and nothing more (most effects' report: the default). */
export function appliedOnly(report: unknown): boolean {
  // The status read first: the check of the report's shape it makes lets TurboFan fold the prototype test (else a
  // call into the runtime, ~120 instructions); a report of another status ends here.
  if ((report as { status?: unknown }).status !== 'applied') return false;
  if (Object.getPrototypeOf(report) !== Object.prototype) return false;
  let keys = 0;
  for (const key in report as object) if (key !== 'status' || ++keys > 1) return false;
  return keys === 1;
}

/**
 * Writes an effect of a binary text: its head's number, then 0 when its report is `{ status: 'applied' }`, else
 * the length of the report's JSON text and that text. False (nothing written) when it has no head in `heads`.
 */
function writeEffect(effect: DraftEffect, heads: BinaryHeads, units: CodeUnits): boolean {
  if (effect instanceof RuleEffect) {
    const head = heads.ruleHead(effect);
    if (head < 0) return false;
    units.unit(head);
    units.unit(0);
    return true;
  }
  const head = heads.headOf(effect);
  if (head < 0) return false;
  const { report } = effect;
  if (appliedOnly(report)) {
    units.unit(head);
    units.unit(0);
    return true;
  }
  units.unit(head);
  const at = units.length;
  units.unit(0);
  if (!units.json(report)) {
    units.truncate(at + 1);
    // What it writes is not plain data: as `JSON.stringify` has it (and fails, on a value that is no JSON data).
    units.chars(JSON.stringify(report) as string);
  }
  const length = units.length - at - 1;
  if (length > MAX_COUNT) return false;
  units.put(at, length);
  return true;
}

/**
 * The binary text of the outcome `draft` stands for, recorded under `key` for `userId`, or undefined when it is
 * not of the common shape this form holds. `encodeDraft` calls it for a draft of the common shape (no subject,
 * derived event, message or timer) when the record's key and user are known. The shape: one effect with a head
 * in `heads` per fired rule, the rule's, in order (or no rule and no effect), the event's id the end of `key` (a
 * `recordKey`) and its user `userId`. The text, in UTF-16 code units: `BINARY`, the source's code, the count of
 * effects and each effect (`writeEffect`: heads are below 65,536), the count of domain events emitted and each
 * one's length and name, then the event type. What a read needs besides (the event id, the user) it takes from
 * the record's key and user (`expandBinary`): no `JSON.stringify` of the outcome per event (of an effect's
 * report other than `applied` only), and about half the compact JSON text's length.
 */
export function binaryDraft(
  draft: OutcomeDraft,
  heads: BinaryHeads,
  key: string,
  userId: string,
): string | undefined {
  const { units } = heads;
  units.start();
  return writeBinary(draft, heads, units, key, userId) ? units.text() : undefined;
}

/**
 * `binaryDraft` written after what `units` holds (a commit's texts end to end: `storeRecords`): true, or false
 * with `units` as it was when the draft is not of the binary form's shape.
 */
export function writeBinary(
  draft: OutcomeDraft,
  heads: BinaryHeads,
  units: CodeUnits,
  key: string,
  userId: string,
): boolean {
  const { event, effects, fired, emitted } = draft;
  const count = effects.length;
  if (count !== fired.length || count > MAX_COUNT || emitted.length > MAX_COUNT) return false;
  const { id, source, type } = event;
  const code = sourceCode(source);
  if (code < 0 || event.userId !== userId || typeof id !== 'string' || typeof type !== 'string') return false;
  const start = idStart(key);
  if (start < 0 || key.length - start !== id.length || !key.endsWith(id)) return false;
  const from = units.length;
  units.unit(BINARY);
  units.unit(code);
  units.unit(count);
  for (let i = 0; i < count; i++) {
    const effect = effects[i] as DraftEffect;
    if (fired[i] !== effect.ruleId || !writeEffect(effect, heads, units)) return units.truncate(from);
  }
  units.unit(emitted.length);
  for (let i = 0; i < emitted.length; i++) {
    const name = emitted[i];
    if (typeof name !== 'string' || name.length > MAX_COUNT) return units.truncate(from);
    units.unit(name.length);
    units.chars(name);
  }
  units.chars(type);
  return true;
}

/** Whether `text` is in the binary form (`binaryDraft`). */
export const binary = (text: string): boolean => text.charCodeAt(0) === BINARY;

/** The outcome a binary text (`binaryDraft`) recorded under `key` for `userId` holds: a fresh value. */
export function expandBinary(text: string, heads: BinaryHeads, key: string, userId: string): unknown {
  const source = SOURCES[text.charCodeAt(1)];
  const count = text.charCodeAt(2);
  const fired: string[] = new Array(count);
  const effects: unknown[] = new Array(count);
  let at = 3;
  for (let i = 0; i < count; i++) {
    const head = text.charCodeAt(at);
    const length = text.charCodeAt(at + 1);
    at += 2;
    fired[i] = heads.ruleOf(head);
    effects[i] = heads.effect(
      head,
      length === 0 ? { status: 'applied' } : JSON.parse(text.slice(at, at + length)),
    );
    at += length;
  }
  const emitted: string[] = new Array(text.charCodeAt(at++));
  for (let i = 0; i < emitted.length; i++) {
    const length = text.charCodeAt(at++);
    emitted[i] = text.slice(at, at + length);
    at += length;
  }
  const eventId = key.slice(idStart(key));
  const type = text.slice(at);
  const timers = { scheduled: [], cancelled: [] };
  return { eventId, userId, type, source, status: 'applied', fired, effects, messages: [], timers, emitted };
}

/**
 * Whether a string of the outcome of a binary text (recorded under `key` for `recordUser`) may hold `userId`
 * (`forgetUser`; `needle`: `jsonNeedle(userId)`, as an effect's report holds it; the effects' heads aside, which
 * the heads' `mention` answers for). The type and the names emitted lie in the text as they are.
 */
export function binaryMentions(
  text: string,
  key: string,
  recordUser: string,
  userId: string,
  needle: string,
): boolean {
  return (
    key.slice(idStart(key)).includes(userId) ||
    recordUser.includes(userId) ||
    text.includes(userId) ||
    text.includes(needle) ||
    (SOURCES[text.charCodeAt(1)] as string).includes(userId) ||
    'applied'.includes(userId)
  );
}
