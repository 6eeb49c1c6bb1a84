import { CONFLICT_SQLSTATE } from './final-commit';

/**
 * Schema step 11: `engageloop_commit7`, the commit of `engageloop_commit6` in one PL/pgSQL function. A commit6
 * call ran three functions: commit6 (PL/pgSQL) called `engageloop_commit4`, a `LANGUAGE sql` function, which
 * called `engageloop_commit3` (PL/pgSQL). The server plans a SQL function's statement again at every call, and
 * each nested call starts its own executor: with `track_functions = all` on the one-by-one store bench, commit4
 * spent ~100 µs of its own per dispatch and commit6 ~26 µs, around ~250 µs of writes in commit3. commit7 runs the
 * same statements in the same order (commit6's completions, then commit3 as step 9 left it, on the arrays
 * commit4 split from the joined texts), planned once per connection: same parameters, same answer, same errors.
 * The earlier functions stay, so instances of the previous version keep working during an upgrade.
 */

/** `schema` is already quoted (see `quoteIdentifier`: letters, digits and `_` only). */
export const flatCommit = (s: string): string => `
  CREATE FUNCTION ${s}.engageloop_commit7(
    p_record_keys text[], p_record_users text[], p_record_outcomes text, p_record_at bigint[],
    p_record_fps text[],
    p_doc_keys text[], p_doc_values text,
    p_counter_keys text[], p_counter_deltas double precision[],
    p_cancel_messages text[], p_messages json,
    p_done_ids text[], p_done_due bigint[], p_done_generations text[], p_cancel_timers text[], p_timers json,
    p_final boolean,
    OUT enqueued text[], OUT conflict text)
  LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    recorded text[];
    doc_values text[];
  BEGIN
    IF cardinality(p_done_ids) > 0 THEN
      DELETE FROM ${s}.timers AS t
        USING unnest(p_done_ids, p_done_due, p_done_generations) AS d(id, due_at, generation)
        WHERE t.id = d.id AND t.due_at = d.due_at
          AND CASE WHEN left(t.payload, 1) = E'\\x01' THEN substr(t.payload, 2)::json ->> 'generation' END
            IS NOT DISTINCT FROM d.generation;
    END IF;
    enqueued := '{}';
    IF cardinality(p_record_keys) > 0 THEN
      WITH inserted AS (
        INSERT INTO ${s}.outcomes (event_id, user_id, outcome, committed_at, fingerprint)
          SELECT r.k, r.u, r.o, r.a, r.f
          FROM unnest(p_record_keys, p_record_users, string_to_array(p_record_outcomes, E'\\x01'), p_record_at,
            p_record_fps) AS r(k, u, o, a, f)
          ORDER BY r.k
          ON CONFLICT (event_id) DO NOTHING
          RETURNING event_id)
      SELECT coalesce(array_agg(inserted.event_id), '{}') INTO recorded FROM inserted;
      IF cardinality(recorded) < cardinality(p_record_keys) THEN
        SELECT coalesce(
          (SELECT r.k FROM unnest(p_record_keys) WITH ORDINALITY AS r(k, n)
             WHERE NOT (r.k = ANY (recorded)) ORDER BY r.n LIMIT 1),
          p_record_keys[1]) INTO conflict;
        enqueued := NULL;
        IF p_final THEN
          RAISE EXCEPTION 'engageloop: record key taken' USING ERRCODE = '${CONFLICT_SQLSTATE}', DETAIL = conflict;
        END IF;
        RETURN;
      END IF;
    END IF;
    IF cardinality(p_doc_keys) > 0 THEN
      doc_values := string_to_array(p_doc_values, E'\\x01', 'null');
      IF array_position(doc_values, NULL) IS NOT NULL THEN
        DELETE FROM ${s}.docs AS d USING unnest(p_doc_keys, doc_values) AS w(k, v)
          WHERE w.v IS NULL AND d.key = w.k;
      END IF;
      INSERT INTO ${s}.docs (key, value)
        SELECT w.k, w.v FROM unnest(p_doc_keys, doc_values) AS w(k, v) WHERE w.v IS NOT NULL
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = ${s}.docs.version + 1;
    END IF;
    IF cardinality(p_counter_keys) > 0 THEN
      -- In the order given (sorted by the store): concurrent bumps of shared counters lock rows in one order.
      INSERT INTO ${s}.counters (key, value)
        SELECT c.k, c.d FROM unnest(p_counter_keys, p_counter_deltas) WITH ORDINALITY AS c(k, d, n) ORDER BY c.n
        ON CONFLICT (key) DO UPDATE SET value = ${s}.counters.value + excluded.value;
    END IF;
    IF cardinality(p_cancel_messages) > 0 THEN
      UPDATE ${s}.outbox SET status = 'cancelled', lease = NULL, lease_until = NULL,
        next_attempt_at = coalesce((SELECT max(a) FROM unnest(p_record_at) AS a), next_attempt_at)
        WHERE dedupe_key = ANY (p_cancel_messages) AND status = 'pending';
    END IF;
    IF p_messages IS NOT NULL THEN
      WITH inserted AS (
        INSERT INTO ${s}.outbox (id, dedupe_key, user_id, kind, topic, channel, locale, subject, body, data,
          event_id, rule_id, plugin, created_at, not_before, transactional, status, attempts, next_attempt_at)
        SELECT m.id, m.dedupe_key, m.user_id, m.kind, m.topic, m.channel, m.locale, m.subject, m.body, m.data,
          m.event_id, m.rule_id, m.plugin, m.created_at, m.not_before, m.transactional, 'pending', 0, m.not_before
        FROM json_to_recordset(p_messages) AS m(id text, dedupe_key text, user_id text, kind text, topic text,
          channel text, locale text, subject text, body text, data text, event_id text, rule_id text,
          plugin text, created_at bigint, not_before bigint, transactional boolean)
        ORDER BY m.dedupe_key
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING dedupe_key)
      SELECT coalesce(array_agg(inserted.dedupe_key), '{}') INTO enqueued FROM inserted;
    END IF;
    IF cardinality(p_cancel_timers) > 0 THEN
      DELETE FROM ${s}.timers WHERE id = ANY (p_cancel_timers);
    END IF;
    IF p_timers IS NOT NULL THEN
      INSERT INTO ${s}.timers (id, user_id, type, due_at, payload, plugin, event_id)
        SELECT t.id, t.user_id, t.type, t.due_at, t.payload, t.plugin, t.event_id
        FROM json_to_recordset(p_timers)
          AS t(id text, user_id text, type text, due_at bigint, payload text, plugin text, event_id text)
        ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, type = excluded.type,
          due_at = excluded.due_at, payload = excluded.payload, plugin = excluded.plugin,
          event_id = excluded.event_id, lease_owner = NULL, lease_until = NULL, attempts = 0;
    END IF;
  END
  $fn$;

  DO $do$
  BEGIN
    IF current_setting('server_version_num')::int >= 120000 THEN
      ALTER FUNCTION ${s}.engageloop_commit7(text[], text[], text, bigint[], text[], text[], text, text[],
        double precision[], text[], json, text[], bigint[], text[], text[], json, boolean)
        SET plan_cache_mode = force_generic_plan;
    END IF;
  END
  $do$;
`;
