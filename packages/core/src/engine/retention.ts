import { EngageLoopError, toEngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import type { Store } from '../store/types';

/** How long a recorded outcome is kept in full unless `createEngine({ retention })` says otherwise: 7 days. */
export const DEFAULT_OUTCOME_RETENTION_MS = 7 * 24 * 3_600_000;

/** The `retention` option of `createEngine`. */
export interface RetentionOptions {
  /**
   * How long (ms) a recorded outcome is kept in full (default 7 days; `Infinity`: always). Past it, `tick`
   * compacts it (`Store.compactRecords`) to what exactly-once needs: its key, user, envelope fingerprint and
   * time, kept forever, so a replay stays a duplicate and a re-used id stays `EVENT_ID_REUSED`. A replay
   * after the window gets no recorded outcome back. `0` keeps none: records are written compacted (a replay
   * is a duplicate without its outcome at once), and nothing is left for `tick` to compact.
   */
  outcomes?: number;
}

const invalid = (en: string, zh: string): EngageLoopError =>
  new EngageLoopError('RETENTION_INVALID', { message: localized(en, zh) });

/**
 * The retention window of recorded outcomes (ms) that `given` asks for. Throws `RETENTION_INVALID` for
 * anything but `undefined` or `{ outcomes?: number ≥ 0 or Infinity }`.
 *
 * @example
 * outcomeRetention({ outcomes: 24 * 3_600_000 }) // 86400000
 * outcomeRetention(undefined) // DEFAULT_OUTCOME_RETENTION_MS
 */
export function outcomeRetention(given: unknown): number {
  if (given === undefined) return DEFAULT_OUTCOME_RETENTION_MS;
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw invalid('retention must be an object { outcomes }.', 'retention 必须是对象 { outcomes }。');
  for (const key of Object.keys(given))
    if (key !== 'outcomes')
      throw invalid(
        `Unknown retention option "${key}"; the option is outcomes.`,
        `未知的保留期选项 "${key}"；可用的选项是 outcomes。`,
      );
  const value = (given as RetentionOptions).outcomes;
  if (value === undefined) return DEFAULT_OUTCOME_RETENTION_MS;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    const shown = JSON.stringify(value) ?? String(value);
    throw invalid(
      `retention.outcomes must be a number of milliseconds (0 or more) or Infinity, not ${shown}.`,
      `retention.outcomes 必须是毫秒数（0 或更大）或 Infinity，而不是 ${shown}。`,
    );
  }
  return value;
}

/** What `compactExpiredOutcomes` needs: the store, the tick's time, the window, where failures go. */
export interface CompactionInput {
  store: Store;
  now: number;
  /** The retention window of recorded outcomes (ms; `Infinity`: never compact). */
  retentionMs: number;
  onError: (error: EngageLoopError) => void;
}

/**
 * The tick's record retention: compacts the outcomes committed more than `retentionMs` before `now`; returns
 * how many. Housekeeping never fails a tick: a store failure is reported (`onError`) and counts 0, and the
 * next tick takes the same records.
 */
export async function compactExpiredOutcomes(input: CompactionInput): Promise<number> {
  const { store, now, retentionMs } = input;
  if (retentionMs === Number.POSITIVE_INFINITY) return 0;
  try {
    return await store.compactRecords({ before: now - retentionMs });
  } catch (thrown) {
    input.onError(toEngageLoopError(thrown, 'STORE_ERROR'));
    return 0;
  }
}
