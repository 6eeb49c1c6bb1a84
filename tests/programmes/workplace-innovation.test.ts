/**
 * The innovation incubator programme 创新提案孵化器 (docs/examples/workplace-innovation.json) through the public
 * API: expert screening on weighted feasibility, innovation and value (pass mark, two reviews); passing earns
 * innovation points and starts incubation; weekly progress (a weekly streak, capped points, a 4-week badge);
 * a demo-day review every 30 days (stage deadlines fired by tick); incubated → points, profit share, the
 * "innovation pioneer" title; points redeemed for leave or training; returned and declined proposals get
 * encouragement and are reviewed first next time; March's digest at local midnight in Shanghai; a replay.
 */
import { honourWall } from '@engageloop/community';
import type { Store } from '@engageloop/core';
import { balanceOf, type IncentivesState } from '@engageloop/incentives';
import { describe, expect } from 'vitest';
import { onMemoryAndSqlite, programme } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T02:00:00Z'); // Monday 2 March, 10:00 in Shanghai
const MARCH_ENDS = Date.parse('2026-03-31T16:00:00Z'); // 1 April, 00:00 in Shanghai
const iso = (ms: number) => new Date(ms).toISOString();
const GOOD = { feasibility: 5, innovation: 4, value: 4 };
const WEAK = { feasibility: 2, innovation: 4, value: 3 };
const READY = { progress: 5, impact: 4, readiness: 4 };
const NOT_YET = { progress: 3, impact: 3, readiness: 2 };

