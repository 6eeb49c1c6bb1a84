import { CONFLICT_SQLSTATE } from './final-commit';

/**
 * Schema step 10: `engageloop_commit6`, the commit whose fired timers are completed by generation. A completion
 * (`CommitWrite.timers.complete`) deletes a timer only while it is the arming that fired: the same due time and
 * the same generation (none matches none), so a timer re-armed at the same due time by a dispatch that committed
 * while the firing was in flight stays, and fires. The generation is read from the payload column, where a
 * timer with one keeps the wrapped form (`QUEUED_MARK`, U+0001, then JSON: see `toTimerRecord`); only rows
 * found by id and due time are parsed.
 * The function takes `engageloop_commit4`'s parameters with `p_done_generations` after the due times, and
 * `p_final`: completes the timers, then calls `engageloop_commit4` with no completions (the contract's order:
 * completions before the cancels and schedules of timers); a record key taken is returned as `conflict`, or,
 * with `p_final` (the commit sent with `COMMIT` behind it), raised as `engageloop_commit5` raises it. The
 * timers it deleted are then rolled back with the rest. `engageloop_commit4` and `engageloop_commit5` stay, so
 * instances of the previous version keep working during an upgrade (completing by due time, as before).
 */

/** `schema` is already quoted (see `quoteIdentifier`: letters, digits and `_` only). */
export const generationComplete = (s: string): string => `
  CREATE FUNCTION ${s}.engageloop_commit6(
    p_record_keys text[], p_record_users text[], p_record_outcomes text, p_record_at bigint[],
    p_record_fps text[],
    p_doc_keys text[], p_doc_values text,
    p_counter_keys text[], p_counter_deltas double precision[],
    p_cancel_messages text[], p_messages json,
    p_done_ids text[], p_done_due bigint[], p_done_generations text[], p_cancel_timers text[], p_timers json,
    p_final boolean,
    OUT enqueued text[], OUT conflict text)
  LANGUAGE plpgsql VOLATILE AS $fn$
  BEGIN
    IF cardinality(p_done_ids) > 0 THEN
      DELETE FROM ${s}.timers AS t
        USING unnest(p_done_ids, p_done_due, p_done_generations) AS d(id, due_at, generation)
        WHERE t.id = d.id AND t.due_at = d.due_at
          AND CASE WHEN left(t.payload, 1) = E'\\x01' THEN substr(t.payload, 2)::json ->> 'generation' END
            IS NOT DISTINCT FROM d.generation;
    END IF;
    SELECT c.enqueued, c.conflict INTO enqueued, conflict FROM ${s}.engageloop_commit4(
      p_record_keys, p_record_users, p_record_outcomes, p_record_at, p_record_fps,
      p_doc_keys, p_doc_values, p_counter_keys, p_counter_deltas, p_cancel_messages, p_messages,
      '{}', '{}', p_cancel_timers, p_timers) AS c;
    IF p_final AND enqueued IS NULL THEN
      RAISE EXCEPTION 'engageloop: record key taken' USING ERRCODE = '${CONFLICT_SQLSTATE}', DETAIL = conflict;
    END IF;
  END
  $fn$;
`;
