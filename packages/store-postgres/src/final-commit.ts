/**
 * Schema step 7: `engageloop_commit5`, the commit that ends its unit of work (`CommitOptions.final`). The store
 * sends it with `COMMIT` behind it in one round trip (`session.ts`, `WireQuery`), so a dispatch costs two
 * round trips instead of three. `COMMIT` must then never follow a commit that found a record key taken: where
 * `engageloop_commit4` returns the key as `conflict` (the store then rolls back, undoing the records of the
 * batch it had already inserted), this one raises `CONFLICT_SQLSTATE` with the key as the error's detail, so
 * the server skips the `COMMIT` and the store rolls back as before. Same parameters as `engageloop_commit4`;
 * both stay, so instances of the previous version keep working during an upgrade.
 */

/** The SQLSTATE `engageloop_commit5` raises for a record key taken before (or twice): `STORE_CONFLICT`. */
export const CONFLICT_SQLSTATE = 'EL409';

/** `schema` is already quoted (see `quoteIdentifier`: letters, digits and `_` only). */
export const finalCommit = (s: string): string => `
  CREATE FUNCTION ${s}.engageloop_commit5(
    p_record_keys text[], p_record_users text[], p_record_outcomes text, p_record_at bigint[],
    p_record_fps text[],
    p_doc_keys text[], p_doc_values text,
    p_counter_keys text[], p_counter_deltas double precision[],
    p_cancel_messages text[], p_messages json,
    p_done_ids text[], p_done_due bigint[], p_cancel_timers text[], p_timers json,
    OUT enqueued text[])
  LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    taken text;
  BEGIN
    SELECT c.enqueued, c.conflict INTO enqueued, taken FROM ${s}.engageloop_commit4(
      p_record_keys, p_record_users, p_record_outcomes, p_record_at, p_record_fps,
      p_doc_keys, p_doc_values, p_counter_keys, p_counter_deltas, p_cancel_messages, p_messages,
      p_done_ids, p_done_due, p_cancel_timers, p_timers) AS c;
    IF enqueued IS NULL THEN
      RAISE EXCEPTION 'engageloop: record key taken' USING ERRCODE = '${CONFLICT_SQLSTATE}', DETAIL = taken;
    END IF;
  END
  $fn$;
`;
