import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHANNEL_FORMATS,
  type ChannelFormat,
  channelFormat,
  cleanText,
  createRegistry,
  loadPolicy,
  MAX_VALUE_LENGTH,
  type Policy,
  placeholdersOf,
  renderTemplate,
} from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstPartyPlugins } from '../../packages/cli/src/plugins';
import { CONTROL_CHARS as CONTROL, hostileText } from './hostile-values';

// Issue 19 item 1: every template of every plugin renders hostile user text inert, on every channel.
const examples = fileURLToPath(new URL('../../docs/examples/', import.meta.url));
const registry = createRegistry(firstPartyPlugins());
/** Every example policy, loaded with every first-party plugin (so each plugin's default settings are in). */
const POLICIES: Array<{ file: string; policy: Policy }> = readdirSync(examples)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({
    file,
    policy: loadPolicy(readFileSync(join(examples, file), 'utf8'), { registry, file }),
  }));

/** Every string of a value that uses a placeholder: reply wordings, care bodies and subjects, notices… */
function templatesIn(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') {
    if (placeholdersOf(value).length > 0) out.add(value);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) templatesIn(v, out);
  }
  return out;
}

const TEMPLATES = [
  ...POLICIES.reduce(
    (all, { policy }) => templatesIn(policy.settings, templatesIn(policy.document, all)),
    new Set<string>(),
  ),
];
const CHANNELS: Array<string | null> = [...Object.keys(CHANNEL_FORMATS), 'kiosk', null];

/** Variables giving `value` to every placeholder of `template` (`a.b.c` → { a: { b: { c } } }). */
function variablesFor(template: string, value: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const name of placeholdersOf(template)) {
    const parts = name.split('.');
    let node = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else {
        if (!Object.hasOwn(node, part)) node[part] = {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  return root;
}

const ENTITY = /&(amp|lt|gt|quot|#39|#96|#123|#125);/g;
const count = (text: string, chars: RegExp): number => (text.match(chars) ?? []).length;
const readable = (value: string): string => cleanText(value).replace(/\{/g, '｛').replace(/\}/g, '｝');

describe('every shipped template, on every channel, renders hostile text inert (property)', () => {
  it('collects the templates of every plugin and example policy', () => {
    expect(POLICIES.length).toBeGreaterThanOrEqual(6);
    // replies (9 situations × 2 locales), needs (3 outcomes × 2), lifecycle care bodies, workplace replies
    expect(TEMPLATES.length).toBeGreaterThan(30);
    expect(TEMPLATES.some((t) => t.includes('{{text}}'))).toBe(true);
    expect(TEMPLATES.some((t) => t.includes('{{event.payload.orderId}}'))).toBe(true);
  });

  it('adds no markup, quotes, braces or control characters on html; stays readable on text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEMPLATES),
        fc.constantFrom(...CHANNELS),
        hostileText,
        (template, channel, value) => {
          const format: ChannelFormat = channelFormat(channel);
          const skeleton = renderTemplate(template, variablesFor(template, 'X'), { format }).text;
          const { text } = renderTemplate(template, variablesFor(template, value), { format });
          const inserted = placeholdersOf(template).length;
          if (format === 'html') {
            // the value added none of the characters that make markup, attributes or template syntax
            for (const chars of [/</g, />/g, /"/g, /'/g, /`/g, /\{/g, /\}/g])
              expect(count(text, chars)).toBe(count(skeleton, chars));
            expect(count(text.replace(ENTITY, ''), /&/g)).toBe(count(skeleton.replace(ENTITY, ''), /&/g));
            expect(text).not.toMatch(/<script|<img|<svg/i);
            expect(text.length).toBeLessThanOrEqual(skeleton.length + inserted * MAX_VALUE_LENGTH * 6);
          } else {
            expect(count(text, /[{}]/g)).toBe(count(skeleton, /[{}]/g));
            // shown as typed (no entities), control characters removed, cut at MAX_VALUE_LENGTH
            if (readable(value).trim() !== '') expect(text).toContain(readable(value).trim());
            if (!value.includes('&')) expect(text).not.toMatch(/&lt;|&#123;/);
          }
          expect(count(text, CONTROL)).toBe(count(skeleton, CONTROL));
          // no placeholder survives or is created: rendering the output again changes nothing
          expect(placeholdersOf(text)).toEqual([]);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never reads a prototype, even when the variables come from JSON with __proto__', () => {
    for (const template of TEMPLATES) {
      const vars = JSON.parse(
        '{"user": {"__proto__": {"name": "<script>"}}, "__proto__": {"text": "<script>"}}',
      );
      for (const format of ['html', 'text'] as const) {
        expect(renderTemplate(template, vars, { format }).text).not.toContain('<script>');
      }
    }
  });
});
