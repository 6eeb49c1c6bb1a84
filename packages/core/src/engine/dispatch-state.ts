import { EngageLoopError } from '../errors/error';
import type { MessageText } from '../errors/localized';
import type { ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { DispatchContext, FactContext, Plugin, UserState } from '../plugin/types';
import type { Stage } from '../policy/types';
import type { CommitWrite, OutboxMessage, RecordedOutcome, TimerRecord } from '../store/types';
import { createDispatchContext, createFactContext, factPluginOf } from './contexts';
import type { LoopEvents } from './events';
import type { DispatchTrace, EffectOutcome } from './outcome';
import type { PolicyRuntime } from './runtime';

/** A loop event waiting to be emitted after the commit; `domain` events also appear in `outcome.emitted`. */
export interface PendingEmit {
  name: keyof LoopEvents;
  payload: unknown;
  domain: boolean;
}

/**
 * Everything one dispatch reads and intends to write. Nothing reaches the store until `toCommitWrite`;
 * dropping the state is the rollback.
 */
export class DispatchState {
  user: UserState;
  /** Documents written in this dispatch (over the loaded ones, which are never changed). */
  private written: Map<string, unknown> | undefined;
  /** Counter changes, timers scheduled and timers cancelled: made on first use (most dispatches have none). */
  private deltas: Map<string, number> | undefined;
  private scheduled: Map<string, TimerRecord> | undefined;
  private cancelledTimers: Set<string> | undefined;
  readonly messages: OutboxMessage[] = [];
  readonly cancelledMessages: string[] = [];
  readonly emits: PendingEmit[] = [];
  readonly signals: Record<string, unknown> = Object.create(null);
  readonly effects: EffectOutcome[] = [];
  readonly fired: string[] = [];
  readonly trace: DispatchTrace | undefined;
  stage: Stage | null = null;
  private seq = 0;
  private views: FactContext[] | undefined;
  private readonly hooks: DispatchContext[] = [];

  constructor(
    readonly registry: Registry,
    readonly runtime: PolicyRuntime,
    readonly event: ValidatedEvent,
    readonly now: number,
    user: UserState,
    /** The user's document key (the string the unit of work locked). */
    private readonly userKey: string,
    /** The key the outcome is recorded under: the prefix of this dispatch's message ids and dedupe keys. */
    readonly recordKey: string,
    /** Documents as loaded (read-only: the store may hand out shared, frozen objects). */
    private readonly loaded: ReadonlyMap<string, unknown>,
    private readonly counters: ReadonlyMap<string, number>,
    tracing: boolean,
    /** Keys locked by the unit of work. */
    private readonly locked: readonly string[],
    /** Whether anyone listens to a loop event: payloads nobody observes are not built. */
    readonly observed: (name: keyof LoopEvents) => boolean,
  ) {
    this.user = user;
    this.trace = tracing ? { evaluator: runtime.prepared.evaluator, stages: [], notes: [] } : undefined;
  }

  get policy() {
    return this.runtime.policy;
  }

  get timezone(): string {
    return this.user.profile.timezone ?? this.policy.defaults.timezone;
  }

  get locale(): string {
    return this.user.profile.locale ?? this.policy.defaults.locale;
  }

  /** The read-only context a plugin's facts get (one per plugin per dispatch). */
  factContext(plugin: Plugin): FactContext {
    this.views ??= [];
    const views = this.views;
    for (let i = 0; i < views.length; i++) {
      const view = views[i] as FactContext;
      if (factPluginOf(view) === plugin) return view;
    }
    const view = createFactContext(this, plugin);
    views.push(view);
    return view;
  }

  /** The context a plugin's hooks get (one per plugin per dispatch); `index` is the plugin's place in the registry. */
  hookContext(plugin: Plugin, index: number): DispatchContext {
    let ctx = this.hooks[index];
    if (!ctx) {
      ctx = createDispatchContext(this, plugin);
      this.hooks[index] = ctx;
    }
    return ctx;
  }

  settingsOf(plugin: string): unknown {
    return this.policy.settings[plugin];
  }

  sliceOf(plugin: Plugin): unknown {
    const current = this.user.slices[plugin.name];
    if (current !== undefined || !plugin.state) return current;
    return plugin.state.initial(this.user.id);
  }

  setSlice(plugin: string, next: unknown): void {
    this.user = { ...this.user, slices: { ...this.user.slices, [plugin]: next } };
  }

  doc(key: string): unknown {
    const written = this.written;
    if (written?.has(key)) return written.get(key);
    if (!this.loaded.has(key)) this.assertDocKnown(key);
    return this.loaded.get(key);
  }

  setDoc(key: string, value: unknown): void {
    this.assertDocKnown(key);
    this.written ??= new Map();
    this.written.set(key, value);
  }

  counter(key: string): number {
    const loaded = this.counters.get(key);
    if (loaded === undefined && !this.counters.has(key)) {
      throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
        message: `Counter "${key}" was not named by a prepare hook.`,
      });
    }
    return (loaded ?? 0) + (this.deltas?.get(key) ?? 0);
  }

  addCounter(key: string, delta: number): void {
    this.counter(key);
    this.deltas ??= new Map();
    this.deltas.set(key, (this.deltas.get(key) ?? 0) + delta);
  }

  /** Schedules (or re-arms) a timer in this dispatch. */
  scheduleTimer(timer: TimerRecord): void {
    this.cancelledTimers?.delete(timer.id);
    this.scheduled ??= new Map();
    this.scheduled.set(timer.id, timer);
  }

  cancelTimer(id: string): void {
    this.scheduled?.delete(id);
    this.cancelledTimers ??= new Set();
    this.cancelledTimers.add(id);
  }

  /** Ids of the timers this dispatch scheduled, and of those it cancelled (fresh arrays). */
  timerIds(): { scheduled: string[]; cancelled: string[] } {
    return {
      scheduled: this.scheduled ? [...this.scheduled.keys()] : [],
      cancelled: this.cancelledTimers ? [...this.cancelledTimers] : [],
    };
  }

  /**
   * Set on the failure path: its fallback messages get ids derived from their dedupe keys, so a later
   * successful dispatch of the same event (numbered `#1`, `#2`…) can never reuse a fallback's id.
   */
  failurePath = false;

  /** Message ids start with the record key: scoped to the user and source, like the recorded outcome. */
  nextMessageId(dedupeKey: string): string {
    if (this.failurePath) return `${this.recordKey}#failure:${dedupeKey}`;
    this.seq += 1;
    return `${this.recordKey}#${this.seq}`;
  }

  /** Records a loop event for after the commit; domain events are also readable as `signals` at once. */
  emit(name: keyof LoopEvents, payload: unknown, domain: boolean): void {
    if (domain) this.signals[name] = payload;
    else if (!this.observed(name)) return;
    this.emits.push({ name, payload, domain });
  }

  note(plugin: string, said: string | MessageText, data?: Record<string, unknown>): void {
    if (!this.trace) return;
    const note: DispatchTrace['notes'][number] =
      typeof said === 'string' ? { plugin, text: said } : { plugin, text: said.en, texts: said };
    this.trace.notes.push(data ? { ...note, data } : note);
  }

  private assertDocKnown(key: string): void {
    if (!this.loaded.has(key) && !this.locked.includes(key)) {
      throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
        message: `Document "${key}" was not named by a prepare hook, so it is not locked by this dispatch.`,
      });
    }
  }

  toCommitWrite(
    record: RecordedOutcome | undefined,
    completeTimer?: { id: string; dueAt: number },
  ): CommitWrite {
    const docs = [{ key: this.userKey, value: this.user as unknown }];
    if (this.written) for (const [key, value] of this.written) docs.push({ key, value: value ?? null });
    const counters: CommitWrite['counters'] = [];
    if (this.deltas) for (const [key, delta] of this.deltas) if (delta !== 0) counters.push({ key, delta });
    return {
      record,
      docs,
      counters,
      messages: this.messages,
      cancelMessages: this.cancelledMessages,
      timers: {
        schedule: this.scheduled ? [...this.scheduled.values()] : [],
        cancel: this.cancelledTimers ? [...this.cancelledTimers] : [],
        complete: completeTimer ? [completeTimer] : [],
      },
    };
  }
}
