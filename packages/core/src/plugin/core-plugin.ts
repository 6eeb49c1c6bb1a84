import { attributesWith, withEntry, withValue } from './bags';
import type { DispatchContext, EffectContext, Plugin, UserState } from './types';
import { userMoved, userWith } from './user-with';
import { MOVE_USER, SET_ENTRY, userWriterOf } from './user-writer';

/**
 * Facts every policy can use, whatever plugins are installed. Each is one member of the dispatch state, which the
 * engine's fact resolver reads from the state itself (`engine/facts.ts`), as these facts' functions read it through
 * a fact view.
 */
export const CORE_FACTS = ['event', 'user', 'now', 'signals'] as const;

/** A user's state before their first event. */
export function initialUserState(userId: string): UserState {
  return {
    id: userId,
    firstSeenAt: null,
    lastSeenAt: null,
    profile: {},
    attributes: {},
    counts: {},
    slices: {},
  };
}

/**
 * `core.setAttribute`: sets (or, with `null`, removes) one user attribute. Like
 * `ctx.setUser((u) => ({ ...u, attributes: { ...u.attributes, [key]: value } }))`, except that a write
 * that changes nothing (the attribute already holds exactly that value) leaves the user as it is, and a
 * change copies the attributes as `bags.ts` describes (sorted while small, then a null-prototype dictionary).
 * The engine's contexts do it themselves (`SET_ENTRY`): one copy per dispatch, not one per write.
 */
function setUserAttribute(ctx: EffectContext, key: string, value: unknown): void {
  const writer = userWriterOf(ctx);
  if (writer) writer[SET_ENTRY]('attributes', key, value);
  else
    ctx.setUser((user) => {
      const attributes = attributesWith(user.attributes, key, value);
      return attributes === user.attributes ? user : userWith(user, { attributes });
    });
}

/** The longest channel name kept as a profile's `channel` or `lastChannel`. */
const CHANNEL_MAX = 64;

/** A channel name worth remembering: any event may carry `payload.channel`, so longer text is not kept. */
const isChannelName = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= CHANNEL_MAX;

/**
 * `user` after `event`, its `counts` given: its profile updated (a `profile.updated` event, the last channel), first
 * and last seen moved. Always a new object (`userMoved`), which no one else holds.
 */
function movedUser(user: UserState, event: EffectContext['event'], counts: UserState['counts']): UserState {
  let profile = user.profile;
  if (event.type === 'profile.updated') profile = { ...profile, ...event.payload };
  const channel = event.payload.channel;
  if (isChannelName(channel) && channel !== profile.lastChannel)
    profile = withValue(profile, 'lastChannel', channel);
  // A fired timer or a derived event is not the subject acting: first/last seen stay as they are.
  const isTimer = event.source !== 'event';
  return userMoved(
    user,
    profile,
    counts,
    user.firstSeenAt ?? (isTimer ? null : event.at),
    isTimer ? user.lastSeenAt : !user.lastSeenAt || event.at > user.lastSeenAt ? event.at : user.lastSeenAt,
  );
}

/**
 * The core plugin's bookkeeping of `event`: the user moved (`movedUser`), its type counted. The engine's contexts
 * take the new user as the dispatch's working copy and set the count as any entry, in one step (`MOVE_USER`: in
 * place in the engine's own counts), where another context is given a new user with new counts.
 */
function countEvent(ctx: DispatchContext): void {
  const { event } = ctx;
  const writer = userWriterOf(ctx);
  if (writer === undefined) {
    ctx.setUser((user) =>
      movedUser(
        user,
        event,
        withEntry(user.counts, event.type, (user.counts[event.type] ?? 0) + 1, 'sorted'),
      ),
    );
    return;
  }
  writer[MOVE_USER](movedByEvent, event, event.type);
}

/** `movedUser` keeping the user's counts (`MOVE_USER` counts the event itself). */
const movedByEvent = (user: UserState, event: EffectContext['event']): UserState =>
  movedUser(user, event, user.counts);

