import type { EngageLoopError } from '../errors/error';
import type { MessageText } from '../errors/localized';
import type { OperatorFunction } from '../evaluator/types';
import type { LoopEvents } from '../event/loop-events';
import type { EffectReport } from '../event/outcome';
import type { EventSource, ValidatedEvent } from '../event/types';
import type { LocalizedText, Policy, RuleDefinition, Stage, TopLevelCondition } from '../policy/types';
import type { CounterEntry } from '../store/types';
import type { PluginReferences } from './references';

/** A JSON Schema (draft 2020-12) object, as ajv takes it. */
export type JsonSchema = Record<string, unknown>;

/**
 * What the engine knows about a user, stored as the document `user:<id>` — or about an entity (a group, an
 * item, a contest), stored as `entity:<kind>:<id>`, with `id` the entity key (`group:g1`).
 */
export interface UserState {
  id: string;
  /** ISO date-time of the first and latest event dispatched for this user. */
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  profile: UserProfile;
  /**
   * Free-form flags and values set by rules (`core.setAttribute`), e.g. `{ "priorityInvite": true }`.
   * JSON data. Once the engine has written more than 8 keys it is a null-prototype object (a dictionary of
   * rule-set keys, so `__proto__` or `constructor` are plain keys): test a key with
   * `Object.hasOwn(attributes, key)`, not `attributes.hasOwnProperty(key)`.
   */
  attributes: Record<string, unknown>;
  /** Number of events dispatched per event type. */
  counts: Record<string, number>;
  /** Plugin state slices, keyed by plugin name. */
  slices: Record<string, unknown>;
}

/**
 * Who the user is, as far as the engine needs to know: name, time zone, locale and channels. Set from
 * `profile.updated` events (their payload is merged in); other keys a host sends are kept as they are.
 */
export interface UserProfile {
  name?: string;
  /** IANA time zone, e.g. `Asia/Shanghai`; the policy default applies when absent. */
  timezone?: string;
  locale?: string;
  /** Preferred channel, and channels the user opted out of. */
  channel?: string;
  optOut?: string[];
  lastChannel?: string;
  joinedAt?: string;
  [key: string]: unknown;
}

/** A message a plugin asks the engine to queue (the engine fills ids, event and time). */
export interface MessageInput {
  kind: string;
  topic: string;
  body: string;
  userId?: string;
  channel?: string | null;
  locale?: string | null;
  subject?: string | null;
  data?: Record<string, unknown>;
  /** Defaults to `<eventId>:<kind>:<topic>:<userId>`. */
  dedupeKey?: string;
  notBefore?: number;
  transactional?: boolean;
}

/**
 * A timer a plugin asks the engine to persist: at `dueAt` (epoch ms), `engine.tick` dispatches an event of
 * `type` with `payload` for the user, through the same pipeline as host events (`source: 'timer'`).
 */
export interface TimerInput {
  /** Unique per timer; scheduling the same id re-arms it. */
  id: string;
  /** Event type dispatched when it fires; must be declared by the plugin in `eventTypes`. */
  type: string;
  dueAt: number;
  /** The user it fires for (default: the dispatch's user, unless `entity` is given or the dispatch is an entity's). */
  userId?: string;
  /**
   * The entity it fires for (`contest:monthly-likes`), instead of a user: its event runs with the entity's
   * document as `ctx.user` (default: the dispatch's entity on an entity's event). At most one of `userId` and
   * `entity`.
   */
  entity?: string;
  payload?: Record<string, unknown>;
}

/**
 * An event an effect or hook derives for another user or entity (`ctx.derive`): committed with the dispatch that
 * derives it, then dispatched in a later batch through the same pipeline (`source: 'derived'`). Exactly one of
 * `userId` and `entity`.
 */
export interface DerivedEventInput {
  /**
   * What this derivation is, unique within the deriving dispatch (`award:u2`, `bump:group:g1`): the derived
   * event's id is a hash of the cause's record key and this key, so a replay of the cause derives the same ids.
   */
  key: string;
  /** Its event type: declared by a plugin's `eventTypes`; the payload is checked against its schema. */
  type: string;
  userId?: string;
  /** An entity key `<kind>:<id>` (`group:g1`). */
  entity?: string;
  payload?: Record<string, unknown>;
}

/** A leaderboard to load with the batch (`prepare` → `tops`), read with `ctx.top(prefix)`. */
export interface TopRequest {
  /** The counter family's key prefix (`likes:2026-05:`), as `Store.topCounters` takes it. */
  prefix: string;
  /** How many entries, from 0 to `MAX_TOP_COUNTERS`. */
  limit: number;
}

