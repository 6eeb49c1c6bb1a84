import { describe, expect, it } from 'vitest';
import { commit, expectCode, record, write } from '../contract/fixtures';
import { KeyNotes } from './key-notes';
import { recordKey } from './keys';
import { CommitKeys } from './memory-commit-keys';
import { createMemoryStore } from './memory-store';

describe('CommitKeys', () => {
  it('finds a key added before, by its noted hash or in the set, and tells apart keys of one hash', () => {
    const keys = new CommitKeys(8);
    expect(keys.add('a', 7)).toBe(false);
    expect(keys.add('b', 7)).toBe(false); // the same hash, another key
    expect(keys.add('c', 7 + 16)).toBe(false); // the same first slot
    expect(keys.add('b', 7)).toBe(true);
    expect(keys.add('c', 7 + 16)).toBe(true);
    expect(keys.add('d', -1)).toBe(false); // not noted: every key from here on goes into the set
    expect(keys.add('a', 7)).toBe(true);
    expect(keys.add('d', 3)).toBe(true);
    expect(keys.add('e', 0xffff_ffff)).toBe(false);
    // More keys than the room made go into the set.
    const few = new CommitKeys(1);
    expect([few.add('a', 1), few.add('b', 2), few.add('a', 1), few.add('b', 2)]).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('takes the hash a read noted for a key, and none for a key it did not note', () => {
    const notes = new KeyNotes(3);
    notes.note(1, Uint8Array.of(1, 2, 3), 3, 0xdead_beef, 5);
    expect(CommitKeys.notedHash(notes, 1)).toBe(0xdead_beef);
    expect(CommitKeys.notedHash(notes, 0)).toBe(-1);
    expect(CommitKeys.notedHash(notes, -1)).toBe(-1);
    expect(CommitKeys.notedHash(undefined, 1)).toBe(-1);
  });
});

// With records in its packed table, the memory store's read of record keys notes each key's hash (`KeyNotes`), and
// the commit that follows catches a key given twice by those hashes (`CommitKeys`).
describe('memory store: a commit that repeats a record key after a read', () => {
  const fingerprint = '0123456789abcdef'.repeat(2);
  const rec = (id: string) => ({ ...record(recordKey('event', 'u1', id)), fingerprint });
  const keyOf = (id: string) => recordKey('event', 'u1', id);

  it('refuses it (STORE_CONFLICT) and writes nothing of it; a key read twice and given once commits', async () => {
    const store = createMemoryStore();
    await commit(store, write({ docs: [{ key: 'user:u1', value: 1 }], records: [rec('old')] }));
    const twice = store.transact(['user:u1'], async (tx) => {
      expect((await tx.recordedMany(['a', 'b', 'a'].map(keyOf))).size).toBe(0);
      await tx.commit(
        write({ docs: [{ key: 'user:u1', value: 2 }], records: [rec('a'), rec('b'), rec('a')] }),
      );
    });
    await expectCode(twice, 'STORE_CONFLICT');
    // A key not read, then a key read given again: found in the set of the keys.
    const mixed = store.transact(['user:u1'], async (tx) => {
      expect((await tx.recordedMany(['a', 'b'].map(keyOf))).size).toBe(0);
      await tx.commit(write({ records: [rec('a'), rec('c'), rec('a')] }));
    });
    await expectCode(mixed, 'STORE_CONFLICT');
    expect(await store.getDocument('user:u1')).toBe(1);
    await store.transact(['user:u1'], async (tx) => {
      expect((await tx.recordedMany(['a', 'a', 'b'].map(keyOf))).size).toBe(0);
      await tx.commit(write({ records: [rec('a'), rec('b')] }));
    });
    const read = await store.transact(['user:u1'], (tx) => tx.recordedMany(['a', 'b', 'c'].map(keyOf)));
    expect([...read.keys()].sort()).toEqual(['a', 'b'].map(keyOf).sort());
  });
});
