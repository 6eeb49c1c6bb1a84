import type { MessageText } from '../errors/localized';
import type { LoopEvents } from '../event/loop-events';
import type { DraftEffect } from '../event/outcome-draft';
import type { ValidatedEvent } from '../event/types';
import type { Registry } from '../plugin/registry';
import type { FactContext, Plugin, UserState } from '../plugin/types';
import type { UserBag, UserMove } from '../plugin/user-writer';
import type { Stage } from '../policy/types';
import type { OutboxMessage } from '../store/outbox-types';
import type { CounterEntry, TimerRecord } from '../store/types';
import type { PolicyRuntime } from './runtime';

/**
 * What plugin contexts, effect intents and fact resolvers read and record in one dispatch's state.
 * `DispatchState` has all of it; they depend on this interface, not on that class, so the state can
 * build their contexts (`factContext`, `hookContext`) without an import cycle.
 */
export interface StateAccess {
  readonly registry: Registry;
  readonly runtime: PolicyRuntime;
  readonly event: ValidatedEvent;
  readonly now: number;
  readonly policy: PolicyRuntime['policy'];
  readonly timezone: string;
  readonly locale: string;
  /** The key the outcome is recorded under: the prefix of this dispatch's message ids and dedupe keys. */
  readonly recordKey: string;
  /** The generation of the timers this dispatch arms, computed once (see `dispatchGeneration`). */
  readonly timerGeneration: string;
  /** The user as this dispatch has made it so far. */
  user: UserState;
  /** The user for an evaluation's facts (read and dropped within the stage: see `DispatchState.userForFacts`). */
  userForFacts(): UserState;
  /**
   * Takes `move(user, event)` as the dispatch's working copy and counts the event under `key` (`MOVE_USER`): a user
   * the caller made, holding no reference to it or to the user it was given (which is not given away).
   */
  moveUser<E>(move: UserMove<E>, event: E, key: string): void;
  /** Sets one entry of the user's attributes or counts (`null` removes it); see `UserDraft.setEntry`. */
  setEntry(bag: UserBag, key: string, value: unknown): void;
  /** The stage running, `null` in hooks outside the stages. */
  readonly stage: Stage | null;
  readonly signals: Readonly<Record<string, unknown>>;
  /** The messages queued so far (and not cancelled since), in order. */
  readonly messages: readonly OutboxMessage[];
  readonly cancelledMessages: readonly string[];
  readonly effects: readonly DraftEffect[];
  /** Queues a message. */
  addMessage(message: OutboxMessage): void;
  /** Cancels a message by its dedupe key (one this dispatch queued is dropped). */
  cancelMessage(dedupeKey: string): void;
  /** Notes an effect applied. */
  addEffect(effect: DraftEffect): void;
  /** The read-only context a plugin's facts get (one per plugin per dispatch). */
  factContext(plugin: Plugin): FactContext;
  settingsOf(plugin: string): unknown;
  sliceOf(plugin: Plugin): unknown;
  /** The plugin's scratch memo for this dispatch (`DispatchContext.memo`): work done once per dispatch. */
  memoOf(plugin: Plugin): Record<string, unknown>;
  setSlice(plugin: string, next: unknown): void;
  doc(key: string): unknown;
  setDoc(key: string, value: unknown): void;
  counter(key: string): number;
  /** A leaderboard `prepare` named (`ctx.top`). */
  top(prefix: string): readonly CounterEntry[];
  addCounter(key: string, delta: number): void;
  /** Queues a derived event (`ctx.derive`); returns its id. */
  derive(record: TimerRecord): string;
  scheduleTimer(timer: TimerRecord): void;
  cancelTimer(id: string): void;
  nextMessageId(dedupeKey: string): string;
  /** Whether anyone listens to a loop event: payloads nobody observes are not built. */
  observed(name: keyof LoopEvents): boolean;
  emit(name: keyof LoopEvents, payload: unknown, domain: boolean): void;
  note(plugin: string, text: string | MessageText, data?: Record<string, unknown>): void;
}
