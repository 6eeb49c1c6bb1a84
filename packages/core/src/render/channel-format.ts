/**
 * How a channel shows a message: `html` (e-mail, web and in-app views render markup, so user text is
 * HTML-escaped) or `text` (SMS, push, chat: shown as typed, so user text stays readable).
 */
export type ChannelFormat = 'html' | 'text';

/**
 * The one table of channel formats every renderer uses (replies, lifecycle care, needs notices).
 * A policy adds or overrides entries under `defaults.channels`; a channel in neither table, or no
 * channel at all, is treated as `html` — escaping is the safe default.
 */
export const CHANNEL_FORMATS: Readonly<Record<string, ChannelFormat>> = Object.freeze({
  email: 'html',
  web: 'html',
  app: 'html',
  'in-app': 'html',
  inbox: 'html',
  community: 'html',
  sms: 'text',
  push: 'text',
  wechat: 'text',
  'mini-program': 'text',
  voice: 'text',
});

/**
 * The format of `channel`: the policy's entry, else the built-in one, else `html`.
 *
 * @example
 * channelFormat('sms') // 'text'
 * channelFormat('kiosk') // 'html' (unknown: escape)
 * channelFormat('app', { app: 'text' }) // 'text'
 */
export function channelFormat(
  channel: string | null | undefined,
  overrides?: Readonly<Record<string, ChannelFormat>>,
): ChannelFormat {
  if (typeof channel !== 'string') return 'html';
  if (overrides && Object.hasOwn(overrides, channel)) return overrides[channel] === 'text' ? 'text' : 'html';
  return Object.hasOwn(CHANNEL_FORMATS, channel) && CHANNEL_FORMATS[channel] === 'text' ? 'text' : 'html';
}
