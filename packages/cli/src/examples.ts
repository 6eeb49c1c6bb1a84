import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EngageLoopError } from '@engageloop/core';
import { inBoth } from './i18n';

/**
 * Where the example policies live, first match wins: `--examples <dir>`; the package's own `examples/`
 * (copied from the repository's `docs/examples` at build time and shipped in the tarball: found from
 * this file, in `src` and in `dist`); the repository's `docs/examples` (a clone before its first build).
 * Throws `POLICY_READ_FAILED` naming the places looked at when none exists.
 */
export function examplesDir(override: string | undefined): string {
  const candidates =
    override !== undefined
      ? [override]
      : [
          fileURLToPath(new URL('../examples/', import.meta.url)),
          fileURLToPath(new URL('../../../docs/examples/', import.meta.url)),
        ];
  const found = candidates.find((dir) => existsSync(dir));
  if (found !== undefined) return found;
  throw new EngageLoopError('POLICY_READ_FAILED', {
    message: inBoth((m) => m.examplesMissing(candidates.join(', '))),
    hint: inBoth((m) => (override !== undefined ? m.examplesHint : m.reinstallHint)),
    file: candidates[0],
  });
}
