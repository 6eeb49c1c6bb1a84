import { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import { ENTITY_KEY, type ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { DerivedEventInput } from '../plugin/types';
import { entityKey, sha256Hex128, userKey } from '../store/keys';
import type { TimerRecord } from '../store/types';
import { timerEventId } from './timer-generation';

/** How deep a chain of derived events may go when `createEngine({ derived: { maxDepth } })` is not given. */
export const DEFAULT_MAX_DERIVED_DEPTH = 8;

/** The prefix of a queued derived event's timer id (a plugin's timer ids never start with it). */
export const DERIVED_TIMER_PREFIX = 'derived:';

/**
 * The id of the event a dispatch derives under `key`: `d-` and 32 hex digits of the SHA-256 of the cause's
 * record key and the key, so a replay of the cause derives the same ids, and two causes never share one.
 *
 * @example
 * derivedEventId('e.<hash>:e1', 'thanks') // 'd-' + 32 hex digits
 */
export const derivedEventId = (causeRecordKey: string, key: string): string =>
  `d-${sha256Hex128(`${causeRecordKey}\n${key}`)}`;

const invalid = (plugin: string, en: string, zh: string): EngageLoopError =>
  new EngageLoopError('DERIVED_EVENT_INVALID', { message: localized(en, zh), plugin, hook: 'derive' });

/** Checks the subject of a derived event or a timer: exactly one of a user id and an entity key. */
export function checkSubject(userId: unknown, entity: unknown, what: string, plugin?: string): void {
  const hasUser = userId !== undefined;
  const hasEntity = entity !== undefined;
  const fail = (en: string, zh: string) =>
    new EngageLoopError('EVENT_SUBJECT_INVALID', {
      message: localized(`${what}: ${en}`, `${what}：${zh}`),
      ...(plugin === undefined ? {} : { plugin }),
    });
  if (hasUser === hasEntity)
    throw fail('give exactly one of userId and entity.', 'userId 与 entity 必须且只能给一个。');
  if (hasUser && (typeof userId !== 'string' || userId.length < 1 || userId.length > 200))
    throw fail('userId must be a string of 1 to 200 characters.', 'userId 必须是 1 到 200 个字符的字符串。');
  if (hasEntity && (typeof entity !== 'string' || entity.length > 200 || !ENTITY_KEY.test(entity)))
    throw fail(
      `entity ${JSON.stringify(entity)} is not a key "<kind>:<id>" (kind: a-z, 0-9, _ and -).`,
      `entity ${JSON.stringify(entity)} 不是 "<kind>:<id>" 形式的键（kind 由 a-z、0-9、_、- 组成）。`,
    );
}

/**
 * The queue record of an event `cause` derives (a timer record with `derived` set, due at the cause's time),
 * after checking the input: a key, a declared type, a payload its schema accepts, one subject.
 */
export function derivedRecord(
  registry: Registry,
  cause: ValidatedEvent,
  causeRecordKey: string,
  plugin: string,
  input: DerivedEventInput,
): TimerRecord {
  if (typeof input !== 'object' || input === null)
    throw invalid(plugin, 'ctx.derive needs an object.', 'ctx.derive 需要一个对象。');
  const { key, type, userId, entity } = input;
  if (typeof key !== 'string' || key.length < 1 || key.length > 200)
    throw invalid(
      plugin,
      'the key must be a string of 1 to 200 characters.',
      'key 必须是 1 到 200 个字符的字符串。',
    );
  if (typeof type !== 'string' || !registry.eventType(type))
    throw invalid(
      plugin,
      `no plugin declares the event type ${JSON.stringify(type)} (eventTypes).`,
      `没有插件声明事件类型 ${JSON.stringify(type)}（eventTypes）。`,
    );
  checkSubject(userId, entity, 'ctx.derive', plugin);
  const payload = { ...(input.payload ?? {}) };
  const validate = registry.payloadValidator(type);
  if (validate && !validate(payload)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
    throw invalid(
      plugin,
      `the payload of "${type}" does not match its schema: ${problems.join('; ')}.`,
      `"${type}" 的 payload 不符合其结构：${problems.join('；')}。`,
    );
  }
  const eventId = derivedEventId(causeRecordKey, key);
  const depth = (cause.depth ?? 0) + 1;
  return {
    id: `${DERIVED_TIMER_PREFIX}${eventId}`,
    userId: entity === undefined ? (userId as string) : '',
    ...(entity === undefined ? {} : { entity: entity as string }),
    type,
    dueAt: cause.time,
    payload,
    plugin,
    eventId: cause.id,
    derived: { eventId, cause: cause.id, depth },
  };
}

/**
 * The event a queued record (a fired timer, or a derived event) becomes. A timer's id is stable per (timer, due
 * time, generation: see `timerEventId`), so a re-fire is a replay; a derived event keeps the id it was derived with. Each is recorded in its
 * source's own namespace (see `recordKey`): no host event id reaches it.
 */
export function queuedEvent(record: TimerRecord): ValidatedEvent {
  const subject =
    record.entity !== undefined
      ? { userId: record.entity, entity: record.entity, subject: entityKey(record.entity) }
      : { userId: record.userId, subject: userKey(record.userId) };
  const at = new Date(record.dueAt).toISOString();
  if (record.derived) {
    return {
      id: record.derived.eventId,
      type: record.type,
      ...subject,
      at,
      time: record.dueAt,
      payload: record.payload,
      source: 'derived',
      cause: record.derived.cause,
      depth: record.derived.depth,
    };
  }
  return {
    id: timerEventId(record),
    type: record.type,
    ...subject,
    at,
    time: record.dueAt,
    payload: { ...record.payload, timerId: record.id },
    source: 'timer',
  };
}
