import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from './defaults';
import { resolveReply } from './resolve';

/** User text: anything, or pieces of placeholders and markup. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('{{', '}}', '{', '<', '>', '|', 'user.name', 'a') }),
);

describe('default templates (property)', () => {
  it('every default situation renders in every shipped locale without leftover placeholders', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(DEFAULT_TEMPLATES)),
        fc.constantFrom('zh-CN', 'en', 'de'),
        nasty,
        fc.constantFrom('text', 'html') as fc.Arbitrary<'text' | 'html'>,
        (situation, locale, name, format) => {
          const r = resolveReply(
            DEFAULT_TEMPLATES,
            situation,
            { user: { name }, need: { title: name }, reason: name },
            { locale, defaultLocale: 'zh-CN', format },
          );
          expect(r.body).not.toMatch(format === 'html' ? /[{}<>]/ : /[{}]/);
          expect(r.body.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
