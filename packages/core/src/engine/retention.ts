import { EngageLoopError, toEngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import type { Store } from '../store/types';

/** How long a recorded outcome is kept in full unless `createEngine({ retention })` says otherwise: 7 days. */
export const DEFAULT_OUTCOME_RETENTION_MS = 7 * 24 * 3_600_000;

/** How long a finished outbox message keeps its texts unless `createEngine({ retention })` says otherwise: 7 days. */
export const DEFAULT_MESSAGE_RETENTION_MS = 7 * 24 * 3_600_000;

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
  /**
   * How long (ms) an outbox message keeps its texts once it finished — sent, or dead-lettered (default 7 days;
   * `Infinity`: always). Past it, `tick` compacts it (`Store.compactOutbox`): body, subject, data and last
   * error are emptied; its id, dedupe key, user, kind, event, status and times stay, so a message with the
   * same dedupe key is still never queued again and `listMessages` still counts it. `0`: every tick compacts
   * every finished message.
   */
  messages?: number;
}

/** The retention windows `createEngine` resolved (ms; `Infinity`: never compact). */
export interface RetentionWindows {
  outcomes: number;
  messages: number;
}

const invalid = (en: string, zh: string): EngageLoopError =>
  new EngageLoopError('RETENTION_INVALID', { message: localized(en, zh) });

/** One window of `given`: `undefined` → `fallback`; else a number ≥ 0 or Infinity, else `RETENTION_INVALID`. */
function windowOf(given: Record<string, unknown>, name: keyof RetentionOptions, fallback: number): number {
  const value = given[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    const shown = JSON.stringify(value) ?? String(value);
    throw invalid(
      `retention.${name} must be a number of milliseconds (0 or more) or Infinity, not ${shown}.`,
      `retention.${name} 必须是毫秒数（0 或更大）或 Infinity，而不是 ${shown}。`,
    );
  }
  return value;
}

/**
 * The retention windows (ms) that `given` asks for. Throws `RETENTION_INVALID` for anything but `undefined`
 * or `{ outcomes?, messages? }`, each a number ≥ 0 or Infinity.
 *
 * @example
 * resolveRetention({ outcomes: 24 * 3_600_000 }) // { outcomes: 86400000, messages: DEFAULT_MESSAGE_RETENTION_MS }
 * resolveRetention(undefined) // both windows at their defaults (7 days)
 */
export function resolveRetention(given: unknown): RetentionWindows {
  if (given === undefined)
    return { outcomes: DEFAULT_OUTCOME_RETENTION_MS, messages: DEFAULT_MESSAGE_RETENTION_MS };
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw invalid(
      'retention must be an object { outcomes, messages }.',
      'retention 必须是对象 { outcomes, messages }。',
    );
  for (const key of Object.keys(given))
    if (key !== 'outcomes' && key !== 'messages')
      throw invalid(
        `Unknown retention option "${key}"; the options are outcomes and messages.`,
        `未知的保留期选项 "${key}"；可用的选项是 outcomes 和 messages。`,
      );
  const options = given as Record<string, unknown>;
  return {
    outcomes: windowOf(options, 'outcomes', DEFAULT_OUTCOME_RETENTION_MS),
    messages: windowOf(options, 'messages', DEFAULT_MESSAGE_RETENTION_MS),
  };
}

/** What `compactExpired` needs: the store, the tick's time, the windows, where failures go. */
export interface CompactionInput {
  store: Store;
  now: number;
  /** The retention windows (ms; `Infinity`: never compact). */
  retention: RetentionWindows;
  onError: (error: EngageLoopError) => void;
}

/** What one tick's retention compacted. */
export interface Compacted {
  records: number;
  messages: number;
}

/**
 * One compaction past a window: `compact(now - windowMs)`, nothing when the window is infinite. Housekeeping
 * never fails a tick: a store failure is reported (`onError`) and counts 0, and the next tick takes the same.
 */
async function compactPast(
  input: CompactionInput,
  windowMs: number,
  compact: (before: number) => Promise<number>,
): Promise<number> {
  if (windowMs === Number.POSITIVE_INFINITY) return 0;
  try {
    return await compact(input.now - windowMs);
  } catch (thrown) {
    input.onError(toEngageLoopError(thrown, 'STORE_ERROR'));
    return 0;
  }
}

/**
 * The tick's retention: compacts the outcomes committed more than `retention.outcomes` before `now`
 * (`Store.compactRecords`) and the outbox messages that finished more than `retention.messages` before it
 * (`Store.compactOutbox`); returns how many of each.
 */
export async function compactExpired(input: CompactionInput): Promise<Compacted> {
  const { store, retention } = input;
  return {
    records: await compactPast(input, retention.outcomes, (before) => store.compactRecords({ before })),
    messages: await compactPast(input, retention.messages, (before) => store.compactOutbox({ before })),
  };
}
