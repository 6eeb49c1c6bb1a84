import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun, run } from './run';

/** Every published package of the repository, by workspace folder. */
export const PUBLISHED = [
  'packages/core',
  'packages/cli',
  'packages/testing',
  'packages/store-sqlite',
  'packages/store-postgres',
  'plugins/incentives',
  'plugins/replies',
  'plugins/lifecycle',
  'plugins/needs',
  'plugins/community',
] as const;

/** One packed tarball: the package, its file, the paths inside it and its package.json. */
export interface Packed {
  name: string;
  version: string;
  tarball: string;
  files: string[];
  manifest: Record<string, unknown>;
}

interface PackJson {
  name: string;
  version: string;
  filename: string;
  files: Array<{ path: string }>;
}

/** `npm pack` of every published workspace into `dest` (one npm run), as npm reports it. */
export async function packAll(root: string, dest: string): Promise<Packed[]> {
  const args = ['pack', '--json', '--pack-destination', dest, ...PUBLISHED.flatMap((w) => ['-w', w])];
  const result = await run('npm', args, { cwd: root });
  if (result.code !== 0) throw new Error(describeRun('npm pack', result));
  const manifests = new Map<string, Record<string, unknown>>();
  for (const dir of PUBLISHED) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    manifests.set(manifest.name, manifest);
  }
  const reports = JSON.parse(result.stdout) as PackJson[];
  return reports.map((r) => ({
    name: r.name,
    version: r.version,
    tarball: join(dest, r.filename),
    files: r.files.map((f) => f.path),
    manifest: manifests.get(r.name) ?? {},
  }));
}

/** Problems of a tarball a user would meet: no README, a `*` or non-matching range to one of ours. */
export function tarballProblems(packed: readonly Packed[]): string[] {
  const versions = new Map(packed.map((p) => [p.name, p.version]));
  const problems: string[] = [];
  for (const p of packed) {
    if (!p.files.includes('README.md')) problems.push(`${p.name}: no README.md`);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
      const deps = (p.manifest[field] ?? {}) as Record<string, string>;
      for (const [dep, range] of Object.entries(deps)) {
        const ours = versions.get(dep);
        if (ours !== undefined && range !== `^${ours}`)
          problems.push(`${p.name}: ${field}.${dep} is "${range}", expected "^${ours}"`);
      }
    }
  }
  return problems;
}
