import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));

// CI builds before testing; locally the test runs once `npm run build` has produced dist.
describe.runIf(existsSync(bin))('built bin', () => {
  it('prints help and exits 0', () => {
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('engageloop <command>');
    expect(result.stdout).toContain('simulate');
  });
});

describe.runIf(existsSync(bin))('built bin, output piped to a reader that stops early', () => {
  it('ends quietly with code 0 when the reader closes the pipe (generate-events | head -1)', () => {
    const result = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${bin}" generate-events --profile ecommerce --users 3000 --days 60 | head -1`,
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toHaveProperty('userId');
    expect(result.stderr).toBe('');
  });

  it('writes the whole stream when the reader takes it all', () => {
    const result = spawnSync(
      process.execPath,
      [bin, 'generate-events', '--profile', 'community', '--users', '300'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('id');
  });
});
