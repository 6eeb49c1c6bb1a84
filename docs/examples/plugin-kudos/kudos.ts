/**
 * An example plugin, complete and tested (tests/examples/plugin-kudos.test.ts), walked through in
 * docs/guide/en/writing-a-plugin.md: colleagues thank each other ("kudos"); the receiver's slice counts
 * them, rules read the count as facts, and milestones are celebrated once.
 */
import {
  channelFormat,
  defineEffect,
  definePlugin,
  EngageLoopError,
  type FactDefinition,
  type JsonSchema,
  type LocalizedText,
  type OperatorFunction,
  type Plugin,
  type PluginHooks,
  renderTemplate,
} from '@engageloop/core';
import Ajv2020 from 'ajv/dist/2020.js';

// 1. State slice: what this plugin keeps per user (JSON only; the engine stores and freezes it).
export interface KudosSlice {
  received: number;
  /** Distinct senders, newest last, at most `settings.maxGivers` of them. */
  givers: string[];
  /** The highest milestone already celebrated (so a replay or a later event never celebrates twice). */
  celebrated: number;
}

// 2. Settings: what product owners tune in the rule file, under `settings.kudos`.
export interface KudosSettings {
  maxGivers: number;
  milestones: number[];
  message: LocalizedText;
}

const DEFAULT_SETTINGS: KudosSettings = {
  maxGivers: 50,
  milestones: [5, 20, 50],
  message: {
    en: '{{user.name|Hi}}, you have received {{count}} kudos from your colleagues. Thank you!',
    'zh-CN': '{{user.name|你好}}，你已收到同事的 {{count}} 次点赞，谢谢你！',
  },
};

const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxGivers: { type: 'integer', minimum: 1, maximum: 1000 },
    milestones: { type: 'array', items: { type: 'integer', minimum: 1 }, uniqueItems: true },
    message: {
      anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }],
      description: 'Milestone message; {{count}} is the number of kudos, {{user.name}} the receiver.',
    },
  },
};

// 3. Types, by declaration merging: loop events (`engine.on('kudos:milestone', …)` is type-checked), the
// event type hosts dispatch (`kudos.received`, payload typed once the app declares its event types) and the
// effect's params (a policy written with `definePolicy` is checked against them).
export interface KudosMilestone {
  eventId: string;
  userId: string;
  received: number;
}
declare module '@engageloop/core' {
  interface LoopEvents {
    'kudos:recorded': { eventId: string; userId: string; from: string; received: number };
    'kudos:milestone': KudosMilestone;
  }
  interface PluginEventTypes {
    'kudos.received': { from: string; note?: string };
  }
  interface PolicyEffects {
    'kudos.record': RecordParams;
  }
}

/** `payload.from` of a `kudos.received` event (the payload schema below makes it a string). */
const senderOf = (payload: Record<string, unknown>): string => String(payload.from);

// 4. An effect: a params schema (checked when the policy loads) and a pure reducer of the slice.
export interface RecordParams {
  /** How much this kudos counts (default 1). */
  weight?: number;
}
const recordEffect = defineEffect<KudosSlice, RecordParams, KudosSettings>({
  description: { en: 'Counts a kudos for the receiver.', 'zh-CN': '为接收者记一次点赞。' },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { weight: { type: 'integer', minimum: 1, maximum: 10 } },
  },
  apply(state, params, ctx) {
    const from = senderOf(ctx.event.payload);
    if (from === ctx.user.id) {
      ctx.report({ status: 'skipped', reason: 'a kudos to oneself does not count' });
      return state;
    }
    const givers = state.givers.includes(from)
      ? state.givers
      : [...state.givers, from].slice(-ctx.settings.maxGivers);
    const received = state.received + (params.weight ?? 1);
    ctx.emit('kudos:recorded', { eventId: ctx.event.id, userId: ctx.user.id, from, received });
    return { ...state, received, givers };
  },
});

