import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
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
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const problem = jsonProblem(text);
      yield { line, error: problem.en, text: problem };
      continue;
    }
    yield { line, value };
  }
}

/** Numbers in-memory values as input lines (for generated events). */
export function* numbered(values: Iterable<unknown>): Generator<InputLine> {
  let line = 0;
  for (const value of values) yield { line: ++line, value };
}
