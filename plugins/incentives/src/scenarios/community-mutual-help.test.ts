import { describe, expect, it } from 'vitest';
import { balanceOf, growthSummary } from '../index';
import { exampleHarness } from './harness';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai, a Monday
const at = (day: number, hours = 0) => new Date(T0 + day * DAY + hours * 3_600_000).toISOString();

describe('example: community mutual help (邻里互助计划)', () => {
  it('5 help offers earn the "neighbourhood expert" badge', async () => {
    const h = await exampleHarness('community-mutual-help');
    for (let i = 0; i < 5; i++) await h.dispatch('help.offered', at(i * 2));
    expect(h.named('badge:granted')).toEqual([
      expect.objectContaining({ badge: 'neighbourhood-expert', level: 1, previousLevel: 0 }),
    ]);
    expect(h.named('milestone:reached')).toEqual([
      expect.objectContaining({ milestone: 'offers-5', value: 5 }),
    ]);
  });

  it('offer points are capped per local week and the cap is reported, not dropped silently', async () => {
    const h = await exampleHarness('community-mutual-help');
    const reports = [];
    for (let i = 0; i < 6; i++) reports.push((await h.dispatch('help.offered', at(0, i))).effects[0]!.report);
    expect(reports.slice(0, 5).every((r) => r.status === 'applied')).toBe(true);
    expect(reports[5]).toMatchObject({ status: 'capped' });
    expect(h.named('reward:capped')).toEqual([
      expect.objectContaining({
        requested: 5,
        granted: 0,
        caps: [expect.objectContaining({ id: 'offers-weekly', max: 25 })],
      }),
    ]);
    // Next Monday (local) is a new week.
    expect((await h.dispatch('help.offered', at(7))).effects[0]!.report.status).toBe('applied');
  });

  it('10 helps → a service voucher, 20 helps → "neighbourhood star" with its ceremony, nudges 2 to go', async () => {
    const h = await exampleHarness('community-mutual-help');
    const topics: string[] = [];
    for (let i = 0; i < 20; i++) {
      const outcome = await h.dispatch('help.completed', at(i), { rating: 5 });
      topics.push(...outcome.messages.map((m) => m.topic));
    }
    const user = await h.engine.getUser('u1');
    expect(balanceOf(user, 'service-voucher', at(21)).available).toBe(1);
    expect(h.named('badge:granted').map((b) => b.badge)).toEqual(['neighbourhood-star']);
    expect(topics.filter((t) => t === 'milestone-helps-20')).toHaveLength(1);
    // 8 and 9 helps (2 and 1 to go to 10), 18 and 19 (to 20).
    expect(topics.filter((t) => t === 'help-nudge')).toHaveLength(4);
    // 20 helps × (10 + 5 for a good rating).
    expect(balanceOf(user, 'points', at(21)).available).toBe(300);
  });

  it('core members earn double points for proposals; a campaign multiplies help points', async () => {
    const h = await exampleHarness('community-mutual-help');
    const basic = await h.dispatch('proposal.submitted', at(0));
    expect(basic.effects[0]!.report.data).toMatchObject({ points: 20, multiplier: 1 });
    for (let i = 0; i < 3; i++) await h.dispatch('proposal.adopted', at(1, i)); // 3 × 100 → core (≥ 300)
    expect(h.named('tier:changed').at(-1)).toMatchObject({ to: 'core' });
    const core = await h.dispatch('proposal.submitted', at(2));
    expect(core.effects[0]!.report.data).toMatchObject({ points: 40, multiplier: 2 });
    const campaign = await h.dispatch('help.completed', '2026-05-03T02:00:00Z', { rating: 3 });
    expect(campaign.effects[0]!.report.data).toMatchObject({ points: 15, multiplier: 1.5 });
  });

  it('points can be donated to the charity wallet (social value), never below zero', async () => {
    const h = await exampleHarness('community-mutual-help');
    await h.dispatch('help.completed', at(0), { rating: 5 });
    const ok = await h.dispatch('points.donated', at(1), { points: 10 });
    expect(ok.effects[0]!.report).toMatchObject({ status: 'applied', data: { points: 10, credited: 10 } });
    const tooMuch = await h.dispatch('points.donated', at(1, 1), { points: 10 });
    expect(tooMuch.effects[0]!.report).toMatchObject({ status: 'skipped', reason: 'insufficient-balance' });
    const summary = growthSummary(await h.engine.getUser('u1'), at(2));
    expect(summary.balances.charity?.available).toBe(10);
    expect(summary.balances.points?.available).toBe(5);
  });
});
