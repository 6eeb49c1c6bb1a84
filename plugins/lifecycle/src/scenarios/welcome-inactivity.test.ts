import { assignArm } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { after, examplePolicy } from '../testing/example-policy';
import { createHarness } from '../testing/harness';

// 10:00 in Shanghai (the policy's default time zone)
const T0 = '2026-01-05T02:00:00Z';

async function signUp(name = '小明') {
  const h = createHarness(examplePolicy(), T0);
  await h.send('profile.updated', 'u1', after(T0, 0, -1), { name });
  await h.send('user.signedUp', 'u1', T0);
  return h;
}

describe('welcome and first-week guide', () => {
  it('welcomes at once in the user locale, with a deterministic A/B variant recorded', async () => {
    const h = await signUp();
    const [welcome] = await h.care('u1');
    const arm = assignArm('u1', 'welcome', { A: 50, B: 50 });
    expect(welcome).toMatchObject({
      topic: 'welcome',
      channel: 'app',
      locale: 'zh-CN',
      notBefore: Date.parse(T0),
    });
    expect(welcome?.data).toMatchObject({
      trigger: 'welcome',
      experiment: 'welcome',
      variant: arm,
      stage: 'new',
    });
    expect(welcome?.body).toContain('欢迎你，小明！');
    expect(welcome?.body).toContain(arm === 'A' ? '新手专区' : '新人礼包');
  });

  it('sends the first-week guide three days later through a persistent timer, once', async () => {
    const h = await signUp();
    await h.tickTo(after(T0, 2));
    expect((await h.care('u1')).map((m) => m.topic)).toEqual(['welcome']);
    await h.tickTo(after(T0, 3));
    const guide = (await h.care('u1')).find((m) => m.topic === 'first-week-guide');
    expect(guide).toMatchObject({ notBefore: Date.parse(after(T0, 3)) });
    expect(guide?.body).toContain('小明，这是你的首周指南');
    await h.send('user.signedUp', 'u1', after(T0, 4));
    await h.tickTo(after(T0, 8));
    expect(
      (await h.care('u1')).filter((m) => m.topic === 'welcome' || m.topic === 'first-week-guide'),
    ).toHaveLength(2);
  });
});

describe('N days inactive', () => {
  it('nudges after 7 quiet days', async () => {
    const h = await signUp();
    await h.tickTo(after(T0, 7));
    const nudge = (await h.care('u1')).find((m) => m.topic === 'inactive-7d');
    expect(nudge?.notBefore).toBe(Date.parse(after(T0, 7)));
  });

  it('is re-armed by every activity instead of scanning users', async () => {
    const h = await signUp();
    await h.send('app.opened', 'u1', after(T0, 5));
    await h.tickTo(after(T0, 7));
    expect((await h.care('u1')).some((m) => m.topic === 'inactive-7d')).toBe(false);
    await h.tickTo(after(T0, 12));
    const nudges = (await h.care('u1')).filter((m) => m.topic === 'inactive-7d');
    expect(nudges.map((m) => m.notBefore)).toEqual([Date.parse(after(T0, 12))]);
  });
});

describe('at-risk win-back and exit on return', () => {
  it('moves to at-risk after 14 quiet days and sends the win-back offer', async () => {
    const h = await signUp();
    await h.tickTo(after(T0, 13));
    await h.tickTo(after(T0, 14));
    expect((await h.slice('u1'))?.stage).toBe('at-risk');
    expect(h.stageChanges.map((c) => [c.from, c.to])).toContainEqual(['active', 'at-risk']);
    expect((await h.care('u1')).some((m) => m.topic === 'win-back')).toBe(true);
  });

  it('cancels the pending follow-up when the user comes back, and welcomes them back', async () => {
    const h = await signUp();
    await h.tickTo(after(T0, 13));
    await h.tickTo(after(T0, 14));
    expect((await h.slice('u1'))?.pending['win-back-2']).toBeDefined();
    const back = await h.send('app.opened', 'u1', after(T0, 15));
    expect(back.timers.cancelled).toContain('lifecycle:care:win-back-2:u1');
    expect(h.stageChanges.at(-1)).toMatchObject({ from: 'at-risk', to: 'win-back' });
    await h.tickTo(after(T0, 20));
    const topics = (await h.care('u1')).map((m) => m.topic);
    expect(topics).toContain('welcome-back');
    expect(topics).not.toContain('win-back-2');
  });

  it('withdraws a nudge deferred past quiet hours when the user returns that night', async () => {
    // signed up at 23:30 Shanghai: the 7-day nudge falls at night and is deferred to 08:00
    const night = '2026-01-05T15:30:00Z';
    const h = createHarness(examplePolicy(), night);
    await h.send('user.signedUp', 'u2', night);
    await h.tickTo(after(night, 7));
    const nudge = (await h.care('u2')).find((m) => m.topic === 'inactive-7d');
    expect(nudge?.notBefore).toBe(Date.parse('2026-01-13T00:00:00Z'));
    await h.send('app.opened', 'u2', after(night, 7, 1));
    const again = (await h.care('u2')).find((m) => m.topic === 'inactive-7d');
    expect(again?.status).toBe('cancelled');
  });
});
