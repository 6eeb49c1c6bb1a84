import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example } from './__fixtures__/harness';
import { runCli } from './cli';
import { generateEvents } from './generate/generate';
import { createCapture } from './io';
import { createProgress } from './progress';

const dir = mkdtempSync(join(tmpdir(), 'engageloop-progress-'));
const eventsFile = join(dir, 'events.ndjson');
const events = [...generateEvents({ profile: 'ecommerce', users: 20, days: 10, seed: 3 })];
writeFileSync(eventsFile, events.map((e) => JSON.stringify(e)).join('\n'));
const policy = example('ecommerce-reviews.json');

describe('progress bar', () => {
  it('draws the total, the rate and the ETA on a terminal and clears itself when done', () => {
    const stderr = createCapture(true);
    let bytes = 0;
    const bar = createProgress({ stdout: createCapture(), stderr, env: {} }, 'en', {
      label: 'run',
      total: 1000,
      position: () => bytes,
    });
    bytes = 100; // read ahead of the 300 events counted: the estimate uses what was read since
    bar.update(300);
    bytes = 500;
    bar.update(2300);
    bar.done();
    const text = stderr.text();
    expect(text).toContain('run ');
    expect(text).toMatch(/50% · 2,300 \/ ~5,000 events · [\d,]+\/s · ETA /);
    expect(text.endsWith('\x1b[2K')).toBe(true); // the line is cleared for what the command prints next
  });

  it('speaks Chinese under zh-CN: count, rate and the time left in Chinese units', () => {
    const stderr = createCapture(true);
    let bytes = 0;
    const bar = createProgress({ stdout: createCapture(), stderr, env: {} }, 'zh-CN', {
      total: 1000,
      position: () => bytes,
    });
    bytes = 50;
    bar.update(100);
    bytes = 250;
    bar.update(900);
    bar.done();
    expect(stderr.text()).toMatch(
      /25% · 900 \/ 约 4,000 个事件 · [\d,]+\/秒 · (?:剩余 (?:\d+小时\d{2}分|\d+分\d{2}秒|\d+秒)|剩余时间计算中…)/,
    );
    expect(stderr.text()).not.toMatch(/ETA|\d+s\b/);
  });

  it('without a known size (a pipe) shows the count and rate only', () => {
    const stderr = createCapture(true);
    const bar = createProgress({ stdout: createCapture(), stderr, env: {} }, 'zh-CN');
    bar.update(1200);
    bar.note('第 3 行无效\n');
    bar.done();
    expect(stderr.text()).toMatch(/1,200 个事件 · [\d,]+\/秒/);
    expect(stderr.text()).toContain('第 3 行无效\n');
    expect(stderr.text()).not.toContain('%');
  });

  it('draws nothing in a pipe or under CI', () => {
    for (const [tty, env] of [
      [false, {}],
      [true, { CI: 'true' }],
    ] as const) {
      const stderr = createCapture(tty);
      const bar = createProgress({ stdout: createCapture(), stderr, env }, 'en', {
        total: 10,
        position: () => 5,
      });
      bar.update(10);
      bar.done();
      expect(stderr.text()).toBe('');
    }
  });

  it.each(['simulate', 'report', 'diff'])(
    '%s shows it on a terminal and not under CI',
    { timeout: 60_000 },
    async (command) => {
      const args = {
        simulate: ['simulate', '--policy', policy, '--events', eventsFile],
        report: ['report', '--policy', policy, '--events', eventsFile, '--out', join(dir, 'r.html')],
        diff: ['diff', policy, policy, '--events', eventsFile],
      }[command] as string[];
      for (const env of [{}, { CI: '1' }]) {
        const stderr = createCapture(true);
        const code = await runCli(args, { stdout: createCapture(), stderr, env, cwd: dir });
        expect(code).toBe(0);
        expect(stderr.text().includes('ETA')).toBe(env.CI === undefined);
      }
    },
  );
});
