import { fileURLToPath } from 'node:url';
import { createEngine, createManualClock, createMemoryStore, loadPolicyPath } from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { describe, expect, it } from 'vitest';
import { replies } from '../plugin';

const path = fileURLToPath(new URL('../../../../docs/examples/workplace-innovation.json', import.meta.url));

async function setup() {
  const plugins = [incentives(), replies()];
  const policy = await loadPolicyPath(path, { plugins });
  const store = createMemoryStore();
  const clock = createManualClock('2026-03-02T09:00:00Z');
  const engine = createEngine({ plugins, policy, store, clock });
  let n = 0;
  const dispatch = (type: string, at: string, payload: Record<string, unknown>) => {
    clock.set(at);
    return engine.dispatch({ id: `w${++n}`, type, userId: 'staff-7', at, payload });
  };
  const bodies = async () => (await store.listMessages()).map((m) => `${m.topic}: ${m.body}`);
  return { engine, dispatch, bodies };
}

describe('docs/examples/workplace-innovation.json', () => {
  it('declined with encouragement, then reviewed first next time; incubated earns credit and points', async () => {
    const { engine, dispatch, bodies } = await setup();
    await dispatch('profile.updated', '2026-03-02T09:00:00Z', { name: '陈工' });
    await dispatch('proposal.submitted', '2026-03-02T10:00:00Z', { title: '共享会议室预约', needId: 'p1' });
    await dispatch('proposal.declined', '2026-03-09T10:00:00Z', {
      title: '共享会议室预约',
      needId: 'p1',
      reason: '本季度预算已用完',
    });
    expect((await engine.getUser('staff-7'))?.attributes.priorityInvite).toBe(true);
    const next = await dispatch('proposal.submitted', '2026-04-01T10:00:00Z', {
      title: '新人导师制',
      needId: 'p2',
    });
    expect(next.fired).toEqual(['priority-welcome']);
    expect((await engine.getUser('staff-7'))?.attributes.priorityInvite).toBeUndefined();
    await dispatch('proposal.screened', '2026-04-03T10:00:00Z', {
      passed: true,
      needId: 'p2',
      title: '新人导师制',
    });
    await dispatch('proposal.incubated', '2026-05-01T10:00:00Z', { needId: 'p2', needTitle: '新人导师制' });
    const user = await engine.getUser('staff-7');
    expect(user?.attributes.title).toBe('innovation-pioneer');
    const texts = await bodies();
    expect(texts).toEqual([
      'incubator-received: 陈工，你的提案「共享会议室预约」已进入孵化器初筛，我们会在一周内告诉你结果。',
      expect.stringMatching(/^decline-with-encouragement: .*共享会议室预约.*本季度预算已用完.*优先邀请/),
      expect.stringMatching(/^priority-welcome: 陈工，欢迎回来！.*新人导师制/),
      expect.stringMatching(/^screen-passed: 恭喜！/),
      expect.stringMatching(/^adopted: .*创新先锋/),
    ]);
  });
});
