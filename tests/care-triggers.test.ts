import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvents,
  loadPolicy,
} from '@engageloop/core';
import { incentives } from '@engageloop/incentives';
import { lifecycle } from '@engageloop/lifecycle';
import { describe, expect, it } from 'vitest';

// Issue 6: lifecycle care triggers fed by the incentives loop events through the `signals` fact.
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const at = (day: number, hours = 0) => new Date(T0 + day * DAY + hours * 3_600_000).toISOString();

const careRule = (id: string, on: string, path: string, value: unknown, body: Record<string, string>) => ({
  id,
  stage: 'value',
  on,
  conditions: { all: [{ fact: 'signals', path, operator: 'equal', value }] },
  effects: [{ type: 'lifecycle.care', params: { trigger: id, body, reentry: 'once' } }],
});

const POLICY = {
  version: 1,
  name: 'care-triggers',
  defaults: { timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  eventTypes: { 'help.posted': {}, 'checkin.done': {}, 'practice.completed': {} },
  settings: {
    lifecycle: { caps: [], quietHours: null },
    incentives: {
      wallets: { points: {} },
      actions: {
        helps: { events: ['help.posted'] },
        checkin: { events: ['checkin.done'] },
        practice: { events: ['practice.completed'] },
      },
      streaks: { checkin: { period: 'day' } },
      milestones: [
        { id: 'helps-5', action: 'helps', threshold: 5 },
        { id: 'checkin-7', streak: 'checkin', threshold: 7 },
      ],
      tiers: {
        levels: [
          { id: 'basic', minScore: 0 },
          { id: 'advanced', minScore: 60 },
        ],
        score: { source: 'actions', windowDays: 90, weights: { practice: 5, helps: 0, checkin: 0 } },
        downgrade: { mode: 'one-tier', graceDays: 30, warnDays: 7 },
      },
    },
  },
  rules: [
    {
      id: 'help-points',
      stage: 'action',
      on: 'help.posted',
      effects: [{ type: 'incentives.award', params: { amount: 1 } }],
    },
    {
      id: 'checkin-points',
      stage: 'action',
      on: 'checkin.done',
      effects: [{ type: 'incentives.advanceStreak', params: { streak: 'checkin' } }],
    },
    careRule('help-5-congrats', 'help.posted', '$.milestone:reached.milestone', 'helps-5', {
      'zh-CN': '这是你的第 5 次帮助！',
      en: 'Your 5th help!',
    }),
    careRule('streak-7-study-group', 'checkin.done', '$.milestone:reached.milestone', 'checkin-7', {
      'zh-CN': '连续 7 天打卡——加入一个学习小组吧！',
      en: '7 days in a row — join a study group!',
    }),
    {
      id: 'tier-will-downgrade-notice',
      stage: 'value',
      // Not `notEqual null` on `$.tier:will-downgrade`: an absent signal resolves to undefined, which is
      // `notEqual` null, so that condition is true on every dispatch (see report).
      conditions: {
        all: [{ fact: 'signals', path: '$.tier:will-downgrade.to', operator: 'equal', value: 'basic' }],
      },
      effects: [
        {
          type: 'lifecycle.care',
          params: {
            trigger: 'tier-will-downgrade-notice',
            body: {
              'zh-CN': '你的等级即将下调，回来看看吧。',
              en: 'Your tier will be lowered soon — come back!',
            },
            reentry: 'always',
          },
        },
      ],
    },
  ],
};

interface Setup {
  engine: Engine;
  dispatch(
    type: string,
    when: string,
    userId?: string,
    payload?: Record<string, unknown>,
  ): ReturnType<Engine['dispatch']>;
  tick(when: number | string): Promise<unknown>;
  events: Array<{ name: string; payload: unknown; at: number }>;
  named<K extends keyof LoopEvents>(name: K): Array<LoopEvents[K]>;
  bodies(userId: string): Promise<string[]>;
}

function setup(): Setup {
  const plugins = [incentives(), lifecycle()];
  const policy = loadPolicy(POLICY, { plugins });
  const clock = createManualClock(at(0, -1));
  const engine = createEngine({ plugins, policy, store: createMemoryStore(), clock });
  const events: Setup['events'] = [];
  for (const n of ['milestone:reached', 'tier:will-downgrade', 'tier:changed'] as const) {
    engine.on(n, ((payload: unknown) => events.push({ name: n, payload, at: clock.now() })) as never);
  }
  let seq = 0;
  return {
    engine,
    events,
    dispatch: (type, when, userId = 'u1', payload = {}) => {
      clock.set(when);
      return engine.dispatch({ id: `ev${++seq}`, type, userId, at: when, payload });
    },
    tick: (when) => {
      clock.set(when);
      return engine.tick(typeof when === 'number' ? when : Date.parse(when));
    },
    named: <K extends keyof LoopEvents>(n: K) =>
      events.filter((e) => e.name === n).map((e) => e.payload as LoopEvents[K]),
    bodies: async (userId) => (await engine.store.listMessages({ userId })).map((m) => m.body),
  };
}

describe('care triggers fed by incentives loop events (issue 6)', () => {
  it('the 5th help reaches a milestone → one congratulation, in each user locale', async () => {
    const s = setup();
    await s.dispatch('profile.updated', at(0, -1), 'en1', { locale: 'en' });
    for (const user of ['u1', 'en1']) {
      for (let i = 0; i < 7; i++) await s.dispatch('help.posted', at(i), user);
    }
    const zh = await s.engine.store.listMessages({ userId: 'u1' });
    expect(zh.map((m) => m.topic)).toEqual(['help-5-congrats']);
    expect(zh[0]?.body).toBe('这是你的第 5 次帮助！');
    const en = await s.engine.store.listMessages({ userId: 'en1' });
    expect(en.map((m) => [m.topic, m.body])).toEqual([['help-5-congrats', 'Your 5th help!']]);
    expect(s.named('milestone:reached').map((m) => [m.userId, m.milestone])).toEqual([
      ['u1', 'helps-5'],
      ['en1', 'helps-5'],
    ]);
  });

  it('a 7-day check-in streak → a "join a study group" nudge, once', async () => {
    const s = setup();
    const outcomes = [];
    for (let i = 0; i < 10; i++) outcomes.push(await s.dispatch('checkin.done', at(i)));
    const firing = outcomes.map((o) => o.messages.length);
    expect(firing).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    const messages = await s.engine.store.listMessages({ userId: 'u1' });
    expect(messages.map((m) => m.topic)).toEqual(['streak-7-study-group']);
    expect(messages[0]?.body).toContain('学习小组');
  });

  it('inactivity → a will-downgrade notice before the downgrade, then tier:changed after the grace period', async () => {
    const s = setup();
    for (let i = 0; i < 12; i++) await s.dispatch('practice.completed', at(i)); // 12 × 5 = 60 → advanced
    expect(s.named('tier:changed').at(-1)).toMatchObject({ to: 'advanced' });
    for (let step = 0; step < 8; step++) {
      const [timer] = await s.engine.store.listTimers({ userId: 'u1' });
      if (!timer) break;
      await s.tick(timer.dueAt);
    }
    const [warning] = s.named('tier:will-downgrade');
    expect(s.named('tier:will-downgrade')).toHaveLength(1);
    expect(warning).toMatchObject({ tier: 'advanced', to: 'basic' });
    const down = s.events.filter(
      (e) => e.name === 'tier:changed' && (e.payload as { direction: string }).direction === 'down',
    );
    expect(down.map((e) => e.payload)).toEqual([expect.objectContaining({ from: 'advanced', to: 'basic' })]);
    expect(down[0]?.at).toBe(Date.parse(warning!.downgradeAt));
    const notices = (await s.engine.store.listMessages({ userId: 'u1' })).filter(
      (m) => m.topic === 'tier-will-downgrade-notice',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toBe('你的等级即将下调，回来看看吧。');
    expect(notices[0]!.notBefore).toBeLessThan(Date.parse(warning!.downgradeAt));
  });
});
