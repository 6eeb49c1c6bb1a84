/**
 * Schema step 5: a unit of work over a whole batch, and record retention.
 * - `engageloop_open3` takes the advisory locks of every key (one lock: as an expression; several: in
 *   ascending lock id, so units of work on overlapping keys never wait on each other in a cycle), then reads
 *   the recorded outcomes of every record key asked for (a batch asks for all its events at once) and every
 *   locked document: one round trip, sent with `BEGIN`.
 * - `engageloop_commit3` writes a batch's records (arrays, one multi-row insert in key order), documents,
 *   counters, outbox messages and timers in one call; a record key taken before (or twice) writes nothing
 *   more and is returned as `conflict` (the store then rolls the transaction back).
 * - `outcomes_live`: the outcomes not yet compacted, by commit time (a partial index: the size of the
 *   retention window), which `compactRecords` reads oldest first.
 * The functions of steps 3 and 4 stay, so instances of the previous version keep working during an upgrade.
 */

/** `schema` is already quoted (see `quoteIdentifier`: letters, digits and `_` only). */
export const batchCommit = (s: string): string => `
  CREATE INDEX outcomes_live ON ${s}.outcomes (committed_at) WHERE outcome <> 'null';

  CREATE FUNCTION ${s}.engageloop_open3(p_locks text[], p_events text[], p_keys text[])
  RETURNS TABLE (r_kind text, r_key text, r_value text, r_user text, r_at bigint, r_fp text)
  LANGUAGE plpgsql VOLATILE AS $fn$
  BEGIN
    IF cardinality(p_locks) = 1 THEN
      PERFORM pg_advisory_xact_lock(hashtextextended(p_locks[1], 0));
    ELSIF cardinality(p_locks) > 1 THEN
      PERFORM pg_advisory_xact_lock(l.id)
        FROM (SELECT DISTINCT hashtextextended(n, 0) AS id FROM unnest(p_locks) AS n ORDER BY 1) AS l;
    END IF;
    IF cardinality(p_events) > 0 THEN
      RETURN QUERY SELECT 'outcome'::text, o.event_id, o.outcome, o.user_id, o.committed_at, o.fingerprint
        FROM ${s}.outcomes AS o WHERE o.event_id = ANY (p_events);
    END IF;
    IF cardinality(p_keys) > 0 THEN
      RETURN QUERY SELECT 'doc'::text, d.key::text, d.value, NULL::text, NULL::bigint, NULL::text
        FROM ${s}.docs AS d WHERE d.key = ANY (p_keys);
    END IF;
  END
  $fn$;

${commit3Function(s, 'CREATE FUNCTION', '')}  DO $do$
  BEGIN
    IF current_setting('server_version_num')::int >= 120000 THEN
      ALTER FUNCTION ${s}.engageloop_open3(text[], text[], text[]) SET plan_cache_mode = force_generic_plan;
      ${commit3PlanMode(s)}    END IF;
  END
  $do$;
`;

/**
 * The definition of `engageloop_commit3`: `create` is `CREATE FUNCTION` (step 5) or `CREATE OR REPLACE FUNCTION`
 * (a later step that changes it), `cancelTime` what the cancel of messages sets besides their status (step 5:
 * nothing). A step must emit the same text forever: step 5 passes what it always did.
 */
export const commit3Function = (
  s: string,
  create: string,
  cancelTime: string,
): string => `  -- Writes one unit of work, in the order the store contract describes. Returns the dedupe keys of the
  -- messages it enqueued, or (having written nothing else) the first record key that was taken.
  ${create} ${s}.engageloop_commit3(
    p_record_keys text[], p_record_users text[], p_record_outcomes text[], p_record_at bigint[],
    p_record_fps text[],
    p_doc_keys text[], p_doc_values text[],
    p_counter_keys text[], p_counter_deltas double precision[],
    p_cancel_messages text[], p_messages json,
    p_done_ids text[], p_done_due bigint[], p_cancel_timers text[], p_timers json,
    OUT enqueued text[], OUT conflict text)
  LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    recorded text[];
  BEGIN
    enqueued := '{}';
    IF cardinality(p_record_keys) > 0 THEN
      WITH inserted AS (
        INSERT INTO ${s}.outcomes (event_id, user_id, outcome, committed_at, fingerprint)
          SELECT r.k, r.u, r.o, r.a, r.f
          FROM unnest(p_record_keys, p_record_users, p_record_outcomes, p_record_at, p_record_fps)
            AS r(k, u, o, a, f)
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
        RETURN;
      END IF;
    END IF;
    IF cardinality(p_doc_keys) > 0 THEN
      IF array_position(p_doc_values, NULL) IS NOT NULL THEN
        DELETE FROM ${s}.docs AS d USING unnest(p_doc_keys, p_doc_values) AS w(k, v)
          WHERE w.v IS NULL AND d.key = w.k;
      END IF;
      INSERT INTO ${s}.docs (key, value)
        SELECT w.k, w.v FROM unnest(p_doc_keys, p_doc_values) AS w(k, v) WHERE w.v IS NOT NULL
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = ${s}.docs.version + 1;
    END IF;
    IF cardinality(p_counter_keys) > 0 THEN
      -- In the order given (sorted by the store): concurrent bumps of shared counters lock rows in one order.
      INSERT INTO ${s}.counters (key, value)
        SELECT c.k, c.d FROM unnest(p_counter_keys, p_counter_deltas) WITH ORDINALITY AS c(k, d, n) ORDER BY c.n
        ON CONFLICT (key) DO UPDATE SET value = ${s}.counters.value + excluded.value;
    END IF;
    IF cardinality(p_cancel_messages) > 0 THEN
      UPDATE ${s}.outbox SET status = 'cancelled', lease = NULL, lease_until = NULL${cancelTime}
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
    IF cardinality(p_done_ids) > 0 THEN
      DELETE FROM ${s}.timers AS t USING unnest(p_done_ids, p_done_due) AS c(id, due_at)
        WHERE t.id = c.id AND t.due_at = c.due_at;
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

`;

/** Generic plans for `engageloop_commit3` (PostgreSQL 12 and later: run inside the version check). */
export const commit3PlanMode = (
  s: string,
): string => `ALTER FUNCTION ${s}.engageloop_commit3(text[], text[], text[], bigint[], text[], text[], text[], text[],
        double precision[], text[], json, text[], bigint[], text[], json) SET plan_cache_mode = force_generic_plan;
`;
