import { describe, expect, it } from 'vitest';
import { after, examplePolicy } from '../testing/example-policy';
import { createHarness } from '../testing/harness';

const T0 = '2026-01-05T02:00:00Z'; // 10:00 Shanghai

describe('post-purchase follow-up', () => {
  it('sends a receipt at once and a follow-up for that order three days later', async () => {
    const h = createHarness(examplePolicy(), T0);
    await h.send('user.signedUp', 'u1', T0);
    await h.send('order.paid', 'u1', after(T0, 0, 1), { orderId: 'A-17', amount: 300 });
    const receipt = (await h.care('u1')).find((m) => m.topic === 'order-receipt');
    expect(receipt).toMatchObject({ transactional: true, body: '订单 A-17 已支付成功。' });
    await h.tickTo(after(T0, 3));
    expect((await h.care('u1')).some((m) => m.topic === 'post-purchase')).toBe(false);
    await h.tickTo(after(T0, 3, 1));
    const follow = (await h.care('u1')).find((m) => m.topic === 'post-purchase');
    expect(follow?.body).toContain('订单 A-17 用得怎么样');
    expect(follow?.notBefore).toBe(Date.parse(after(T0, 3, 1)));
    expect((await h.slice('u1'))?.spend).toBe(300);
  });
});

describe('anniversary', () => {
  it('congratulates on the first anniversary of joining at 10:00 local time and re-arms for the next year', async () => {
    const h = createHarness(examplePolicy(), T0);
    await h.send('user.signedUp', 'u1', T0);
    await h.send('app.opened', 'u1', after(T0, 360));
    await h.tickTo(after(T0, 365, -1));
    expect((await h.care('u1')).some((m) => m.topic === 'join-anniversary')).toBe(false);
    await h.tickTo(after(T0, 365));
    const card = (await h.care('u1')).find((m) => m.topic === 'join-anniversary');
    expect(card?.body).toContain('相识 1 周年');
    expect(card?.notBefore).toBe(Date.parse('2027-01-05T02:00:00Z'));
    const timers = await h.engine.store.listTimers({ userId: 'u1' });
    expect(timers.find((t) => t.id === 'lifecycle:schedule:join-anniversary:u1')).toMatchObject({
      dueAt: Date.parse('2028-01-05T02:00:00Z'),
      payload: { years: 2 },
    });
  });
});

describe('stages and segments', () => {
  it('keeps each user in exactly one defined stage and reports every transition with its origin', async () => {
    const h = createHarness(examplePolicy(), T0);
    await h.send('user.signedUp', 'u1', T0);
    await h.send('app.opened', 'u1', after(T0, 2));
    await h.send('order.paid', 'u1', after(T0, 9), { orderId: 'B-1', amount: 1200 });
    expect(h.stageChanges.map((c) => `${c.from}→${c.to}`)).toEqual([
      'null→new',
      'new→onboarding',
      'onboarding→high-value',
    ]);
    expect((await h.slice('u1'))?.segments).toContain('high-value');
  });

  it('nudges a 7-day streak once and cares when sentiment worsens', async () => {
    const h = createHarness(examplePolicy(), T0);
    await h.send('user.signedUp', 'u1', T0);
    for (let d = 0; d < 8; d++) await h.send('lesson.completed', 'u1', after(T0, d, 2));
    expect((await h.care('u1')).filter((m) => m.topic === 'streak-7')).toHaveLength(1);
    for (const [i, sentiment] of [0.9, 0.8, 0.9, -0.4, -0.5, -0.6].entries()) {
      await h.send('feedback.submitted', 'u1', after(T0, 9, i), { sentiment });
    }
    expect((await h.care('u1')).filter((m) => m.topic === 'sentiment-care')).toHaveLength(1);
  });
});