/** What a `prepare` hook names for an event: documents, counters and leaderboards to load with the batch. */
export interface PrepareResult {
  /** Documents to load and lock (a group, a post, a need item) besides the subject's own. */
  docs?: string[];
  /** Store counters to read (`ctx.counter`) and bump (`ctx.addCounter`). */
  counters?: string[];
  /** Leaderboards over counter families, read as `ctx.top(prefix)`. */
  tops?: TopRequest[];
}

/** Read-only view given to facts. */
export interface FactContext<Settings = unknown> {
  readonly event: ValidatedEvent;
  readonly now: number;
  readonly policy: Policy;
  readonly settings: Settings;
  readonly user: Readonly<UserState>;
  /** This plugin's slice (initial when the user is new). */
  slice<T = unknown>(): T;
  /** Another plugin's slice, read-only; undefined when that plugin is not installed. */
  sliceOf<T = unknown>(plugin: string): T | undefined;
  /** A document locked for this dispatch (see the `prepare` hook). */
  doc<T = unknown>(key: string): T | undefined;
  /** The value of a store counter named in the `prepare` hook (0 when it was never bumped). */
  counter(key: string): number;
  /**
   * A leaderboard named in the `prepare` hook (`tops`): the counters under `prefix`, highest value first, at
   * most the `limit` asked for. Tie rule: equal values list in ascending key order (code point order of the
   * keys), on every store. The values are those committed when the event's unit of work began, with the
   * changes of earlier events of the same batch to this family included (the engine starts a new unit of work
   * before an event whose leaderboard an earlier event changed). Throws `STORE_CONTRACT_VIOLATION` for a prefix
   * `prepare` did not name.
   *
   * @example
   * const winners = ctx.top('likes:2026-05:').slice(0, 3); // [{ key: 'likes:2026-05:p7', value: 42 }, …]
   */
  top(prefix: string): readonly CounterEntry[];
  /** Loop events emitted so far in this dispatch, by name (latest payload). */
  readonly signals: Readonly<Record<string, unknown>>;
  /** The user's time zone (profile, else policy default). */
  readonly timezone: string;
  readonly locale: string;
  /**
   * Evaluates a condition (json-rules-engine language) against the current facts with the engine's
   * evaluator, e.g. a lifecycle stage or a segment defined in settings. Conditions embedded in settings
   * should be declared through `Plugin.conditions` so they are checked when the policy loads.
   */
  evaluate(condition: TopLevelCondition): Promise<boolean>;
}

/** What effects and hooks may do: read, and record intents that are committed atomically. */
export interface DispatchContext<S = unknown, Settings = unknown> extends FactContext<Settings> {
  readonly plugin: string;
  /**
   * This plugin's scratch space for the current dispatch: an empty object when the dispatch starts, shared by
   * the plugin's hooks and effects while it runs, and dropped after it (never stored, never seen by another
   * dispatch or plugin). For a value several hooks of one dispatch need, computed once — not for state, which
   * belongs in the slice.
   *
   * @example
   * afterStage: (ctx) => { ctx.memo.score ??= scoreOf(ctx.slice()); }
   */
  readonly memo: Record<string, unknown>;
  slice<T = S>(): T;
  /** Replaces this plugin's slice of the user's state (committed with the dispatch). */
  setSlice(next: S): void;
  /** Writes a document that `prepare` named (a group, a post, a need item); committed with the dispatch. */
  setDoc(key: string, value: unknown): void;
  /** Adds `delta` to a store counter (likes, votes, period scores), without locking a document. */
  addCounter(key: string, delta: number): void;
  /** Replaces the user's document (profile, attributes, counts) with what `update` returns from the current one. */
  setUser(update: (user: UserState) => UserState): void;
  /**
   * Queues a message in the outbox (committed with the dispatch, delivered by `engine.drain`) and returns its
   * id; a second message with the same dedupe key in the same dispatch is dropped and the first one's id returned.
   */
  send(message: MessageInput): string;
  /** Withdraws messages by dedupe key: those queued in this dispatch, and unsent ones already in the outbox. */
  cancelMessages(dedupeKeys: readonly string[]): void;
  /** Schedules a timer, or re-arms the timer with the same id (committed with the dispatch). */
  schedule(timer: TimerInput): void;
  /**
   * Derives an event for another user or an entity (an award to a helped neighbour, a bump of a group's
   * score) and returns its id: a hash of this dispatch's record key and `input.key`, so a replay of this event
   * derives the same ids (and they are duplicates). It is committed with this dispatch (nothing is derived
   * when this dispatch rolls back) into a durable queue, and dispatched in a later batch through the same
   * pipeline (`source: 'derived'`, `cause` = this event's id, at this event's time): `dispatchBatch` drains
   * what its batches derive before it returns, and `tick` dispatches anything left. The same key twice in one
   * dispatch returns the first one's id and derives nothing more. Throws `DERIVED_EVENT_INVALID` (an
   * undeclared type, a payload its schema refuses, a bad key) or `EVENT_SUBJECT_INVALID`.
   *
   * @example
   * ctx.derive({ key: 'thanks', type: 'kudos.received', userId: String(ctx.event.payload.to), payload: { from: ctx.user.id } });
   */
  derive(input: DerivedEventInput): string;
  /** Cancels a pending timer by id (committed with the dispatch). */
  cancelTimer(id: string): void;
  /** Emits a typed loop event: visible to later stages as a `signals` fact, and to listeners after the commit. */
  emit<K extends keyof LoopEvents>(name: K, payload: LoopEvents[K]): void;
  /** Applies another plugin's effect (e.g. replies' undo asks incentives to revoke points). */
  applyEffect(type: string, params: Record<string, unknown>): EffectReport;
  /**
   * Adds a line to the trace (shown by `explain`): English, or in every message locale
   * (`localized('undo refused: window expired', '撤销被拒绝：已超过时限')`).
   */
  note(text: string | MessageText, data?: Record<string, unknown>): void;
}

