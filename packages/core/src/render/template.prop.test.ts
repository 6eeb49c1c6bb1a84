import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChannelFormat } from './channel-format';
import { escapeForChannel } from './escape';
import { renderTemplate } from './template';

const nasty = fc.oneof(
  fc.string(),
  fc.string({
    unit: fc.constantFrom(
      '{',
      '}',
      '{{',
      '}}',
      '<',
      '>',
      '&',
      '|',
      'user.name',
      ' ',
      'a',
      '"',
      "'",
      '$',
      '%',
    ),
  }),
  fc.constantFrom(
    '{{user.name}}',
    '}}{{',
    '{{{reason}}}',
    '<script>alert(1)</script>',
    '{{ need.title | x }}',
  ),
);
const format = fc.constantFrom<ChannelFormat>('text', 'html');

describe('renderTemplate (property)', () => {
  it('no template syntax from user text survives rendering (text)', () => {
    fc.assert(
      fc.property(nasty, nasty, (name, title) => {
        const { text } = renderTemplate(
          'Hi {{user.name}} — "{{need.title}}"',
          { user: { name }, need: { title } },
          { format: 'text' },
        );
        expect(text).not.toMatch(/[{}]/);
      }),
    );
  });

  it('no markup, quotes or braces from user text survive rendering (html)', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        const { text } = renderTemplate('<p>{{a}}{{b}}</p>', { a: value, b: value }, { format: 'html' });
        expect(text.slice(3, -4)).not.toMatch(/[{}<>"'`]/);
      }),
    );
  });

  it('is a single pass: each placeholder becomes exactly its escaped value', () => {
    fc.assert(
      fc.property(nasty, nasty, format, (a, b, f) => {
        const { text } = renderTemplate('[{{a}}][{{b}}]', { a, b }, { format: f });
        const expectA = a === '' ? '' : escapeForChannel(a, f);
        const expectB = b === '' ? '' : escapeForChannel(b, f);
        expect(text).toBe(`[${expectA}][${expectB}]`);
      }),
    );
  });
});
