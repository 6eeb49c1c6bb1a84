import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from './defaults';
import { escapeValue, renderTemplate } from './render';
import { resolveReply } from './resolve';

const nasty = fc.oneof(
  fc.string(),
  fc.string({
    unit: fc.constantFrom('{', '}', '{{', '}}', '<', '>', '&', '|', 'user.name', ' ', 'a', '"', "'"),
  }),
  fc.constantFrom(
    '{{user.name}}',
    '}}{{',
    '{{{reason}}}',
    '<script>alert(1)</script>',
    '{{ need.title | x }}',
  ),
);

describe('escaping (property)', () => {
  it('no template syntax from user text survives rendering (text mode)', () => {
    fc.assert(
      fc.property(nasty, nasty, (name, title) => {
        const { text } = renderTemplate(
          'Hi {{user.name}} — "{{need.title}}"',
          { user: { name }, need: { title } },
          'text',
        );
        expect(text).not.toMatch(/[{}]/);
      }),
    );
  });

  it('no markup or braces from user text survive rendering (html mode)', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        const { text } = renderTemplate('<p>{{a}}{{b}}</p>', { a: value, b: value }, 'html');
        expect(text.slice(3, -4)).not.toMatch(/[{}<>"']/);
      }),
    );
  });

  it('rendering is a single pass: each placeholder becomes exactly its escaped value', () => {
    fc.assert(
      fc.property(
        nasty,
        nasty,
        fc.constantFrom('text', 'html') as fc.Arbitrary<'text' | 'html'>,
        (a, b, mode) => {
          const { text } = renderTemplate('[{{a}}][{{b}}]', { a, b }, mode);
          const expectA = a === '' ? '' : escapeValue(a, mode);
          const expectB = b === '' ? '' : escapeValue(b, mode);
          expect(text).toBe(`[${expectA}][${expectB}]`);
        },
      ),
    );
  });

  it('every default situation renders in every shipped locale without leftover placeholders', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(DEFAULT_TEMPLATES)),
        fc.constantFrom('zh-CN', 'en', 'de'),
        nasty,
        (situation, locale, name) => {
          const r = resolveReply(
            DEFAULT_TEMPLATES,
            situation,
            { user: { name }, need: { title: name }, reason: name },
            {
              locale,
              defaultLocale: 'zh-CN',
              mode: 'text',
            },
          );
          expect(r.body).not.toMatch(/[{}]/);
          expect(r.body.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