/**
 * What an effect's `apply` gets: the dispatch context without `setSlice` (an effect returns the next slice
 * instead), plus the rule and stage that asked for the effect and a way to report what it did.
 */
export interface EffectContext<S = unknown, Settings = unknown>
  extends Omit<DispatchContext<S, Settings>, 'setSlice'> {
  readonly ruleId: string;
  readonly stage: Stage | null;
  /** Reports what the effect did (default `applied`). */
  report(report: EffectReport): void;
}

/**
 * An effect type a plugin owns (`incentives.award`): the JSON Schema of its params, and a pure reducer from
 * the plugin's slice and the params to the next slice. Rules name it in `effects: [{ type, params }]`.
 */
export interface EffectType<S = unknown, P = Record<string, unknown>, Settings = unknown> {
  description?: LocalizedText;
  /** JSON Schema of `params`; rule files are checked against it at load and editors autocomplete it. */
  params: JsonSchema;
  /** Pure reducer: returns the plugin's next slice. Intents (messages, timers, events) go through `ctx`. */
  apply(state: S, params: P, ctx: EffectContext<S, Settings>): S;
}

/**
 * A fact a plugin adds to the condition language (`incentives.balance`): a function of the dispatch's
 * read-only context and the condition's `params`. Facts are computed lazily, once per stage and params.
 */
export interface FactDefinition<Settings = unknown> {
  description?: LocalizedText;
  /** JSON Schema of the condition's `params`, if the fact takes any. */
  params?: JsonSchema;
  /** May return a promise (an async fact); the compiled evaluator then falls back to json-rules-engine. */
  value(ctx: FactContext<Settings>, params: Record<string, unknown> | undefined): unknown;
  /** Set when `value` returns a promise. */
  async?: boolean;
}

/** An event type a plugin declares (a host event such as `profile.updated`, or its timers' type), with its payload's schema. */
export interface EventTypeDefinition {
  description?: LocalizedText;
  /** JSON Schema of the payload, checked on dispatch. */
  payload?: JsonSchema;
  /**
   * Where events of this type may come from: `'event'` (a host's `dispatch`), `'timer'` (a fired timer),
   * `'derived'` (`ctx.derive`). Default: all three. A type without `'event'` is one only the engine
   * produces; a host dispatch of it is refused with `EVENT_TYPE_INTERNAL`, and the testing kit never
   * generates it.
   */
  sources?: ReadonlyArray<EventSource>;
}

/** What the `prepare` hook sees: the validated event, the policy and the plugin's settings — nothing loaded yet. */
export interface PrepareContext<Settings = unknown> {
  readonly event: ValidatedEvent;
  readonly policy: Policy;
  readonly settings: Settings;
}

export interface FailureContext<S = unknown, Settings = unknown> extends DispatchContext<S, Settings> {
  readonly error: EngageLoopError;
}

/** What the `onTick` hook sees: the tick's time, the policy in force and the plugin's settings. */
export interface TickContext<Settings = unknown> {
  readonly now: number;
  readonly policy: Policy;
  readonly settings: Settings;
}

/** What a plugin's `forgetUser` hook is told: who is being erased, and the pseudonym that replaces them. */
export interface ForgetContext<Settings = unknown> {
  readonly userId: string;
  /** `forgottenUserId(userId, key)`: write it wherever the user's id has to stay (a supporter count, say). */
  readonly pseudonym: string;
  readonly policy: Policy;
  readonly settings: Settings;
}

/**
 * The documents a plugin keeps outside the user's own document that may hold the user, and how to scrub one.
 * The engine lists the documents under each prefix, calls `scrub` on each (and again on the fresh value,
 * inside a unit of work holding the document's key, before it writes the result).
 */
