import type { NamedQuery } from './statements';

/** The parts of `pg`'s connection (pg 8, `lib/connection.js`) that a `WireQuery` writes to. */
interface Wire {
  parse(message: { text: string; name: string; types: unknown[] }): void;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string; rows: number }): void;
  sync(): void;
  sendCopyFail(message: string): void;
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string>;
  /** Statements parsed but not yet confirmed: pg 8.23 and later only (before, `parsedStatements` alone). */
  submittedNamedStatements?: Record<string, string>;
}

/** A row as the server sent it: one text per column (`null` for SQL NULL), in the statement's column order. */
export type WireRow = ReadonlyArray<string | null>;

/** What a `WireQuery` reports once the server answered: its statement's rows and every command tag in order. */
export interface WireAnswer {
  rows: WireRow[];
  /** The command tags (`BEGIN`, `SELECT 1`, `COMMIT`, …) of the completed statements. */
  commands: string[];
}

/** Whether `BEGIN` goes in front of the statement or `COMMIT` behind it, in the same batch of messages. */
export type WireMode = 'begin' | 'commit';

const ESCAPED = /["\\]/;

const element = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  const text = String(value);
  return ESCAPED.test(text) ? `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${text}"`;
};

/**
 * A parameter as `pg` would send it as text (`prepareValue` of `pg/lib/utils`) for the values a unit of work
 * binds: text, numbers, `null`, and flat arrays of those (an array literal, every element quoted).
 */
export function wireValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    let literal = '{';
    for (let i = 0; i < value.length; i++) literal += (i === 0 ? '' : ',') + element(value[i]);
    return `${literal}}`;
  }
  return String(value);
}

const unnamed = { portal: '', statement: '', values: [] as unknown[] };
const run = { portal: '', rows: 0 };
const noTypes: unknown[] = [];

/**
 * One named statement with `BEGIN` in front of it or `COMMIT` behind it, in one batch of extended-protocol
 * messages and one Sync: one round trip, one socket write. It stands in for `pg`'s `Query` (a "submittable"
 * `client.query` accepts), doing less per call: its statement is parsed once per connection (its Parse goes
 * first, so that the first ParseComplete, which `pg` takes as the statement's, is the statement's); no Describe
 * is sent, so the server sends no RowDescription and the rows come back as the texts of their columns, in the
 * order the statement's SQL fixes — no field list, type parsers or row objects built per call.
 *
 * With `BEGIN` in front, the server starts the transaction block, then runs the statement in it. With `COMMIT`
 * behind, a statement that fails makes the server skip the rest up to the Sync, so `COMMIT` never follows a failed
 * statement (the transaction stays open, aborted, for the store's ROLLBACK).
 *
 * `committed` (mode `commit`) says `COMMIT`'s completion arrived. The server sends the replies of a batch at its
 * Sync: a backend told to end meanwhile (say during the commit's WAL flush) ends after `COMMIT` and sends them
 * with its FATAL error; the unit of work is then committed, its connection is not.
 */
export class WireQuery {
  readonly name: string;
  readonly text: string;
  committed = false;
  private readonly rows: WireRow[] = [];
  private readonly commands: string[] = [];
  private answered = false;

  /** Called once: by `pg` on its ReadyForQuery or an error (`pg` may wrap it, e.g. for `query_timeout`). */
  callback: (error: Error | null, answer?: WireAnswer) => void;

  constructor(
    statement: NamedQuery,
    private readonly values: readonly unknown[],
    private readonly mode: WireMode,
    callback: (error: Error | null, answer?: WireAnswer) => void,
  ) {
    this.name = statement.name;
    this.text = statement.text;
    this.callback = callback;
  }

  submit(connection: Wire): null {
    connection.stream.cork?.();
    try {
      const submitted = connection.submittedNamedStatements;
      if (connection.parsedStatements[this.name] === undefined && submitted?.[this.name] === undefined) {
        connection.parse({ text: this.text, name: this.name, types: noTypes });
        if (submitted !== undefined) submitted[this.name] = this.text;
      }
      if (this.mode === 'begin') this.unnamed(connection, 'BEGIN');
      connection.bind({ portal: '', statement: this.name, values: this.values.map(wireValue) });
      connection.execute(run);
      if (this.mode === 'commit') this.unnamed(connection, 'COMMIT');
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  private unnamed(connection: Wire, text: string): void {
    connection.parse({ text, name: '', types: noTypes });
    connection.bind(unnamed);
    connection.execute(run);
  }

  handleDataRow(message: { fields: WireRow }): void {
    this.rows.push(message.fields);
  }

  handleCommandComplete(message: { text: string }): void {
    this.commands.push(message.text);
    if (message.text === 'COMMIT') this.committed = true;
  }

  handleReadyForQuery(): void {
    this.answer(null);
  }

  handleError(error: Error): void {
    this.answer(error);
  }

  /** Never sent: the statement is not described, and runs to completion (`rows: 0`). */
  handleRowDescription(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  handleCopyInResponse(connection: Wire): void {
    connection.sendCopyFail('No source stream defined');
  }

  private answer(error: Error | null): void {
    if (this.answered) return;
    this.answered = true;
    this.callback(error, { rows: this.rows, commands: this.commands });
  }
}
