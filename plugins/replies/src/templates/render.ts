/** How a rendered value is escaped: `text` for plain-text channels, `html` for channels that render markup. */
export type EscapeMode = 'text' | 'html';

/**
 * A placeholder: `{{ name }}`, `{{ user.name }}` (letters, digits, `_`, `-`, dots), optionally with a
 * default written by the template author: `{{ user.name | friend }}`.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z][A-Za-z0-9_-]*)*)\s*(?:\|([^{}|]*))?\}\}/g;

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '{': '&#123;',
  '}': '&#125;',
};

/** Control characters other than tab and newline (they could hide or reorder text). */
const isControl = (code: number): boolean =>
  (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127;

/**
 * Escapes one substituted value so user text can never become template syntax or markup.
 * - `text`: braces become full-width `｛` `｝` (they look alike but no template engine reads them),
 *   control characters other than newline/tab are dropped.
 * - `html`: `& < > " '` and braces become entities.
 *
 * @example
 * escapeValue('{{user.name}}<b>', 'html') // '&#123;&#123;user.name&#125;&#125;&lt;b&gt;'
 */
export function escapeValue(value: string, mode: EscapeMode): string {
  if (mode === 'html') return value.replace(/[&<>"'{}]/g, (c) => HTML[c] ?? c);
  return value
    .split('')
    .filter((c) => !isControl(c.charCodeAt(0)))
    .join('')
    .replace(/\{/g, '｛')
    .replace(/\}/g, '｝');
}

/** Variables given to a template: nested plain objects of strings and numbers. */
export type TemplateVariables = Readonly<Record<string, unknown>>;

/** Reads `a.b.c` from nested variables, own properties only (`__proto__` is just a missing key). */
export function lookupVariable(variables: TemplateVariables, name: string): string | undefined {
  let current: unknown = variables;
  for (const part of name.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (typeof current === 'string') return current.length > 0 ? current : undefined;
  if (typeof current === 'number' && Number.isFinite(current)) return String(current);
  if (typeof current === 'boolean') return String(current);
  return undefined;
}

export interface RenderResult {
  text: string;
  /** Placeholders with no value (rendered as empty text). */
  missing: string[];
}

/**
 * Renders a template in one pass: each placeholder is replaced by its escaped value; substituted
 * text is never scanned again, so values cannot inject placeholders. No code is evaluated.
 *
 * @example
 * renderTemplate('谢谢你，{{user.name}}！', { user: { name: '小王' } }, 'text').text // '谢谢你，小王！'
 */
export function renderTemplate(
  template: string,
  variables: TemplateVariables,
  mode: EscapeMode,
): RenderResult {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
    const value = lookupVariable(variables, name) ?? (fallback?.trim() || undefined);
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    return escapeValue(value, mode);
  });
  return { text, missing };
}

/** The placeholder names a template uses, in order, without repeats. */
export function placeholdersOf(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}