export interface ForgetPlan {
  /** Key prefixes of the plugin's shared documents, e.g. `['need:']`. Never `user:` (the store erases it). */
  documents: string[];
  /**
   * Pure: the document without the user — their id replaced by the pseudonym, whatever they wrote erased —
   * or `null` to delete it, or `undefined` when the user is not in it.
   */
  scrub(key: string, value: unknown): unknown;
  /**
   * Dedupe-key prefixes of messages, to anyone, that quote what the user wrote in this document (a notice
   * to staff citing a need's text): the store erases their texts and cancels those not sent yet.
   */
  quotes?(key: string, value: unknown): string[];
  /**
   * Prefixes of the plugin's counter families keyed by user id (a leaderboard of users, an honour wall), e.g.
   * `['community:credits:']`. A counter under one of them names the user when its key ends with the id, right
   * after the prefix or after a `:` (`<prefix>…:<userId>`); the store renames it to end with the pseudonym
   * instead, adding its value to that counter's when it exists (see `ForgetOptions.counters`).
   */
  counters?: string[];
}

/**
 * Plugin hooks, each declared once; all are called sequentially in plugin order.
 * - `prepare`: before the unit of work, name the extra documents, counters and leaderboards the dispatch needs.
 * - `beforeRules` / `afterRules`: around the four stages, inside the unit of work.
 * - `onFailure`: the dispatch failed and was rolled back; queue a fallback (never silent).
 * - `onTick`: once per `engine.tick(now)`, before due timers fire.
 * - `forgetUser`: `engine.forgetUser(userId)` is erasing a user: name the shared documents that may hold them
 *   and how to scrub one (the user's own document, timers, messages and records are the store's part).
 */
export interface PluginHooks<S = unknown, Settings = unknown> {
  /** Names the documents (`docs`) and counters the event needs besides the user's own document; they are loaded and locked together. */
  prepare?(ctx: PrepareContext<Settings>): PrepareResult | undefined;
  /** Runs before the first stage, inside the unit of work (e.g. record the action, load a draft). */
  beforeRules?(ctx: DispatchContext<S, Settings>): void | Promise<void>;
  /** Runs after each of the four stages, so a later stage sees what this one derived. */
  afterStage?(ctx: DispatchContext<S, Settings>, stage: Stage): void | Promise<void>;
  /** Runs after the last stage, before the commit (e.g. a never-silent acknowledgement when no rule replied). */
  afterRules?(ctx: DispatchContext<S, Settings>): void | Promise<void>;
  /** The dispatch failed and was rolled back: queue a fallback (what it queues is committed on its own). */
  onFailure?(ctx: FailureContext<S, Settings>): void | Promise<void>;
  /** Runs once per `engine.tick(now)`, before due timers fire. */
  onTick?(ctx: TickContext<Settings>): void | Promise<void>;
  /** A user is being erased: return the plugin's shared documents that may hold them and how to scrub one. */
  forgetUser?(ctx: ForgetContext<Settings>): ForgetPlan | undefined;
}
/** The name of a plugin hook (`prepare`, `beforeRules`, …, `forgetUser`). */
export type HookName = keyof PluginHooks;

/** A plugin is a value. Build it with `definePlugin`, usually inside a factory that validates options. */
export interface Plugin<S = unknown, Settings = unknown> {
  name: string;
  version: string;
  description?: LocalizedText;
  /**
   * The plugin's part of a policy's `settings`: its JSON Schema and defaults. What a policy writes is merged deeply
   * over `defaults` (objects merge key by key, arrays and other values replace), except the top-level keys named
   * in `replace`: a policy that writes one of those gives it whole (a dictionary of named conditions, where a
   * merged entry would mix the policy's condition with the default's).
   */
  settings?: { schema: JsonSchema; defaults: Settings; replace?: readonly string[] };
  /** The plugin's slice of each user's state. */
  state?: {
    /** The slice of a user the plugin has not seen yet. */
    initial(userId: string): S;
  };
  /** Effect types by full name (`<plugin>.<effect>`). */
  effects?: Record<string, EffectType<S, never, Settings>>;
  /** Facts by name (`<plugin>.<fact>`; the core plugin may use bare names). */
  facts?: Record<string, FactDefinition<Settings>>;
  operators?: Record<string, OperatorFunction>;
  eventTypes?: Record<string, EventTypeDefinition>;
  /** Rules the plugin contributes to every policy (a policy rule with the same id replaces one). */
  rules?: RuleDefinition[];
  /**
   * Conditions embedded in this plugin's settings (stages, segments…), so the loader checks their
   * facts and operators: `pointer` is relative to `/settings/<plugin>`.
   */
  conditions?(settings: Settings): Array<{ pointer: string; condition: TopLevelCondition }>;
  /** Names this plugin's settings declare (badges, wallets…) and where its settings, effects and facts name them. */
  references?: PluginReferences<Settings>;
  hooks?: PluginHooks<S, Settings>;
}
