import type { ValidateFunction } from 'ajv';
import { EngageLoopError } from '../errors/error';
import { join, localized, type MessageText } from '../errors/localized';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits';
import { EVENT_TYPE } from '../plugin/define-plugin';
import type { Registry } from '../plugin/registry';
import { compileCached } from '../policy/ajv';
import { type DescribedProblem, describeAjvErrors } from '../policy/ajv-errors';
import { parsePointer } from '../policy/pointer';
import { entityKey, userKey } from '../store/keys';
import { checkEnvelopeData } from './check-payload';
import { plainMaker } from './plain-maker';
import { ENTITY_KEY, type ValidatedEvent } from './types';

/** JSON Schema of the event envelope. */
export const EVENT_ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['id', 'type', 'at'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    type: { type: 'string', minLength: 1, maxLength: 200, pattern: EVENT_TYPE.source },
    userId: { type: 'string', minLength: 1, maxLength: 200 },
    entity: { type: 'string', minLength: 3, maxLength: 200, pattern: ENTITY_KEY.source },
    at: { type: 'string', format: 'date-time' },
    payload: { type: 'object' },
  },
} as const;

/** A string of 1..200 characters (UTF-16 units ≤ 200 implies code points ≤ 200, as ajv counts). */
const shortString = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= 200;

/**
 * The fast path of envelope validation: true only for an envelope the schema surely accepts — a plain
 * object with only the known keys, short strings, a valid type name, an RFC 3339 `at` in its usual form
 * (`YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, real calendar date, no leap second) and an object payload.
 * Anything else (including valid but unusual forms) goes to ajv, which decides and reports every problem.
 */
export function envelopeSurelyValid(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const proto = Object.getPrototypeOf(input);
  return (proto === Object.prototype || proto === null) && surelyValidTime(input) !== undefined;
}

/**
 * `envelopeSurelyValid` of an object whose prototype is `Object.prototype` or none, answered with what it read of
 * `at`: its epoch ms (`plainDateTime`: `NaN` when `Date.parse` must read it) for an envelope the schema surely
 * accepts, `undefined` for one ajv must judge. `validateEvent` takes the instant from here, so a plain `at` is
 * parsed once (and the prototype asked once, by `checkEnvelopeData`).
 */
