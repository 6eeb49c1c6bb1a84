import type { PolicyDocument } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { chainReview } from './review-timers';
import { resolveSettings } from './settings';
import { initialSlice } from './state/slice';
import { createHarness } from './testing/harness';

const DAY = 86_400_000;
const T0 = '2026-01-05T10:00:00Z';
const at = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();

function policy(reviewAfter: Array<{ days: number }>): PolicyDocument {
  return {
    version: 1,
    defaults: { timezone: 'UTC', locale: 'en' },
    eventTypes: { ping: {} },
    settings: { lifecycle: { reviewAfter } },
    rules: [],
  };
}

/** The user's armed review timers as `trigger @ days after T0`. */
async function reviews(h: ReturnType<typeof createHarness>, userId: string): Promise<string[]> {
  return (await h.timers(userId))
    .filter((t) => (t.payload as { purpose?: string }).purpose === 'review')
    .map((t) => `${(t.payload as { trigger: string }).trigger} @ ${(t.dueAt - Date.parse(T0)) / DAY}`);
}

/** Ticks once a day from `from` to `to` (days after T0); the triggers of the review timers that fired, with the day. */
async function tickDaily(h: ReturnType<typeof createHarness>, from: number, to: number): Promise<string[]> {
  const fired: string[] = [];
  for (let day = from; day <= to; day++) {
    for (const outcome of await h.tickTo(at(day))) {
      const trigger = outcome.eventId.match(/review-\d+/)?.[0];
      if (trigger !== undefined) fired.push(`${trigger} @ ${day}`);
    }
  }
  return fired;
}

describe('stage reviews, chained one timer at a time', () => {
  it('arms only the first review on activity: one timer write per active event', async () => {
    const h = createHarness(policy([{ days: 14 }, { days: 30 }, { days: 90 }]), T0);
    await h.send('ping', 'u', at(0));
    await h.send('ping', 'u', at(2));
    expect(await reviews(h, 'u')).toEqual(['review-0 @ 16']);
  });

  it('reviews at every span after the last activity, each firing arming the next', async () => {
    const h = createHarness(policy([{ days: 14 }, { days: 30 }, { days: 90 }]), T0);
    await h.send('ping', 'u', at(0));
    expect(await tickDaily(h, 1, 14)).toEqual(['review-0 @ 14']);
    expect(await reviews(h, 'u')).toEqual(['review-1 @ 30']);
    expect((await h.slice('u'))?.reviewArmed).toBe(1);
    expect(await tickDaily(h, 15, 100)).toEqual(['review-1 @ 30', 'review-2 @ 90']);
    expect(await reviews(h, 'u')).toEqual([]);
    expect((await h.slice('u'))?.reviewArmed).toBeUndefined();
  });

  it('cancels a later review of the chain when the user comes back, and starts again from the first', async () => {
    const h = createHarness(policy([{ days: 14 }, { days: 30 }, { days: 90 }]), T0);
    await h.send('ping', 'u', at(0));
    expect(await tickDaily(h, 1, 20)).toEqual(['review-0 @ 14']);
    await h.send('ping', 'u', at(20));
    expect(await reviews(h, 'u')).toEqual(['review-0 @ 34']);
    expect((await h.slice('u'))?.reviewArmed).toBeUndefined();
    expect(await tickDaily(h, 21, 60)).toEqual(['review-0 @ 34', 'review-1 @ 50']);
  });

  it('chains the spans shortest first, whatever their order in the settings', async () => {
    const h = createHarness(policy([{ days: 30 }, { days: 14 }]), T0);
    await h.send('ping', 'u', at(0));
    expect(await reviews(h, 'u')).toEqual(['review-1 @ 14']);
    expect(await tickDaily(h, 1, 40)).toEqual(['review-1 @ 14', 'review-0 @ 30']);
  });

  it('a review timer armed before the latest activity (an earlier version armed every span at once) arms nothing', () => {
    const settings = resolveSettings({ reviewAfter: [{ days: 14 }, { days: 30 }, { days: 90 }] });
    const scheduled: unknown[] = [];
    const slice = { ...initialSlice(), lastActiveAt: Date.parse(at(10)) };
    // review-1 armed from an activity on day 0 fires on day 30: the user was active on day 10 (due on day 40).
    const ctx = {
      user: { id: 'u' },
      event: { time: Date.parse(at(30)) },
      schedule: (timer: unknown) => scheduled.push(timer),
    } as unknown as Parameters<typeof chainReview>[1];
    expect(chainReview(slice, ctx, settings, 'review-1')).toBe(slice);
    expect(scheduled).toEqual([]);
    // On time (day 40), it arms the next span.
    const onTime = { ...ctx, event: { time: Date.parse(at(40)) } } as typeof ctx;
    expect(chainReview(slice, onTime, settings, 'review-1').reviewArmed).toBe(2);
    expect(scheduled).toHaveLength(1);
  });
});
