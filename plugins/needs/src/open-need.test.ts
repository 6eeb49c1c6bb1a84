import {
  createEngine,
  createManualClock,
  createMemoryStore,
  loadPolicy,
  type PolicyDocument,
} from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { computeLoopFigures } from './figures';
import { needKey } from './need-doc';
import { needs } from './plugin';
import type { NeedDoc } from './types';

const HOUR = 3_600_000;

/** Photo and video reviews open a need item ("answered within 24 h"); complaints and proposals too. */
const doc: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  eventTypes: { 'review.submitted': {}, 'complaint.submitted': {}, 'proposal.submitted': {} },
  settings: {
    needs: {
      sla: [
        { kinds: ['review'], acknowledgeWithin: '24h', resolveWithin: '7d' },
        { acknowledgeWithin: '8h', resolveWithin: '30d' },
      ],
    },
  },
  rules: [
    {
      id: 'media-review-opens-need',
      stage: 'need',
      on: 'review.submitted',
      conditions: {
        all: [{ fact: 'event', path: '$.payload.media', operator: 'in', value: ['photo', 'video'] }],
      },
      effects: [{ type: 'needs.open', params: { kind: 'review', tags: ['media'] } }],
    },
    {
      id: 'feedback-opens-need',
      stage: 'need',
      on: ['complaint.submitted', 'proposal.submitted'],
      effects: [{ type: 'needs.open', params: { kind: 'complaint', urgencyPath: '$.payload.urgency' } }],
    },
    {
      id: 'tag-common',
      stage: 'motivation',
      on: 'review.submitted',
      conditions: { all: [{ fact: 'needs.supporters', operator: 'equal', value: 1 }] },
      effects: [{ type: 'needs.tag', params: { tags: ['seen'] } }],
    },
  ],
};

function setup() {
  const plugins = [needs()];
  const store = createMemoryStore();
  const clock = createManualClock('2026-03-02T09:00:00Z');
  const engine = createEngine({ plugins, policy: loadPolicy(doc, { plugins }), store, clock });
  const at = () => new Date(clock.now()).toISOString();
  return {
    engine,
    clock,
    send: (id: string, type: string, payload: Record<string, unknown>, userId = 'u1') =>
      engine.dispatch({ id, type, userId, at: at(), payload }),
    need: async (id: string) => (await store.getDocument(needKey(id))) as NeedDoc | undefined,
  };
}

describe('needs.open: any feedback event opens a need item by policy', () => {
  it('a photo review opens a need with the review SLA; a text review opens none', async () => {
    const h = setup();
    const out = await h.send('r1', 'review.submitted', { media: 'photo', text: 'Size runs small' });
    expect(out.status).toBe('applied');
    await h.send('r2', 'review.submitted', { media: 'text', text: 'ok' });
    const need = await h.need('r1');
    expect(need).toMatchObject({
      kind: 'review',
      status: 'captured',
      text: 'Size runs small',
      tags: ['media', 'seen'],
    });
    expect(need!.sla.acknowledgeDueAt).toBe(Date.parse('2026-03-02T09:00:00Z') + 24 * HOUR);
    expect(await h.need('r2')).toBeUndefined();
  });

  it('the first response closes the SLA in time; a missed one is breached by tick', async () => {
    const h = setup();
    await h.send('r1', 'review.submitted', { media: 'video', text: 'Love it' });
    await h.send('r2', 'review.submitted', { media: 'photo', text: 'Scratched' }, 'u2');
    h.clock.advance(2 * HOUR);
    await h.send('s1', 'need.status', { needId: 'r1', to: 'acknowledged' }, 'staff');
    h.clock.advance(30 * HOUR);
    await h.engine.tick();
    expect((await h.need('r1'))!.sla.breached).toEqual([]);
    expect((await h.need('r2'))!.sla.breached).toEqual(['acknowledge']);
    const figures = computeLoopFigures([(await h.need('r1'))!, (await h.need('r2'))!], { by: 'kind' });
    expect(figures.total).toMatchObject({
      count: 2,
      acknowledged: 1,
      breached: 1,
      meanTimeToAcknowledgeMs: 2 * HOUR,
    });
    expect(figures.groups?.map((g) => g.key)).toEqual(['review']);
  });

  it('complaints and proposals open needs too, reading the urgency from the event', async () => {
    const h = setup();
    await h.send('c1', 'complaint.submitted', { text: 'Order lost', urgency: 'urgent' });
    await h.send('p1', 'proposal.submitted', { text: 'More benches', urgency: 'nonsense' });
    expect(await h.need('c1')).toMatchObject({ kind: 'complaint', urgency: 'urgent' });
    expect(await h.need('p1')).toMatchObject({ urgency: 'normal' });
  });

  it('a replay of the opening event changes nothing', async () => {
    const h = setup();
    await h.send('r1', 'review.submitted', { media: 'photo', text: 'x' });
    const before = await h.need('r1');
    expect((await h.send('r1', 'review.submitted', { media: 'photo', text: 'x' })).status).toBe('duplicate');
    expect(await h.need('r1')).toEqual(before);
  });
});
