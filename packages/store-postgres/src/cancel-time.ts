import { commit3Function, commit3PlanMode } from './batch-commit';
import { FINISHED_WITH_TEXT } from './outbox';

/**
 * Schema step 9: a cancelled message finishes at its commit's time, and outbox retention takes it.
 * - `engageloop_commit3` (which `engageloop_commit4` and `engageloop_commit5` call) is replaced by the same
 *   function whose cancel also sets `next_attempt_at` to the latest time of the records it writes (`cancelledAt`
 *   in `@engageloop/core`; a write without records keeps the time the message was next due). Same signature:
 *   instances of the previous version call it as before and record the time too.
 * - `outbox_compactable` replaces `outbox_finished` (step 8): the same partial index with cancelled messages in.
 *   A message cancelled before this step kept the time it was next due in `next_attempt_at`, which then serves
 *   as its finish time. `IF NOT EXISTS` / `IF EXISTS`: an operator may build the index with `CREATE INDEX
 *   CONCURRENTLY` (and drop the old one likewise) before upgrading a large outbox; the step then builds nothing
 *   (see "Index builds and outbox writes" in the scale guide: why the steps themselves do not).
 */

/** `schema` is already quoted (see `quoteIdentifier`: letters, digits and `_` only). */
export const cancelTime = (s: string): string => `
  DROP INDEX IF EXISTS ${s}.outbox_finished;
  CREATE INDEX IF NOT EXISTS outbox_compactable ON ${s}.outbox (next_attempt_at) WHERE ${FINISHED_WITH_TEXT};
${commit3Function(
  s,
  'CREATE OR REPLACE FUNCTION',
  `,
        next_attempt_at = coalesce((SELECT max(a) FROM unnest(p_record_at) AS a), next_attempt_at)`,
)}
  DO $do$
  BEGIN
    -- CREATE OR REPLACE resets the function's settings: generic plans again.
    IF current_setting('server_version_num')::int >= 120000 THEN
      ${commit3PlanMode(s)}    END IF;
  END
  $do$;
`;
