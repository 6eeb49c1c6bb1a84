import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileChunks } from './file-chunks';

describe('readFileChunks', () => {
  it('reads every byte in order, 64 KiB at a time, counting what it read', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'engageloop-chunks-')), 'events.ndjson');
    const bytes = Buffer.from('é{"a":1}\n'.repeat(20_000));
    writeFileSync(path, bytes);
    const file = readFileChunks(path);
    const chunks: Buffer[] = [];
    for await (const chunk of file.chunks) chunks.push(Buffer.from(chunk));
    expect(chunks.map((c) => c.length).slice(0, 2)).toEqual([65_536, 65_536]);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(file.read()).toBe(bytes.length);
  });

  it('fails at the first chunk when the file is missing, as a read stream does', async () => {
    const file = readFileChunks(join(tmpdir(), 'engageloop-no-such-file.ndjson'));
    await expect(file.chunks[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
