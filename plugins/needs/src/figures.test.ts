import { describe, expect, it } from 'vitest';
import { HOUR, setup } from './__fixtures__/needs-harness';
import { loopFigures } from './figures';
import { rankNeeds } from './rank';

describe('loop figures and ranking from stored needs', () => {
  it('reports time to acknowledge and close, shares and adoption per channel and per period', async () => {
    const h = setup({}, false);
    await h.capture('u1', { kind: 'suggestion', text: 'A', channel: 'app' }, 'a');
    await h.capture('u2', { kind: 'complaint', text: 'B', channel: 'email' }, 'b');
    await h.capture('u3', { kind: 'suggestion', text: 'C', channel: 'app' }, 'c');
    h.clock.advance(2 * HOUR);
    await h.status('staff', { needId: 'a', to: 'acknowledged' });
    await h.status('staff', { needId: 'c', to: 'acknowledged' });
    h.clock.advance(2 * HOUR);
    await h.status('staff', { needId: 'a', to: 'adopted' });
    await h.status('staff', { needId: 'c', to: 'declined' });
    await h.status('staff', { needId: 'c', to: 'closed' });
    h.clock.advance(10 * HOUR); // b (complaint, 8 h to acknowledge) breaches
    await h.engine.tick();

    const { total, groups } = await loopFigures(h.store, { by: 'channel' });
    expect(total).toMatchObject({
      count: 3,
      acknowledged: 2,
      closed: 1,
      breached: 1,
      adopted: 1,
      declined: 1,
      meanTimeToAcknowledgeMs: 2 * HOUR,
      meanTimeToCloseMs: 4 * HOUR,
      shareClosed: 1 / 3,
      shareBreached: 1 / 3,
      adoptionRate: 0.5,
    });
    expect(groups?.map((g) => [g.key, g.figures.count, g.figures.shareBreached])).toEqual([
      ['app', 2, 0],
      ['email', 1, 1],
    ]);
    const byDay = await loopFigures(h.store, { by: 'period', period: 'day', timezone: 'Asia/Shanghai' });
    expect(byDay.groups?.map((g) => g.key)).toEqual(['day:2026-03-02']);
    expect((await loopFigures(h.store, { from: '2026-03-03T00:00:00Z' })).total.count).toBe(0);
  });

  it('ranks open needs by priority, then supporters, then age', async () => {
    const h = setup({}, false);
    await h.capture('u1', { kind: 'suggestion', text: 'A' }, 'a');
    h.clock.advance(HOUR);
    await h.capture('u2', { kind: 'suggestion', text: 'B' }, 'b');
    await h.capture('u3', { kind: 'suggestion', text: 'b', sameAs: 'b' });
    await h.capture('u4', { kind: 'suggestion', text: 'C' }, 'c');
    await h.engine.dispatch({
      id: 'assess-c',
      type: 'need.assessed',
      userId: 'staff',
      at: new Date(h.clock.now()).toISOString(),
      payload: { needId: 'c', importance: 5, impact: 5, difficulty: 2, tags: ['checkout'] },
    });
    await h.capture('u5', { kind: 'suggestion', text: 'D' }, 'd');
    await h.status('staff', { needId: 'd', to: 'acknowledged' });
    await h.status('staff', { needId: 'd', to: 'declined' });
    const ranked = await rankNeeds(h.store);
    expect(ranked.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(ranked[0]?.need.tags).toEqual(['checkout']);
    expect(ranked[1]).toMatchObject({ supporters: 2, reach: 'individual' });
    const all = await rankNeeds(
      h.store,
      {
        priority: { weights: { importance: 0, difficulty: 0, impact: 0, supporters: 1 }, commonThreshold: 2 },
      },
      { statuses: ['captured', 'declined'], limit: 2 },
    );
    expect(all.map((r) => [r.id, r.reach])).toEqual([
      ['b', 'common'],
      ['a', 'individual'],
    ]);
  });
});
