import { EngageLoopError } from '../errors/error';
import type { EffectReport, MessageInput, TimerInput } from '../plugin/types';
import { userHash } from '../store/keys';
import { createEffectContext, reportOf } from './contexts';
import type { DispatchState } from './dispatch-state';
import { pluginError } from './plugin-driver';

/** Applies an effect by type through its plugin's reducer, for `ruleId`; records it in the state. */
export function applyEffect(
  state: DispatchState,
  type: string,
  params: Record<string, unknown>,
  ruleId: string,
): EffectReport {
  const entry = state.registry.effect(type);
  if (!entry) {
    throw new EngageLoopError('RULE_EFFECT_UNKNOWN', { message: `Unknown effect type "${type}".`, ruleId });
  }
  const { plugin, definition } = entry;
  const ctx = createEffectContext(state, plugin, ruleId);
  const before = state.sliceOf(plugin);
  let after: unknown;
  try {
    after = (definition.apply as (s: unknown, p: unknown, c: unknown) => unknown)(before, params, ctx);
  } catch (thrown) {
    throw pluginError(thrown, plugin.name, `effect:${type}`, ruleId);
  }
  if (plugin.state && after !== before && after !== undefined) state.setSlice(plugin.name, after);
  const report = reportOf(ctx) ?? { status: 'applied' };
  state.effects.push({ ruleId, stage: state.stage, type, params, report });
  if (state.observed('effect:applied')) {
    state.emit(
      'effect:applied',
      { eventId: state.event.id, userId: state.event.userId, ruleId, type, params, report },
      false,
    );
  }
  return report;
}

/**
 * The dedupe key of a message that names none: the record key (event id scoped to its user and source),
 * kind and topic, and a hash of the recipient when it is not the event's user. No raw user id.
 */
function defaultDedupeKey(state: DispatchState, input: MessageInput, userId: string): string {
  const key = `${state.recordKey}:${input.kind}:${input.topic}`;
  return userId === state.event.userId ? key : `${key}:${userHash(userId)}`;
}

/** Queues an outbox message (deduplicated within the dispatch by its dedupe key); returns its id. */
export function queueMessage(
  state: DispatchState,
  plugin: string,
  ruleId: string | null,
  input: MessageInput,
): string {
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
  state.messages.push(message);
  if (state.observed('message:queued')) state.emit('message:queued', { message }, false);
  return message.id;
}

/** Schedules (or re-arms) a timer; committed with the dispatch. */
export function scheduleTimer(state: DispatchState, plugin: string, timer: TimerInput): void {
  if (!Number.isFinite(timer.dueAt)) {
    throw new EngageLoopError('CLOCK_INVALID', { message: `Timer "${timer.id}" has no valid due time.` });
  }
  const userId = timer.userId ?? state.event.userId;
  state.scheduleTimer({
    id: timer.id,
    userId,
    type: timer.type,
    dueAt: timer.dueAt,
    payload: timer.payload ?? {},
    plugin,
    eventId: state.event.id,
  });
  if (state.observed('timer:scheduled')) {
    state.emit(
      'timer:scheduled',
      { eventId: state.event.id, userId, timerId: timer.id, type: timer.type, dueAt: timer.dueAt },
      false,
    );
  }
}
