import type { EngageLoopError } from '../errors/error';
import type { Stage } from '../policy/types';
import type { OutboxMessage } from '../store/outbox-types';
import type { EffectReport } from './outcome';

/**
 * Typed events: name → payload. Plugins add theirs by declaration merging:
 *
 * @example
 * declare module '@engageloop/core' {
 *   interface LoopEvents { 'reward:granted': { userId: string; points: number } }
 * }
 *
 * Events observe; they never steer control flow. They are emitted after the unit of work commits.
 */
export interface CoreLoopEvents {
  'rule:fired': { eventId: string; userId: string; ruleId: string; stage: Stage };
  'effect:applied': {
    eventId: string;
    userId: string;
    ruleId: string;
    type: string;
    params: Record<string, unknown>;
    report: EffectReport;
  };
  'message:queued': { message: OutboxMessage };
  'timer:scheduled': { eventId: string; userId: string; timerId: string; type: string; dueAt: number };
  'dispatch:completed': { eventId: string; userId: string; status: 'applied' | 'duplicate' | 'failed' };
  error: { error: EngageLoopError; eventId?: string; userId?: string };
}

/**
 * The full event map: the core's events plus every plugin's, merged in by declaration merging
 * (`declare module '@engageloop/core' { interface LoopEvents { … } }`; the entry module re-exports this
 * interface, and TypeScript merges an augmentation of a re-exported interface into this declaration).
 */
export interface LoopEvents extends CoreLoopEvents {}

/** The name of a typed loop event (`rule:fired`, `reward:granted`, …), core's and every installed plugin's. */
export type LoopEventName = keyof LoopEvents;
