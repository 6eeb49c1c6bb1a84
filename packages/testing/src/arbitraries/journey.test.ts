import { describe, expect, it } from 'vitest';
import type { EventCatalogue } from './event-types';
import { buildJourney, type StepSpec } from './journey';
import type { UserSpec } from './journey-types';

const user: UserSpec = {
  id: 'u1',
  name: '小明',
  timezone: 'Asia/Shanghai',
  locale: 'zh-CN',
  joinedAt: '2026-03-02T00:00:00.000Z',
  channel: 'app',
  optOut: [],
};
const catalogue: EventCatalogue = {
  types: ['review.submitted'],
  undo: { 'review.removed': 'reviewEventId' },
};
const spec = (op: StepSpec['op'], gap = 3_600_000, pick = 0): StepSpec => ({
  user: 0,
  gap,
  op,
  pick,
  type: 'review.submitted',
  payload: { media: 'photo' },
});

describe('buildJourney', () => {
  it('starts with a profile.updated join per user', () => {
    const j = buildJourney('2026-03-02T00:00:00Z', [user], [spec('event')], catalogue);
    expect(j.steps[0]).toMatchObject({
      kind: 'event',
      note: 'join',
      event: { type: 'profile.updated', userId: 'u1' },
    });
    expect(j.steps[0]?.kind === 'event' && j.steps[0].event.payload?.timezone).toBe('Asia/Shanghai');
  });

  it('redelivers the same event id for duplicates and retries', () => {
    const j = buildJourney(
      '2026-03-02T00:00:00Z',
      [user],
      [spec('event'), spec('retry'), spec('duplicate')],
      catalogue,
    );
    const ids = j.steps.flatMap((s) => (s.kind === 'event' ? [s.event.id] : []));
    expect(ids).toEqual(['join-u1', 'e1', 'e1', 'e1']);
    expect(j.steps.map((s) => (s.kind === 'event' ? s.note : 'tick'))).toEqual([
      'join',
      undefined,
      'retry',
      'duplicate',
    ]);
  });

  it('delivers late events with an earlier time than the one before', () => {
    const j = buildJourney(
      '2026-03-02T00:00:00Z',
      [user],
      [spec('event', 86_400_000), spec('late', 60_000, 5)],
      catalogue,
    );
    const [, first, late] = j.steps;
    expect(first?.kind === 'event' && late?.kind === 'event' && late.event.at < first.event.at).toBe(true);
  });

  it('undo names an earlier event of the same user', () => {
    const j = buildJourney('2026-03-02T00:00:00Z', [user], [spec('event'), spec('undo')], catalogue);
    expect(j.steps[2]).toMatchObject({
      note: 'undo',
      event: { type: 'review.removed', payload: { reviewEventId: 'e1' } },
    });
  });

  it('ticks move time forward', () => {
    const j = buildJourney('2026-03-02T00:00:00Z', [user], [spec('tick', 7 * 86_400_000)], catalogue);
    expect(j.steps[1]).toEqual({ kind: 'tick', at: '2026-03-09T00:00:00.000Z' });
  });
});
