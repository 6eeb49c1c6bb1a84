import type { ChannelFormat } from './channel-format';
import { escapeForChannel, MAX_VALUE_LENGTH } from './escape';

/**
 * A placeholder: `{{ name }}` or `{{ user.name }}` (a letter or `_` first; then letters, digits, `_`,
 * `-`; later parts may start with a digit, for list items), optionally with a default written by the
 * template author: `{{ user.name | friend }}`.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)\s*(?:\|([^{}|]*))?\}\}/g;

/** Names that are never read, even as own properties (they name prototypes, not data). */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Variables given to a template: nested plain objects of strings, numbers and booleans. */
export type TemplateVariables = Readonly<Record<string, unknown>>;

/**
 * The value at a dotted path (`a.b.0`), through own properties only; `undefined` when any step is
 * missing, not an object, or `__proto__` / `prototype` / `constructor`.
 *
 * @example
 * ownPath({ user: { name: 'Li' } }, 'user.name') // 'Li'
 * ownPath({}, 'constructor') // undefined
 */
export function ownPath(value: unknown, dotted: string): unknown {
  let current: unknown = value;
  for (const part of dotted.split('.')) {
    if (FORBIDDEN.has(part) || typeof current !== 'object' || current === null) return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Reads `a.b.c` from nested variables (`ownPath`). A non-empty string, a finite number or a boolean
 * is a value; anything else (missing, empty, object, `__proto__`) is `undefined`.
 */
export function lookupVariable(variables: TemplateVariables, name: string): string | undefined {
  const current = ownPath(variables, name);
  if (typeof current === 'string') return current.length > 0 ? current : undefined;
  if (typeof current === 'number') return Number.isFinite(current) ? String(current) : undefined;
  if (typeof current === 'boolean') return String(current);
  return undefined;
}

/** How `renderTemplate` renders: for which channel format, and how long one inserted value may be. */
export interface RenderOptions {
  /** How the channel shows the message (see `channelFormat`). */
  format: ChannelFormat;
  /** The longest text one placeholder inserts, in code points (default `MAX_VALUE_LENGTH`, 500). */
  maxValueLength?: number;
}

/** A rendered template, and the placeholders it could not fill. */
export interface RenderResult {
  /** The text, every inserted value escaped for the channel. */
  text: string;
  /** Placeholders with no value and no default (rendered as empty text). */
  missing: string[];
}

/**
 * Renders a template in one pass: each placeholder becomes its value (or the author's default)
 * escaped for the channel (`escapeForChannel`). Inserted text is never scanned again, so a value
 * cannot add placeholders, and nothing is evaluated. The template itself is the policy author's
 * and is kept as written (an e-mail template may contain markup).
 *
 * @example
 * renderTemplate('Hi {{user.name|there}}!', { user: { name: '<b>Li</b>' } }, { format: 'html' }).text
 * // 'Hi &lt;b&gt;Li&lt;/b&gt;!'
 */
export function renderTemplate(
  template: string,
  variables: TemplateVariables,
  options: RenderOptions,
): RenderResult {
  const missing: string[] = [];
  const max = options.maxValueLength ?? MAX_VALUE_LENGTH;
  const text = template.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
    const value = lookupVariable(variables, name) ?? (fallback?.trim() || undefined);
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    return escapeForChannel(value, options.format, max);
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
