import { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import type { MessageInput, TimerInput } from '../plugin/types';
import { userHash } from '../store/keys';
import { checkSubject, DERIVED_TIMER_PREFIX } from './derive';
import type { StateAccess } from './state-access';
import { armingGeneration } from './timer-generation';

/**
 * The dedupe key of a message that names none: the record key (event id scoped to its user and source),
 * kind and topic, and a hash of the recipient when it is not the event's user. No raw user id.
 */
function defaultDedupeKey(state: StateAccess, input: MessageInput, userId: string): string {
  const key = `${state.recordKey}:${input.kind}:${input.topic}`;
  return userId === state.event.userId ? key : `${key}:${userHash(userId)}`;
}

/** Queues an outbox message (deduplicated within the dispatch by its dedupe key); returns its id. */
export function queueMessage(
  state: StateAccess,
  plugin: string,
  ruleId: string | null,
  input: MessageInput,
): string {
  if (input.userId === undefined && state.event.entity !== undefined) {
    throw new EngageLoopError('EVENT_SUBJECT_INVALID', {
      message: localized(
        `A message queued by the event of entity "${state.event.entity}" names no userId: an entity has no inbox.`,
        `实体 "${state.event.entity}" 的事件发出的消息没有 userId：实体没有收件箱。`,
      ),
      plugin,
    });
  }
  const userId = input.userId ?? state.event.userId;
  const dedupeKey = input.dedupeKey ?? defaultDedupeKey(state, input, userId);
  const existing = state.messages.find((m) => m.dedupeKey === dedupeKey);
  if (existing) return existing.id;
  const message = {
    id: state.nextMessageId(dedupeKey),
    dedupeKey,
    userId,
    kind: input.kind,
    topic: input.topic,
    channel: input.channel ?? null,
    locale: input.locale ?? null,
    subject: input.subject ?? null,
    body: input.body,
    data: input.data ?? {},
    eventId: state.event.id,
    ruleId,
    plugin,
    createdAt: state.now,
    notBefore: input.notBefore ?? state.now,
    transactional: input.transactional ?? false,
  };
  state.addMessage(message);
  if (state.observed('message:queued')) state.emit('message:queued', { message }, false);
  return message.id;
}

/** Schedules (or re-arms) a timer; committed with the dispatch. */
export function scheduleTimer(state: StateAccess, plugin: string, timer: TimerInput): void {
  if (!Number.isFinite(timer.dueAt)) {
    throw new EngageLoopError('CLOCK_INVALID', { message: `Timer "${timer.id}" has no valid due time.` });
  }
  if (typeof timer.id !== 'string' || timer.id.startsWith(DERIVED_TIMER_PREFIX)) {
    throw new EngageLoopError('DERIVED_EVENT_INVALID', {
      message: `Timer ids starting with "${DERIVED_TIMER_PREFIX}" are the derived events' queue: "${String(timer.id)}".`,
      plugin,
    });
  }
  if (timer.userId !== undefined || timer.entity !== undefined)
    checkSubject(timer.userId, timer.entity, `Timer "${timer.id}"`, plugin);
  // Default subject: the dispatch's own (its entity on an entity's event).
  const entity = timer.entity ?? (timer.userId === undefined ? state.event.entity : undefined);
  const userId = entity === undefined ? (timer.userId ?? state.event.userId) : '';
  const generation = armingGeneration(
    state.event,
    state.recordKey,
    timer.id,
    timer.dueAt,
    () => state.timerGeneration,
  );
  state.scheduleTimer({
    id: timer.id,
    userId,
    ...(entity === undefined ? {} : { entity }),
    type: timer.type,
    dueAt: timer.dueAt,
    payload: timer.payload ?? {},
    plugin,
    eventId: state.event.id,
    ...(generation === undefined ? {} : { generation }),
  });
  if (state.observed('timer:scheduled')) {
    state.emit(
      'timer:scheduled',
      {
        eventId: state.event.id,
        userId: entity ?? userId,
        timerId: timer.id,
        type: timer.type,
        dueAt: timer.dueAt,
      },
      false,
    );
  }
}
