import type { EngageLoopError } from '../errors/error';
import type { EffectReport } from '../plugin/types';
import type { Stage } from '../policy/types';
import type { OutboxMessage } from '../store/types';

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
 * The full event map, declared in the package's entry module so that plugins' `declare module '@engageloop/core'`
 * augmentations merge into it (also in the bundled `.d.ts`).
 */
export type { LoopEvents } from '../index';

import type { LoopEvents } from '../index';

/** The name of a typed loop event (`rule:fired`, `reward:granted`, …), core's and every installed plugin's. */
export type LoopEventName = keyof LoopEvents;
