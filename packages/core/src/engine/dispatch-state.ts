import { EngageLoopError } from '../errors/error';
import type { MessageText } from '../errors/localized';
import type { FactResolver } from '../evaluator/types';
import type { LoopEvents } from '../event/loop-events';
import type { DispatchTrace } from '../event/outcome';
import type { ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { DispatchContext, FactContext, Plugin, UserState } from '../plugin/types';
import type { Stage } from '../policy/types';
import type { CounterEntry, TimerRecord } from '../store/types';
import { createDispatchContext, createFactContext } from './contexts';
import { type DispatchBuffers, DispatchLists, RareParts } from './dispatch-lists';
import type { PendingEmit, RunContext, Slot, StateSource } from './dispatch-types';
import { withDeltas } from './dispatch-values';
import { nextStageFacts } from './facts';
import type { InPlaceLog } from './in-place-log';
import type { PolicyRuntime } from './runtime';
import { dispatchGeneration } from './timer-generation';
import { handedOut } from './user-draft';

const NONE_DERIVED: readonly TimerRecord[] = Object.freeze([]);
/** The rare parts of a dispatch that touched none (read only). */
const NO_PARTS: Readonly<RareParts> = Object.freeze(new RareParts());
/**
 * The prototype of every memo: nothing in it and nothing above it, so a memo inherits no member (`toString`,
 * `__proto__` are plain keys), as with a null prototype. `Object.create(null)` makes a hash table of a few hundred
 * bytes per dispatch; an object over this prototype is an ordinary one (its keys, the same in every dispatch of a
 * plugin, share hidden classes).
 */
const MEMO_BASE: object = Object.freeze(Object.create(null));

/** A plugin's empty memo for one dispatch. */
const newMemo = (): Record<string, unknown> => Object.create(MEMO_BASE) as Record<string, unknown>;

/** The slots per plugin in `DispatchState.perPlugin`: hook context, fact view, memo. */
const PER_PLUGIN = 3;
/** What `DispatchState.perPlugin` holds. */
type PluginItem = DispatchContext | FactContext | Record<string, unknown> | undefined;

/** The signals of a dispatch that emitted no domain event yet. */
const NO_SIGNALS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null));

/**
 * Everything one dispatch reads and intends to write. Nothing reaches the batch until the dispatch succeeded,
 * nor the store before the batch's commit: dropping the state is the rollback.
 * The user document it makes is its base, `UserDraft` (one working copy, changed in place while nobody reads it).
 */
export class DispatchState extends DispatchLists {
  /**
   * Domain events emitted so far, by name (the `signals` fact): made when `signals` is first read after a domain
   * event (most dispatches emit some and no rule reads them), then brought up to date from `emits` on each read.
   */
  private emitted: Record<string, unknown> | undefined;
  /** How many of `emits` `emitted` has taken in; whether any of `emits` is a domain event. */
  private synced = 0;
  private anyDomain = false;
  stage: Stage | null = null;
  /**
   * What a dispatch makes per plugin, on first use, three slots per plugin by its place in the registry: its hook
   * context, its fact view, its memo (`PER_PLUGIN`). One list made at its full length (a list grown from empty takes
   * 17 slots), not one per kind: each list is an object and its store (64 bytes for two plugins).
   */
  private perPlugin: PluginItem[] | undefined;
  /** The fact resolver of the stage being evaluated (`stageFacts`). */
  private facts: FactResolver | undefined;

  /**
   * `buffers`: the lists it fills as it runs, its batch's (see `DispatchBuffers`); else its own. `run` is kept, not
   * copied field by field: what it gives is read through getters. `owned`: `source.owns` of the user's document,
   * when the caller read it already (`BatchState.userDoc`).
   */
  constructor(
    private readonly run: RunContext,
    readonly slot: Slot,
    private readonly source: StateSource,
    user: UserState,
    buffers?: DispatchBuffers,
    owned = source.owns(slot.userKey),
  ) {
    super(user, owned, buffers);
    if (run.trace) this.rare().trace = { evaluator: run.runtime.prepared.evaluator, stages: [], notes: [] };
  }

  get event(): ValidatedEvent {
    return this.slot.event;
  }

  get now(): number {
    return this.slot.now;
  }

  /** The key the outcome is recorded under: the prefix of this dispatch's message ids and dedupe keys. */
  get recordKey(): string {
    return this.slot.recordKey;
  }

  /** The trace of a traced dispatch. */
  get trace(): DispatchTrace | undefined {
    return this.rareParts?.trace;
  }

  protected get tracing(): boolean {
    return this.run.trace;
  }

  protected get log(): InPlaceLog | undefined {
    return this.source.inPlace;
  }

  /** The engine's plugins (the batch's run context). */
  get registry(): Registry {
    return this.run.registry;
  }

  /** The policy in force for the batch. */
  get runtime(): PolicyRuntime {
    return this.run.runtime;
  }