function surelyValidTime(input: object): number | undefined {
  const e = input as Record<string, unknown>;
  for (const key in e) {
    if (
      key !== 'id' &&
      key !== 'type' &&
      key !== 'userId' &&
      key !== 'entity' &&
      key !== 'at' &&
      key !== 'payload'
    )
      return undefined;
  }
  const payload = e.payload;
  if (payload !== undefined && (typeof payload !== 'object' || payload === null || Array.isArray(payload)))
    return undefined;
  // The subject (exactly one of userId and entity) is checked after the schema, by `validateEvent`.
  const { userId, entity } = e;
  return shortString(e.id) &&
    (userId === undefined || shortString(userId)) &&
    (entity === undefined || (shortString(entity) && ENTITY_KEY.test(entity))) &&
    shortString(e.type) &&
    EVENT_TYPE.test(e.type) &&
    typeof e.at === 'string'
    ? plainDateTime(e.at)
    : undefined;
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Character codes of `-`, `:`, `.`, `+`, `T` and `Z`. */
const [DASH, COLON, DOT, PLUS, T, Z] = [45, 58, 46, 43, 84, 90] as const;

/** Two ASCII digits at `i` as a number, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.digits](Z|±HH:MM)` with a real date, hours ≤ 23, minutes and seconds ≤ 59 and
 * an offset ≤ 23:59: a subset of what ajv-formats' `date-time` accepts (it also takes `t`, a space,
 * lowercase `z`, `±HHMM`, leap seconds — those go through ajv).
 */
export function isPlainDateTime(s: string): boolean {
  return plainDateTime(s) !== undefined;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`: integers only, exact). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Three ASCII digits at `i` as a number (the caller checked they are digits). */
const three = (s: string, i: number): number =>
  (s.charCodeAt(i) - 48) * 100 + (s.charCodeAt(i + 1) - 48) * 10 + (s.charCodeAt(i + 2) - 48);

/**
 * Epoch ms of a plain date-time (see `isPlainDateTime`), exactly as `Date.parse` reads it;
 * `NaN` when plain but better left to `Date.parse` (years before 100, fractions other than 3 digits);
 * `undefined` when not plain. Read by character codes and counted in integers (`daysFromCivil`): no
 * one-character strings, no slice of the fraction, no `Date.UTC` (~100 ns less per event).
 */
export function plainDateTime(s: string): number | undefined {
  const n = s.length;
  if (
    n < 20 ||
    s.charCodeAt(4) !== DASH ||
    s.charCodeAt(7) !== DASH ||
    s.charCodeAt(10) !== T ||
    s.charCodeAt(13) !== COLON ||
    s.charCodeAt(16) !== COLON
  )
    return undefined;
  const hi = two(s, 0);
  const lo = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const year = hi * 100 + lo;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS[month] as number))) return undefined;
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let i = 19;
  let ms = 0;
  let exact = year >= 100;
  if (s.charCodeAt(i) === DOT) {
    i++;
    const start = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === start) return undefined;
    if (i - start === 3) ms = three(s, start);
    else exact = false;
  }
  let offset = 0;
  const sign = s.charCodeAt(i);
  if (sign === Z) {
    if (i + 1 !== n) return undefined;
  } else {
    if ((sign !== PLUS && sign !== DASH) || i + 6 !== n || s.charCodeAt(i + 3) !== COLON) return undefined;
    const offsetHour = two(s, i + 1);
    const offsetMinute = two(s, i + 4);
    if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return undefined;
    offset = (sign === DASH ? -1 : 1) * (offsetHour * 60 + offsetMinute) * 60_000;
  }
  if (!exact) return Number.NaN;
  const clock = hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  return daysFromCivil(year, month, day) * 86_400_000 + clock - offset;
}

const envelopes = new WeakMap<Registry, ValidateFunction>();

function envelopeValidator(registry: Registry): ValidateFunction {
  let validate = envelopes.get(registry);
  if (!validate) {
    validate = compileCached(EVENT_ENVELOPE_SCHEMA);
    envelopes.set(registry, validate);
  }
  return validate;
}

/**
 * The place a problem is about, in words: the event itself, its payload, a field of the envelope or of the
 * payload (`payload field "address.city"`) — never a bare JSON pointer.
 */
function placeOf(about: string): MessageText {
  const path = parsePointer(about);
  const [head, ...rest] = path;
  if (head === undefined) return localized('the event', '事件');
  if (head === 'payload' && rest.length === 0) return localized('the payload', '载荷（payload）');
  if (head === 'payload') {
    const field = rest.join('.');
    return localized(`payload field "${field}"`, `载荷字段 "${field}"`);
  }
  return localized(`field "${path.join('.')}"`, `字段 "${path.join('.')}"`);
}

/** A problem in words, in every message locale: `field "at" must be …` / `字段 "at" 必须是……`. */
function inWords(p: DescribedProblem): MessageText {
  const place = placeOf(p.detail.about);
  return join(place, localized(' ', place['zh-CN'].endsWith('"') ? ' ' : ''), p.detail.says);
}

function fail(
  code: 'EVENT_INVALID' | 'EVENT_PAYLOAD_INVALID',
  problems: DescribedProblem[],
  type?: string,
): never {
  const lead =
    code === 'EVENT_INVALID'
      ? localized('The event is not valid: ', '事件无效：')
      : localized(`The payload of a "${type}" event is not valid: `, `"${type}" 事件的载荷无效：`);
  const list = problems.map(inWords);
  const message = join(
    lead,
    localized(list.map((t) => t.en).join('; '), list.map((t) => t['zh-CN']).join('；')),
    localized('.', '。'),
  );
  throw new EngageLoopError(code, {
    message,
    pointer: problems[0]?.pointer ?? '',
    data: { problems: problems.map((p, i) => ({ pointer: p.pointer, message: list[i]?.en ?? p.message })) },
  });
}

/** A host dispatched a type its plugin produces itself (its `sources` exclude `'event'`). */
function internalType(type: string, plugin: string): EngageLoopError {
  return new EngageLoopError('EVENT_TYPE_INTERNAL', {
    message: localized(
      `"${type}" is an event type the ${plugin} plugin produces itself (a timer or a derived event); a host cannot dispatch it.`,
      `"${type}" 是 ${plugin} 插件自行产生的事件类型（定时器或派生事件），宿主不能分发。`,
    ),
    pointer: '/type',
    plugin,
  });
}

/**
 * Validates an event envelope `{ id, type, userId, at, payload? }`, then its payload against the
 * schema of its type (if a plugin declares one); a type whose `sources` exclude `'event'` is refused
 * with `EVENT_TYPE_INTERNAL`. Returns a new object with `payload` (default `{}`)
 * and `time` (epoch ms); the input is never changed. Throws `EVENT_INVALID` or
 * `EVENT_PAYLOAD_INVALID` listing every problem, with the first problem's `pointer`; first, before
 * anything is copied, `EVENT_TOO_LARGE` / `EVENT_TOO_DEEP` for a payload past `limits` (see
 * `checkEnvelopeData`; default `DEFAULT_LIMITS`), and `EVENT_INVALID` for an envelope that is not a
 * plain object (inherited properties never count).
 *
 * @example
 * validateEvent({ id: 'e1', type: 'review.submitted', userId: 'u1', at: '2026-01-01T09:00:00Z' }, registry).time
 * // 1767258000000
 */
export function validateEvent(
  input: unknown,
  registry: Registry,
  limits: Readonly<Limits> = DEFAULT_LIMITS,
): ValidatedEvent {
  let time = checkEnvelopeData(input, limits) ? surelyValidTime(input as object) : undefined;
  if (time === undefined) {
    const validate = envelopeValidator(registry);
    if (!validate(input))
      fail('EVENT_INVALID', describeAjvErrors(validate.errors, EVENT_ENVELOPE_SCHEMA, '', input));
  }
  const event = input as {
    id: string;
    type: string;
    userId?: string;
    entity?: string;
    at: string;
    payload?: Record<string, unknown>;
  };
  if ((event.userId === undefined) === (event.entity === undefined)) throw subjectError(event.entity);
  time ??= plainDateTime(event.at) ?? Number.NaN;
  if (Number.isNaN(time)) time = Date.parse(event.at);
  if (!Number.isFinite(time))
    fail('EVENT_INVALID', [
      {
        pointer: '/at',
        message: '"/at" is not a valid date-time',
        text: localized('"/at" is not a valid date-time', '"/at" 不是有效的时间'),
        detail: { about: '/at', says: localized('is not a valid date-time', '不是有效的时间') },
      },
    ]);
  const declared = registry.eventType(event.type);
  if (declared?.definition.sources && !declared.definition.sources.includes('event'))
    throw internalType(event.type, declared.plugin.name);
  const payload = { ...(event.payload ?? {}) };
  // Only a declared type with a payload schema has a validator: an undeclared or schema-less type asks no more.
  const schema = declared?.definition.payload;
  const validatePayload = schema === undefined ? undefined : registry.payloadValidator(event.type);
  if (validatePayload && !validatePayload(payload)) {
    fail(
      'EVENT_PAYLOAD_INVALID',
      describeAjvErrors(validatePayload.errors, schema, '/payload', payload),
      event.type,
    );
  }
  if (event.entity !== undefined) {
    return {
      id: event.id,
      type: event.type,
      userId: event.entity,
      entity: event.entity,
      at: event.at,
      payload,
      time,
      source: 'event',
      subject: entityKey(event.entity),
    };
  }
  const userId = event.userId as string;
  return new UserEvent(event.id, event.type, userId, event.at, payload, time, userKey(userId));
}

/**
 * A user's `ValidatedEvent`, made by `new` (`plainMaker`): a batch validates its events before it runs and holds
 * them until it settles, which had the object literal's site pretenured (kernel bench: see `plainMaker`).
 */
const UserEvent = plainMaker(function userEvent(
  this: ValidatedEvent,
  id: string,
  type: string,
  userId: string,
  at: string,
  payload: Record<string, unknown>,
  time: number,
  subject: string,
): void {
  this.id = id;
  this.type = type;
  this.userId = userId;
  this.at = at;
  this.payload = payload;
  this.time = time;
  this.source = 'event';
  this.subject = subject;
});

/** `EVENT_SUBJECT_INVALID`: no subject, or both a user and an entity. */
export function subjectError(entity: string | undefined): EngageLoopError {
  return new EngageLoopError('EVENT_SUBJECT_INVALID', {
    message:
      entity === undefined
        ? localized(
            'The event names no subject: give it a userId or an entity.',
            '事件没有主体：请给出 userId 或 entity。',
          )
        : localized(
            'The event names both a userId and an entity: give it exactly one.',
            '事件同时给出了 userId 和 entity：只能给一个。',
          ),
    pointer: entity === undefined ? '/userId' : '/entity',
  });
}