const PROFILE_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 200 },
    timezone: { type: 'string', minLength: 1, maxLength: 64 },
    locale: { type: 'string', minLength: 2, maxLength: 35 },
    channel: { type: 'string', minLength: 1, maxLength: CHANNEL_MAX },
    optOut: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: CHANNEL_MAX } },
    joinedAt: { type: 'string', format: 'date-time' },
  },
};

/**
 * The built-in `core` plugin: the facts `event`, `user`, `now`, `signals`; the effects
 * `core.setAttribute` and `core.message`; and the bookkeeping every user gets
 * (first/last seen, event counts, profile updates, last channel).
 */
export const corePlugin: Plugin<undefined, Record<string, never>> = {
  name: 'core',
  version: '0.1.0',
  description: { en: 'Built-in facts and effects.', 'zh-CN': '内置事实与效果。' },
  facts: {
    event: {
      description: {
        en: 'The event being dispatched: { id, type, userId, at, payload }.',
        'zh-CN': '当前事件。',
      },
      value: (ctx) => ctx.event,
    },
    user: {
      description: {
        en: 'The user: { id, profile, attributes, counts, firstSeenAt, lastSeenAt }.',
        'zh-CN': '当前用户。',
      },
      value: (ctx) => ctx.user,
    },
    now: {
      description: { en: 'The dispatch time in epoch milliseconds.', 'zh-CN': '处理时间（毫秒）。' },
      value: (ctx) => ctx.now,
    },
    signals: {
      description: {
        en: 'Loop events emitted earlier in this dispatch, by name (e.g. "tier:changed").',
        'zh-CN': '本次处理中已发出的事件。',
      },
      value: (ctx) => ctx.signals,
    },
  },
  eventTypes: {
    'profile.updated': {
      description: {
        en: "The user's profile changed (time zone, locale, channel, opt-outs…).",
        'zh-CN': '用户资料更新。',
      },
      payload: PROFILE_SCHEMA,
    },
  },
  effects: {
    'core.setAttribute': {
      description: {
        en: 'Sets a user attribute that other rules can read as user.attributes.<key>.',
        'zh-CN': '设置用户属性。',
      },
      params: {
        type: 'object',
        required: ['key', 'value'],
        additionalProperties: false,
        properties: {
          key: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' },
          value: { description: 'Any JSON value; null removes the attribute.' },
        },
      },
      apply: (state, params: { key: string; value: unknown }, ctx) => {
        setUserAttribute(ctx, params.key, params.value);
        return state;
      },
    },
    'core.message': {
      description: {
        en: 'Queues a plain message to the user through the outbox.',
        'zh-CN': '发送一条消息。',
      },
      params: {
        type: 'object',
        required: ['topic', 'body'],
        additionalProperties: false,
        properties: {
          kind: { type: 'string', default: 'notice' },
          topic: { type: 'string', minLength: 1 },
          body: {
            anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }],
            description: 'Text, or text per locale.',
          },
          channel: { type: 'string' },
          subject: { type: 'string' },
        },
      },
      apply: (
        state,
        params: {
          kind?: string;
          topic: string;
          body: string | Record<string, string>;
          channel?: string;
          subject?: string;
        },
        ctx,
      ) => {
        const body =
          typeof params.body === 'string'
            ? params.body
            : (params.body[ctx.locale] ??
              params.body[ctx.policy.defaults.locale] ??
              Object.values(params.body)[0] ??
              '');
        ctx.send({
          kind: params.kind ?? 'notice',
          topic: params.topic,
          body,
          channel: params.channel ?? ctx.user.profile.channel ?? ctx.user.profile.lastChannel ?? null,
          subject: params.subject ?? null,
          locale: ctx.locale,
        });
        return state;
      },
    },
  },
  hooks: {
    beforeRules: countEvent,
  },
};
