import { commitSql, finalCommitSql } from './commit';

/** A named query: `pg` parses it once per connection and only binds and executes it afterwards. */
export interface NamedQuery {
  name: string;
  text: string;
}

/** The prepared statements of a unit of work on one schema. */
export interface PgStatements {
  /** The call of `engageloop_open3` (sent after `BEGIN`, see `session.ts`). */
  open: NamedQuery;
  recorded: NamedQuery;
  recordedMany: NamedQuery;
  load: NamedQuery;
  counters: NamedQuery;
  existingMessages: NamedQuery;
  commit: NamedQuery;
  /** The commit that ends its unit of work, sent with `COMMIT` (see `final-commit.ts`). */
  finalCommit: NamedQuery;
}

/** FNV-1a, for statement names of long schema names (PostgreSQL keeps 63 bytes of a name). */
const fnv = (text: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
};

/**
 * Statement names are per schema (a host pool may serve stores on several schemas) and per store version
 * (`v6`: the text of a statement never changes under a name `pg` has already prepared on a connection).
 */
export function createStatements(schema: string, s: string): PgStatements {
  const named = (what: string, text: string): NamedQuery => {
    const name = `engageloop_v6_${what}_${schema}`;
    return { name: name.length <= 63 ? name : `engageloop_v6_${what}_${fnv(schema)}`, text };
  };
  return {
    open: named(
      'open',
      // The function's columns: r_kind, r_key, r_value, r_user, r_at, r_fp (see `OpenRow`).
      `SELECT * FROM ${s}.engageloop_open3($1::text[], $2::text[], $3::text[])`,
    ),
    recorded: named(
      'recorded',
      `SELECT event_id, user_id, outcome, committed_at, fingerprint FROM ${s}.outcomes WHERE event_id = $1`,
    ),
    recordedMany: named(
      'recorded_many',
      `SELECT event_id, user_id, outcome, committed_at, fingerprint FROM ${s}.outcomes WHERE event_id = ANY ($1::text[])`,
    ),
    load: named('load', `SELECT key, value FROM ${s}.docs WHERE key = ANY ($1::text[])`),
    counters: named('counters', `SELECT key, value FROM ${s}.counters WHERE key = ANY ($1::text[])`),
    existingMessages: named(
      'existing',
      `SELECT dedupe_key FROM ${s}.outbox WHERE dedupe_key = ANY ($1::text[])`,
    ),
    commit: named('commit', commitSql(s)),
    finalCommit: named('final_commit', finalCommitSql(s)),
  };
}
