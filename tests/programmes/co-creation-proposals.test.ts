import { readFileSync } from 'node:fs';
import { community } from '@engageloop/community';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  loadPolicy,
  type UserState,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { type Envelope, snapshot } from './support/snapshot';

// docs/examples/co-creation-proposals.json end to end: proposal → 7-day vote (a stage deadline) → expert
// review on three weighted criteria → adopted (naming rights, honour wall) or declined (encouragement, first
// invitation next time); the monthly digest of adopted proposals at local midnight in Shanghai.
const plugins = () => [incentives(), community()];
const POLICY = loadPolicy(
  readFileSync(new URL('../../docs/examples/co-creation-proposals.json', import.meta.url), 'utf8'),
  { plugins: plugins() },
);
const HOUR = 3_600_000;
const T0 = Date.parse('2026-06-01T02:00:00Z'); // 10:00 on 1 June in Shanghai
const JUNE_ENDS = Date.parse('2026-06-30T16:00:00Z'); // 1 July 00:00 in Shanghai
const iso = (ms: number) => new Date(ms).toISOString();

const BAD_REVIEW: Envelope = {
  id: 'bad-review',
  type: 'community.review',
  userId: 'e3',
  at: iso(T0 + 9 * 24 * HOUR),
  payload: { item: 'garden', scheme: 'proposal-review', scores: { feasibility: 9 } },
};

function stream(): Envelope[] {
  let n = 0;
  const ev = (type: string, userId: string, at: number, payload: Record<string, unknown> = {}): Envelope => ({
    id: `e${++n}`,
    type,
    userId,
    at: iso(at),
    payload,
  });
  const good = { feasibility: 4, innovation: 5, value: 4 };
  const weak = { feasibility: 2, innovation: 4, value: 3 };
  return [
    ev('proposal.submitted', 'r1', T0, { proposalId: 'garden' }),
    ev('proposal.submitted', 'r2', T0, { proposalId: 'fountain' }),
    ev('proposal.voting-opened', 'staff', T0 + HOUR, { item: 'garden' }),
    ev('proposal.voting-opened', 'staff', T0 + HOUR, { item: 'fountain' }),
    ...['v1', 'v2', 'v3', 'v4'].map((v) => ev('community.vote', v, T0 + 2 * HOUR, { item: 'garden' })),
    ev('community.vote', 'v4', T0 + 3 * HOUR, { item: 'garden', option: 'no' }), // moved: garden at 3 yes
    ...['v1', 'v2', 'v3'].map((v) => ev('community.vote', v, T0 + 2 * HOUR, { item: 'fountain' })),
    // After the 7-day vote (the stage deadline, fired by tick) the experts review.
    ev('community.review', 'r1', T0 + 8 * 24 * HOUR, {
      item: 'garden',
      scheme: 'proposal-review',
      scores: good,
    }), // own: ignored
    ev('community.review', 'e1', T0 + 8 * 24 * HOUR, {
      item: 'garden',
      scheme: 'proposal-review',
      scores: good,
    }),
    ev('community.review', 'e2', T0 + 8 * 24 * HOUR, {
      item: 'garden',
      scheme: 'proposal-review',
      scores: good,
    }),
    ev('community.review', 'e1', T0 + 8 * 24 * HOUR, {
      item: 'fountain',
      scheme: 'proposal-review',
      scores: weak,
    }),
    ev('community.review', 'e2', T0 + 8 * 24 * HOUR, {
      item: 'fountain',
      scheme: 'proposal-review',
      scores: weak,
    }),
  ];
}

describe('programme: co-creation proposals (docs/examples/co-creation-proposals.json)', () => {
  it('vote, expert review, adopted or declined, and the monthly digest', async () => {
    const store = createMemoryStore();
    const clock = createManualClock(T0);
    const engine = createEngine({ plugins: plugins(), policy: POLICY, store, clock });
    const events = stream();
    const user = async (id: string) => (await engine.getUser(id)) as UserState;
    const topics = async (id: string) => (await store.listMessages({ userId: id })).map((m) => m.topic);
    for (const e of events) {
      const at = Date.parse(e.at);
      if (at > T0 + 7 * 24 * HOUR + HOUR && clock.now() < T0 + 7 * 24 * HOUR + HOUR) {
        await engine.tick(T0 + 7 * 24 * HOUR + HOUR); // the vote closes: both move to review
      }
      clock.set(at);
      await engine.dispatchBatch([e]);
    }

    // A score out of range is refused with a typed error and changes nothing.
    const bad = await engine.dispatch(BAD_REVIEW);
    expect(bad.status).toBe('failed');
    expect(bad.error?.code).toBe('EVENT_PAYLOAD_INVALID');

    expect(await topics('r1')).toEqual(['proposal-adopted']);
    expect((await user('r1')).attributes).toMatchObject({ namingRights: true });
    expect((await user('r1')).slices.incentives).toMatchObject({ badges: { 'honour-wall': {} } });
    expect(await topics('r2')).toEqual(['proposal-declined']);
    expect((await user('r2')).attributes).toMatchObject({ priorityInvite: true });

    // The digest: one message at midnight on 30 June in Shanghai, not before, and never twice.
    await engine.tick(JUNE_ENDS - 1000);
    expect(await topics('r1')).toEqual(['proposal-adopted']);
    await engine.tick(JUNE_ENDS);
    await engine.tick(JUNE_ENDS + HOUR);
    const digests = (await store.listMessages({ userId: 'r1' })).filter((m) =>
      m.topic.startsWith('community.digest'),
    );
    expect(digests).toHaveLength(1);
    expect(digests[0]?.body).toContain('本月你有 1 条社区提案被采纳');
    expect((await topics('r2')).filter((t) => t.startsWith('community.digest'))).toEqual([]);

    const before = await snapshot(store);
    const again = await engine.dispatchBatch([...events, BAD_REVIEW]);
    expect(again.slice(0, events.length).every((o) => o.status === 'duplicate')).toBe(true);
    await engine.tick(JUNE_ENDS + HOUR);
    expect(await snapshot(store)).toEqual(before);
    await engine.close();
  });
});
