import { describe, expect, it } from 'vitest';
import { harness } from './harness';

const T = '2026-01-05T10:00:00Z';
const LOCALES = [
  {
    locale: 'zh-CN',
    name: '小王',
    angry: '这课程太差了',
    happy: '讲得很清楚，谢谢老师👍',
    neutral: '第三课的视频在哪里',
  },
  {
    locale: 'en',
    name: 'Amy',
    angry: 'This course is terrible 😡',
    happy: 'Really great course, very helpful',
    neutral: 'Where is the video of lesson 3',
  },
] as const;

async function userIn(locale: string, name: string) {
  const h = harness();
  await h.dispatch('profile.updated', '2026-01-05T09:00:00Z', { locale, name });
  return h;
}

describe.each(LOCALES)('situations in $locale', ({ locale, name, angry, happy, neutral }) => {
  it('answers angry criticism with understanding and guidance, never a rejection', async () => {
    const h = await userIn(locale, name);
    const out = await h.dispatch('feedback.submitted', T, { text: angry });
    expect(out.fired).toEqual(['empathise-angry']);
    const [reply] = await h.replies();
    expect(reply?.topic).toBe('empathise-and-guide');
    expect(reply?.body).toContain(name);
    expect(reply?.body).toMatch(locale === 'en' ? /understand.*\?.*join/s : /理解.*？.*加入/s);
    expect(h.named('reply:queued')).toMatchObject([
      { situation: 'empathise-and-guide', locale, origin: 'rule' },
    ]);
  });

  it('thanks positive feedback', async () => {
    const h = await userIn(locale, name);
    await h.dispatch('review.submitted', T, { text: happy });
    expect((await h.replies()).map((r) => r.topic)).toEqual(['thank']);
  });

  it('acknowledges feedback no rule answered (never silent)', async () => {
    const h = await userIn(locale, name);
    const out = await h.dispatch('feedback.submitted', T, { text: neutral });
    expect(out.fired).toEqual([]);
    const replies = await h.replies();
    expect(replies).toHaveLength(1);
    expect(replies[0]?.topic).toBe('acknowledge');
    expect(h.named('reply:queued')[0]?.origin).toBe('never-silent');
  });

  it('declines with encouragement and sets the priority-invitation flag', async () => {
    const h = await userIn(locale, name);
    const title = locale === 'en' ? 'Rooftop garden' : '屋顶花园';
    const reason = locale === 'en' ? "it is over this year's budget" : '超出了今年的预算';
    const out = await h.dispatch('proposal.declined', T, { title, reason, needId: 'n1', channel: 'sms' });
    expect(out.effects[0]).toMatchObject({
      type: 'replies.declineWithEncouragement',
      report: { status: 'applied' },
    });
    const [reply] = await h.replies();
    expect(reply?.body).toContain(title);
    expect(reply?.body).toContain(reason);
    expect((await h.engine.getUser('u1'))?.attributes.priorityInvite).toBe(true);
    expect(h.named('reply:priority-invite')).toHaveLength(1);
  });

  it('tells adopted and shipped outcomes once per need, as typed on SMS, HTML-escaped on e-mail', async () => {
    const h = await userIn(locale, name);
    const title = '<b>Dark mode</b> {{user.name}}';
    await h.dispatch('suggestion.adopted', T, { needId: 'n7', needTitle: title });
    await h.dispatch('suggestion.adopted', '2026-01-05T11:00:00Z', { needId: 'n7', needTitle: title });
    await h.dispatch('suggestion.shipped', '2026-01-06T11:00:00Z', { needId: 'n7', needTitle: title });
    const replies = await h.replies();
    expect(replies.map((r) => r.topic)).toEqual(['adopted', 'shipped']);
    expect(replies[0]?.body).toContain('<b>Dark mode</b> ｛｛user.name｝｝');
    expect(replies[1]?.body).toContain('&lt;b&gt;Dark mode&lt;/b&gt; &#123;&#123;user.name&#125;&#125;');
  });

  it('apologises when an SLA is breached', async () => {
    const h = await userIn(locale, name);
    await h.dispatch('need.sla-breached', T, { needId: 'n9' });
    const [reply] = await h.replies();
    expect(reply?.topic).toBe('sla-apology');
    expect(reply?.body).toContain(name);
  });
});

describe('template fallback chain', () => {
  it('falls back from a missing locale to the default locale and records it in the trace', async () => {
    const h = harness();
    await h.dispatch('profile.updated', '2026-01-05T09:00:00Z', { locale: 'fr-FR', name: 'Zoé' });
    const out = await h.dispatch('review.submitted', T, { text: 'great, very helpful' });
    const [reply] = await h.replies();
    expect(reply?.body).toContain('谢谢你，Zoé');
    const notes = out.trace?.notes
      .filter((n) => n.plugin === 'replies' && n.text.startsWith('reply template fallback'))
      .map((n) => n.data?.locale);
    expect(notes).toEqual(['fr-FR', 'fr']);
  });

  it('falls back to the generic template when a variable is missing', async () => {
    const h = harness();
    const out = await h.dispatch('suggestion.adopted', T, { needId: 'n1' });
    const [reply] = await h.replies();
    expect(reply?.body).toBe('我们已收到你的消息，谢谢！');
    expect(out.trace?.notes.some((n) => n.text.includes('missing-variables'))).toBe(true);
  });

  it('uses templates from the policy settings, in other locales too', async () => {
    const h = harness({
      policy: (await import('./harness')).testPolicy({
        settings: { replies: { templates: { acknowledge: { ja: '{{user.name|}}ありがとうございます' } } } },
      }),
    });
    await h.dispatch('profile.updated', '2026-01-05T09:00:00Z', { locale: 'ja', name: '花子' });
    await h.dispatch('feedback.submitted', T, { text: '質問です' });
    expect((await h.replies())[0]?.body).toBe('花子ありがとうございます');
  });
});