  /** Whether anyone listens to a loop event: payloads nobody observes are not built. */
  observed(name: keyof LoopEvents): boolean {
    return this.run.observed(name);
  }

  get policy() {
    return this.runtime.policy;
  }

  get timezone(): string {
    return this.current.profile.timezone ?? this.policy.defaults.timezone;
  }

  get locale(): string {
    return this.current.profile.locale ?? this.policy.defaults.locale;
  }

  /** Domain events emitted so far in this dispatch, by name (the `signals` fact). */
  get signals(): Readonly<Record<string, unknown>> {
    if (!this.anyDomain) return NO_SIGNALS;
    const emits = this.emitsSoFar();
    this.emitted ??= Object.create(null) as Record<string, unknown>;
    const emitted = this.emitted;
    for (let i = this.synced; i < emits.length; i++) {
      const e = emits.at(i) as PendingEmit;
      if (e.domain) emitted[e.name] = e.payload;
    }
    this.synced = emits.length;
    return emitted;
  }

  /** The read-only context a plugin's facts get (one per plugin per dispatch). */
  factContext(plugin: Plugin): FactContext {
    return this.ofPlugin(this.registry.plugins.indexOf(plugin) * PER_PLUGIN + 1, plugin, createFactContext);
  }

  /** A fact resolver for the stage about to be evaluated: the previous stage's, emptied (see `nextStageFacts`). */
  stageFacts(): FactResolver {
    this.facts = nextStageFacts(this, this.facts);
    return this.facts;
  }

  /** The context a plugin's hooks get (one per plugin per dispatch); `index` is the plugin's place in the registry. */
  hookContext(plugin: Plugin, index: number): DispatchContext {
    return this.ofPlugin(index * PER_PLUGIN, plugin, createDispatchContext);
  }

  /** A plugin's scratch space for this dispatch (see `DispatchContext.memo`): made on first use (`newMemo`). */
  memoOf(plugin: Plugin): Record<string, unknown> {
    return this.ofPlugin(this.registry.plugins.indexOf(plugin) * PER_PLUGIN + 2, plugin, newMemo);
  }

  /** The item at `at` of `perPlugin` (see there), made by `make` on first use. */
  private ofPlugin<T extends PluginItem>(
    at: number,
    plugin: Plugin,
    make: (state: this, plugin: Plugin) => T,
  ): T {
    this.perPlugin ??= new Array(this.registry.plugins.length * PER_PLUGIN);
    const list = this.perPlugin;
    let item = list[at] as T | undefined;
    if (item === undefined) {
      item = make(this, plugin);
      list[at] = item;
    }
    return item;
  }

  settingsOf(plugin: string): unknown {
    return this.policy.settings[plugin];
  }

  sliceOf(plugin: Plugin): unknown {
    const current = this.current.slices[plugin.name];
    if (current !== undefined || !plugin.state) return current;
    return plugin.state.initial(this.current.id);
  }

  doc(key: string): unknown {
    const written = this.rareParts?.written;
    if (written?.has(key)) return written.get(key);
    this.assertDocKnown(key);
    const value = this.source.doc(key);
    // The engine's own user document has unfrozen containers: frozen before a plugin holds it.
    return this.source.owns(key) ? handedOut(value, key, this.source.inPlace) : value;
  }

  setDoc(key: string, value: unknown): void {
    this.assertDocKnown(key);
    const rare = this.rare();
    rare.written ??= new Map();
    rare.written.set(key, value);
  }

