import type { OutboxMessage, PolicyDocument } from '@engageloop/core';
import { describe, expect, it } from 'vitest';
import { after } from '../testing/example-policy';
import { createHarness } from '../testing/harness';

const T0 = '2026-01-05T15:30:00Z'; // 23:30 in Shanghai, 10:30 in New York

function policy(settings: Record<string, unknown> = {}, care: Record<string, unknown> = {}): PolicyDocument {
  return {
    version: 1,
    defaults: { timezone: 'UTC', locale: 'en' },
    eventTypes: { ping: {}, 'order.paid': {} },
    settings: { lifecycle: { reviewAfter: [], ...settings } },
    rules: [
      {
        id: 'nudge',
        stage: 'value',
        on: 'ping',
        effects: [
          {
            type: 'lifecycle.care',
            params: { trigger: 'nudge', body: 'Hi {{user.name}}', channel: ['app', 'email', 'sms'], ...care },
          },
        ],
      },
      {
        id: 'receipt',
        stage: 'value',
        on: 'order.paid',
        effects: [
          {
            type: 'lifecycle.care',
            params: {
              trigger: 'receipt',
              transactional: true,
              dedupe: '{{event.payload.orderId}}',
              body: 'Paid {{event.payload.orderId}}',
            },
          },
        ],
      },
    ],
  };
}

describe('quiet hours crossing midnight, in each user time zone', () => {
  it('defers for Shanghai at 23:30 and sends at once for New York at 10:30', async () => {
    const h = createHarness(policy(), T0);
    await h.send('profile.updated', 'sh', T0, { timezone: 'Asia/Shanghai' });
    await h.send('profile.updated', 'ny', T0, { timezone: 'America/New_York' });
    await h.send('ping', 'sh', T0);
    await h.send('ping', 'ny', T0);
    const [sh] = await h.care('sh');
    const [ny] = await h.care('ny');
    expect(sh?.notBefore).toBe(Date.parse('2026-01-06T00:00:00Z')); // 08:00 Shanghai
    expect(ny?.notBefore).toBe(Date.parse(T0));
    const delivered: OutboxMessage[] = [];
    await h.engine.drain((m) => {
      delivered.push(m);
    });
    expect(delivered.map((m) => m.userId)).toEqual(['ny']);
  });

  it('the same instant is quiet for New York (22:30) and allowed for Shanghai (11:30)', async () => {
    const at = '2026-01-06T03:30:00Z';
    const h = createHarness(policy(), at);
    await h.send('profile.updated', 'sh', at, { timezone: 'Asia/Shanghai' });
    await h.send('profile.updated', 'ny', at, { timezone: 'America/New_York' });
    await h.send('ping', 'sh', at);
    await h.send('ping', 'ny', at);
    expect((await h.care('sh'))[0]?.notBefore).toBe(Date.parse(at));
    expect((await h.care('ny'))[0]?.notBefore).toBe(Date.parse('2026-01-06T13:00:00Z')); // 08:00 New York
  });

  it('drops instead of deferring when told to', async () => {
    const h = createHarness(policy({ quietHours: { start: '22:00', end: '08:00', action: 'drop' } }), T0);
    await h.send('profile.updated', 'sh', T0, { timezone: 'Asia/Shanghai' });
    const out = await h.send('ping', 'sh', T0);
    expect(out.effects[0]?.report).toMatchObject({ status: 'skipped', reason: 'quiet-hours' });
    expect(await h.care('sh')).toEqual([]);
  });

  it('transactional messages are exempt', async () => {
    const h = createHarness(policy(), T0);
    await h.send('profile.updated', 'sh', T0, { timezone: 'Asia/Shanghai' });
    await h.send('order.paid', 'sh', T0, { orderId: 'o1' });
    expect((await h.care('sh'))[0]).toMatchObject({
      topic: 'receipt',
      notBefore: Date.parse(T0),
      transactional: true,
    });
  });
});

