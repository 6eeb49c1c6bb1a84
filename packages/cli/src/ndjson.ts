import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** One input line: its number (1-based) and either the parsed value or why it could not be parsed. */
export type InputLine = { line: number; value: unknown } | { line: number; error: string };

/**
 * Reads NDJSON line by line (memory stays flat with input size); blank lines are skipped.
 *
 * @example
 * for await (const item of readNdjson(fs.createReadStream('events.ndjson'))) …
 */
export async function* readNdjson(input: Readable): AsyncGenerator<InputLine> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim().length === 0) continue;
    try {
      yield { line, value: JSON.parse(text) as unknown };
    } catch (error) {
      yield { line, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** Numbers in-memory values as input lines (for generated events). */
export function* numbered(values: Iterable<unknown>): Generator<InputLine> {
  let line = 0;
  for (const value of values) yield { line: ++line, value };
}
