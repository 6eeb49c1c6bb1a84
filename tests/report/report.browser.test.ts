import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadPolicy } from '@engageloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/cli';
import { generateEvents } from '../../packages/cli/src/generate/generate';
import { createCapture } from '../../packages/cli/src/io';
import { firstPartyPlugins, pluginsForPolicy } from '../../packages/cli/src/plugins';

/** An element as the page function sees it (the tests' tsconfig has no DOM types). */
type Box = { getBoundingClientRect(): { height: number } };

const root = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  process.stdout.write(`report.browser.test: skipped — ${CHROMIUM} is absent (apt-get install chromium)\n`);

// Only the charts one of the two policies has data for: no needs in either, so no loop funnel or SLA.
const CHARTS = [
  'points-per-day',
  'tiers-over-time',
  'cost-by-wallet',
  'rules-fired',
  'badges',
  'care-by-trigger',
  'care-by-channel',
];

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engageloop-report-'));
  const html = join(dir, 'report.html');
  // biome-ignore lint/suspicious/noExplicitAny: playwright-core is loaded only when Chromium exists
  let browser: any;

  beforeAll(async () => {
    const events = [...generateEvents({ profile: 'ecommerce', users: 80, days: 21, seed: '7' })];
    writeFileSync(join(dir, 'events.ndjson'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const policy = join(root, 'docs/examples/ecommerce-reviews.json');
    const compare = join(root, 'docs/examples/lifecycle-care.json');
    const out = createCapture();
    const err = createCapture();
    const code = await runCli(
      [
        'report',
        '--policy',
        policy,
        '--compare',
        compare,
        '--events',
        'events.ndjson',
        '--out',
        html,
        '--lang',
        'zh-CN',
      ],
      { stdout: out, stderr: err, cwd: dir },
    );
    expect(err.text()).toContain('report.html');
    expect(code).toBe(0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart for both policies, with no console errors and no network requests', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m: { type(): string; text(): string }) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e: Error) => problems.push(e.message));
    page.on('request', (r: { url(): string }) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

    const found = await page.$$eval(
      'section.chart-card',
      (
        cards: Array<{
          getAttribute(n: string): string | null;
          querySelector(s: string): { getBoundingClientRect(): { width: number; height: number } } | null;
          querySelectorAll(s: string): { length: number };
        }>,
      ) =>
        cards.map((card) => {
          const svg = card.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            chart: card.getAttribute('data-chart'),
            run: card.getAttribute('data-run'),
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            marks: card.querySelectorAll('svg .mark').length,
            empty: card.querySelectorAll('svg .empty').length,
          };
        }),
    );
    expect(found.map((f: { chart: string }) => f.chart).sort()).toEqual([...CHARTS, ...CHARTS].sort());
    for (const f of found) {
      expect(f.width, `${f.chart}#${f.run}`).toBeGreaterThan(100);
      expect(f.height, `${f.chart}#${f.run}`).toBeGreaterThan(20);
      expect(f.marks + f.empty, `${f.chart}#${f.run} has marks or says it is empty`).toBeGreaterThan(0);
    }
    // The reviewed policy issues points every day; the compared lifecycle policy sends care.
    const marks = (chart: string, run: string) =>
      found.find((f: { chart: string; run: string }) => f.chart === chart && f.run === run)?.marks ?? 0;
    expect(marks('points-per-day', '0')).toBeGreaterThan(5);
    expect(marks('tiers-over-time', '0')).toBeGreaterThan(5);
    expect(marks('care-by-trigger', '1')).toBeGreaterThan(0);
    expect(marks('care-by-channel', '1')).toBeGreaterThan(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // Legends and tables use the policy's display names, not ids or "(none)".
    const legends = await page.$$eval('.legend li', (items: Array<{ textContent: string | null }>) =>
      items.map((i) => i.textContent ?? ''),
    );
    expect(legends).toEqual(expect.arrayContaining(['基础层', '已发放']));
    expect(legends.join(' ')).not.toMatch(/\(none\)|advanced|basic/);
    const diffRows = await page.$$eval('table.diff tbody tr', (rows: Array<{ textContent: string | null }>) =>
      rows.map((r) => r.textContent ?? ''),
    );
    expect(diffRows.some((r: string) => r.startsWith('会员积分'))).toBe(true);
    expect(diffRows.some((r: string) => r.startsWith('VIP 天数'))).toBe(true);
    expect(await page.locator('[data-chart="points-per-day"][data-run="0"] path.limit').count()).toBe(1);

    mkdirSync(join(root, 'tests/artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'tests/artifacts/report.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(readFileSync(html, 'utf8')).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  }, 60_000);

  it('a single-policy report: axis labels no larger than chart titles, no tier chart without tiers', async () => {
    const single = join(dir, 'single.html');
    const code = await runCli(
      [
        'report',
        '--policy',
        join(root, 'docs/examples/ecommerce-reviews.json'),
        '--events',
        'events.ndjson',
        '--out',
        single,
      ],
      { stdout: createCapture(), stderr: createCapture(), cwd: dir },
    );
    expect(code).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(pathToFileURL(single).href, { waitUntil: 'load' });
    const sizes = await page.$$eval('section.chart-card', (cards: Array<{ querySelector(s: string): Box }>) =>
      cards.map((card) => {
        const title = card.querySelector('h3');
        const tick = card.querySelector('svg .tick, svg .label');
        return { title: title.getBoundingClientRect().height, tick: tick.getBoundingClientRect().height };
      }),
    );
    expect(sizes.length).toBe(5);
    for (const s of sizes) expect(s.tick).toBeLessThanOrEqual(s.title);
    await page.screenshot({ path: join(root, 'tests/artifacts/report-single.png'), fullPage: true });

    const noTiers = join(dir, 'care.html');
    await runCli(
      [
        'report',
        '--policy',
        join(root, 'docs/examples/lifecycle-care.json'),
        '--events',
        'events.ndjson',
        '--out',
        noTiers,
      ],
      { stdout: createCapture(), stderr: createCapture(), cwd: dir },
    );
    const text = readFileSync(noTiers, 'utf8');
    expect(text).not.toContain('data-chart="tiers-over-time"');
    expect(text).toContain('data-chart="care-by-trigger"');
  }, 60_000);

  it("a community report: activity, track stages and each period's contest winners, contests by name", async () => {
    const file = join(root, 'docs/examples/social-group-buying.json');
    const document = JSON.parse(readFileSync(file, 'utf8'));
    const plugins = pluginsForPolicy(document, firstPartyPlugins());
    const policy = loadPolicy(document, { plugins });
    const events = [...generateEvents({ policy: { policy, plugins }, users: 60, days: 45, seed: '7' })];
    writeFileSync(join(dir, 'community.ndjson'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const out = join(dir, 'community.html');
    const code = await runCli(['report', '--policy', file, '--events', 'community.ndjson', '--out', out], {
      stdout: createCapture(),
      stderr: createCapture(),
      cwd: dir,
    });
    expect(code).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e: Error) => problems.push(e.message));
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
    const marks = await page.locator('[data-chart="community-activity"] svg .mark').count();
    expect(marks).toBeGreaterThanOrEqual(3);
    const winners = await page.$$eval(
      '[data-chart="contest-winners"] tbody tr',
      (rows: Array<{ textContent: string | null }>) => rows.map((r) => r.textContent ?? ''),
    );
    expect(winners.length).toBeGreaterThan(0);
    // The contest `monthly-likes` by the policy's English name.
    expect(winners[0]).toMatch(/^Most-liked posts of the monthmonth:\d{4}-\d{2}1\. post-\d+ \(\d+\)/);
    const table = await page.locator('[data-chart="contest-winners"] table').boundingBox();
    expect(table?.height ?? 0).toBeGreaterThan(20);
    await page.screenshot({ path: join(root, 'tests/artifacts/report-community.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);
});
