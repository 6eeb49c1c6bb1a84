import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordKeyOf, userHash } from '../store/keys';
import { createUserHashes } from './user-hashes';

describe('createUserHashes', () => {
  it('answers userHash for every id, across generations, and record keys made with it are the same', () => {
    const hashOf = createUserHashes(3);
    const ids = ['u1', 'u2', 'u3', 'u4', 'u1', 'u5', 'u6', 'u7', 'u2', 'u1', '', 'é'];
    for (const id of ids) expect(hashOf(id)).toBe(userHash(id));
    // Keyed by another string that stands for the id (the engine's: its subject key), the same hashes.
    const bySubject = createUserHashes(3);
    for (const id of ids) expect(bySubject(id, `user:${id}`)).toBe(userHash(id));
    const event = { source: 'event' as const, userId: 'u9', id: 'e1' };
    expect(recordKeyOf(event, hashOf)).toBe(recordKeyOf(event));
    const entity = { source: 'derived' as const, userId: 'u9', entity: 'group:g1', id: 'd1' };
    expect(recordKeyOf(entity, hashOf)).toBe(recordKeyOf(entity));
  });
});

describe('userHash', () => {
  it('is the first 32 hex digits of the SHA-256 of the id (the form keys were made with)', () => {
    for (const id of ['u-42', '', 'é', '用户', 'a'.repeat(500)])
      expect(userHash(id)).toBe(createHash('sha256').update(id).digest('hex').slice(0, 32));
  });
});
