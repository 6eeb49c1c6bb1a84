import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CommandContext } from '../commands/command';

/**
 * Copies stdin to a temporary file, calls `use` with its path and removes it after: for runs that read the
 * same events more than once, one after the other.
 */
export async function withStdinInFile<T>(ctx: CommandContext, use: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-stdin-'));
  try {
    const file = join(dir, 'events.ndjson');
    await pipeline(ctx.io.stdin ?? process.stdin, createWriteStream(file));
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
