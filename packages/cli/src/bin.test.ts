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
