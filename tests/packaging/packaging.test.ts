// Packs every published package, installs the tarballs into a fresh app and uses them the way a user
// would: ESM, CommonJS, strict TypeScript, vitest with @engageloop/testing/vitest, and the installed CLI.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesSchemaProblems } from './example-schemas';
import { type Packed, packAll, tarballProblems } from './pack';
import { describeRun, run } from './run';
import { createApp, registryUnreachable } from './temp-app';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unreachable = await registryUnreachable(root);
if (unreachable) console.log(`packaging test skipped: ${unreachable}`);

describe.skipIf(unreachable !== undefined)(
  'packages installed from their tarballs',
  { timeout: 240_000 },
  () => {
    const work = mkdtempSync(join(tmpdir(), 'engageloop-packaging-'));
    const app = join(work, 'app');
    let packed: Packed[] = [];
    const node = (args: string[]) => run(process.execPath, args, { cwd: app });
    const bin = (name: string) => join(app, 'node_modules/.bin', name);

    beforeAll(async () => {
      if (!readdirSync(join(root, 'packages/cli')).includes('dist'))
        throw new Error('The packages are not built: run `npm run build` (npm test builds first).');
      packed = await packAll(root, work);
      await createApp(root, app, packed);
    }, 240_000);
    // The app's node_modules: thousands of files, which a loaded disk takes more than the default 10 s to remove.
    afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

    it('packs every package with a README, its entry points and ^x.y.z ranges between our packages', () => {
      expect(packed.map((p) => p.name).sort()).toHaveLength(10);
      expect(tarballProblems(packed)).toEqual([]);
      const files = (name: string) => packed.find((p) => p.name === name)?.files ?? [];
      expect(files('@engageloop/testing')).toEqual(
        expect.arrayContaining(['dist/vitest.js', 'dist/vitest.cjs']),
      );
      expect(files('@engageloop/cli')).toEqual(
        expect.arrayContaining([
          'bin/engageloop.cjs',
          'dist/policy-worker.js',
          'dist/policy-worker.cjs',
          'schema/policy.schema.json',
          'examples/lifecycle-care.json',
        ]),
      );
    });

    it('runs an ESM and a CommonJS script on core, the four plugins, SQLite and the testing kit', async () => {
      for (const script of ['app.mjs', 'app.cjs']) {
        const r = await node([script]);
        expect(r.code, describeRun(script, r)).toBe(0);
        const out = JSON.parse(r.stdout) as Record<string, unknown>;
        expect(out.statuses).toEqual(['applied', 'applied', 'applied', 'applied', 'duplicate']);
        expect(out.points).toBe(30); // 4 reviews × 10 points, capped at 30 a day
        expect(out.topics).toEqual(['first-review', 'thank', 'thank', 'thank', 'thank']);
        expect(out.policyTest).toBe('function');
      }
    });

    it('type-checks a strict TypeScript file (no skipLibCheck) against the .d.ts and .d.cts files', async () => {
      const r = await node([join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
      expect(r.code, describeRun('tsc --noEmit', r)).toBe(0);
    });

    it('runs a vitest file that registers policyTest from @engageloop/testing/vitest', async () => {
      const r = await run(bin('vitest'), ['run', '--reporter=dot'], {
        cwd: app,
        env: { ...process.env, CI: '1' },
      });
      expect(r.code, describeRun('vitest run', r)).toBe(0);
      expect(r.stdout).toMatch(/1 passed/);
    });

    it('runs the installed engageloop demo, and validate on the shipped examples', async () => {
      const demo = await run(bin('engageloop'), ['demo', '--users', '20', '--days', '7'], { cwd: app });
      expect(demo.code, describeRun('engageloop demo', demo)).toBe(0);
      expect(demo.stdout).toContain('node_modules/@engageloop/cli/examples');
      expect(demo.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const examples = join(app, 'node_modules/@engageloop/cli/examples');
      for (const name of readdirSync(examples)) copyFileSync(join(examples, name), join(app, name));
      const names = readdirSync(examples);
      const validate = await run(bin('engageloop'), ['validate', ...names], { cwd: app });
      expect(validate.code, describeRun('engageloop validate', validate)).toBe(0);
    });

    it('runs the installed engageloop diff in worker threads, as it prints one policy after the other', async () => {
      const events = await run(
        bin('engageloop'),
        ['generate-events', '--profile', 'ecommerce', '--users', '20', '--days', '7'],
        { cwd: app },
      );
      expect(events.code, describeRun('engageloop generate-events', events)).toBe(0);
      writeFileSync(join(app, 'events.ndjson'), events.stdout);
      const examples = join(app, 'node_modules/@engageloop/cli/examples');
      const args = [
        'diff',
        join(examples, 'ecommerce-reviews.json'),
        join(examples, 'lifecycle-care.json'),
        '--events',
        'events.ndjson',
      ];
      const workers = await run(bin('engageloop'), args, {
        cwd: app,
        env: { ...process.env, CI: '1', ENGAGELOOP_PARALLEL: '1', NODE_DEBUG: 'worker' },
      });
      const sequential = await run(bin('engageloop'), [...args, '--sequential'], {
        cwd: app,
        env: { ...process.env, CI: '1' },
      });
      expect(workers.code, describeRun('engageloop diff', workers)).toBe(0);
      // the second policy in a worker thread, the first on the main thread
      expect(workers.stderr.match(/instantiating Worker/g)).toHaveLength(1);
      expect(workers.stdout).toBe(sequential.stdout);
    });

    it("validates every example against the file its $schema names, resolved from the user's project", () => {
      const problems = examplesSchemaProblems(
        readdirSync(join(root, 'docs/examples'))
          .filter((name) => name.endsWith('.json'))
          .map((name) => ({
            name,
            text: readFileSync(join(root, 'docs/examples', name), 'utf8'),
          })),
        app,
      );
      expect(problems).toEqual([]);
    });
  },
);