describe('frequency caps', () => {
  const noon = '2026-01-05T12:00:00Z';
  it('caps care per window overall and per channel; transactional messages are not counted', async () => {
    const caps = [
      { max: 2, window: { days: 1 } },
      { max: 1, window: { days: 7 }, channel: 'sms' },
    ];
    const h = createHarness(policy({ caps }), noon);
    await h.send('profile.updated', 'u', noon, { channel: 'sms' });
    const first = await h.send('ping', 'u', noon);
    const second = await h.send('ping', 'u', after(noon, 0, 1));
    const third = await h.send('ping', 'u', after(noon, 0, 2));
    await h.send('order.paid', 'u', after(noon, 0, 3), { orderId: 'o9' });
    expect(first.effects[0]?.report.data).toMatchObject({ channel: 'sms' });
    // sms is capped at 1 a week; a per-channel cap does not reroute the message to another channel
    expect(second.effects[0]?.report).toMatchObject({ status: 'capped' });
    expect(third.effects[0]?.report).toMatchObject({ status: 'capped' });
    const care = await h.care('u');
    expect(care.map((m) => m.topic)).toEqual(['nudge', 'receipt']);
  });

  it('frees the slot when the window has passed', async () => {
    const h = createHarness(policy({ caps: [{ max: 1, window: { days: 1 } }] }), noon);
    await h.send('ping', 'u', noon);
    expect((await h.send('ping', 'u', after(noon, 0, 23))).effects[0]?.report.status).toBe('capped');
    expect((await h.send('ping', 'u', after(noon, 1))).effects[0]?.report.status).toBe('applied');
  });
});

describe('channels: preference, last used, opt-out and no repeat across channels', () => {
  const noon = '2026-01-05T12:00:00Z';
  it('uses the preferred channel, else the last used one, skipping opted-out channels', async () => {
    const h = createHarness(policy({ caps: [] }), noon);
    await h.send('profile.updated', 'a', noon, { channel: 'email' });
    await h.send('ping', 'a', noon);
    await h.send('ping', 'b', noon, { channel: 'sms' });
    await h.send('profile.updated', 'c', noon, { channel: 'email', optOut: ['email'] });
    await h.send('ping', 'c', noon);
    expect((await h.care('a'))[0]?.channel).toBe('email');
    expect((await h.care('b'))[0]?.channel).toBe('sms');
    expect((await h.care('c'))[0]?.channel).toBe('app');
  });

  it('sends nothing to a user who opted out of every allowed channel', async () => {
    const h = createHarness(policy({ caps: [] }), noon);
    await h.send('profile.updated', 'u', noon, { optOut: ['all'] });
    const out = await h.send('ping', 'u', noon);
    expect(out.effects[0]?.report).toMatchObject({ status: 'skipped', reason: 'opted-out' });
    expect(await h.care('u')).toEqual([]);
  });

  it('a care message delivered on one channel is not repeated on another', async () => {
    const h = createHarness(policy({ caps: [] }), noon);
    await h.send('order.paid', 'u', noon, { orderId: 'o1', channel: 'app' });
    await h.engine.drain(() => {});
    const retry = await h.send('order.paid', 'u', after(noon, 0, 1), { orderId: 'o1', channel: 'email' });
    expect(retry.messages[0]).toMatchObject({ channel: 'email', queued: false });
    const care = await h.care('u');
    expect(care.map((m) => [m.channel, m.status])).toEqual([['app', 'sent']]);
  });

  it('escapes user data in templates', async () => {
    const h = createHarness(policy({ caps: [] }), noon);
    await h.send('profile.updated', 'u', noon, { name: '{{event.payload.secret}}' });
    await h.send('ping', 'u', noon, { secret: 'TOKEN' });
    const [m] = await h.care('u');
    expect(m?.body).not.toContain('TOKEN');
    expect(m?.body).not.toContain('{{');
  });
});
