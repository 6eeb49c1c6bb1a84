/**
 * Schema step 4: recorded outcomes keyed per user and source, with the fingerprint of the committed envelope,
 * and failed-firing counts on timers.
 * - `outcomes.event_id` now holds the record key (`recordKey` of @engageloop/core): existing rows are re-keyed
 *   with the same user hash (`t.` for the engine's `timer:…` ids, `e.` for the rest). Rows of users forgotten
 *   before this step keep the hash of their pseudonym (their original id is gone).
 * - `engageloop_open2` / `engageloop_commit2` wrap the step-3 functions (unchanged, so instances of the
 *   previous version keep working during an upgrade): open2 also returns the fingerprint; commit2 records the
 *   outcome with its fingerprint itself, then calls `engageloop_commit` for every other write, and resets the
 *   failed-firing count of the timers it (re-)schedules.
 */

/** `schema` is already quoted (see `quoteIdentifier`: letters, digits and `_` only). */
export const keyedOutcomes = (s: string): string => `
  UPDATE ${s}.outcomes SET event_id =
    CASE WHEN left(event_id, 6) = 'timer:' THEN 't.' ELSE 'e.' END
    || left(encode(sha256(convert_to(user_id, 'UTF8')), 'hex'), 32) || ':' || event_id;
  ALTER TABLE ${s}.outcomes ADD COLUMN fingerprint text;
  ALTER TABLE ${s}.timers ADD COLUMN attempts integer NOT NULL DEFAULT 0;

  CREATE FUNCTION ${s}.engageloop_open2(p_locks text[], p_event text, p_keys text[])
  RETURNS TABLE (r_kind text, r_key text, r_value text, r_user text, r_at bigint, r_fp text)
  LANGUAGE plpgsql VOLATILE AS $fn$
  BEGIN
    RETURN QUERY SELECT o.r_kind, o.r_key, o.r_value, o.r_user, o.r_at, NULL::text
      FROM ${s}.engageloop_open(p_locks, NULL, p_keys) AS o;
    IF p_event IS NOT NULL THEN
      RETURN QUERY SELECT 'outcome'::text, o.event_id, o.outcome, o.user_id, o.committed_at, o.fingerprint
        FROM ${s}.outcomes AS o WHERE o.event_id = p_event;
    END IF;
  END
  $fn$;

  CREATE FUNCTION ${s}.engageloop_commit2(
    p_event text, p_user text, p_outcome text, p_at bigint, p_fingerprint text,
    p_doc_keys text[], p_doc_values text[],
    p_counter_keys text[], p_counter_deltas double precision[],
    p_cancel_messages text[], p_messages json,
    p_done_ids text[], p_done_due bigint[], p_cancel_timers text[], p_timers json)
  RETURNS text[]
  LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    enqueued text[];
  BEGIN
    IF p_event IS NOT NULL THEN
      INSERT INTO ${s}.outcomes (event_id, user_id, outcome, committed_at, fingerprint)
        VALUES (p_event, p_user, p_outcome, p_at, p_fingerprint) ON CONFLICT (event_id) DO NOTHING;
      IF NOT FOUND THEN
        RETURN NULL;
      END IF;
    END IF;
    enqueued := ${s}.engageloop_commit(NULL, NULL, NULL, NULL, p_doc_keys, p_doc_values,
      p_counter_keys, p_counter_deltas, p_cancel_messages, p_messages,
      p_done_ids, p_done_due, p_cancel_timers, p_timers);
    IF p_timers IS NOT NULL THEN
      UPDATE ${s}.timers AS t SET attempts = 0
        FROM json_to_recordset(p_timers) AS n(id text) WHERE t.id = n.id AND t.attempts <> 0;
    END IF;
    RETURN enqueued;
  END
  $fn$;

  DO $do$
  BEGIN
    IF current_setting('server_version_num')::int >= 120000 THEN
      ALTER FUNCTION ${s}.engageloop_open2(text[], text, text[]) SET plan_cache_mode = force_generic_plan;
      ALTER FUNCTION ${s}.engageloop_commit2(text, text, text, bigint, text, text[], text[], text[],
        double precision[], text[], json, text[], bigint[], text[], json) SET plan_cache_mode = force_generic_plan;
    END IF;
  END
  $do$;
`;