// 5. Facts: what conditions can read (`{ "fact": "kudos.received", … }`).
const facts: Record<string, FactDefinition<KudosSettings>> = {
  'kudos.received': {
    description: { en: 'Kudos received so far.', 'zh-CN': '已收到的点赞数。' },
    value: (ctx) => ctx.slice<KudosSlice>().received,
  },
  'kudos.distinctGivers': {
    description: { en: 'How many different colleagues sent kudos.', 'zh-CN': '点赞的不同同事人数。' },
    value: (ctx) => ctx.slice<KudosSlice>().givers.length,
  },
};

// 6. An operator: `{ "fact": "kudos.received", "operator": "multipleOf", "value": 5 }`.
const multipleOf: OperatorFunction = (factValue, jsonValue) =>
  typeof factValue === 'number' &&
  typeof jsonValue === 'number' &&
  jsonValue > 0 &&
  factValue > 0 &&
  factValue % jsonValue === 0;

// 7. A hook: after all rules ran, celebrate each milestone reached, once.
const hooks: PluginHooks<KudosSlice, KudosSettings> = {
  afterRules(ctx) {
    const slice = ctx.slice();
    const reached = ctx.settings.milestones.filter((m) => m > slice.celebrated && m <= slice.received);
    if (reached.length === 0) return;
    const top = Math.max(...reached);
    ctx.setSlice({ ...slice, celebrated: top });
    const channel = ctx.user.profile.channel ?? null;
    // The engine's renderer escapes every variable for the channel (HTML for e-mail and in-app, plain for
    // SMS) and inserts each once: a variable holding user text can never become markup or a placeholder.
    const { text } = renderTemplate(
      pickLocale(ctx.settings.message, ctx.locale),
      { count: slice.received, user: { name: ctx.user.profile.name } },
      { format: channelFormat(channel, ctx.policy.defaults.channels) },
    );
    ctx.send({ kind: 'notice', topic: 'kudos-milestone', channel, body: text });
    ctx.emit('kudos:milestone', { eventId: ctx.event.id, userId: ctx.user.id, received: slice.received });
  },
};

/** The text for `locale`, else its language, else English. */
function pickLocale(text: LocalizedText, locale: string): string {
  if (typeof text === 'string') return text;
  return text[locale] ?? text[locale.split('-')[0] ?? ''] ?? text.en ?? '';
}

// 8. The factory: developer options are validated, and a wrong option is a coded error.
export interface KudosOptions {
  /** Longest note a sender may attach (default 280 characters). */
  maxNoteLength?: number;
}
const validateOptions = new Ajv2020({ strict: true }).compile({
  type: 'object',
  additionalProperties: false,
  properties: { maxNoteLength: { type: 'integer', minimum: 0, maximum: 2000 } },
});

/**
 * The kudos plugin.
 *
 * @example
 * const engine = createEngine({ plugins: [kudos(), incentives()], policy });
 * engine.on('kudos:milestone', ({ userId, received }) => console.log(userId, received));
 */
export function kudos(options: KudosOptions = {}): Plugin<KudosSlice, KudosSettings> {
  if (!validateOptions(options)) {
    throw new EngageLoopError('PLUGIN_OPTIONS_INVALID', {
      plugin: 'kudos',
      message: `Invalid kudos options: ${(validateOptions.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`,
    });
  }
  return definePlugin<KudosSlice, KudosSettings>({
    name: 'kudos',
    version: '1.0.0',
    description: { en: 'Colleagues thank each other.', 'zh-CN': '同事之间互相点赞致谢。' },
    settings: { schema: settingsSchema, defaults: DEFAULT_SETTINGS },
    state: { initial: () => ({ received: 0, givers: [], celebrated: 0 }) },
    eventTypes: {
      'kudos.received': {
        description: { en: 'A colleague sent this user kudos.', 'zh-CN': '同事给该用户点赞。' },
        payload: {
          type: 'object',
          required: ['from'],
          properties: {
            from: { type: 'string', minLength: 1, maxLength: 200 },
            note: { type: 'string', maxLength: options.maxNoteLength ?? 280 },
          },
        },
      },
    },
    effects: { 'kudos.record': recordEffect },
    facts,
    operators: { multipleOf },
    hooks,
  });
}
