import { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';
import type { CompactOutboxOptions, CompactRecordsOptions, TopCountersOptions } from './types';

/** The most entries one `Store.topCounters` call lists (page with `after` for more). */
export const MAX_TOP_COUNTERS = 10_000;

const invalid = (en: string, zh: string, data: Record<string, unknown>): EngageLoopError =>
  new EngageLoopError('STORE_QUERY_INVALID', { message: localized(en, zh), data });

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Checks the arguments of `Store.topCounters` (every store calls it first): `prefix` a string, `limit` an
 * integer from 0 to `MAX_TOP_COUNTERS`, `after` absent or `{ key: string, value: finite number }`. Throws
 * `STORE_QUERY_INVALID` naming the argument; only own properties are read.
 *
 * @example
 * checkTopCounters('likes:', { limit: 10 }); // ok
 * checkTopCounters('likes:', { limit: -1 }); // throws STORE_QUERY_INVALID
 */
export function checkTopCounters(prefix: unknown, options: unknown): asserts options is TopCountersOptions {
  if (typeof prefix !== 'string')
    throw invalid(
      `topCounters: the prefix must be a string, not ${shown(prefix)}.`,
      `topCounters：前缀必须是字符串，而不是 ${shown(prefix)}。`,
      { argument: 'prefix' },
    );
  if (!isObject(options))
    throw invalid(
      'topCounters: the options must be an object { limit, after? }.',
      'topCounters：选项必须是对象 { limit, after? }。',
      { argument: 'options' },
    );
  const limit = Object.hasOwn(options, 'limit') ? options.limit : undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_TOP_COUNTERS)
    throw invalid(
      `topCounters: limit must be an integer from 0 to ${MAX_TOP_COUNTERS}, not ${shown(limit)}.`,
      `topCounters：limit 必须是 0 到 ${MAX_TOP_COUNTERS} 之间的整数，而不是 ${shown(limit)}。`,
      { argument: 'limit' },
    );
  const after = Object.hasOwn(options, 'after') ? options.after : undefined;
  if (after === undefined) return;
  const key = isObject(after) && Object.hasOwn(after, 'key') ? after.key : undefined;
  const value = isObject(after) && Object.hasOwn(after, 'value') ? after.value : undefined;
  if (typeof key !== 'string' || typeof value !== 'number' || !Number.isFinite(value))
    throw invalid(
      'topCounters: after must be the last entry of the previous page, { key: string, value: number }.',
      'topCounters：after 必须是上一页的最后一项 { key: 字符串, value: 数字 }。',
      { argument: 'after' },
    );
}

/** Checks `{ before, limit? }` of a store's compaction method `method` (see `checkCompactRecords`). */
function checkCompaction(method: string, options: unknown): void {
  const before = isObject(options) && Object.hasOwn(options, 'before') ? options.before : undefined;
  if (typeof before !== 'number' || Number.isNaN(before))
    throw invalid(
      `${method}: before must be a time in epoch milliseconds, not ${shown(before)}.`,
      `${method}：before 必须是以毫秒表示的时间戳，而不是 ${shown(before)}。`,
      { argument: 'before' },
    );
  const limit = Object.hasOwn(options as object, 'limit')
    ? (options as { limit?: unknown }).limit
    : undefined;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1))
    throw invalid(
      `${method}: limit must be a positive integer, not ${shown(limit)}.`,
      `${method}：limit 必须是正整数，而不是 ${shown(limit)}。`,
      { argument: 'limit' },
    );
}

/**
 * Checks the argument of `Store.compactRecords` (every store calls it first): `before` a number (epoch ms;
 * not NaN), `limit` absent or a positive integer. Throws `STORE_QUERY_INVALID` naming the argument.
 *
 * @example
 * checkCompactRecords({ before: Date.now() - 7 * 86_400_000 }); // ok
 */
export function checkCompactRecords(options: unknown): asserts options is CompactRecordsOptions {
  checkCompaction('compactRecords', options);
}

/**
 * Checks the argument of `Store.compactOutbox` (every store calls it first), as `checkCompactRecords` does:
 * `before` a number (epoch ms; not NaN), `limit` absent or a positive integer. Throws `STORE_QUERY_INVALID`.
 *
 * @example
 * checkCompactOutbox({ before: Date.now() - 7 * 86_400_000, limit: 1_000 }); // ok
 */
export function checkCompactOutbox(options: unknown): asserts options is CompactOutboxOptions {
  checkCompaction('compactOutbox', options);
}

/**
 * Compares two strings by code point (the byte order of their UTF-8, which SQLite's BINARY and PostgreSQL's
 * "C" collation use), where `<` compares UTF-16 code units and puts U+E000–U+FFFF after the surrogate pairs.
 *
 * @example
 * ['\u{1F600}', '\uFF01'].sort(compareCodePoints) // ['\uFF01', '\u{1F600}']
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (D800–DFFF) above E000–FFFF: code point order.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/**
 * The least string above every string that starts with `prefix` in code point order, or `undefined` when
 * there is none (an empty prefix, or one of U+10FFFF only): a store reads a prefix as the key range
 * `prefix ≤ key < prefixEnd(prefix)`, which an index on the key serves.
 *
 * @example
 * prefixEnd('likes:') // 'likes;'
 */
export function prefixEnd(prefix: string): string | undefined {
  let end = prefix.length;
  while (end > 0) {
    const low = prefix.charCodeAt(end - 1);
    const high = end > 1 ? prefix.charCodeAt(end - 2) : 0;
    const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
    const width = pair ? 2 : 1;
    const last = prefix.codePointAt(end - width) as number;
    end -= width;
    if (last >= 0x10ffff) continue;
    // A surrogate cannot be encoded in UTF-8: past D7FF comes E000.
    return prefix.slice(0, end) + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1);
  }
  return undefined;
}
