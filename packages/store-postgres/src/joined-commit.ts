/**
 * Schema step 6: `engageloop_commit4`, the batch commit with the big values joined into one text each.
 * `engageloop_commit3` takes recorded outcomes and documents as `text[]`: the driver (`pg`) writes each JSON
 * text into an array literal in JavaScript, escaping every `"` and `\` of it with two regex passes, then measures
 * and copies the whole literal again; the server unescapes it all. Here the store joins the JSON texts of the
 * outcomes, and those of the documents, with the control character U+0001 (`JOIN`), which no JSON text that
 * `JSON.stringify` writes contains (it escapes every character below U+0020), and sends each as ONE `text`;
 * the function splits them (`string_to_array`: a byte scan) and calls `engageloop_commit3` with the same arrays
 * as before. A document written as the JSON text `null` is deleted (`CommitWrite`: `value: null` deletes).
 * `engageloop_commit3` stays, so instances of the previous version keep working during an upgrade.
 */

/** Joins the JSON texts sent to `engageloop_commit4`: never inside a JSON text. */
export const JOIN = '\u0001';

/** `schema` is already quoted (see `quoteIdentifier`: letters, digits and `_` only). */
export const joinedCommit = (s: string): string => `
  CREATE FUNCTION ${s}.engageloop_commit4(
    p_record_keys text[], p_record_users text[], p_record_outcomes text, p_record_at bigint[],
    p_record_fps text[],
    p_doc_keys text[], p_doc_values text,
    p_counter_keys text[], p_counter_deltas double precision[],
    p_cancel_messages text[], p_messages json,
    p_done_ids text[], p_done_due bigint[], p_cancel_timers text[], p_timers json,
    OUT enqueued text[], OUT conflict text)
  LANGUAGE sql VOLATILE AS $fn$
    SELECT c.enqueued, c.conflict FROM ${s}.engageloop_commit3(
      p_record_keys, p_record_users, string_to_array(p_record_outcomes, E'\\x01'), p_record_at, p_record_fps,
      p_doc_keys, string_to_array(p_doc_values, E'\\x01', 'null'),
      p_counter_keys, p_counter_deltas, p_cancel_messages, p_messages,
      p_done_ids, p_done_due, p_cancel_timers, p_timers) AS c
  $fn$;
`;
