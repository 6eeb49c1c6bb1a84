import { EngageLoopError } from '../errors/error';
import type { ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { FactContext, Plugin, UserState } from '../plugin/types';
import type { Stage } from '../policy/types';
import type { CommitWrite, OutboxMessage, RecordedOutcome, TimerRecord } from '../store/types';
import { createFactContext } from './contexts';
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
  readonly docs: Map<string, unknown>;
  readonly dirtyDocs = new Set<string>();
  readonly counters: Map<string, number>;
  readonly counterDeltas = new Map<string, number>();
  readonly messages: OutboxMessage[] = [];
  readonly cancelledMessages: string[] = [];
  readonly scheduled = new Map<string, TimerRecord>();
  readonly cancelledTimers = new Set<string>();
  readonly emits: PendingEmit[] = [];
  readonly signals: Record<string, unknown> = Object.create(null);
  readonly effects: EffectOutcome[] = [];
  readonly fired: string[] = [];
  readonly trace: DispatchTrace | undefined;
  stage: Stage | null = null;
  private seq = 0;

  constructor(
    readonly registry: Registry,
    readonly runtime: PolicyRuntime,
    readonly event: ValidatedEvent,
    readonly now: number,
    user: UserState,
    docs: Map<string, unknown>,
    counters: Map<string, number>,
    tracing: boolean,
  ) {
    this.user = user;
    this.docs = docs;
    this.counters = counters;
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

  private readonly factContexts = new Map<string, FactContext>();

  /** The read-only context a plugin's facts get (one per plugin per dispatch). */
  factContext(plugin: string): FactContext {
    let ctx = this.factContexts.get(plugin);
    if (!ctx) {
      ctx = createFactContext(this, plugin);
      this.factContexts.set(plugin, ctx);
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
    if (!this.docs.has(key) && !this.dirtyDocs.has(key)) this.assertDocKnown(key);
    return this.docs.get(key);
  }

  setDoc(key: string, value: unknown): void {
    this.assertDocKnown(key);
    this.docs.set(key, value);
    this.dirtyDocs.add(key);
  }

  counter(key: string): number {
    if (!this.counters.has(key)) {
      throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
        message: `Counter "${key}" was not named by a prepare hook.`,
      });
    }
    return (this.counters.get(key) ?? 0) + (this.counterDeltas.get(key) ?? 0);
  }

  addCounter(key: string, delta: number): void {
    this.counter(key);
    this.counterDeltas.set(key, (this.counterDeltas.get(key) ?? 0) + delta);
  }

  nextMessageId(): string {
    this.seq += 1;
    return `${this.event.id}#${this.seq}`;
  }

  emit(name: keyof LoopEvents, payload: unknown, domain: boolean): void {
    this.emits.push({ name, payload, domain });
    if (domain) this.signals[name] = payload;
  }

  note(plugin: string, text: string, data?: Record<string, unknown>): void {
    this.trace?.notes.push(data ? { plugin, text, data } : { plugin, text });
  }

  private assertDocKnown(key: string): void {
    if (!this.docs.has(key) && !this.lockedDocs.has(key)) {
      throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
        message: `Document "${key}" was not named by a prepare hook, so it is not locked by this dispatch.`,
      });
    }
  }

  /** Keys locked by the unit of work (set by the dispatcher). */
  lockedDocs: ReadonlySet<string> = new Set();

  toCommitWrite(
    record: RecordedOutcome | undefined,
    completeTimer?: { id: string; dueAt: number },
  ): CommitWrite {
    const docs = [{ key: `user:${this.user.id}`, value: this.user as unknown }];
    for (const key of this.dirtyDocs) docs.push({ key, value: this.docs.get(key) ?? null });
    return {
      record,
      docs,
      counters: [...this.counterDeltas].filter(([, d]) => d !== 0).map(([key, delta]) => ({ key, delta })),
      messages: this.messages,
      cancelMessages: this.cancelledMessages,
      timers: {
        schedule: [...this.scheduled.values()],
        cancel: [...this.cancelledTimers],
        complete: completeTimer ? [completeTimer] : [],
      },
    };
  }
}
