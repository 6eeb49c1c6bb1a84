import { isEngageLoopError } from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTransition, createNeed } from './need-doc';
import { canTransition } from './transitions';
import { NEED_STATUSES, type NeedDoc } from './types';

const fresh = (): NeedDoc =>
  createNeed({
    id: 'n1',
    kind: 'suggestion',
    channel: 'app',
    text: 'x',
    tags: [],
    urgency: 'normal',
    userId: 'u1',
    segment: null,
    at: 0,
    signals: { accountAgeDays: 0, pastAdopted: 0, sentiment: null },
    deadlines: { acknowledgeDueAt: 1000, resolveDueAt: 5000 },
  });

describe('need transitions (properties)', () => {
  it('any sequence of requested moves: legal ones apply, illegal ones throw and change nothing, the end state is legal', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NEED_STATUSES), { maxLength: 30 }), (targets) => {
        let need = fresh();
        let at = 0;
        for (const to of targets) {
          at += 100;
          const before = structuredClone(need);
          const legal = canTransition(need.status, to);
          try {
            need = applyTransition(need, to, {
              at,
              by: 'staff',
              ...(to === 'duplicate' ? { mergeInto: 'n2' } : {}),
            });
            expect(legal).toBe(true);
          } catch (error) {
            expect(legal).toBe(false);
            expect(isEngageLoopError(error) && error.code).toBe('NEED_TRANSITION_ILLEGAL');
            expect(need).toEqual(before);
          }
        }
        expect(NEED_STATUSES).toContain(need.status);
        // The history is a chain of legal edges from captured to the current status.
        let cursor: NeedDoc['status'] = 'captured';
        for (const step of need.history) {
          expect(step.from).toBe(cursor);
          expect(canTransition(step.from, step.to)).toBe(true);
          cursor = step.to;
        }
        expect(cursor).toBe(need.status);
        // Timestamps follow the history.
        if (need.history.length > 0) expect(need.acknowledgedAt).toBe(need.history[0]?.at);
        else expect(need.acknowledgedAt).toBeNull();
        expect(need.closedAt !== null).toBe(need.status === 'closed');
        expect(need.sla.breached.includes('acknowledge')).toBe(
          need.acknowledgedAt !== null && need.acknowledgedAt > 1000,
        );
      }),
      { numRuns: 300 },
    );
  });
});
