import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Packed } from './pack';
import { describeRun, run } from './run';

const rootRequire = createRequire(new URL('../../package.json', import.meta.url));

/** The version of a dev tool installed in the repository, so the app's install is served from npm's cache. */
const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(rootRequire.resolve(`${name}/package.json`), 'utf8')) as { version: string })
    .version;

/**
 * better-sqlite3's install script compiles SQLite when no prebuilt binary can be downloaded (none can here:
 * over a minute on two cores). The app installs the repository's exact better-sqlite3 version from the
 * registry with scripts off, then gets the addon the repository's own install compiled from that same
 * package: what its install script would have produced.
 */
function copyBuiltAddon(root: string, dir: string): void {
  const fromStore = createRequire(join(root, 'packages/store-sqlite/package.json'));
  const built = join(
    dirname(fromStore.resolve('better-sqlite3/package.json')),
    'build/Release/better_sqlite3.node',
  );
  const target = join(dir, 'node_modules/better-sqlite3/build/Release');
  mkdirSync(target, { recursive: true });
  copyFileSync(built, join(target, 'better_sqlite3.node'));
}

/**
 * A fresh app in `dir` that depends on the tarballs alone (plus registry packages: vitest, typescript,
 * @types/node, better-sqlite3 at the repository's version, and the tarballs' own dependencies), with the files of `tests/packaging/app`.
 * Installs with npm's cache preferred; lifecycle scripts are off (ours have none).
 */
export async function createApp(root: string, dir: string, packed: readonly Packed[]): Promise<void> {
  cpSync(join(root, 'tests/packaging/app'), dir, { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const p of packed) dependencies[p.name] = `file:${p.tarball}`;
  dependencies['better-sqlite3'] = installedVersion('better-sqlite3');
  const devDependencies = {
    vitest: installedVersion('vitest'),
    typescript: installedVersion('typescript'),
    '@types/node': installedVersion('@types/node'),
  };
  const manifest = {
    name: 'engageloop-packaging-app',
    private: true,
    type: 'module',
    dependencies,
    devDependencies,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const install = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'],
    { cwd: dir, timeoutMs: 150_000 },
  );
  if (install.code !== 0) throw new Error(describeRun('npm install (temporary app)', install));
  copyBuiltAddon(root, dir);
}

/** Whether the npm registry answers (`npm ping`); the reason when it does not. */
export async function registryUnreachable(cwd: string): Promise<string | undefined> {
  const ping = await run('npm', ['ping', '--fetch-timeout=10000', '--fetch-retries=0'], {
    cwd,
    timeoutMs: 20_000,
  });
  return ping.code === 0
    ? undefined
    : `npm registry unreachable (npm ping: ${ping.stderr.trim().split('\n').pop()})`;
}
