import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each published package, and names its built entry must export from both `import` and `require`. */
const PACKAGES: Array<[string, string, string[]]> = [
  [
    '@engageloop/core',
    'packages/core',
    [
      'createEngine',
      'loadPolicy',
      'createMemoryStore',
      'EngageLoopError',
      'policySchema',
      'DEFAULT_LIMITS',
      'renderTemplate',
      'channelFormat',
    ],
  ],
  ['@engageloop/incentives', 'plugins/incentives', ['incentives']],
  ['@engageloop/lifecycle', 'plugins/lifecycle', ['lifecycle']],
  ['@engageloop/replies', 'plugins/replies', ['replies']],
  [
    '@engageloop/community',
    'plugins/community',
    ['community', 'leaderboard', 'contestWithinTop', 'reactionsCountOnce'],
  ],
  ['@engageloop/store-sqlite', 'packages/store-sqlite', ['createSqliteStore']],
  ['@engageloop/store-postgres', 'packages/store-postgres', ['createPostgresStore']],
];

function run(code: string, type: 'module' | 'commonjs'): string {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe('built packages load from import and require, with types', () => {
  for (const [name, dir, names] of PACKAGES) {
    const built = existsSync(`${root}/${dir}/dist/index.js`);
    it.skipIf(!built)(`${name} (ESM + CJS + .d.ts)`, () => {
      const list = JSON.stringify(names);
      const esm = run(
        `const m = await import('${name}'); console.log(${list}.filter((n) => !(n in m)).join(','))`,
        'module',
      );
      const cjs = run(
        `const m = require('${name}'); console.log(${list}.filter((n) => !(n in m)).join(','))`,
        'commonjs',
      );
      expect(esm.trim()).toBe('');
      expect(cjs.trim()).toBe('');
      for (const file of ['index.d.ts', 'index.d.cts'])
        expect(existsSync(`${root}/${dir}/dist/${file}`)).toBe(true);
    });
  }
});
