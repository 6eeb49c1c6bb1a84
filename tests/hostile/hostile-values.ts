import fc from 'fast-check';

/** Hostile strings a user can put in a name, a need's text, an order id… (shared by the hostile suite). */
export const HOSTILE_SAMPLES = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '{{user.name}}',
  '{{x}}',
  '{{ need.title | x }}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: literal template syntax is the hostile input
  '${x}',
  '{%x%}',
  '`backtick` & "quotes" \'single\'',
  '&lt;already&gt; &amp;',
  'a\u0000b\u0007c\u001b[31md\u202eevil\u2066',
  '__proto__',
  'constructor',
  'x'.repeat(5_000),
  '<b>'.repeat(1_000),
];

/** Hostile text: the samples, strings of dangerous pieces, and arbitrary code units. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_SAMPLES),
  fc.string({
    unit: fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '`',
      '&',
      '{',
      '}',
      '{{',
      '}}',
      '$',
      '%',
      '\u0000',
      '\u0007',
      '\u202e',
      '\n',
      'a',
      ' ',
      'script',
      '__proto__',
    ),
    maxLength: 40,
  }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** Characters escaping must remove from inserted text: controls but tab and newline, DEL, C1, bidi controls. */
export const CONTROL_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
