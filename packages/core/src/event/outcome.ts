import type { MessageText } from '../errors/localized';
import type { ConditionTrace } from '../evaluator/types';
import type { Stage } from '../policy/types';
import type { EventSource } from './types';

/** What an effect did, for the trace and the outcome. */
export interface EffectReport {
  status: 'applied' | 'capped' | 'skipped' | 'duplicate';
  /** Why, as a short code or an English phrase (`already-awarded`, `quiet-hours`): stable for code to test. */
  reason?: string;
  /** The reason in every message locale, as `explain` and reports show it (`localized('…', '…')`). */
  reasonText?: MessageText;
  data?: Record<string, unknown>;
}

/** Why a rule was not evaluated. */
export type RuleSkipReason = 'disabled' | 'variant';

/** How one rule was evaluated in a traced dispatch: whether it fired, or why it was skipped, and its condition tree. */
export interface RuleTrace {
  ruleId: string;
  stage: Stage;
  priority: number;
  fired: boolean;
  skipped?: RuleSkipReason;
  /** Which evaluator decided (`json-rules-engine`, `compiled`, …). */
  evaluator: string;
  condition?: ConditionTrace;
}

/**
 * One effect a dispatch ran: the rule and stage that asked for it (`stage` is null for an effect applied by a
 * hook, such as a fallback reply), its type and params as written in the policy, and what the plugin reported.
 */
export interface EffectOutcome {
  ruleId: string;
  stage: Stage | null;
  type: string;
  params: Record<string, unknown>;
  report: EffectReport;
}

/** A message the dispatch put into the outbox, without its body (read the outbox for the text). */
export interface MessageSummary {
  id: string;
  userId: string;
  kind: string;
  topic: string;
  channel: string | null;
  /** False when an identical message (same dedupe key) was already queued and this one was dropped. */
  queued: boolean;
}

/**
 * The trace of a dispatch (`dispatch(event, { trace: true })`): every rule of every stage with its condition
 * values, and the notes plugins added with `ctx.note`. `explainOutcome` turns it into readable text.
 */
export interface DispatchTrace {
  evaluator: string;
  stages: Array<{ stage: Stage; rules: RuleTrace[] }>;
  /** Lines plugins added (`ctx.note`): `text` in English, `texts` in every message locale when the plugin gave them. */
  notes: Array<{ plugin: string; text: string; texts?: MessageText; data?: Record<string, unknown> }>;
}

/**
 * What one dispatch did. A replay returns the recorded outcome with `status: 'duplicate'`; a replay of an event
 * whose recorded outcome was compacted (older than the store's retention window) says only that it is a
 * duplicate (nothing fired, nothing queued) and carries `compacted: true`.
 */
export interface Outcome {
  eventId: string;
  /** The user; on an entity's event, the entity key (see `entity`). */
  userId: string;
  /** Set on an entity's event: its entity key (`group:g1`). */
  entity?: string;
  type: string;
  /** `event`: dispatched by the host; `timer`: a timer fired by `tick`; `derived`: derived by another event. */
  source: EventSource;
  /** On a derived event: the id of the event that derived it. */
  cause?: string;
  /** Ids of the events this dispatch derived (`ctx.derive`), in order; absent when none. */
  derived?: string[];
  /** `applied`: committed; `duplicate`: this event id was committed before, nothing changed; `failed`: rolled back. */
  status: 'applied' | 'duplicate' | 'failed';
  /** Ids of the rules that fired, in order. */
  fired: string[];
  effects: EffectOutcome[];
  messages: MessageSummary[];
  timers: { scheduled: string[]; cancelled: string[] };
  /** Loop events emitted by the dispatch (names, in order). */
  emitted: string[];
  error?: { code: string; message: string; plugin?: string; hook?: string; ruleId?: string };
  /**
   * Set on a duplicate whose recorded outcome was compacted (past the retention window): only the event's id,
   * user and fingerprint were kept, so `fired`, `effects`, `messages`, `timers` and `emitted` are empty.
   */
  compacted?: true;
  /** Present when tracing is on. */
  trace?: DispatchTrace;
}

/** A fired timer whose dispatch failed (it was rolled back or threw): given back for a later attempt. */
export interface TimerFailure {
  timerId: string;
  dueAt: number;
  /** The error's code (`PLUGIN_ERROR`, `STORE_ERROR`, …). */
  code: string;
  message: string;
  /** Failed firings so far, this one included. */
  attempts: number;
  /** Epoch ms before which it is not fired again. */
  nextAttemptAt: number;
  /** `attempts` reached `TickOptions.retry.maxAttempts`: it stays and is retried at the longest backoff. */
  exhausted: boolean;
}

/** An `onTick` hook that threw: reported, and the timers still fire. */
export interface TickHookFailure {
  plugin: string;
  code: string;
  message: string;
}

/** What one `engine.tick(now)` did: timers fired, their outcomes, and what failed (to be retried later). */
export interface TickReport {
  now: number;
  /** Timers claimed and dispatched in this tick (failed ones included). */
  fired: number;
  /**
   * One per timer whose dispatch returned an outcome (`failed` ones too; a dispatch that threw has none). Queued
   * derived events left over (a crash between a cause's commit and their dispatch) are claimed like timers and
   * listed here too (`source: 'derived'`).
   */
  outcomes: Outcome[];
  /** Outcomes of the events this tick's dispatches derived, drained before it returned (`source: 'derived'`). */
  derived: Outcome[];
  /** Timers whose dispatch failed, in the order they fired. */
  failures: TimerFailure[];
  /** `onTick` hooks that threw. */
  hookFailures: TickHookFailure[];
  /**
   * Recorded outcomes this tick compacted (`Store.compactRecords`): those committed longer ago than
   * `createEngine({ retention: { outcomes } })` (default 7 days).
   */
  compactedRecords: number;
  /**
   * Outbox messages this tick compacted (`Store.compactOutbox`): sent or dead-lettered longer ago than
   * `createEngine({ retention: { messages } })` (default 7 days), their texts emptied.
   */
  compactedMessages: number;
}

/** What one `engine.drain(handler)` did with the outbox: messages delivered, given back for a retry, or dead-lettered. */
export interface DrainReport {
  sent: number;
  retried: number;
  deadLettered: number;
  /** Messages whose lease expired before they were acked (the handler outlasted `leaseMs`); they may be delivered again. */
  leaseLost?: number;
}