  counter(key: string): number {
    if (!this.slot.counters.includes(key)) {
      throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
        message: `Counter "${key}" was not named by a prepare hook.`,
      });
    }
    return this.source.counter(key) + (this.rareParts?.deltas?.get(key) ?? 0);
  }

  addCounter(key: string, delta: number): void {
    this.counter(key);
    const rare = this.rare();
    rare.deltas ??= new Map();
    rare.deltas.set(key, (rare.deltas.get(key) ?? 0) + delta);
  }

  top(prefix: string): readonly CounterEntry[] {
    const limit = this.slot.tops?.get(prefix);
    if (limit === undefined) {
      throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
        message: `Leaderboard "${prefix}" was not named by a prepare hook (tops).`,
      });
    }
    const entries = this.source.top(prefix, limit);
    const deltas = this.rareParts?.deltas;
    if (!deltas) return entries;
    let touched = false;
    for (const key of deltas.keys()) if (key.startsWith(prefix)) touched = true;
    return touched ? withDeltas(entries, deltas, limit) : entries;
  }

  /** Queues a derived event (`ctx.derive`); the same id twice keeps the first. Returns its id. */
  derive(record: TimerRecord): string {
    const id = (record.derived as { eventId: string }).eventId;
    const rare = this.rare();
    rare.derivedEvents ??= new Map();
    if (!rare.derivedEvents.has(id)) rare.derivedEvents.set(id, record);
    return id;
  }

  /** The events this dispatch derived, in order. */
  derived(): readonly TimerRecord[] {
    const derived = this.rareParts?.derivedEvents;
    return derived ? [...derived.values()] : NONE_DERIVED;
  }

  /** The generation of the timers this dispatch arms: one hash of its record key, however many it arms. */
  get timerGeneration(): string {
    const rare = this.rare();
    rare.generation ??= dispatchGeneration(this.recordKey);
    return rare.generation;
  }

  /** Schedules (or re-arms) a timer in this dispatch. */
  scheduleTimer(timer: TimerRecord): void {
    const rare = this.rare();
    rare.cancelledTimers?.delete(timer.id);
    rare.scheduled ??= new Map();
    rare.scheduled.set(timer.id, timer);
  }

  cancelTimer(id: string): void {
    const rare = this.rare();
    rare.scheduled?.delete(id);
    rare.cancelledTimers ??= new Set();
    rare.cancelledTimers.add(id);
  }

  /** Ids of the timers this dispatch scheduled, and of those it cancelled (fresh arrays): `undefined` for none. */
  timerIds(): { scheduled: string[]; cancelled: string[] } | undefined {
    const { scheduled, cancelledTimers } = this.rareParts ?? NO_PARTS;
    if (!scheduled?.size && !cancelledTimers?.size) return undefined;
    return {
      scheduled: scheduled ? [...scheduled.keys()] : [],
      cancelled: cancelledTimers ? [...cancelledTimers] : [],
    };
  }

  /** Message ids start with the record key: scoped to the user and source, like the recorded outcome. */
  nextMessageId(_dedupeKey: string): string {
    const rare = this.rare();
    rare.seq += 1;
    return `${this.recordKey}#${rare.seq}`;
  }

  /** Records a loop event for after the commit; domain events are also readable as `signals` at once. */
  emit(name: keyof LoopEvents, payload: unknown, domain: boolean): void {
    if (domain) this.anyDomain = true;
    else if (!this.observed(name)) return;
    this.pushEmit({ name, payload, domain });
  }

  note(plugin: string, said: string | MessageText, data?: Record<string, unknown>): void {
    const trace = this.trace;
    if (!trace) return;
    const note: DispatchTrace['notes'][number] =
      typeof said === 'string' ? { plugin, text: said } : { plugin, text: said.en, texts: said };
    trace.notes.push(data ? { ...note, data } : note);
  }

  private assertDocKnown(key: string): void {
    const { docs, userKey } = this.slot;
    if (docs ? !docs.includes(key) : key !== userKey) {
      throw new EngageLoopError('STORE_CONTRACT_VIOLATION', {
        message: `Document "${key}" was not named by a prepare hook, so it is not locked by this dispatch.`,
      });
    }
  }

  /** See `RunContext.keepOutcomes`. */
  get keepOutcomes(): boolean {
    return this.run.keepOutcomes;
  }

  /**
   * The pipeline is over: lets go of what only it used (plugin contexts, fact views, memos), and takes its lists
   * out of the buffers (`settleLists`). A batch keeps its events' states until its commit, and every object still
   * reachable when the young generation is collected is copied, then promoted: these are garbage at once instead.
   */
  finish(): void {
    this.settleLists();
    this.perPlugin = undefined;
    this.facts = undefined;
  }

  /**
   * Sets the documents this dispatch wrote into `into`, the user's first (`null` deletes): straight into the
   * batch's map, with no list of pairs made per event. `notOwn` keeps the keys whose value is not the engine's
   * own: every key but a user handed over (`UserDraft.published`).
   */
  docWritesInto(into: Map<string, unknown>, notOwn: Set<string>): void {
    const { userKey } = this.slot;
    into.set(userKey, this.published());
    if (!this.handedOver) notOwn.add(userKey);
    else if (notOwn.size > 0) notOwn.delete(userKey);
    const written = this.rareParts?.written;
    if (written)
      for (const [key, value] of written) {
        into.set(key, value ?? null);
        notOwn.add(key);
      }
  }

  /** Counter changes (zero ones left out). */
  counterDeltas(): ReadonlyMap<string, number> | undefined {
    return this.rareParts?.deltas;
  }

  /** Timers scheduled (last schedule per id) and cancelled by this dispatch: `undefined` when it touched none. */
  timerChanges(): { schedule: Iterable<TimerRecord>; cancel: Iterable<string> } | undefined {
    const { scheduled, cancelledTimers } = this.rareParts ?? NO_PARTS;
    if (!scheduled && !cancelledTimers) return undefined;
    return { schedule: scheduled?.values() ?? [], cancel: cancelledTimers ?? [] };
  }
}

/**
 * The state of a failed dispatch's failure path: it starts again from what the dispatch found, and only the
 * messages `onFailure` hooks queue (a fallback answer) are kept. Their ids come from their dedupe keys, so a
 * later successful dispatch of the same event (numbered `#1`, `#2`…) never reuses a fallback's id.
 */
export class FailureState extends DispatchState {
  override nextMessageId(dedupeKey: string): string {
    return `${this.recordKey}#failure:${dedupeKey}`;
  }
}
