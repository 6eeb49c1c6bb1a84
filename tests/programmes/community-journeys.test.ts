import { readFileSync } from 'node:fs';
import { community } from '@engageloop/community';
import type { PolicyDocument } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { replies } from '@engageloop/replies';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { communityJourney } from './support/community-journeys';

const doc = JSON.parse(
  readFileSync(new URL('../../docs/examples/workplace-innovation.json', import.meta.url), 'utf8'),
) as PolicyDocument;
const schemes =
  (doc.settings?.community as { reviews?: Record<string, { criteria: object }> } | undefined)?.reviews ?? {};

/** The events of many sampled journeys of workplace-innovation.json (fixed seed). */
const events = fc
  .sample(communityJourney(doc, [incentives(), replies(), community()], { maxUsers: 2, maxSteps: 30 }), {
    numRuns: 200,
    seed: 21,
  })
  .flatMap((j) => j.steps.flatMap((s) => (s.kind === 'event' ? [s.event] : [])));

describe('community journeys (property-test generator)', () => {
  it('send proposals with the proposalId the incubator track reads (the schema passed wins)', () => {
    const proposals = events.filter((e) => e.type === 'proposal.submitted');
    expect(proposals.length).toBeGreaterThan(0);
    for (const p of proposals) expect(['p1', 'p2', 'p3']).toContain(p.payload?.proposalId);
  });

  it("score each review scheme's own criteria, for every scheme of the policy", () => {
    const reviews = events.filter((e) => e.type === 'community.review');
    const seen = new Set(reviews.map((r) => r.payload?.scheme));
    expect([...seen].sort()).toEqual(Object.keys(schemes).sort());
    for (const r of reviews) {
      const scheme = schemes[r.payload?.scheme as string];
      expect(Object.keys(r.payload?.scores as object).sort()).toEqual(
        Object.keys(scheme?.criteria ?? {}).sort(),
      );
    }
  });
});
