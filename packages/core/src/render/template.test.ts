import { describe, expect, it } from 'vitest';
import { CHANNEL_FORMATS, channelFormat } from './channel-format';
import { cleanText, escapeForChannel } from './escape';
import { lookupVariable, placeholdersOf, renderTemplate } from './template';

const html = { format: 'html' } as const;
const text = { format: 'text' } as const;

describe('channelFormat', () => {
  it('reads the built-in table, then the policy overrides; unknown or no channel is html', () => {
    expect(channelFormat('sms')).toBe('text');
    expect(channelFormat('email')).toBe('html');
    expect(channelFormat('kiosk')).toBe('html');
    expect(channelFormat(null)).toBe('html');
    expect(channelFormat(undefined)).toBe('html');
    expect(channelFormat('app', { app: 'text' })).toBe('text');
    expect(channelFormat('sms', { sms: 'html' })).toBe('html');
    expect(channelFormat('__proto__')).toBe('html');
    expect(channelFormat('toString', {})).toBe('html');
    expect(Object.isFrozen(CHANNEL_FORMATS)).toBe(true);
  });
});

describe('renderTemplate', () => {
  it('substitutes nested variables and author defaults', () => {
    const t = 'Hi {{ user.name | there }}, about {{need.title}}';
    expect(renderTemplate(t, { user: { name: 'Li' }, need: { title: 'Dark mode' } }, text)).toEqual({
      text: 'Hi Li, about Dark mode',
      missing: [],
    });
    expect(renderTemplate(t, { need: { title: 'X' } }, text).text).toBe('Hi there, about X');
    expect(renderTemplate(t, {}, text).missing).toEqual(['need.title']);
    expect(
      renderTemplate('day {{ data.n }} of {{items.0}}', { data: { n: 7 }, items: ['a'] }, text).text,
    ).toBe('day 7 of a');
  });

  it('never re-reads inserted text, and escapes for the channel', () => {
    const vars = { user: { name: '{{need.title}}' }, need: { title: '<script>x</script>' } };
    expect(renderTemplate('{{user.name}}/{{need.title}}', vars, text).text).toBe(
      '｛｛need.title｝｝/<script>x</script>',
    );
    expect(renderTemplate('{{user.name}}/{{need.title}}', vars, html).text).toBe(
      '&#123;&#123;need.title&#125;&#125;/&lt;script&gt;x&lt;/script&gt;',
    );
  });

  it('keeps the template author’s markup', () => {
    expect(renderTemplate('<p>Hi {{n}}</p>', { n: 'A&B' }, html).text).toBe('<p>Hi A&amp;B</p>');
  });

  it('treats __proto__, prototype and constructor as missing, even as own keys', () => {
    expect(renderTemplate('{{constructor.name}}', {}, text).missing).toEqual(['constructor.name']);
    expect(renderTemplate('{{toString}}', { user: 'x' }, text).missing).toEqual(['toString']);
    const own = JSON.parse('{"__proto__": {"x": "leak"}}');
    expect(lookupVariable(own, '__proto__.x')).toBeUndefined();
    expect(lookupVariable({ a: {} }, 'a.constructor')).toBeUndefined();
  });

  it('reads strings, finite numbers and booleans; empty text and objects are missing', () => {
    expect(lookupVariable({ a: 7, b: true, c: '', d: {}, e: Number.NaN }, 'a')).toBe('7');
    expect(lookupVariable({ b: true }, 'b')).toBe('true');
    for (const k of ['c', 'd', 'e'])
      expect(lookupVariable({ a: 7, c: '', d: {}, e: Number.NaN }, k)).toBeUndefined();
  });

  it('lists placeholders', () => {
    expect(placeholdersOf('{{a}} {{b.c|x}} {{a}}')).toEqual(['a', 'b.c']);
  });
});

describe('escaping', () => {
  it('strips control and bidi characters, keeps tab and newline', () => {
    expect(cleanText('a\u0000b\nc\td\u202ee\u0085')).toBe('ab\nc\tde');
  });

  it('caps length in code points with an ellipsis, never splitting a pair', () => {
    expect(cleanText('x'.repeat(600))).toHaveLength(500);
    expect(cleanText('abcdef', 4)).toBe('abc…');
    expect(cleanText('😀😀😀😀', 3)).toBe('😀😀…');
    expect(cleanText('😀😀', 2)).toBe('😀😀');
  });

  it('escapes markup and template delimiters on html, braces only on text', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: literal template syntax is the input
    const value = "\"><img onerror=x> ${a} {%b%} `c` 'd' &";
    expect(escapeForChannel(value, 'html')).toBe(
      '&quot;&gt;&lt;img onerror=x&gt; $&#123;a&#125; &#123;%b%&#125; &#96;c&#96; &#39;d&#39; &amp;',
    );
    expect(escapeForChannel(value, 'text')).toBe("\"><img onerror=x> $｛a｝ ｛%b%｝ `c` 'd' &");
  });
});
