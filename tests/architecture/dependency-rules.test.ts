// The import rules of .dependency-cruiser.cjs (run on the real tree by `npm test` as `npm run deps`) bite:
// a small tree laid out like the repository passes them, and each planted violation — a type-only cycle in
// core, a contract type importing engine/, deep and relative imports between packages, core importing a
// plugin, a plugin importing the testing kit — fails them with dependency-cruiser's own report naming the rule.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeRun, run } from '../packaging/run';

const root = fileURLToPath(new URL('../..', import.meta.url));
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const SOURCES = ['packages/core/src', 'packages/testing/src', 'plugins/demo/src'];

/** A tree shaped like the repository (core, the testing kit, one plugin) that keeps every rule. */
const CLEAN: Record<string, string> = {
  // as in the repository: the root tsconfig maps package names to sources, a workspace's extends it
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'ESNext',
      moduleResolution: 'Bundler',
      paths: {
        '@engageloop/core': ['./packages/core/src/index.ts'],
        '@engageloop/core/internal': ['./packages/core/src/internal.ts'],
        '@engageloop/testing': ['./packages/testing/src/index.ts'],
        '@engageloop/demo': ['./plugins/demo/src/index.ts'],
      },
    },
    files: [],
  }),
  'packages/core/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.json', files: ['src/index.ts'] }),
  'packages/core/src/plugin/types.ts': 'export interface Plugin { name: string }\n',
  'packages/core/src/engine/run.ts':
    "import type { Plugin } from '../plugin/types';\nexport const run = (plugin: Plugin): string => plugin.name;\n",
  'packages/core/src/index.ts':
    "export type { Plugin } from './plugin/types';\nexport { run } from './engine/run';\n",
  'packages/core/src/internal.ts': "export { run as runInternal } from './engine/run';\n",
  'packages/testing/src/index.ts':
    "import { run } from '@engageloop/core';\nexport const check = (): string => run({ name: 'x' });\n",
  'plugins/demo/src/index.ts':
    "import type { Plugin } from '@engageloop/core';\nimport { runInternal } from '@engageloop/core/internal';\n" +
    "export const demo: Plugin = { name: runInternal({ name: 'demo' }) };\n",
  'plugins/demo/src/index.test.ts':
    "import { check } from '@engageloop/testing';\nimport { demo } from './index';\nexport const ok = check() + demo.name;\n",
};

/** Each planted file, and the rules its imports break. */
const PLANTED: Array<{ what: string; files: Record<string, string>; rules: string[] }> = [
  {
    what: 'a type-only cycle between a contract type and engine/',
    files: {
      'packages/core/src/plugin/types.ts':
        "import type { run } from '../engine/run';\nexport interface Plugin { name: string; run?: typeof run }\n",
    },
    rules: ['no-circular', 'contract-not-to-engine'],
  },
  {
    what: 'a relative import into another package',
    files: {
      'plugins/demo/src/deep.ts': "export { run } from '../../../packages/core/src/engine/run';\n",
    },
    rules: ['only-public-entry-points', 'no-relative-path-between-packages'],
  },
  {
    what: 'a /src/ deep import by package name',
    files: { 'plugins/demo/src/by-name.ts': "export { run } from '@engageloop/core/src/engine/run';\n" },
    rules: ['not-to-unresolvable'],
  },
  {
    what: 'core importing a plugin',
    files: { 'packages/core/src/uses-plugin.ts': "export { demo } from '@engageloop/demo';\n" },
    rules: ['core-imports-no-other-package'],
  },
  {
    what: "a plugin's code importing the testing kit",
    files: { 'plugins/demo/src/host.ts': "export { check } from '@engageloop/testing';\n" },
    rules: ['plugins-are-not-hosts'],
  },
];

const work = mkdtempSync(join(tmpdir(), 'engageloop-deps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Lays out `files` over the clean tree in a fresh folder with the repository's config; runs the check. */
async function cruise(name: string, files: Record<string, string>) {
  const dir = join(work, name);
  for (const [path, text] of Object.entries({ ...CLEAN, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  const args = [depcruise, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...SOURCES];
  return run(process.execPath, args, { cwd: dir });
}

describe('import rules (.dependency-cruiser.cjs)', { timeout: 120_000 }, () => {
  it('pass on a tree that keeps them', async () => {
    const r = await cruise('clean', {});
    expect(r.code, describeRun('depcruise', r)).toBe(0);
    expect(r.stdout).toContain('no dependency violations found');
  });

  it.each(PLANTED.map((p, i) => [p.what, i] as const))('fail on %s, naming the rule', async (_, i) => {
    const planted = PLANTED[i];
    if (!planted) throw new Error(`no planted case ${i}`);
    const r = await cruise(`planted-${i}`, planted.files);
    expect(r.code, describeRun('depcruise', r)).not.toBe(0);
    const reported = [...r.stdout.matchAll(/error ([a-z-]+):/g)].map((m) => m[1]);
    expect([...new Set(reported)].sort()).toEqual([...planted.rules].sort());
  });
});
