import { createMemoryStore } from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLoopFigures, loopFigures } from './figures';
import { createNeed, needKey } from './need-doc';
import type { NeedDoc } from './types';

const DAY = 86_400_000;

const needArb: fc.Arbitrary<NeedDoc> = fc
  .record({
    n: fc.nat({ max: 10_000 }),
    channel: fc.constantFrom('app', 'email', 'store'),
    segment: fc.constantFrom(null, 'new', 'vip'),
    tags: fc.uniqueArray(fc.constantFrom('ui', 'price', 'speed'), { maxLength: 2 }),
    createdAt: fc.integer({ min: 0, max: 60 * DAY }),
    ack: fc.option(fc.integer({ min: 0, max: 3 * DAY }), { nil: null }),
    close: fc.option(fc.integer({ min: 0, max: 30 * DAY }), { nil: null }),
    outcome: fc.constantFrom(null, 'adopted', 'declined', 'duplicate'),
    breached: fc.subarray(['acknowledge', 'resolve'] as const),
  })
  .map((r) => {
    const base = createNeed({
      id: `n${r.n}`,
      kind: 'suggestion',
      channel: r.channel,
      text: 't',
      tags: r.tags,
      urgency: 'normal',
      userId: 'u',
      segment: r.segment,
      at: r.createdAt,
      signals: { accountAgeDays: 0, pastAdopted: 0, sentiment: null },
      deadlines: { acknowledgeDueAt: null, resolveDueAt: null },
    });
    const acknowledgedAt = r.ack === null ? null : r.createdAt + r.ack;
    const closedAt = acknowledgedAt === null || r.close === null ? null : acknowledgedAt + r.close;
    return {
      ...base,
      acknowledgedAt,
      closedAt,
      status: closedAt !== null ? 'closed' : acknowledgedAt !== null ? 'acknowledged' : 'captured',
      outcome: acknowledgedAt === null ? null : r.outcome,
      sla: { ...base.sla, breached: [...r.breached] },
    } as NeedDoc;
  });

const needsArb = fc.uniqueArray(needArb, { selector: (n) => n.id, maxLength: 40 });

/** The naive recomputation the figures must equal. */
function naive(items: NeedDoc[]) {
  let ackSum = 0;
  let ackN = 0;
  let closeSum = 0;
  let closeN = 0;
  let adopted = 0;
  let declined = 0;
  let breached = 0;
  for (const n of items) {
    if (n.acknowledgedAt !== null) {
      ackSum += n.acknowledgedAt - n.createdAt;
      ackN++;
    }
    if (n.closedAt !== null) {
      closeSum += n.closedAt - n.createdAt;
      closeN++;
    }
    if (n.outcome === 'adopted') adopted++;
    if (n.outcome === 'declined') declined++;
    if (n.sla.breached.length > 0) breached++;
  }
  return {
    count: items.length,
    meanTimeToAcknowledgeMs: ackN ? ackSum / ackN : null,
    meanTimeToCloseMs: closeN ? closeSum / closeN : null,
    shareClosed: items.length ? closeN / items.length : null,
    shareBreached: items.length ? breached / items.length : null,
    adoptionRate: adopted + declined ? adopted / (adopted + declined) : null,
  };
}

describe('loop figures (properties)', () => {
  it('equal a recomputation from the raw items, overall and per group, within any window', () => {
    fc.assert(
      fc.property(
        needsArb,
        fc.constantFrom('channel', 'segment', 'tag', 'period') as fc.Arbitrary<
          'channel' | 'segment' | 'tag' | 'period'
        >,
        fc.integer({ min: 0, max: 30 * DAY }),
        (items, by, from) => {
          const report = computeLoopFigures(items, { by, from, period: 'week' });
          const inWindow = items.filter((n) => n.createdAt >= from);
          expect(report.total).toMatchObject(naive(inWindow));
          for (const group of report.groups ?? []) {
            const members = inWindow.filter((n) =>
              by === 'channel'
                ? n.channel === group.key
                : by === 'segment'
                  ? (n.segment ?? '(none)') === group.key
                  : by === 'tag'
                    ? n.tags.includes(group.key) || (n.tags.length === 0 && group.key === '(none)')
                    : true,
            );
            if (by !== 'period') expect(group.figures).toMatchObject(naive(members));
          }
          if (by === 'channel' || by === 'segment' || by === 'period') {
            expect((report.groups ?? []).reduce((s, g) => s + g.figures.count, 0)).toBe(inWindow.length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('read from a store, equal the figures of the stored items', async () => {
    await fc.assert(
      fc.asyncProperty(needsArb, async (items) => {
        const store = createMemoryStore();
        const keys = items.map((n) => needKey(n.id));
        await store.transact(keys, async (tx) => {
          await tx.commit({
            docs: items.map((n) => ({ key: needKey(n.id), value: n })),
            counters: [],
            messages: [],
            cancelMessages: [],
            timers: { schedule: [], cancel: [], complete: [] },
          });
        });
        expect(await loopFigures(store, { by: 'channel' })).toEqual(
          computeLoopFigures(items, { by: 'channel' }),
        );
      }),
      { numRuns: 30 },
    );
  });
});
