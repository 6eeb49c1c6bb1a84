import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shipped example policies live: `--examples <dir>`, else the repository's `docs/examples`
 * (found from this file, in source and in `dist`), else `docs/examples` under the working directory.
 */
export function examplesDir(override: string | undefined, cwd: string): string {
  if (override !== undefined) return override;
  const near = fileURLToPath(new URL('../../../docs/examples/', import.meta.url));
  if (existsSync(near)) return near;
  return join(cwd, 'docs', 'examples');
}
