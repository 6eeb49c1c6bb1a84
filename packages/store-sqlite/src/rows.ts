import type { Prepare } from './statements';
import type { TextBytes } from './texts';

/**
 * Rows per statement of a multi-row write: a write of n rows runs as few statements as these sizes allow
 * (500 rows: 256 + 3 × 64 + 3 × 16 + 4 = 8 statements), and each size is prepared once per text.
 * 256 rows of the widest table (the outbox, 19 columns) bind 4,864 parameters, far below SQLite's 32,766.
 * Every statement here takes its values as arguments (`run(...values)`), not as one array (`run(values)`):
 * better-sqlite3 reads an array's elements through V8's API (`Object::Get`, ~420 instructions each), its
 * arguments directly. SQLite batch row (10,000 events, callgrind): 533,955 → 524,552 instructions per event.
 */
const CHUNKS = [256, 64, 16, 4, 1] as const;

/** `(?, ?, …)`: one row of `width` parameters. */
const plainTuple = (width: number): string => `(${Array.from({ length: width }, () => '?').join(', ')})`;

/**
 * The single-row form of a multi-row statement: plain `?` parameters (no `VALUES` list to join), bound to the
 * row's values at `order` (indexes into the row), in that order.
 */
export interface SingleRow {
  readonly sql: string;
  readonly order: readonly number[];
}

/** A multi-row statement: its SQL text for a number of rows (each text made once). */
export interface RowStatement {
  /** Columns per row. */
  readonly width: number;
  /** Run instead of the one-row text when given (`runChunk`). */
  readonly single?: SingleRow;
  text(rows: number): string;
}

/**
 * A multi-row statement of `width` columns per row: `sql(values)` places the `(?, …), (?, …)` list (of `tuple`,
 * one row's `(?, …)`, when given); `single`, its cheaper form for one row, when it has one.
 */
export function rowStatement(
  width: number,
  sql: (values: string) => string,
  single?: SingleRow,
  tuple = plainTuple(width),
): RowStatement {
  const texts = new Map<number, string>();
  return {
    width,
    single,
    text(rows) {
      let text = texts.get(rows);
      if (text === undefined) {
        text = sql(Array.from({ length: rows }, () => tuple).join(', '));
        texts.set(rows, text);
      }
      return text;
    },
  };
}

/**
 * Runs `statement` over `rows` (each `width` values) in chunks of `CHUNKS` rows; returns the rows the
 * statements changed (`changes`).
 */
export function runRows(prepare: Prepare, statement: RowStatement, rows: readonly unknown[][]): number {
  let changes = 0;
  forChunks(statement, rows, (sql, values, size) => {
    changes += runChunk(prepare, statement, sql, values, size);
  });
  return changes;
}

/**
 * An upsert in two statements per chunk, neither of which needs a statement journal (see `commit.ts`): `update`
 * (an `UPDATE … FROM (VALUES …)`) changes the rows whose keys exist; only when it changed fewer rows than the
 * chunk holds does `insert` (an `INSERT … ON CONFLICT DO NOTHING` of the same rows) add the others. When `update`
 * matches on more than the key, `rest` (an `UPDATE` by key alone) writes the rows neither statement changed.
 * The rows' keys must be distinct.
 */
export function upsertRows(
  prepare: Prepare,
  update: RowStatement,
  insert: RowStatement,
  rows: readonly unknown[][],
  rest?: RowStatement,
): void {
  forChunks(update, rows, (sql, values, size) => {
    let changed = runChunk(prepare, update, sql, values, size);
    if (changed < size) changed += prepare(insert.text(size)).run(...values).changes;
    if (changed < size && rest !== undefined) prepare(rest.text(size)).run(...values);
  });
}

/**
 * An upsert one row per statement (`update` then, when it changed nothing, `insert`: each a single-row statement
 * of `[text, key]`, the text bound as `bytes.once` has it), for rows of large values: for them a multi-row `UPDATE … FROM (VALUES …)` cost
 * more than the calls it saves (SQLite alone, 500 user documents of ~3.5 KB per transaction: 13.3–13.9 → 6.4–6.7
 * µs CPU per document, three runs; why was not traced: the VALUES list is likely copied once more).
 */
export function upsertEach(
  prepare: Prepare,
  update: string,
  insert: string,
  rows: readonly (readonly [text: string, key: string])[],
  bytes: TextBytes,
): void {
  if (rows.length === 0) return;
  const updating = prepare(update);
  for (const [text, key] of rows) {
    const value = bytes.once(text);
    if (updating.run(value, key).changes === 0) prepare(insert).run(value, key);
  }
}

/** Runs one chunk: its text over `values`, or for one row the statement's `single` form when it has one. */
function runChunk(
  prepare: Prepare,
  statement: RowStatement,
  sql: string,
  values: unknown[],
  size: number,
): number {
  const { single } = statement;
  if (size !== 1 || single === undefined) return prepare(sql).run(...values).changes;
  return prepare(single.sql).run(...single.order.map((i) => values[i])).changes;
}

function forChunks(
  statement: RowStatement,
  rows: readonly unknown[][],
  run: (sql: string, values: unknown[], size: number) => void,
): void {
  let at = 0;
  for (const size of CHUNKS) {
    while (rows.length - at >= size) {
      const values: unknown[] = [];
      for (let i = at; i < at + size; i++) for (const value of rows[i] as unknown[]) values.push(value);
      run(statement.text(size), values, size);
      at += size;
    }
  }
}
