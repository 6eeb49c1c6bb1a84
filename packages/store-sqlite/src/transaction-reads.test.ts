import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitWrite } from '@engageloop/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engageloop-sqlite-reads-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write: CommitWrite = {
  docs: [
    { key: 'user:a', value: { n: 1 } },
    { key: 'user:b', value: { n: 2 } },
  ],
  counters: [{ key: 'c:a', delta: 3 }],
  messages: [
    {
      id: 'e1#0',
      dedupeKey: 'reply:e1',
      userId: 'a',
      kind: 'reply',
      topic: 'thanks',
      channel: null,
      locale: 'en',
      subject: null,
      body: 'Thanks',
      data: {},
      eventId: 'e1',
      ruleId: null,
      plugin: 'replies',
      createdAt: 1,
      notBefore: 1,
      transactional: false,
    },
  ],
  cancelMessages: [],
  timers: { schedule: [], cancel: [], complete: [] },
  record: { key: 'e.a:e1', userId: 'a', outcome: { ok: true }, committedAt: 1 },
};

describe('reads of several keys (a JSON array walked, each key looked up)', () => {
  it('find the stored rows, the missing keys as missing, a key given twice as once', async () => {
    const filename = join(dir, 'reads.db');
    const store = createSqliteStore({ filename });
    await store.transact(['user:a', 'user:b'], (tx) => tx.commit(write));
    await store.close();
    // Reopened: nothing comes from the committed documents' cache.
    const reopened = createSqliteStore({ filename });
    await reopened.transact(['user:a', 'user:b', 'user:c'], async (tx) => {
      const docs = await tx.load(['user:a', 'user:c', 'user:b', 'user:a']);
      expect([...docs]).toEqual([
        ['user:a', { n: 1 }],
        ['user:b', { n: 2 }],
      ]);
      const records = await tx.recordedMany(['e.a:e1', 'e.b:e2', 'e.a:e1']);
      expect([...records.keys()]).toEqual(['e.a:e1']);
      expect(records.get('e.a:e1')?.outcome).toEqual({ ok: true });
      expect(await tx.counters(['c:a', 'c:b', 'c:a'])).toEqual(
        new Map([
          ['c:a', 3],
          ['c:b', 0],
        ]),
      );
      expect(await tx.existingMessages(['reply:e1', 'reply:e2', 'reply:e1'])).toEqual(new Set(['reply:e1']));
    });
    await reopened.close();
  });
});
