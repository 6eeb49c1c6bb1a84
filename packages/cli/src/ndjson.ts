import { StringDecoder } from 'node:string_decoder';
import { localized, type MessageText } from '@engageloop/core';
import { parseJson } from '@engageloop/core/internal';

/**
 * One input line: its number (1-based) and either the parsed value or why it could not be parsed —
 * `error` in English, `text` in every message locale.
 */
export type InputLine = { line: number; value: unknown } | { line: number; error: string; text: MessageText };

/**
 * Why a text is not JSON, in words and in both message locales, with the column of the first problem
 * (`Invalid JSON at column 5: a comma is expected` / `JSON 无效（第 5 列）：这里应是逗号`).
 */
export function jsonProblem(text: string): MessageText {
  const parsed = parseJson(text);
  const first = parsed.ok ? undefined : parsed.errors[0];
  if (!first) return localized('Invalid JSON.', 'JSON 无效。');
  const where =
    first.line > 1
      ? localized(`line ${first.line}, column ${first.column}`, `第 ${first.line} 行第 ${first.column} 列`)
      : localized(`column ${first.column}`, `第 ${first.column} 列`);
  return localized(
    `Invalid JSON at ${where.en}: ${first.text.en}.`,
    `JSON 无效（${where['zh-CN']}）：${first.text['zh-CN']}。`,
  );
}

/** A line of text as an input line: parsed, or why not; undefined for a blank line. */
function parseLine(text: string, line: number): InputLine | undefined {
  if (text.trim().length === 0) return undefined;
  try {
    return { line, value: JSON.parse(text) };
  } catch {
    const problem = jsonProblem(text);
    return { line, error: problem.en, text: problem };
  }
}

/**
 * Reads NDJSON a chunk at a time and yields the lines each chunk completes, parsed, as one array (memory
 * stays flat with input size; no promise per line). Lines end at `\n`, `\r\n` or `\r`, as `readline` splits
 * them; blank lines are skipped but counted. UTF-8 characters split between chunks are joined.
 *
 * @example
 * for await (const lines of readNdjsonBatches(fs.createReadStream('events.ndjson'))) …
 */
export async function* readNdjsonBatches(
  input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<InputLine[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  /** The last chunk ended with `\r`: a `\n` starting the next one ends no second line. */
  let afterCr = false;
  let line = 0;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (afterCr && text.startsWith('\n')) text = text.slice(1);
    afterCr = false;
    if (text.length === 0) continue;
    const out: InputLine[] = [];
    const crlf = text.includes('\r');
    let start = 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      let next = end + 1;
      if (crlf) {
        const cr = text.indexOf('\r', start);
        if (cr !== -1 && (end === -1 || cr < end)) {
          end = cr;
          next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
          if (cr === text.length - 1) afterCr = true;
        }
      }
      if (end === -1) break;
      const piece = carry.length > 0 ? carry + text.slice(start, end) : text.slice(start, end);
      carry = '';
      const item = parseLine(piece, ++line);
      if (item) out.push(item);
      start = next;
    }
    carry += text.slice(start);
    if (out.length > 0) yield out;
  }
  const rest = carry + decoder.end();
  if (rest.length > 0) {
    const item = parseLine(rest, ++line);
    if (item) yield [item];
  }
}

/**
 * Reads NDJSON line by line (memory stays flat with input size); blank lines are skipped.
 * `readNdjsonBatches` yields the same lines a chunk at a time, which costs less per line.
 *
 * @example
 * for await (const item of readNdjson(fs.createReadStream('events.ndjson'))) …
 */
export async function* readNdjson(
  input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<InputLine> {
  for await (const lines of readNdjsonBatches(input)) yield* lines;
}

/** Numbers in-memory values as input lines (for generated events). */
export function* numbered(values: Iterable<unknown>): Generator<InputLine> {
  let line = 0;
  for (const value of values) yield { line: ++line, value };
}