/** The whole programme on `store`; returns the store's snapshot at the end. */
async function scenario(store: Store): Promise<unknown> {
  const h = programme('workplace-innovation', iso(T0), store);
  const { user } = h;
  const bodies = async (id: string) =>
    (await h.store.listMessages({ userId: id })).map((m) => `${m.topic}: ${m.body}`);
  const wallet = async (id: string, w: string) => balanceOf(await user(id), w, T0 + 90 * DAY).available;
  const review = (by: string, item: string, at: number, scheme: string, scores: Record<string, number>) =>
    h.send('community.review', by, iso(at), { item, scheme, scores });

  await h.send('profile.updated', 'staff-7', iso(T0), { name: '陈工' });
  await h.send('proposal.submitted', 'staff-7', iso(T0), {
    proposalId: 'meeting-rooms',
    title: '共享会议室预约',
  });
  await h.send('proposal.submitted', 'staff-8', iso(T0), { proposalId: 'staff-gym', title: '员工健身房' });
  // Below the screening mark: returned with encouragement; the next proposal is reviewed first.
  await review('e1', 'meeting-rooms', T0 + 2 * DAY, 'screening', WEAK);
  await review('e2', 'meeting-rooms', T0 + 2 * DAY, 'screening', WEAK);
  expect(await h.stage('meeting-rooms')).toBe('returned');
  expect((await user('staff-7')).attributes.priorityInvite).toBe(true);
  const next = await h.send('proposal.submitted', 'staff-7', iso(T0 + 3 * DAY), {
    proposalId: 'mentor-program',
    title: '新人导师制',
  });
  expect(next.outcome.fired).toEqual(['priority-welcome', 'proposal-item']);
  expect((await user('staff-7')).attributes.priorityInvite).toBeUndefined();

  await review('staff-7', 'mentor-program', T0 + 3 * DAY, 'screening', GOOD); // one's own: ignored
  await review('e1', 'mentor-program', T0 + 3 * DAY, 'screening', GOOD);
  expect(await h.stage('mentor-program')).toBe('screening'); // one review of the two needed
  await review('e2', 'mentor-program', T0 + 3 * DAY, 'screening', GOOD);
  expect(await h.stage('mentor-program')).toBe('incubating');
  expect(await wallet('staff-7', 'innovation')).toBe(50);

  // Weekly progress: 5 points a week at most; 4 weeks in a row → the badge and 20 points.
  for (let w = 1; w <= 4; w++)
    await h.send('incubation.progress', 'staff-7', iso(T0 + w * 7 * DAY), { proposalId: 'mentor-program' });
  await h.send('incubation.progress', 'staff-7', iso(T0 + 29 * DAY), { proposalId: 'mentor-program' }); // same week
  expect((await user('staff-7')).slices.incentives).toMatchObject({ badges: { 'steady-progress': {} } });
  expect(await wallet('staff-7', 'innovation')).toBe(50 + 4 * 5 + 20);

  // The committee declines staff-8's incubating proposal over budget: encouragement, first next time.
  await review('e1', 'staff-gym', T0 + 2 * DAY, 'screening', GOOD);
  await review('e2', 'staff-gym', T0 + 2 * DAY, 'screening', GOOD);
  await h.send('proposal.declined', 'staff-8', iso(T0 + 18 * DAY), {
    proposalId: 'staff-gym',
    title: '员工健身房',
    reason: '本季度预算已用完',
  });
  expect(await h.stage('staff-gym')).toBe('declined');
  expect((await user('staff-8')).attributes.priorityInvite).toBe(true);

  // March's digest at midnight on 31 March in Shanghai: one each, not before, never twice.
  const digest = async (id: string) =>
    (await bodies(id)).filter((b) => b.startsWith('community.digest.incubator-monthly'));
  await h.engine.tick(MARCH_ENDS - 1000);
  expect(await digest('staff-7')).toEqual([]);
  await h.engine.tick(MARCH_ENDS);
  await h.engine.tick(MARCH_ENDS + HOUR);
  expect(await digest('staff-7')).toEqual([expect.stringContaining('本月你有 1 个提案进入孵化或孵化成功')]);
  expect(await digest('staff-8')).toEqual([expect.stringContaining('本月你有 1 个提案')]);

  // 30 days of incubation: demo day. Below the mark: another month (no second screening award).
  const incubating = T0 + 3 * DAY;
  await h.engine.tick(incubating + 30 * DAY - HOUR);
  expect(await h.stage('mentor-program')).toBe('incubating');
  await h.engine.tick(incubating + 30 * DAY + HOUR);
  expect(await h.stage('mentor-program')).toBe('demo-day');
  await review('j1', 'mentor-program', incubating + 32 * DAY, 'demo-day', NOT_YET);
  await review('j2', 'mentor-program', incubating + 32 * DAY, 'demo-day', NOT_YET);
  expect(await h.stage('mentor-program')).toBe('incubating');
  await h.engine.tick(incubating + 62 * DAY + HOUR);
  expect(await h.stage('mentor-program')).toBe('demo-day');
  await review('j1', 'mentor-program', incubating + 63 * DAY, 'demo-day', READY);
  await review('j2', 'mentor-program', incubating + 63 * DAY, 'demo-day', READY);
  expect(await h.stage('mentor-program')).toBe('incubated');
  const pioneer = await user('staff-7');
  // The "innovation pioneer" title, for life.
  const title = (pioneer.slices.incentives as IncentivesState).badges['innovation-pioneer'];
  expect(title).toMatchObject({ level: 1 });
  expect(title?.until).toBeUndefined();
  // Credit on the incubated project, under the proposer's name.
  const project = (await h.engine.getEntity('item:mentor-program'))?.slices.community as {
    item: { credits?: unknown[] };
  };
  expect(project.item.credits).toEqual([
    expect.objectContaining({ user: 'staff-7', as: 'project-credit', name: '陈工' }),
  ]);
  expect(await honourWall(h.store, 'project-credit', 10)).toEqual([
    expect.objectContaining({ user: 'staff-7' }),
  ]);
  expect(await wallet('staff-7', 'innovation')).toBe(90 + 200);
  expect(await wallet('staff-7', 'profit-share')).toBe(10);

  // Redeem: a day of leave for 200; then too few left for training.
  const redeemed = T0 + 70 * DAY;
  await h.send('innovation.redeemed', 'staff-7', iso(redeemed), { reward: 'leave' });
  await h.send('innovation.redeemed', 'staff-7', iso(redeemed + HOUR), { reward: 'training' });
  expect(await wallet('staff-7', 'innovation')).toBe(90);
  expect(await wallet('staff-7', 'leave-days')).toBe(1);
  expect(await wallet('staff-7', 'training-credits')).toBe(0);

  // Every step answered once (the outbox is not in sending order: compare as a set of ten).
  const told = (await bodies('staff-7')).filter((b) => !b.startsWith('community.digest'));
  expect(told).toHaveLength(10);
  expect(told).toEqual(
    expect.arrayContaining([
      'incubator-received: 陈工，你的提案「共享会议室预约」已进入孵化器初筛，我们会在一周内告诉你结果。',
      expect.stringMatching(/^screening-returned: 陈工，谢谢你的提案「meeting-rooms」.*优先进入评审/),
      expect.stringMatching(/^priority-welcome: 陈工，欢迎回来！.*新人导师制/),
      expect.stringMatching(/^screen-passed: 恭喜！提案「mentor-program」通过初筛/),
      expect.stringMatching(/^demo-day: 提案「mentor-program」已孵化满 30 天/),
      expect.stringMatching(/^another-month: .*再孵化一个月/),
      expect.stringMatching(/^demo-day: /),
      expect.stringMatching(/^incubated: 陈工，提案「mentor-program」孵化成功！.*创新先锋/),
      expect.stringMatching(/^redeemed: 已用 200 创新积分兑换 1 天调休假/),
      expect.stringMatching(/^redeem-short: 创新积分还不够兑换/),
    ]),
  );
  const declined = (await bodies('staff-8')).filter((b) => !b.startsWith('community.digest'));
  expect(declined.sort()).toEqual([
    expect.stringMatching(/^decline-with-encouragement: .*员工健身房.*本季度预算已用完.*优先邀请/),
    expect.stringMatching(/^incubator-received: /),
    expect.stringMatching(/^screen-passed: /),
  ]);

  // A replay of the whole stream changes nothing.
  const { before, outcomes } = await h.replay(redeemed + HOUR);
  expect(outcomes.every((o) => o.status === 'duplicate')).toBe(true);
  await h.engine.close();
  return before;
}

describe('programme: innovation incubator (docs/examples/workplace-innovation.json)', () => {
  onMemoryAndSqlite(
    'screening, weekly progress, demo days, incubation, redemption, encouragement when declined',
    scenario,
  );
});
