import { describe, expect, it } from 'vitest';
import { example, run } from '../__fixtures__/harness';
import type { SimulationSummary } from '../summary';

/**
 * Each community and workplace example on its profile's stream (`simulate --profile`): the key rewards of
 * its programme (domain.md §8) fire. The run crosses a year end, so yearly contests close too.
 */
const CASES: Array<{
  profile: string;
  file: string;
  badges: string[];
  wallets: string[];
  contests: string[];
  converted?: string;
}> = [
  {
    profile: 'community',
    file: 'community-mutual-help.json',
    badges: ['neighbourhood-expert', 'monthly-star'],
    wallets: ['service-voucher'],
    contests: ['monthly-star'],
  },
  {
    profile: 'community',
    file: 'themed-groups.json',
    badges: ['group-owner', 'resource-priority', 'best-owner-of-the-year'],
    wallets: ['owner-activity', 'activity-fund'],
    contests: ['yearly-best-owner'],
  },
  {
    profile: 'community',
    file: 'co-creation-proposals.json',
    badges: ['honour-wall'],
    wallets: ['points'],
    contests: [],
  },
  {
    profile: 'workplace',
    file: 'workplace-strategy-co-creation.json',
    badges: ['whole-picture', 'strategy-contributor', 'project-priority', 'strategy-co-creator-of-the-year'],
    wallets: ['strategy-award'],
    contests: ['strategy-co-creator-of-the-year'],
  },
  {
    profile: 'workplace',
    file: 'workplace-innovation.json',
    badges: ['steady-progress'],
    wallets: ['innovation'],
    contests: [],
    converted: 'innovation→training-credits',
  },
  {
    // The 30-day shared streak (team fund, promotion credit) needs every member on every day: not reached.
    profile: 'workplace',
    file: 'workplace-cross-department-lab.json',
    badges: [],
    wallets: ['points'],
    contests: ['weekly-review-spotlight'],
  },
];

const simulate = (profile: string, file: string, json: boolean) =>
  run([
    'simulate',
    '--policy',
    example(file),
    '--profile',
    profile,
    ...['--users', '60', '--days', '60', '--seed', '1', '--start', '2026-11-10T00:00:00Z'],
    ...(json ? ['--json'] : []),
  ]);

// Whole simulations: generous timeout for loaded CI machines (no timing is asserted).
describe('the community and workplace examples on their profile streams', { timeout: 60_000 }, () => {
  it.each(CASES)('$file on the $profile profile grants its key rewards', async (c) => {
    const { code, out } = await simulate(c.profile, c.file, true);
    expect(code).toBe(0);
    const s = JSON.parse(out) as SimulationSummary;
    expect(s.events.failed).toBe(0);
    for (const badge of c.badges) expect(s.rewards.badges[badge] ?? 0, badge).toBeGreaterThan(0);
    for (const wallet of c.wallets)
      expect(s.rewards.byWallet[wallet]?.grants ?? 0, wallet).toBeGreaterThan(0);
    for (const contest of c.contests) {
      const winners = (s.community.contests[contest] ?? []).flatMap((p) => p.winners);
      expect(winners.length, contest).toBeGreaterThan(0);
    }
    if (c.converted) expect(s.rewards.converted[c.converted] ?? 0).toBeGreaterThan(0);
  });

  it("names contests by the policy's display names in both languages", async () => {
    // One stream in both languages (the default, English, and Chinese): 30 users over 40 days close a
    // monthly contest.
    const simulated = (...lang: string[]) =>
      run([
        'simulate',
        '--policy',
        example('community-mutual-help.json'),
        '--profile',
        'community',
        ...['--users', '30', '--days', '40', ...lang],
      ]);
    const en = await simulated();
    expect(en.out).toContain('Neighbourhood star of the month');
    const zh = await simulated('--lang', 'zh-CN');
    expect(zh.out).toContain('本月邻里之星');
  });
});
