import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setup } from './__fixtures__/needs-harness';
import { canTransition } from './transitions';
import { NEED_STATUSES, type NeedStatus } from './types';

const USERS = ['u1', 'u2', 'u3', 'u4', 'staff'];

type Step =
  | { op: 'support'; user: string; need: 'a' | 'b' }
  | { op: 'status'; need: 'a' | 'b'; to: NeedStatus }
  | { op: 'merge' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('support' as const),
    user: fc.constantFrom(...USERS),
    need: fc.constantFrom('a' as const, 'b' as const),
  }),
  fc.record({
    op: fc.constant('status' as const),
    need: fc.constantFrom('a' as const, 'b' as const),
    to: fc.constantFrom(...NEED_STATUSES),
  }),
  fc.record({ op: fc.constant('merge' as const) }),
);

describe('needs through the engine (properties)', () => {
  it('no supporter is told the same outcome of a need twice, staff never; failed moves change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const h = setup({}, false);
        await h.capture('u1', { kind: 'suggestion', text: 'A' }, 'a');
        await h.capture('u2', { kind: 'suggestion', text: 'B' }, 'b');
        for (const s of steps) {
          h.clock.advance(60_000);
          if (s.op === 'support') {
            await h.capture(s.user, { kind: 'suggestion', text: 'same', sameAs: s.need });
            continue;
          }
          const id = s.op === 'merge' ? 'b' : s.need;
          const to = s.op === 'merge' ? 'duplicate' : s.to;
          const before = await h.need(id);
          const outcome = await h.status('staff', {
            needId: id,
            to,
            ...(to === 'duplicate' ? { mergeInto: id === 'a' ? 'b' : 'a' } : {}),
          });
          if (outcome.status === 'failed') {
            expect(['NEED_TRANSITION_ILLEGAL', 'NEED_NOT_FOUND']).toContain(outcome.error?.code);
            expect(await h.need(id)).toEqual(before);
          } else {
            expect(canTransition(before?.status ?? 'closed', to)).toBe(true);
          }
        }
        const notices = await h.store.listMessages({ kind: 'notice' });
        const keys = notices.map((m) => `${String(m.data.needId)}:${m.topic}:${m.userId}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(notices.filter((m) => m.userId === 'staff')).toEqual([]);
        // Everyone recorded as notified got exactly that message, and vice versa.
        for (const id of ['a', 'b']) {
          const need = await h.need(id);
          const recorded = (need?.notified ?? [])
            .map((n) => `${id}:need.${n.split(':')[0]}:${n.split(':')[1]}`)
            .sort();
          expect(keys.filter((k) => k.startsWith(`${id}:`)).sort()).toEqual(recorded);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
