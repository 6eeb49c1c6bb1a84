/**
 * `diff` and `report --compare` run their two policies at once, each in a worker thread (the built
 * `dist/policy-worker.*`), or one after the other (`--sequential`): stdout, stderr, exit code and the written
 * report must be the same either way — good streams, invalid lines skipped or stopping the run, a broken
 * policy or an unknown plugin in either worker.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { example, fixture } from '../__fixtures__/harness';
import { generateEvents } from '../generate/generate';

const dist = (name: string) => fileURLToPath(new URL(`../../dist/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'engageloop-workers-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const good = [...generateEvents({ profile: 'ecommerce', users: 15, days: 8, seed: 7 })].map((e) =>
  JSON.stringify(e),
);
const goodEvents = write('good.ndjson', good.join('\n'));
const at = '2026-03-03T09:00:00Z';
const badEvents = write(
  'bad.ndjson',
  [
    ...good.slice(0, 40),
    'not json at all',
    JSON.stringify({ id: 'b2', type: 'review.submitted', userId: 'u1' }),
    ...good.slice(40, 80),
    JSON.stringify({ id: 'b3', type: 'Review!', userId: 'u1', at }),
    ...good.slice(80),
  ].join('\r\n'),
);
const shop = example('ecommerce-reviews.json');
const care = example('community-mutual-help.json');

/** Runs the built CLI (`bin`: bin.cjs or bin.js) in a child process: its exit code, stdout and stderr. */
function cli(
  bin: string,
  args: string[],
  env: Record<string, string> = {},
  stdin = '',
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [dist(bin), ...args], {
      cwd: dir,
      env: { ...process.env, CI: '1', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    // A run that fails before reading its stdin closes the pipe: not an error of the test.
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/**
 * The same command in worker threads (even on one CPU) and one policy after the other, both at once: two
 * child processes, so one waits less for the other's start-up.
 */
async function both(bin: string, args: string[]) {
  const [workers, sequential] = await Promise.all([
    cli(bin, args, { ENGAGELOOP_PARALLEL: '1' }),
    cli(bin, [...args, '--sequential']),
  ]);
  return { workers, sequential };
}

// CI builds before testing; locally the test runs once `npm run build` has produced dist.
describe.runIf(existsSync(dist('policy-worker.js')) && existsSync(dist('policy-worker.cjs')))(
  'two policies in worker threads',
  { timeout: 120_000 },
  () => {
    it('run at once when asked: a diff starts one worker thread (the first policy runs on the main thread)', async () => {
      const [traced, fromStdin, alone] = await Promise.all([
        cli('bin.cjs', ['diff', shop, care, '--events', goodEvents], {
          ENGAGELOOP_PARALLEL: '1',
          NODE_DEBUG: 'worker',
        }),
        cli(
          'bin.cjs',
          ['diff', shop, care, '--events', '-'],
          { ENGAGELOOP_PARALLEL: '1', NODE_DEBUG: 'worker' },
          readFileSync(goodEvents, 'utf8'),
        ),
        cli('bin.cjs', ['diff', shop, care, '--events', goodEvents, '--sequential'], {
          NODE_DEBUG: 'worker',
        }),
      ]);
      expect(traced.code).toBe(0);
      expect(traced.err.match(/instantiating Worker/g)).toHaveLength(1);
      expect(fromStdin.code).toBe(0);
      expect(fromStdin.err.match(/instantiating Worker/g)).toHaveLength(1);
      expect(fromStdin.out).toBe(traced.out);
      expect(alone.err).not.toContain('instantiating Worker');
    });

    it.each([
      ['bin.cjs', 'tables'],
      ['bin.js', 'tables'],
      ['bin.cjs', 'json'],
    ])('diff (%s, %s) prints the same as one policy after the other', async (bin, form) => {
      const args = ['diff', shop, care, '--events', goodEvents, ...(form === 'json' ? ['--json'] : [])];
      const { workers, sequential } = await both(bin, args);
      expect(sequential.code).toBe(0);
      expect(sequential.out).toContain(form === 'json' ? '"delta"' : 'points issued');
      expect(workers).toEqual(sequential);
    });

    it('reports the invalid lines of each run in order with --skip-invalid, and stops at the first without', async () => {
      const [skipped, stopped] = await Promise.all([
        both('bin.cjs', ['diff', shop, care, '--events', badEvents, '--skip-invalid']),
        both('bin.cjs', ['diff', shop, care, '--events', badEvents]),
      ]);
      expect(skipped.sequential.code).toBe(0);
      expect(skipped.sequential.err.match(/EVENT_INVALID/g)).toHaveLength(6); // three lines, in each run
      expect(skipped.workers).toEqual(skipped.sequential);
      expect(stopped.sequential.code).toBe(1);
      expect(stopped.sequential.out).toBe('');
      expect(stopped.workers).toEqual(stopped.sequential);
    });

    it('report --compare writes the same HTML', async () => {
      const html = (name: string) => join(dir, name);
      const args = (out: string) => [
        'report',
        '--policy',
        shop,
        '--compare',
        care,
        '--events',
        goodEvents,
        '--out',
        out,
      ];
      const [workers, sequential] = await Promise.all([
        cli('bin.cjs', args(html('w.html')), { ENGAGELOOP_PARALLEL: '1' }),
        cli('bin.cjs', [...args(html('s.html')), '--sequential']),
      ]);
      expect(sequential.code).toBe(0);
      expect(workers.code).toBe(0);
      expect(readFileSync(html('w.html'), 'utf8')).toBe(readFileSync(html('s.html'), 'utf8'));
    });

    it('reads --events - once for both policies: in workers, and one after the other, as from the file', async () => {
      const bytes = readFileSync(badEvents, 'utf8');
      const args = ['diff', shop, care, '--events', '-', '--skip-invalid'];
      const report = [
        'report',
        '--policy',
        shop,
        '--compare',
        care,
        '--events',
        '-',
        '--out',
        'stdin.html',
        '--skip-invalid',
      ];
      const [fromFile, workers, sequential, reported] = await Promise.all([
        cli('bin.cjs', ['diff', shop, care, '--events', badEvents, '--skip-invalid', '--sequential']),
        cli('bin.cjs', args, { ENGAGELOOP_PARALLEL: '1' }, bytes),
        cli('bin.cjs', [...args, '--sequential'], {}, bytes),
        cli('bin.cjs', report, { ENGAGELOOP_PARALLEL: '1' }, bytes),
      ]);
      expect(fromFile.code).toBe(0);
      expect(workers).toEqual(fromFile);
      expect(sequential).toEqual(fromFile);
      expect(reported.code).toBe(0);
    });

    it.each([
      ['the new policy is broken', ['diff', shop, fixture('typos.json'), '--events', goodEvents]],
      ['the old policy is broken', ['diff', fixture('wrong-params.json'), shop, '--events', goodEvents]],
      [
        'the policy is broken, in Chinese',
        [
          'report',
          '--policy',
          fixture('typos.json'),
          '--compare',
          shop,
          '--events',
          goodEvents,
          '--out',
          'x.html',
          '--lang',
          'zh-CN',
        ],
      ],
      ['an unknown plugin', ['diff', shop, care, '--events', goodEvents, '--plugins', 'foo']],
      ['a missing events file', ['diff', shop, care, '--events', join(dir, 'nowhere.ndjson')]],
    ])('a failure in a worker (%s) gives the error and exit code of today', async (_, args) => {
      const { workers, sequential } = await both('bin.cjs', args);
      expect(sequential.code).toBe(1);
      expect(sequential.err.length).toBeGreaterThan(0);
      expect(workers).toEqual(sequential);
    });
  },
);
