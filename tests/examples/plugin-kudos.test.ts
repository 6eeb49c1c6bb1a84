/**
 * The example plugin of the "writing a plugin" guide (docs/examples/plugin-kudos), run through the public API:
 * its effect, fact, operator, state slice, hook, typed events and option validation.
 */
import { readFileSync } from 'node:fs';
import {
  createEngine,
  createManualClock,
  type Engine,
  isEngageLoopError,
  type LoopEvents,
  loadPolicy,
  type PolicyDocument,
  validatePolicy,
} from '@engageloop/core';
import { balanceOf, incentives } from '@engageloop/incentives';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type KudosSlice, kudos } from '../../docs/examples/plugin-kudos/kudos';

const policyUrl = new URL('../../docs/examples/plugin-kudos/policy.json', import.meta.url);
const document = JSON.parse(readFileSync(policyUrl, 'utf8')) as PolicyDocument;

function engineFor(): Engine {
  const plugins = [kudos(), incentives()];
  return createEngine({
    plugins,
    policy: loadPolicy(document, { plugins }),
    clock: createManualClock('2026-03-02T09:00:00Z'),
  });
}

let n = 0;
const kudosFrom = (from: string, to = 'ada') => ({
  id: `k${++n}`,
  type: 'kudos.received',
  userId: to,
  at: '2026-03-02T09:00:00Z',
  payload: { from, note: 'thanks for the review' },
});

const sliceOf = async (engine: Engine, userId: string) =>
  (await engine.getUser(userId))?.slices.kudos as KudosSlice | undefined;

describe('example plugin: kudos', () => {
  it('loads with the policy, and the policy validates', () => {
    const plugins = [kudos(), incentives()];
    const result = validatePolicy(document, { plugins });
    expect(result.ok ? [] : result.errors.map((e) => e.format())).toEqual([]);
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('counts kudos from distinct colleagues, skips kudos to oneself, and celebrates each milestone once', async () => {
    const engine = engineFor();
    const milestones: LoopEvents['kudos:milestone'][] = [];
    engine.on('kudos:milestone', (m) => milestones.push(m));
    const self = await engine.dispatch(kudosFrom('ada'));
    expect(self.effects.find((e) => e.type === 'kudos.record')?.report.status).toBe('skipped');
    for (const from of ['bo', 'cy', 'bo', 'di']) await engine.dispatch(kudosFrom(from));
    expect(await sliceOf(engine, 'ada')).toEqual({ received: 4, givers: ['bo', 'cy', 'di'], celebrated: 3 });
    expect(milestones.map((m) => m.received)).toEqual([3]);
    const notices = (await engine.store.listMessages({ userId: 'ada' })).filter(
      (m) => m.topic === 'kudos-milestone',
    );
    expect(notices.map((m) => m.body)).toEqual(['你好，你已收到同事的 3 次点赞，谢谢你的付出！']);
  });

  it("renders the receiver's name escaped for the channel", async () => {
    const engine = engineFor();
    const profile = (name: string, channel: string, userId: string) => ({
      id: `p-${userId}`,
      type: 'profile.updated',
      userId,
      at: '2026-03-02T08:00:00Z',
      payload: { name, channel },
    });
    await engine.dispatch(profile('<b>Li</b>', 'email', 'eve'));
    await engine.dispatch(profile('<b>Li</b>', 'sms', 'fay'));
    for (const userId of ['eve', 'fay'])
      for (const from of ['a', 'b', 'c']) await engine.dispatch(kudosFrom(from, userId));
    const body = async (userId: string) => (await engine.store.listMessages({ userId }))[0]?.body;
    expect(await body('eve')).toBe('&lt;b&gt;Li&lt;/b&gt;，你已收到同事的 3 次点赞，谢谢你的付出！');
    expect(await body('fay')).toBe('<b>Li</b>，你已收到同事的 3 次点赞，谢谢你的付出！');
  });

  it('the operator multipleOf fires the 10-point rule on the 5th and 10th kudos only', async () => {
    const engine = engineFor();
    const awarded: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const outcome = await engine.dispatch(kudosFrom(`c${i}`, 'bea'));
      if (outcome.fired.includes('every-fifth-kudos')) awarded.push(i);
    }
    expect(awarded).toEqual([5, 10]);
    expect(balanceOf(await engine.getUser('bea'), 'points', engine.clock.now()).available).toBe(20);
  });

  it('a replayed event changes nothing', async () => {
    const engine = engineFor();
    const event = kudosFrom('bo', 'cai');
    await engine.dispatch(event);
    const again = await engine.dispatch(event);
    expect(again.status).toBe('duplicate');
    expect((await sliceOf(engine, 'cai'))?.received).toBe(1);
  });

  it('rejects bad params when the policy loads, and bad options when the plugin is made', () => {
    const plugins = [kudos(), incentives()];
    const broken = structuredClone(document) as PolicyDocument & { rules: Array<{ effects: unknown[] }> };
    (broken.rules[0] as { effects: unknown[] }).effects = [{ type: 'kudos.record', params: { weight: 99 } }];
    const result = validatePolicy(broken, { plugins });
    const codes = result.ok ? [] : result.errors.map((e) => e.code);
    expect(codes).toContain('RULE_EFFECT_PARAMS_INVALID');
    try {
      kudos({ maxNoteLength: -1 });
      expect.unreachable();
    } catch (error) {
      expect(isEngageLoopError(error) && error.code).toBe('PLUGIN_OPTIONS_INVALID');
    }
  });

  it('a payload without a sender is rejected before anything runs', async () => {
    const engine = engineFor();
    await expect(engine.dispatch({ ...kudosFrom('x', 'dee'), payload: {} })).rejects.toMatchObject({
      code: 'EVENT_PAYLOAD_INVALID',
    });
    expect(await engine.getUser('dee')).toBeUndefined();
  });

  it('its events are typed by declaration merging', () => {
    expectTypeOf<LoopEvents['kudos:milestone']>().toEqualTypeOf<{
      eventId: string;
      userId: string;
      received: number;
    }>();
    expectTypeOf<LoopEvents['kudos:recorded']['from']>().toEqualTypeOf<string>();
  });
});
