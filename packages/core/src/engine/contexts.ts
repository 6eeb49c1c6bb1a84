import { EngageLoopError } from '../errors/error';
import type {
  DispatchContext,
  EffectContext,
  EffectReport,
  FactContext,
  MessageInput,
  Plugin,
  TimerInput,
  UserState,
} from '../plugin/types';
import type { TopLevelCondition } from '../policy/types';
import type { DispatchState } from './dispatch-state';
import { createFactResolver } from './facts';

type Apply = (type: string, params: Record<string, unknown>, ruleId: string) => EffectReport;

function pluginOf(state: DispatchState, name: string): Plugin {
  const plugin = state.registry.plugin(name);
  if (!plugin) throw new EngageLoopError('PLUGIN_INVALID', { message: `Plugin "${name}" is not installed.` });
  return plugin;
}

/** The read-only view facts get. */
export function createFactContext(state: DispatchState, pluginName: string): FactContext {
  const plugin = pluginOf(state, pluginName);
  return {
    get event() {
      return state.event;
    },
    get now() {
      return state.now;
    },
    get policy() {
      return state.policy;
    },
    get settings() {
      return state.settingsOf(pluginName);
    },
    get user() {
      return state.user;
    },
    get signals() {
      return state.signals;
    },
    get timezone() {
      return state.timezone;
    },
    get locale() {
      return state.locale;
    },
    slice: <T>() => state.sliceOf(plugin) as T,
    sliceOf: <T>(name: string) => {
      const other = state.registry.plugin(name);
      return other ? (state.sliceOf(other) as T) : undefined;
    },
    doc: <T>(key: string) => state.doc(key) as T | undefined,
    counter: (key) => state.counter(key),
    evaluate: async (condition: TopLevelCondition) => {
      const result = await state.runtime.prepared.evaluateCondition(condition, createFactResolver(state), {
        trace: false,
      });
      return result.result;
    },
  };
}

/** What hooks get: the fact view plus intents recorded into the dispatch state. */
export function createDispatchContext(
  state: DispatchState,
  pluginName: string,
  apply: Apply,
): DispatchContext {
  const base = createFactContext(state, pluginName);
  // one literal (null prototype, live getters) instead of assign + defineProperty: built per dispatch
  const ctx: DispatchContext = {
    __proto__: null,
    get event() {
      return state.event;
    },
    get now() {
      return state.now;
    },
    get policy() {
      return state.policy;
    },
    get settings() {
      return state.settingsOf(pluginName);
    },
    get user() {
      return state.user;
    },
    get signals() {
      return state.signals;
    },
    get timezone() {
      return state.timezone;
    },
    get locale() {
      return state.locale;
    },
    slice: base.slice,
    sliceOf: base.sliceOf,
    doc: base.doc,
    counter: base.counter,
    evaluate: base.evaluate,
    plugin: pluginName,
    setSlice: (next: unknown) => state.setSlice(pluginName, next),
    setDoc: (key: string, value: unknown) => state.setDoc(key, value),
    addCounter: (key: string, delta: number) => state.addCounter(key, delta),
    setUser: (update: (user: UserState) => UserState) => {
      state.user = update(state.user);
    },
    send: (message: MessageInput) => queueMessage(state, pluginName, null, message),
    cancelMessages: (keys: readonly string[]) => cancelMessages(state, keys),
    schedule: (timer: TimerInput) => scheduleTimer(state, pluginName, timer),
    cancelTimer: (id: string) => {
      state.scheduled.delete(id);
      state.cancelledTimers.add(id);
    },
    emit: (name: string, payload: unknown) => state.emit(name as never, payload, true),
    applyEffect: (type: string, params: Record<string, unknown>) => apply(type, params, `${pluginName}:hook`),
    note: (text: string, data?: Record<string, unknown>) => state.note(pluginName, text, data),
  } as DispatchContext;
  return ctx;
}

const effectBases = new WeakMap<DispatchState, Map<string, Record<string, unknown>>>();

/** The part of an effect context shared by every effect of one plugin in one dispatch (built once). */
function effectBase(state: DispatchState, pluginName: string, apply: Apply): Record<string, unknown> {
  let map = effectBases.get(state);
  if (!map) {
    map = new Map();
    effectBases.set(state, map);
  }
  let base = map.get(pluginName);
  if (!base) {
    base = createDispatchContext(state, pluginName, apply) as unknown as Record<string, unknown>;
    delete base.setSlice;
    Object.defineProperty(base, 'stage', { get: () => state.stage, enumerable: true });
    map.set(pluginName, base);
  }
  return base;
}

/**
 * What an effect's reducer gets: the hook context minus `setSlice`, plus its rule and a report slot.
 * The per-plugin part is built once per dispatch; each effect adds only its own rule-bound members.
 */
export function createEffectContext(
  state: DispatchState,
  pluginName: string,
  apply: Apply,
  ruleId: string,
  onReport: (report: EffectReport) => void,
): EffectContext {
  const ctx = Object.create(effectBase(state, pluginName, apply)) as Record<string, unknown>;
  ctx.applyEffect = (type: string, params: Record<string, unknown>) => apply(type, params, ruleId);
  ctx.send = (message: MessageInput) => queueMessage(state, pluginName, ruleId, message);
  Object.defineProperty(ctx, 'ruleId', { value: ruleId, enumerable: true });
  ctx.report = onReport;
  return ctx as unknown as EffectContext;
}

function queueMessage(
  state: DispatchState,
  plugin: string,
  ruleId: string | null,
  input: MessageInput,
): string {
  const userId = input.userId ?? state.event.userId;
  const dedupeKey = input.dedupeKey ?? `${state.event.id}:${input.kind}:${input.topic}:${userId}`;
  const existing = state.messages.find((m) => m.dedupeKey === dedupeKey);
  if (existing) return existing.id;
  const message = {
    id: state.nextMessageId(),
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
  state.emit('message:queued', { message }, false);
  return message.id;
}

function cancelMessages(state: DispatchState, keys: readonly string[]): void {
  for (const key of keys) {
    const index = state.messages.findIndex((m) => m.dedupeKey === key);
    if (index >= 0) state.messages.splice(index, 1);
    state.cancelledMessages.push(key);
  }
}

function scheduleTimer(state: DispatchState, plugin: string, timer: TimerInput): void {
  if (!Number.isFinite(timer.dueAt)) {
    throw new EngageLoopError('CLOCK_INVALID', { message: `Timer "${timer.id}" has no valid due time.` });
  }
  state.cancelledTimers.delete(timer.id);
  const userId = timer.userId ?? state.event.userId;
  state.scheduled.set(timer.id, {
    id: timer.id,
    userId,
    type: timer.type,
    dueAt: timer.dueAt,
    payload: timer.payload ?? {},
    plugin,
    eventId: state.event.id,
  });
  state.emit(
    'timer:scheduled',
    { eventId: state.event.id, userId, timerId: timer.id, type: timer.type, dueAt: timer.dueAt },
    false,
  );
}
