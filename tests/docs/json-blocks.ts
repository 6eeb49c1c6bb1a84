// The ```json blocks of a markdown guide, what each one is (by a marker or by its shape), and whether it is
// valid as that: a whole policy loads with the real loader and plugins; a fragment (a rule, an effect, a
// condition, a part of a policy, a plugin's settings) loads inside a minimal policy; an event envelope
// passes `validateEvent`.
import {
  type EngageLoopError,
  isEngageLoopError,
  type Plugin,
  type PolicyDocument,
  type Registry,
  validateEvent,
  validatePolicy,
} from '@engageloop/core';

/** What a JSON value in a guide is. */
export type BlockKind =
  | 'policy'
  | 'policy-part'
  | 'rule'
  | 'rules'
  | 'effect'
  | 'condition'
  | 'event'
  | 'settings';

/** One ```json block: where it starts, the marker on the line before it, and its text. */
export interface JsonBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** `<!-- json: rule -->` → `rule`; `<!-- json: settings incentives -->` → `settings incentives`. */
  marker?: string;
  /** `<!-- invalid -->` (or `<!-- invalid: rule -->`): the block shows a mistake and must fail. */
  invalid: boolean;
  text: string;
}

const MARKER = /^<!--\s*(json|invalid)(?::\s*([a-z-]+(?:\s+[a-z][a-z0-9-]*)?))?\s*-->$/;

/** Every ```json block of a markdown text, with the marker comment right above its fence, if any. */
export function jsonBlocks(file: string, markdown: string): JsonBlock[] {
  const lines = markdown.split('\n');
  const blocks: JsonBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```json') continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (end < 0) throw new Error(`${file}:${i + 1}: a json block is not closed`);
    const above = (lines[i - 1] ?? '').trim();
    const match = MARKER.exec(above);
    blocks.push({
      file,
      line: i + 1,
      marker: match?.[2],
      invalid: match?.[1] === 'invalid',
      text: lines.slice(i + 1, end).join('\n'),
    });
    i = end;
  }
  return blocks;
}

/**
 * The JSON values of a block: one value, or several one after another (each on its own line or lines, as
 * the guides list effects and conditions). Throws when the text is not a sequence of JSON values.
 */
export function valuesOf(text: string): unknown[] {
  const values: unknown[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    pending += `${line}\n`;
    if (pending.trim() === '') continue;
    try {
      values.push(JSON.parse(pending));
      pending = '';
    } catch {
      // not a whole value yet: read on
    }
  }
  if (pending.trim() !== '') JSON.parse(pending); // throws the parser's own message
  return values;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const POLICY_KEYS = new Set([
  '$schema',
  'version',
  'name',
  'description',
  'defaults',
  'settings',
  'conditions',
  'experiments',
  'eventTypes',
  'rules',
]);

/** What a value is by its shape alone, or undefined when nothing fits (the block then needs a marker). */
export function shapeOf(value: unknown): BlockKind | undefined {
  if (Array.isArray(value)) return 'rules';
  if (!isObject(value)) return undefined;
  const has = (key: string) => Object.hasOwn(value, key);
  if (has('version')) return 'policy';
  if (has('id') && has('type') && (has('userId') || has('entity')) && has('at')) return 'event';
  if (has('id') && has('stage')) return 'rule';
  if (has('type') && Object.keys(value).every((k) => k === 'type' || k === 'params')) return 'effect';
  if (['all', 'any', 'not', 'condition', 'fact'].some(has)) return 'condition';
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((k) => POLICY_KEYS.has(k))) return 'policy-part';
  return undefined;
}

/**
 * Codes a fragment may get only for want of the policy around it: an event type, a badge or a named
 * condition that policy would declare. Accepted only when the loader suggests no close known name (a
 * near miss — `lifecycle.timr` — is a typo, not a missing declaration).
 */
const CONTEXT_CODES = new Set([
  'RULE_EVENT_TYPE_UNKNOWN',
  'RULE_REFERENCE_UNKNOWN',
  'SETTINGS_REFERENCE_UNKNOWN',
  'RULE_CONDITION_UNKNOWN',
]);

const isContextError = (e: EngageLoopError) =>
  CONTEXT_CODES.has(e.code) && (e.data?.suggestion ?? undefined) === undefined;

/** The minimal policy a fragment is checked in. */
function documentFor(kind: BlockKind, value: unknown, plugin?: string): unknown {
  const rule = (extra: Record<string, unknown>) => ({
    id: 'guide-example',
    stage: 'action',
    effects: [],
    ...extra,
  });
  switch (kind) {
    case 'policy':
      return value;
    case 'policy-part':
      return { version: 1, rules: [], ...(isObject(value) ? value : {}) };
    case 'rule':
      return { version: 1, rules: [value] };
    case 'rules':
      return { version: 1, rules: value };
    case 'effect':
      return { version: 1, rules: [rule({ effects: [value] })] };
    case 'condition': {
      const top = isObject(value) && ['all', 'any', 'not', 'condition'].some((k) => Object.hasOwn(value, k));
      return { version: 1, rules: [rule({ conditions: top ? value : { all: [value] } })] };
    }
    case 'settings':
      return { version: 1, rules: [], settings: { [plugin ?? '']: value } };
    case 'event':
      return undefined;
  }
}

/**
 * Why `value`, taken as `kind`, is not valid (empty when it is). A whole policy must load without an error
 * or a warning; a fragment may lack only what its surrounding policy would declare.
 */
export function problemsOf(
  kind: BlockKind,
  value: unknown,
  setup: { plugins: readonly Plugin[]; registry: Registry },
  plugin?: string,
): string[] {
  if (kind === 'event') {
    try {
      validateEvent(value, setup.registry);
      return [];
    } catch (error) {
      return [isEngageLoopError(error) ? error.format() : String(error)];
    }
  }
  if (kind === 'settings' && !setup.registry.plugin(plugin ?? '')) return [`no installed plugin "${plugin}"`];
  const result = validatePolicy(documentFor(kind, value, plugin) as PolicyDocument, {
    registry: setup.registry,
  });
  if (result.ok) return kind === 'policy' ? result.warnings.map((w) => w.format()) : [];
  return result.errors.filter((e) => kind === 'policy' || !isContextError(e)).map((e) => e.format());
}
