import { expect, it } from 'vitest';
import type { CounterEntry, Store } from '../store/types';
import type { ContractContext } from './context';
import { commit, expectCode, write } from './fixtures';

/** Bumps counters in one unit of work holding `unit` (counters take no document lock). */
const bump = (s: Store, counters: Record<string, number>, unit = 'user:u1') =>
  commit(s, write({ counters: Object.entries(counters).map(([key, delta]) => ({ key, delta })) }), [unit]);

/** Every page of a family, `limit` at a time, as a reader paging with `after` sees it. */
async function allPages(s: Store, prefix: string, limit: number): Promise<CounterEntry[]> {
  const out: CounterEntry[] = [];
  for (;;) {
    const after = out.at(-1);
    const page = await s.topCounters(prefix, after === undefined ? { limit } : { limit, after });
    out.push(...page);
    if (page.length < limit) return out;
  }
}

/** `Store.topCounters`: leaderboards and period contests read a counter family, ranked. */
export function counterCases({ store }: ContractContext): void {
  it('lists a family highest first, equal values by key, at most limit', async () => {
    const s = store();
    await bump(s, { 'likes:p3': 5, 'likes:p1': 9, 'likes:p2': 5, 'likes:p4': -2, 'likes:p5': 5 });
    await bump(s, { 'likes:p4': 2, 'likes:p10': 5 });
    expect(await s.topCounters('likes:', { limit: 10 })).toEqual([
      { key: 'likes:p1', value: 9 },
      { key: 'likes:p10', value: 5 },
      { key: 'likes:p2', value: 5 },
      { key: 'likes:p3', value: 5 },
      { key: 'likes:p5', value: 5 },
      // A counter back at 0 still exists, and lists.
      { key: 'likes:p4', value: 0 },
    ]);
    expect(await s.topCounters('likes:', { limit: 2 })).toEqual([
      { key: 'likes:p1', value: 9 },
      { key: 'likes:p10', value: 5 },
    ]);
    expect(await s.topCounters('likes:', { limit: 0 })).toEqual([]);
    expect(await s.topCounters('nothing:', { limit: 3 })).toEqual([]);
  });

  it('matches the prefix as a plain string: a: never lists ab:, a lists both, and LIKE wildcards are text', async () => {
    const s = store();
    await bump(s, { 'a:x': 1, 'ab:x': 2, a: 3, 'a%:x': 4, 'a_:x': 5, 'b:x': 6, 'a:': 7 });
    const keys = async (prefix: string) =>
      (await s.topCounters(prefix, { limit: 100 })).map((entry) => entry.key);
    expect(await keys('a:')).toEqual(['a:', 'a:x']);
    expect(await keys('ab:')).toEqual(['ab:x']);
    expect(await keys('a')).toEqual(['a:', 'a_:x', 'a%:x', 'a', 'ab:x', 'a:x']);
    expect(await keys('a%')).toEqual(['a%:x']);
    expect(await keys('a_')).toEqual(['a_:x']);
    expect((await keys('')).length).toBe(7);
  });

  it('orders equal values by code point (UTF-8 byte order) and reads keys past the BMP', async () => {
    const s = store();
    const keys = ['t:\u{1F600}', 't:\uFF01', 't:z', 't:\u00E9', 't:\u4E2D', 't:\u{10FFFF}', 't:\u{10FFFF}x'];
    await bump(s, Object.fromEntries(keys.map((key) => [key, 1])));
    await bump(s, { 'u:': 1, 't\u{10FFFF}': 1 });
    expect((await s.topCounters('t:', { limit: 10 })).map((entry) => entry.key)).toEqual([
      't:z',
      't:\u00E9',
      't:\u4E2D',
      't:\uFF01',
      't:\u{1F600}',
      't:\u{10FFFF}',
      't:\u{10FFFF}x',
    ]);
    expect((await s.topCounters('t:\u{10FFFF}', { limit: 10 })).map((entry) => entry.key)).toEqual([
      't:\u{10FFFF}',
      't:\u{10FFFF}x',
    ]);
  });

  it('pages with after: every entry once, in order, whatever the page size', async () => {
    const s = store();
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6];
    await bump(s, Object.fromEntries(values.map((v, i) => [`score:${String(i).padStart(2, '0')}`, v])));
    await bump(s, { 'scorex:1': 100 });
    const full = await s.topCounters('score:', { limit: 100 });
    expect(full).toHaveLength(values.length);
    for (const [i, entry] of full.entries()) {
      const next = full[i + 1];
      if (next === undefined) continue;
      expect(entry.value > next.value || (entry.value === next.value && entry.key < next.key)).toBe(true);
    }
    for (const size of [1, 2, 5, 20, 21]) expect(await allPages(s, 'score:', size)).toEqual(full);
    // `after` need not be a listed entry: what ranks after it, in the same order.
    expect(await s.topCounters('score:', { limit: 3, after: { key: 'score:99', value: 9 } })).toEqual(
      full.filter((e) => e.value < 9).slice(0, 3),
    );
  });

  it('rejects bad arguments with STORE_QUERY_INVALID and reads nothing', async () => {
    const s = store();
    await bump(s, { 'c:1': 1 });
    const bad: Array<[unknown, unknown]> = [
      [1, { limit: 1 }],
      ['c:', undefined],
      ['c:', { limit: -1 }],
      ['c:', { limit: 1.5 }],
      ['c:', { limit: Number.NaN }],
      ['c:', { limit: 10_001 }],
      ['c:', { limit: '10' }],
      ['c:', { limit: 1, after: { key: 'c:1' } }],
      ['c:', { limit: 1, after: { key: 1, value: 1 } }],
      ['c:', { limit: 1, after: { key: 'c:1', value: Number.POSITIVE_INFINITY } }],
      ['c:', JSON.parse('{"__proto__": {"limit": 1}}')],
    ];
    for (const [prefix, options] of bad) {
      await expectCode(
        Promise.resolve().then(() => s.topCounters(prefix as string, options as { limit: number })),
        'STORE_QUERY_INVALID',
      );
    }
    expect(await s.topCounters('c:', { limit: 1 })).toEqual([{ key: 'c:1', value: 1 }]);
  });
}
