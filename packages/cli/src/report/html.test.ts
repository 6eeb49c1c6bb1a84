import { readFileSync } from 'node:fs';
import { loadPolicy, type PolicyDocument } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { generateEvents } from '../generate/generate';
import { numbered } from '../ndjson';
import { firstPartyPlugins, pluginsForPolicy } from '../plugins';
import { renderReport } from './html';
import { type PolicyRun, runPolicy } from './run';

const all = firstPartyPlugins();
const events = [...generateEvents({ profile: 'ecommerce', users: 30, days: 7, seed: '5' })];

async function runExample(file: string): Promise<PolicyRun> {
  const doc = JSON.parse(
    readFileSync(new URL(`../../../../docs/examples/${file}`, import.meta.url), 'utf8'),
  ) as PolicyDocument;
  const plugins = pluginsForPolicy(doc, all);
  const result = await runPolicy({ policy: loadPolicy(doc, { plugins }), plugins, input: numbered(events) });
  if (!result.ok) throw new Error(result.invalid.message);
  return result;
}

const chartsOf = (html: string) => [...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]);

describe('the HTML report', { timeout: 60_000 }, () => {
  it('shows cost per wallet, rules fired, badges and a cap line, by the policy’s own names', async () => {
    const run = await runExample('ecommerce-reviews.json');
    const html = renderReport({ runs: [{ label: 'ecommerce', run }], locale: 'zh-CN' });
    expect(chartsOf(html)).toEqual([
      'points-per-day',
      'tiers-over-time',
      'cost-by-wallet',
      'rules-fired',
      'badges',
    ]);
    expect(html).toContain('上限「review-daily」');
    expect(html).toMatch(/class="limit"[^>]*d="M/);
    for (const name of ['会员积分', '优惠券', '基础层', '首评']) expect(html).toContain(name);
    expect(html).not.toContain('(none)');
    expect(html).not.toContain('<table class="diff"');
  });

  it('shows only the charts a policy has data for, and a diff table with --compare', async () => {
    const care = await runExample('lifecycle-care.json');
    const alone = renderReport({ runs: [{ label: 'care', run: care }], locale: 'en' });
    expect(chartsOf(alone)).not.toContain('tiers-over-time');
    expect(chartsOf(alone)).not.toContain('loop-funnel');
    expect(chartsOf(alone)).toContain('care-by-trigger');

    const shop = await runExample('ecommerce-reviews.json');
    const both = renderReport({
      runs: [
        { label: 'shop', run: shop },
        { label: 'care', run: care },
      ],
      locale: 'en',
    });
    const table = /<table class="diff"[\s\S]*?<\/table>/.exec(both)?.[0] ?? '';
    const points = shop.summary.rewards.byWallet.points?.amount ?? 0;
    expect(points).toBeGreaterThan(0);
    // compared policy (care) → this policy (shop): every point is new
    expect(table).toContain(
      `<th scope="row">Member points</th><td>0</td><td>${points.toLocaleString('en')}</td>`,
    );
    expect(table).toContain('Rule review-points fired');
  });

  it('says why there is no chart when no rule of the policy fired on the events', async () => {
    const run = await runExample('feedback-loop.json');
    expect(run.summary.rules).toEqual({});
    for (const [locale, words] of [
      ['en', 'no rule of the policy fired'],
      ['zh-CN', '策略的规则在这些事件上都没有触发'],
    ] as const) {
      const html = renderReport({ runs: [{ label: 'feedback', run }], locale });
      expect(chartsOf(html)).toEqual([]);
      expect(html).toContain(`<p class="no-charts">`);
      expect(html).toContain(words);
    }
    const shop = await runExample('ecommerce-reviews.json');
    expect(renderReport({ runs: [{ label: 'shop', run: shop }], locale: 'en' })).not.toContain(
      '<p class="no-charts">',
    );
  });
});
