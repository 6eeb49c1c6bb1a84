import { readFileSync } from 'node:fs';
import { loadPolicy, type PolicyDocument } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { numbered } from './ndjson';
import { firstPartyPlugins } from './plugins';
import { runPolicy } from './report/run';
import { runSimulation } from './simulation';

// The shipped e-commerce policy: 10 points a review, 20 more for photo/video, both under the
// "review-daily" cap of 60 a day; tiers basic (0), advanced (150), core (500).
const doc = JSON.parse(
  readFileSync(new URL('../../../docs/examples/ecommerce-reviews.json', import.meta.url), 'utf8'),
) as PolicyDocument;
const plugins = firstPartyPlugins();
const policy = loadPolicy(doc, { plugins });

const event = (id: string, type: string, userId: string, at: string, payload: Record<string, unknown> = {}) =>
  ({ id, type, userId, at, payload }) as const;
// u1 writes one text review (10 points, stays in the entry tier); u2 writes five photo reviews in one
// day: the first two earn 30 each (60, the cap), the other three are blocked entirely by the cap;
// u3 gets three quality reviews (50 points each, uncapped) and reaches "advanced".
const events = [
  event('a1', 'review.submitted', 'u1', '2026-03-02T01:00:00Z', { media: 'text' }),
  ...[1, 2, 3, 4, 5].map((n) =>
    event(`b${n}`, 'review.submitted', 'u2', `2026-03-02T0${n}:10:00Z`, { media: 'photo' }),
  ),
  ...[1, 2, 3].map((n) => event(`c${n}`, 'review.featured', 'u3', `2026-03-02T0${n}:20:00Z`)),
];

describe('simulate figures', () => {
  it('count users the first review put in the entry tier, and every award a cap blocked entirely as requested', async () => {
    const result = await runSimulation({ policy, plugins, input: numbered(events) });
    expect(result.ok).toBe(true);
    const { points, tiers, events: counted } = result.summary;
    expect(counted.users).toBe(3);
    expect(tiers.distribution).toEqual({ basic: 2, advanced: 1 });
    expect(points.issued).toBe(10 + 60 + 150);
    expect(points.requested).toBe(10 + 5 * 30 + 150);
    expect(points.caps['review-daily']).toMatchObject({ hits: 3 * 2, withheld: 90 });
    expect(points.requested - points.issued).toBe(points.caps['review-daily']?.withheld);
  });

  it("report's series date the entry tier from each user's first day, and diff sees every user's tier", async () => {
    const run = await runPolicy({ policy, plugins, input: numbered(events) });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.series.userTiers).toEqual({ u1: 'basic', u2: 'basic', u3: 'advanced' });
    expect(run.series.tiersByDay['2026-03-02']).toEqual({ basic: 2, advanced: 1 });
    expect(run.series.withheldByDay['2026-03-02']).toBe(90);
  });
});
