/**
 * The real review loop 真实评价生态 (docs/examples/real-review-loop.json) through the public API: photo and
 * video reviews open need items answered within 24 h, suggestions and complaints too; quality review →
 * points upgrade + coupon; adopted suggestion → yearly VIP; undoing a review withdraws the first-review badge;
 * the daily review cap ends at local midnight in Asia/Shanghai; a replay of the stream changes nothing.
 */
import { balanceOf, type IncentivesState } from '@engageloop/incentives';
import { computeLoopFigures, type NeedDoc } from '@engageloop/needs';
import { describe, expect, it } from 'vitest';
import { programme } from './harness';

const HOUR = 3_600_000;
const T0 = '2026-03-02T02:00:00Z'; // 10:00 in Shanghai
const later = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();
const need = async (h: ReturnType<typeof programme>, id: string) =>
  (await h.store.getDocument(`need:${id}`)) as NeedDoc | undefined;

describe('real review loop programme', () => {
  it('photo and video reviews open need items answered within 24 h; text reviews do not', async () => {
    const h = programme('real-review-loop', T0);
    const photo = await h.send('review.submitted', 'u1', T0, {
      media: 'photo',
      productId: 'p-1',
      text: '尺码偏小',
    });
    const video = await h.send('review.submitted', 'u2', T0, {
      media: 'video',
      productId: 'p-1',
      text: 'Great',
    });
    const text = await h.send('review.submitted', 'u3', T0, { media: 'text', productId: 'p-1', text: 'ok' });
    expect((await need(h, photo.id))?.sla.acknowledgeDueAt).toBe(Date.parse(T0) + 24 * HOUR);
    expect(await need(h, text.id)).toBeUndefined();
    // the automatic thanks ("recorded, passed to R&D") in the user's locale
    expect(await h.bodies('u1', 'media-review-thanks')).toEqual([expect.stringContaining('转交研发')]);
    // staff answer the photo review in 3 h; the video review waits past its 24 h
    await h.send('need.status', 'staff', later(3), { needId: photo.id, to: 'acknowledged' });
    h.clock.set(later(25));
    await h.engine.tick();
    expect((await need(h, photo.id))?.sla.breached).toEqual([]);
    expect((await need(h, video.id))?.sla.breached).toEqual(['acknowledge']);
    const figures = computeLoopFigures([(await need(h, photo.id))!, (await need(h, video.id))!]);
    expect(figures.total).toMatchObject({
      count: 2,
      acknowledged: 1,
      breached: 1,
      meanTimeToAcknowledgeMs: 3 * HOUR,
    });
  });

  it('suggestions and complaints enter the same loop, a complaint with its urgency', async () => {
    const h = programme('real-review-loop', T0);
    const s = await h.send('suggestion.submitted', 'u1', T0, { text: 'Offer a smaller size' });
    const c = await h.send('complaint.submitted', 'u1', T0, { text: 'Parcel lost', urgency: 'urgent' });
    expect(await need(h, s.id)).toMatchObject({ kind: 'suggestion', status: 'captured' });
    expect(await need(h, c.id)).toMatchObject({ kind: 'complaint', urgency: 'urgent' });
    expect((await need(h, c.id))?.sla.acknowledgeDueAt).toBe(Date.parse(T0) + 2 * HOUR);
  });

  it('quality review → points upgrade + coupon; adopted suggestion → yearly VIP', async () => {
    const h = programme('real-review-loop', T0);
    await h.send('review.featured', 'u1', T0, { productId: 'p-1' });
    await h.send('suggestion.adopted', 'u1', later(1), { suggestionId: 's-1' });
    const user = await h.engine.getUser('u1');
    const t = Date.parse(later(2));
    expect(balanceOf(user, 'points', t).total).toBe(50);
    expect(balanceOf(user, 'coupons', t).total).toBe(1);
    expect(balanceOf(user, 'vip-days', t).total).toBe(365);
    expect((user!.slices.incentives as IncentivesState).badges).toHaveProperty('co-creator');
  });

  it('undoing a review inside the undo window reverses its points and withdraws the first-review badge', async () => {
    const h = programme('real-review-loop', T0);
    const review = await h.send('review.submitted', 'u1', T0, {
      media: 'photo',
      productId: 'p-1',
      text: 'x',
    });
    expect(((await h.engine.getUser('u1'))!.slices.incentives as IncentivesState).badges).toHaveProperty(
      'first-review',
    );
    await h.send('action.undone', 'u1', later(0.25), { eventId: review.id });
    const user = await h.engine.getUser('u1');
    const s = user!.slices.incentives as IncentivesState;
    expect(s.badges).not.toHaveProperty('first-review');
    expect(s.milestones).not.toHaveProperty('first-review');
    expect(balanceOf(user, 'points', Date.parse(later(1))).total).toBe(0);
    expect(h.named('badge:withdrawn')).toEqual([expect.objectContaining({ badge: 'first-review', to: 0 })]);
    expect(await h.bodies('u1', 'rewards.withdrawn')).toEqual([expect.stringContaining('「首评」已收回')]);
    // past the window (30 min) an undo is refused and the badge of a new first review stays
    const again = await h.send('review.submitted', 'u1', later(1), { media: 'text', productId: 'p-2' });
    await h.send('action.undone', 'u1', later(2), { eventId: again.id });
    expect(((await h.engine.getUser('u1'))!.slices.incentives as IncentivesState).badges).toHaveProperty(
      'first-review',
    );
  });

  it('the daily review cap ends at local midnight in Asia/Shanghai', async () => {
    const h = programme('real-review-loop', '2026-03-02T15:00:00Z');
    // 23:5x local: two photo reviews (30 each) reach the 60-point cap; a third earns nothing
    for (let i = 0; i < 3; i++)
      await h.send('review.submitted', 'u1', `2026-03-02T15:5${i}:00Z`, {
        media: 'photo',
        productId: `p-${i}`,
      });
    const total = async (t: string) => balanceOf(await h.engine.getUser('u1'), 'points', Date.parse(t)).total;
    expect(await total('2026-03-02T15:59:00Z')).toBe(60);
    // 00:00 local on 3 March = 16:00 UTC: a new day
    await h.send('review.submitted', 'u1', '2026-03-02T16:00:00Z', { media: 'photo', productId: 'p-9' });
    expect(await total('2026-03-02T16:01:00Z')).toBe(90);
  });

  it('replaying the whole stream changes nothing', async () => {
    const h = programme('real-review-loop', T0);
    const r = await h.send('review.submitted', 'u1', T0, { media: 'video', productId: 'p-1', text: 'nice' });
    await h.send('review.submitted', 'u2', T0, { media: 'photo', productId: 'p-2', text: 'small' });
    await h.send('suggestion.submitted', 'u2', later(1), { text: 'Bigger sizes' });
    await h.send('need.status', 'staff', later(2), { needId: r.id, to: 'acknowledged' });
    await h.send('review.featured', 'u1', later(3), { productId: 'p-1' });
    await h.send('action.undone', 'u2', later(0.2), { eventId: 'ev2' });
    const before = await h.snapshot(['u1', 'u2', 'staff']);
    for (const event of h.sent) expect((await h.engine.dispatch(event)).status).toBe('duplicate');
    expect(await h.snapshot(['u1', 'u2', 'staff'])).toBe(before);
  });
});
