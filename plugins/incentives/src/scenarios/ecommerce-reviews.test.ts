import { describe, expect, it } from 'vitest';
import { balanceOf, type IncentivesState } from '../index';
import { exampleHarness } from './harness';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T04:00:00Z'); // 12:00 in Shanghai
const at = (day: number, hours = 0) => new Date(T0 + day * DAY + hours * 3_600_000).toISOString();

describe('example: e-commerce real reviews (真实评价生态)', () => {
  it('a photo review earns points that stay pending through the return window; the first one a badge', async () => {
    const h = await exampleHarness('ecommerce-reviews');
    const outcome = await h.dispatch('review.submitted', at(0), { media: 'photo' });
    expect(outcome.fired).toEqual(['first-review-badge', 'review-points', 'review-media-bonus']);
    const user = await h.engine.getUser('u1');
    expect(balanceOf(user, 'points', at(1))).toMatchObject({ available: 0, pending: 30 });
    expect(balanceOf(user, 'points', at(7))).toMatchObject({ available: 30, pending: 0 });
    expect(balanceOf(user, 'points', at(7 + 366))).toMatchObject({ available: 0, expired: 30 });
    await h.dispatch('review.submitted', at(1), { media: 'text' });
    expect(h.named('badge:granted').map((b) => b.badge)).toEqual(['first-review']);
  });

  it('a quality review gets a points upgrade and a coupon', async () => {
    const h = await exampleHarness('ecommerce-reviews');
    await h.dispatch('review.submitted', at(0), { media: 'video' });
    const featured = await h.dispatch('review.featured', at(0, 2));
    expect(featured.effects.map((e) => [e.type, e.report.status])).toEqual([
      ['incentives.award', 'applied'],
      ['incentives.award', 'applied'],
    ]);
    const user = await h.engine.getUser('u1');
    expect(balanceOf(user, 'coupons', at(1)).available).toBe(1);
    expect(balanceOf(user, 'coupons', at(31)).expired).toBe(1);
    expect(balanceOf(user, 'points', at(8)).available).toBe(80);
  });

  it('review points are capped per local day (Shanghai), over two UTC days', async () => {
    const h = await exampleHarness('ecommerce-reviews');
    const statuses = [];
    // 12:00, 14:00, 16:00 Shanghai = one local day; 30 points each, cap 60.
    for (const hours of [0, 2, 4]) {
      const o = await h.dispatch('review.submitted', at(0, hours), { media: 'photo' });
      statuses.push(o.effects.map((e) => e.report.status));
    }
    expect(statuses[2]).toContain('capped');
    // 00:30 Shanghai next day is 16:30 UTC the same UTC day: a new local day.
    const next = await h.dispatch('review.submitted', '2026-06-01T16:30:00Z', { media: 'text' });
    expect(next.effects.find((e) => e.type === 'incentives.award')!.report.status).toBe('applied');
  });

  it('an adopted suggestion grants a yearly VIP and the co-creator badge', async () => {
    const h = await exampleHarness('ecommerce-reviews');
    const outcome = await h.dispatch('suggestion.adopted', at(0));
    expect(outcome.messages.map((m) => m.topic)).toEqual(['suggestion-adopted']);
    const user = await h.engine.getUser('u1');
    expect(balanceOf(user, 'vip-days', at(0)).available).toBe(365);
    expect(h.named('badge:granted').map((b) => b.badge)).toEqual(['co-creator']);
  });

  it('a removed review is reversed with new entries; the ledger keeps the originals', async () => {
    const h = await exampleHarness('ecommerce-reviews');
    const review = await h.dispatch('review.submitted', at(0), { media: 'photo' });
    await h.dispatch('review.submitted', at(1), { media: 'text' });
    const removed = await h.dispatch('review.removed', at(2), { reviewEventId: review.eventId });
    expect(removed.effects[0]!.report).toMatchObject({ status: 'applied' });
    const user = await h.engine.getUser('u1');
    const state = user!.slices.incentives as IncentivesState;
    expect(state.entries.map((e) => [e.kind, e.amount])).toEqual([
      ['award', 10],
      ['award', 20],
      ['award', 10],
      ['revoke', -10],
      ['revoke', -20],
    ]);
    expect(balanceOf(user, 'points', at(10)).available).toBe(10);
    // Removing it again reverses nothing more.
    const again = await h.dispatch('review.removed', at(3), { reviewEventId: review.eventId });
    expect(again.effects[0]!.report).toMatchObject({ status: 'skipped', reason: 'nothing-to-revoke' });
  });
});
