import type { ValidatedEvent } from '../event/types';
import { flat } from '../store/flat';
import { sha256Hex128 } from '../store/keys';
import type { TimerCompletion, TimerRecord } from '../store/types';

/**
 * A fired timer's event id: `timer:<id>@<dueAt>`, or `timer:<id>~<generation>@<dueAt>` when the timer has a
 * generation (the due time stays last, after the last `@`). The same stored
 * arming always gives the same id (a timer claimed again is a replay, a no-op); a timer armed again at the same
 * due time after it fired has another generation, so its event is new and runs. A timer stored before
 * generations existed has none: its event keeps the id it always had.
 *
 * @example
 * timerEventId({ id: 'care:u1', dueAt: 5000, generation: '9f86d081884c7d65' }) // 'timer:care:u1~9f86d081884c7d65@5000'
 */
export function timerEventId(record: Pick<TimerRecord, 'id' | 'dueAt' | 'generation'>): string {
  return record.generation === undefined
    ? `timer:${record.id}@${record.dueAt}`
    : `timer:${record.id}~${record.generation}@${record.dueAt}`;
}

/**
 * The generation every timer a dispatch arms gets (but see `armingGeneration`): 16 hex digits of the SHA-256 of
 * the dispatch's record key — deterministic, so every instance and every replay of the same stream arms the same
 * generation, and distinct for each dispatch. A dispatch computes it once, however many timers it arms
 * (`DispatchState.timerGeneration`).
 */
export function dispatchGeneration(recordKey: string): string {
  const hex = sha256Hex128(recordKey);
  // Two halves joined and flattened: a slice would keep its 32-digit parent alive as long as the timer is held.
  return flat(hex.slice(0, 8) + hex.slice(8, 16));
}

/**
 * The generation of a timer armed (scheduled, or re-armed) at `dueAt` by the dispatch of `event`, recorded under
 * `recordKey`: the dispatch's generation (`dispatchGeneration`, given by `generation` when the caller keeps it).
 * One exception keeps what the engine did before generations: a fired timer's own event re-arming that timer at
 * the due time it fired at keeps the fired generation (its next firing is then a replay, and never runs again).
 */
export function armingGeneration(
  event: ValidatedEvent,
  recordKey: string,
  id: string,
  dueAt: number,
  generation: () => string = () => dispatchGeneration(recordKey),
): string | undefined {
  if (event.source === 'timer' && event.time === dueAt && event.payload.timerId === id) {
    // The fired event's id is `timer:<id>@<dueAt>` or `timer:<id>~<generation>@<dueAt>` (`timerEventId`).
    const head = `timer:${id}~`;
    const tail = `@${dueAt}`;
    const fired = event.id;
    return fired.length > head.length + tail.length && fired.startsWith(head) && fired.endsWith(tail)
      ? fired.slice(head.length, fired.length - tail.length)
      : undefined;
  }
  return generation();
}

/**
 * What completes a fired timer in the commit of its event (`CommitWrite.timers.complete`), or gives it back when
 * its firing failed (`Store.releaseTimer`): the arming that fired, by id, due time and generation, so an arming at
 * the same due time by a dispatch that committed while this one was firing (another generation) is neither
 * deleted nor held back with this one's attempts, and fires in its turn.
 */
export function completionOf(timer: TimerRecord): TimerCompletion {
  return { id: timer.id, dueAt: timer.dueAt, generation: timer.generation };
}
