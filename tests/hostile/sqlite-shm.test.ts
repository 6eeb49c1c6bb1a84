/**
 * Issue 19, item 9: SQLite must not run on a shared-memory file it can lose. A WAL database normally maps its
 * index from `<file>-shm`; when that file is truncated (or replaced by an unwritable one) under a running
 * process, the next access kills the process with SIGBUS. The SQLite store runs WAL with
 * `locking_mode=EXCLUSIVE` (it is single-process by design), so the index lives in heap memory and there is
 * no `-shm` to lose. The risky part runs in a child process, so a SIGBUS cannot take vitest down.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./support/ts-child.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'engageloop-shm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(mode: 'store' | 'raw', name: string) {
  const run = spawnSync(process.execPath, [entry, './sqlite-shm-child.ts', join(dir, name), mode], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  return {
    status: run.status,
    signal: run.signal,
    stderr: run.stderr,
    result: line ? JSON.parse(line) : null,
  };
}

describe('SQLite store with a hostile -shm file', () => {
  it('keeps working: there is no -shm to lose, and every write survives a reopen', () => {
    const run = child('store', 'store.db');
    expect(run.stderr).toBe('');
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 0, signal: null });
    // No -shm existed to truncate: the WAL index is in heap memory.
    expect(run.result).toEqual({ shmExisted: false, documents: 10 });
  }, 60_000);

  it('control: the same hostile -shm under a default WAL connection kills the process with SIGBUS', () => {
    const run = child('raw', 'raw.db');
    expect(run.signal).toBe('SIGBUS');
    expect(run.result).toBeNull();
  }, 60_000);
});
