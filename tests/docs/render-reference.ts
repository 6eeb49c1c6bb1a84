import type { Plugin } from '@engageloop/core';

type Schema = Record<string, unknown>;
type Text = string | Record<string, string> | undefined;

const text = (value: Text, locale: string): string => {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return value[locale] ?? value.en ?? Object.values(value)[0] ?? '';
};

const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `name: type` for each top-level property of a params schema, required ones marked. */
function paramsSummary(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return '—';
  const s = schema as Schema;
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const names = Object.keys(props);
  if (names.length === 0) return s.type ? `\`${String(s.type)}\`` : '—';
  return names
    .map((name) => {
      const p = props[name] ?? {};
      const type = p.type
        ? String(p.type)
        : p.enum
          ? (p.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ')
          : p.anyOf || p.oneOf
            ? 'one of several'
            : 'any';
      return `\`${name}${required.has(name) ? '' : '?'}\`: ${type}`;
    })
    .join(', ');
}

/**
 * Renders `docs/reference/effects.md` from the plugins' own definitions (effect types, facts,
 * event types), so the reference cannot drift from the code. A test checks the file is up to date.
 */
export function renderReference(plugins: readonly Plugin[]): string {
  const lines: string[] = [
    '# Reference: effect types, facts and event types',
    '',
    "<!-- Generated from the plugins' definitions by tests/docs/render-reference.ts. Do not edit by hand:",
    '     run `UPDATE_REFERENCE=1 npx vitest run tests/docs.test.ts` after changing a plugin. -->',
    '',
    'Descriptions in English, then 中文. Params marked `?` are optional. For examples see the',
    '[effects guide](../guide/en/effects.md) · [效果指南](../guide/zh-CN/effects.md).',
    '',
  ];
  for (const plugin of plugins) {
    lines.push(`## \`${plugin.name}\` ${plugin.version}`, '');
    if (plugin.description) lines.push(text(plugin.description, 'en'), '');
    const effects = Object.entries(plugin.effects ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (effects.length > 0) {
      lines.push('### Effect types', '', '| type | params | en | zh-CN |', '|---|---|---|---|');
      for (const [name, effect] of effects) {
        const d = effect.description as Text;
        lines.push(
          `| \`${name}\` | ${cell(paramsSummary(effect.params))} | ${cell(text(d, 'en'))} | ${cell(text(d, 'zh-CN'))} |`,
        );
      }
      lines.push('');
    }
    const facts = Object.entries(plugin.facts ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (facts.length > 0) {
      lines.push('### Facts', '', '| fact | params | en | zh-CN |', '|---|---|---|---|');
      for (const [name, fact] of facts) {
        const d = fact.description as Text;
        lines.push(
          `| \`${name}\` | ${cell(fact.params ? paramsSummary(fact.params) : '—')} | ${cell(text(d, 'en'))} | ${cell(text(d, 'zh-CN'))} |`,
        );
      }
      lines.push('');
    }
    const events = Object.entries(plugin.eventTypes ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (events.length > 0) {
      lines.push('### Event types', '', '| type | payload | en | zh-CN |', '|---|---|---|---|');
      for (const [name, event] of events) {
        const d = event.description as Text;
        lines.push(
          `| \`${name}\` | ${cell(event.payload ? paramsSummary(event.payload) : '—')} | ${cell(text(d, 'en'))} | ${cell(text(d, 'zh-CN'))} |`,
        );
      }
      lines.push('');
    }
    const operators = Object.keys(plugin.operators ?? {}).sort();
    if (operators.length > 0)
      lines.push('### Operators', '', operators.map((o) => `\`${o}\``).join(', '), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
