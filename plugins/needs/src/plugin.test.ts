import { type EffectType, isEngageLoopError, type LoopEvents, type Plugin } from '@engageloop/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { HOUR, setup } from './__fixtures__/needs-harness';
import { needs } from './plugin';
import type { NeedsSettings } from './settings';
import type { NeedStatus, NeedsSlice } from './types';

describe('needs plugin through createEngine', () => {
  it('captures a complaint, schedules its SLA timers and acknowledges it within the SLA', async () => {
    const h = setup();
    const captured = await h.capture(
      'u1',
      { kind: 'complaint', text: 'The app crashes', urgency: 'urgent', channel: 'app' },
      'n1',
    );
    expect(captured.status).toBe('applied');
    expect(captured.emitted).toContain('need:captured');
    expect(captured.fired).toEqual(['tag-urgent-complaint', 'thank-on-capture']);
    expect((await h.store.listTimers()).map((t) => [t.id, t.dueAt - h.clock.now()])).toEqual([
      ['need:n1:sla:acknowledge', 2 * HOUR],
      ['need:n1:sla:resolve', 48 * HOUR],
    ]);
    const need = await h.need('n1');
    expect(need).toMatchObject({
      status: 'captured',
      tags: ['urgent-complaint'],
      supporters: ['u1'],
      channel: 'app',
    });

    h.clock.advance(HOUR);
    const ack = await h.status('staff', { needId: 'n1', to: 'acknowledged' });
    expect(ack.status).toBe('applied');
    expect(ack.emitted).toEqual(['need:status-changed']);
    expect((await h.store.listTimers()).map((t) => t.id)).toEqual(['need:n1:sla:resolve']);
    h.clock.advance(3 * HOUR);
    expect((await h.engine.tick()).fired).toBe(0);
    const after = await h.need('n1');
    expect(after).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: Date.parse('2026-03-02T10:00:00Z'),
    });
    expect(after?.sla.breached).toEqual([]);
    expect(after?.history).toEqual([
      { from: 'captured', to: 'acknowledged', at: Date.parse('2026-03-02T10:00:00Z'), by: 'staff' },
    ]);
  });

  it('escalates a breached acknowledgement deadline through the timer event', async () => {
    const h = setup();
    await h.capture('u1', { kind: 'complaint', text: 'Charged twice', urgency: 'urgent' }, 'n1');
    h.clock.advance(2 * HOUR + 1);
    const tick = await h.engine.tick();
    expect(tick.fired).toBe(1);
    expect(tick.outcomes[0]).toMatchObject({
      type: 'need.sla-due',
      fired: ['escalate-missed-acknowledgement'],
      emitted: ['need:sla-breached', 'need:escalated'],
    });
    const need = await h.need('n1');
    expect(need?.sla.breached).toEqual(['acknowledge']);
    expect(need?.escalations).toMatchObject([{ level: 1, to: 'support-lead' }]);
    expect(await h.notices()).toEqual(['need.escalated→support-lead']);
    // A late acknowledgement does not breach twice.
    await h.status('staff', { needId: 'n1', to: 'acknowledged' });
    expect((await h.need('n1'))?.sla.breached).toEqual(['acknowledge']);
  });

  it("refuses a host's dispatch of its timer events, changing nothing", async () => {
    const h = setup();
    await h.capture('u1', { kind: 'complaint', text: 'Charged twice', urgency: 'urgent' }, 'n1');
    for (const [type, payload] of [
      ['need.sla-due', { needId: 'n1', deadline: 'acknowledge' }],
      ['need.credited', { needId: 'n1' }],
    ] as const)
      await expect(
        h.engine.dispatch({ id: `forged-${type}`, type, userId: 'u1', at: '2026-03-02T12:00:00Z', payload }),
      ).rejects.toMatchObject({ code: 'EVENT_TYPE_INTERNAL', plugin: 'needs' });
    expect((await h.need('n1'))?.sla.breached).toEqual([]);
  });

  it('a late acknowledgement before the timer fired still counts as a breach', async () => {
    const h = setup();
    await h.capture('u1', { kind: 'bug', text: 'Login fails' }, 'n1');
    h.clock.advance(9 * HOUR);
    const ack = await h.status('staff', { needId: 'n1', to: 'acknowledged' });
    expect(ack.emitted).toEqual(['need:sla-breached', 'need:status-changed']);
    expect((await h.need('n1'))?.sla.breached).toEqual(['acknowledge']);
  });

  it('rejects an illegal transition as a failed outcome with NEED_TRANSITION_ILLEGAL and changes nothing', async () => {
    const h = setup();
    await h.capture('u1', { kind: 'suggestion', text: 'Dark mode' }, 'n1');
    const before = await h.need('n1');
    const timers = await h.store.listTimers();
    const outcome = await h.status('staff', { needId: 'n1', to: 'adopted' });
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('NEED_TRANSITION_ILLEGAL');
    expect(await h.need('n1')).toEqual(before);
    expect(await h.store.listTimers()).toEqual(timers);
    expect(await h.notices()).toEqual([]);
    expect(await h.engine.getUser('staff')).toBeUndefined();
    const missing = await h.status('staff', { needId: 'nope', to: 'acknowledged' });
    expect(missing.error?.code).toBe('NEED_NOT_FOUND');
  });

  it('notifies every supporter of an adopted suggestion once, never the staff member', async () => {
    const h = setup();
    await h.capture('u1', { kind: 'suggestion', text: 'Dark mode' }, 'n1');
    await h.capture('u2', { kind: 'suggestion', text: 'dark theme please', sameAs: 'n1' });
    await h.capture('u3', { kind: 'suggestion', text: 'night mode', sameAs: 'n1' });
    await h.capture('u2', { kind: 'suggestion', text: 'again', sameAs: 'n1' });
    await h.capture('staff', { kind: 'suggestion', text: 'me too', sameAs: 'n1' });
    expect((await h.need('n1'))?.supporters).toEqual(['u1', 'u2', 'u3', 'staff']);
    await h.status('staff', { needId: 'n1', to: 'acknowledged' });
    await h.status('staff', { needId: 'n1', to: 'planned' });
    const adopted = await h.status('staff', { needId: 'n1', to: 'adopted' });
    expect(adopted.messages.map((m) => m.userId)).toEqual(['u1', 'u2', 'u3']);
    await h.status('staff', { needId: 'n1', to: 'closed' });
    expect(await h.notices()).toEqual([
      'need.adopted→u1',
      'need.adopted→u2',
      'need.adopted→u3',
      'need.shipped→u1',
      'need.shipped→u2',
      'need.shipped→u3',
    ]);
    // Supporters are credited with an adopted need (their reliability signal) by a timer event.
    await h.engine.tick();
    expect((await h.engine.getUser('u2'))?.slices.needs).toEqual({ voiced: 1, adopted: 1 });
  });

  it('merges a duplicate into its target with the supporters, who are then told the outcome once', async () => {
    const h = setup();
    await h.capture('u1', { kind: 'suggestion', text: 'Export to CSV' }, 'a');
    await h.capture('u2', { kind: 'suggestion', text: 'CSV export' }, 'b');
    await h.capture('u3', { kind: 'suggestion', text: 'csv!', sameAs: 'b' });
    await h.capture('u1', { kind: 'suggestion', text: 'csv too', sameAs: 'b' });
    await h.status('staff', { needId: 'a', to: 'acknowledged' });
    const merged = await h.status('staff', { needId: 'b', to: 'duplicate', mergeInto: 'a' });
    expect(merged.status).toBe('applied');
    expect(await h.need('b')).toMatchObject({ status: 'duplicate', mergedInto: 'a', outcome: 'duplicate' });
    expect((await h.need('a'))?.supporters).toEqual(['u1', 'u2', 'u3']);
    await h.status('staff', { needId: 'a', to: 'declined', reason: 'over budget' });
    expect(await h.notices()).toEqual(['need.declined→u1', 'need.declined→u2', 'need.declined→u3']);
    // The example policy closes the loop after a decline.
    expect((await h.need('a'))?.status).toBe('closed');
    const toItself = await h.status('staff', { needId: 'a', to: 'duplicate', mergeInto: 'a' });
    expect(toItself.error?.code).toBe('NEED_TRANSITION_ILLEGAL');
  });

  it('exposes priority, reach, reliability and supporters as facts', async () => {
    const h = setup();
    const first = await h.capture('u1', { kind: 'feedback', text: 'ok', sentiment: 0.9 }, 'n1');
    expect(first.status).toBe('applied');
    for (const u of ['u2', 'u3', 'u4', 'u5'])
      await h.capture(u, { kind: 'feedback', text: 'same', sameAs: 'n1' });
    const common = await h.capture('u6', { kind: 'feedback', text: 'same', sameAs: 'n1' });
    expect(common.fired).toContain('tag-common-need');
    expect((await h.need('n1'))?.tags).toEqual(['common']);
  });

  it('the factory validates its options', () => {
    const error = (() => {
      try {
        needs({ nope: 1 } as never);
      } catch (e) {
        return e;
      }
    })();
    expect(isEngageLoopError(error) && error.code).toBe('PLUGIN_OPTIONS_INVALID');
  });

  it('is typed by its slice and settings, fits Plugin without a cast, and types its loop events', () => {
    const plugin = needs();
    expectTypeOf(plugin).toEqualTypeOf<Plugin<NeedsSlice, NeedsSettings>>();
    expectTypeOf(plugin).toExtend<Plugin>();
    expectTypeOf(plugin.effects).toEqualTypeOf<
      Record<string, EffectType<NeedsSlice, never, NeedsSettings>> | undefined
    >();
    expectTypeOf<LoopEvents['need:status-changed']['to']>().toEqualTypeOf<NeedStatus>();
    expect(Object.keys(plugin.effects ?? {})).toEqual([
      'needs.open',
      'needs.acknowledge',
      'needs.setStatus',
      'needs.escalate',
      'needs.tag',
    ]);
  });
});
