import { describe, expect, it } from 'vitest';
import { createCommittedDocs } from './committed-docs';

describe('committed documents', () => {
  it('keeps a commit only once committed, frozen, with its text; a deletion or non-JSON value drops the entry', () => {
    const cache = createCommittedDocs(10);
    const value = { points: 1, tags: ['a'] };
    const staged = cache.stage([{ key: 'user:u1', value }], ['{"points":1,"tags":["a"]}']);
    expect(cache.get('user:u1')).toBeUndefined();
    cache.committed(staged);
    expect(cache.get('user:u1')).toEqual({ value, text: '{"points":1,"tags":["a"]}' });
    expect(Object.isFrozen(value.tags)).toBe(true);
    cache.committed(cache.stage([{ key: 'user:u1', value: null }]));
    expect(cache.get('user:u1')).toBeUndefined();
    cache.committed(cache.stage([{ key: 'user:u2', value: { at: new Date(0) } }]));
    expect(cache.get('user:u2')).toBeUndefined();
  });

  it('keeps at most `limit` documents, the least recently written dropped first; 0 keeps and freezes nothing', () => {
    const cache = createCommittedDocs(2);
    for (const key of ['a', 'b', 'a', 'c']) cache.committed(cache.stage([{ key, value: { key } }]));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.value).toEqual({ key: 'a' });
    expect(cache.get('c')?.text).toBeUndefined();
    cache.drop('a');
    expect(cache.get('a')).toBeUndefined();
    const none = createCommittedDocs(0);
    const value = { points: 1 };
    none.committed(none.stage([{ key: 'a', value }]));
    expect(none.get('a')).toBeUndefined();
    expect(Object.isFrozen(value)).toBe(false);
  });
});
