import { describe, expect, it } from 'vitest';
import { setup } from './__fixtures__/needs-harness';

describe('need notices render the need’s text escaped, once', () => {
  it('escapes the text as HTML (notices have no channel) and never expands placeholders from it', async () => {
    const h = setup({
      messages: { adopted: { 'zh-CN': 'Adopted: "{text}" ({needId}) / {{text}}' } },
    });
    await h.capture(
      'u1',
      { kind: 'suggestion', text: '<img src=x onerror=alert(1)> {needId} {{needId}}' },
      'n1',
    );
    await h.status('staff', { needId: 'n1', to: 'acknowledged' });
    await h.status('staff', { needId: 'n1', to: 'adopted' });
    const [notice] = await h.store.listMessages({ kind: 'notice' });
    expect(notice?.channel).toBeNull();
    const text = '&lt;img src=x onerror=alert(1)&gt; &#123;needId&#125; &#123;&#123;needId&#125;&#125;';
    expect(notice?.body).toBe(`Adopted: "${text}" (n1) / ${text}`);
  });

  it('cuts the text to 80 characters', async () => {
    const h = setup();
    await h.capture('u1', { kind: 'suggestion', text: `<b>${'x'.repeat(200)}` }, 'n2');
    await h.status('staff', { needId: 'n2', to: 'acknowledged' });
    await h.status('staff', { needId: 'n2', to: 'adopted' });
    const [notice] = await h.store.listMessages({ kind: 'notice' });
    expect(notice?.body).toContain(`&lt;b&gt;${'x'.repeat(76)}…`);
    expect(notice?.body).not.toContain('x'.repeat(77));
  });
});
