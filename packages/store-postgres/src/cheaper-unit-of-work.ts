/**
 * Schema step 3: the same two functions, cheaper for the server per unit of work (measured per dispatch on the
 * store bench: see the commit that added this step).
 * - `engageloop_open` takes a single advisory lock (one user: the common case) as an expression, without
 *   running a query; several are still taken in ascending lock id order.
 * - `engageloop_commit` runs the document DELETE only when a document is deleted.
 * - Both plan their statements once per connection (`plan_cache_mode = force_generic_plan`, PostgreSQL 12+):
 *   the parameters are key lists and rows to write, whose plans do not depend on the values, and a custom
 *   plan per call cost more than executing it.
 * - Documents and recorded outcomes (JSON text of a few KB) are compressed with lz4 instead of pglz when the
 *   server has it (PostgreSQL 14+ built with lz4); `docs` pages keep 20% free so rewriting a user's document
 *   can stay on its page (a HOT update: no index entry to add).
 * Both functions keep their signatures, so instances of the previous version keep working during an upgrade.
 */

/** `schema` is already quoted (see `quoteIdentifier`: letters, digits and `_` only). */
export const cheaperUnitOfWork = (s: string): string => `
  CREATE OR REPLACE FUNCTION ${s}.engageloop_open(p_locks text[], p_event text, p_keys text[])
  RETURNS TABLE (r_kind text, r_key text, r_value text, r_user text, r_at bigint)
  LANGUAGE plpgsql VOLATILE AS $fn$
  BEGIN
    IF cardinality(p_locks) = 1 THEN
      PERFORM pg_advisory_xact_lock(hashtextextended(p_locks[1], 0));
    ELSE
      PERFORM pg_advisory_xact_lock(l.id)
        FROM (SELECT DISTINCT hashtextextended(n, 0) AS id FROM unnest(p_locks) AS n ORDER BY 1) AS l;
    END IF;
    IF p_event IS NOT NULL THEN
      RETURN QUERY SELECT 'outcome'::text, o.event_id, o.outcome, o.user_id, o.committed_at
        FROM ${s}.outcomes AS o WHERE o.event_id = p_event;
    END IF;
    IF cardinality(p_keys) > 0 THEN
      RETURN QUERY SELECT 'doc'::text, d.key::text, d.value, NULL::text, NULL::bigint
        FROM ${s}.docs AS d WHERE d.key = ANY (p_keys);
    END IF;
  END
  $fn$;

  -- Writes one unit of work, in the order the store contract describes (as in step 2; the DELETE runs only
  -- when a document is deleted). Returns the dedupe keys of the messages it enqueued, or NULL (having
  -- written nothing) when p_event is already recorded.
  CREATE OR REPLACE FUNCTION ${s}.engageloop_commit(
    p_event text, p_user text, p_outcome text, p_at bigint,
    p_doc_keys text[], p_doc_values text[],
    p_counter_keys text[], p_counter_deltas double precision[],
    p_cancel_messages text[], p_messages json,
    p_done_ids text[], p_done_due bigint[], p_cancel_timers text[], p_timers json)
  RETURNS text[]
  LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    enqueued text[] := '{}';
  BEGIN
    IF p_event IS NOT NULL THEN
      INSERT INTO ${s}.outcomes (event_id, user_id, outcome, committed_at)
        VALUES (p_event, p_user, p_outcome, p_at) ON CONFLICT (event_id) DO NOTHING;
      IF NOT FOUND THEN
        RETURN NULL;
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
      INSERT INTO ${s}.counters (key, value)
        SELECT c.k, c.d FROM unnest(p_counter_keys, p_counter_deltas) WITH ORDINALITY AS c(k, d, n) ORDER BY c.n
        ON CONFLICT (key) DO UPDATE SET value = ${s}.counters.value + excluded.value;
    END IF;
    IF cardinality(p_cancel_messages) > 0 THEN
      UPDATE ${s}.outbox SET status = 'cancelled', lease = NULL, lease_until = NULL
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
          event_id = excluded.event_id, lease_owner = NULL, lease_until = NULL;
    END IF;
    RETURN enqueued;
  END
  $fn$;

  DO $do$
  BEGIN
    IF current_setting('server_version_num')::int >= 120000 THEN
      ALTER FUNCTION ${s}.engageloop_open(text[], text, text[]) SET plan_cache_mode = force_generic_plan;
      ALTER FUNCTION ${s}.engageloop_commit(text, text, text, bigint, text[], text[], text[],
        double precision[], text[], json, text[], bigint[], text[], json) SET plan_cache_mode = force_generic_plan;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_settings
               WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
      ALTER TABLE ${s}.docs ALTER COLUMN value SET COMPRESSION lz4;
      ALTER TABLE ${s}.outcomes ALTER COLUMN outcome SET COMPRESSION lz4;
    END IF;
  END
  $do$;
  ALTER TABLE ${s}.docs SET (fillfactor = 80);
`;
