import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The built packages' code is what users run: re-runs this process under ./tsconfig.dist.json (no
 * paths to src) unless BENCH_SOURCE=src or it already runs so. tsx compiles src with esbuild's keepNames,
 * which wraps every closure created at run time in a `__name` call: src figures are not what users get.
 */
export function rerunOnDist(): void {
  if (process.env.BENCH_SOURCE === 'src' || process.env.TSX_TSCONFIG_PATH) return;
  const tsconfig = fileURLToPath(new URL('./tsconfig.dist.json', import.meta.url));
  const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
  });
  process.exit(run.status ?? 1);
}
