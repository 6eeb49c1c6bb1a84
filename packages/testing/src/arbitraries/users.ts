import fc from 'fast-check';
import type { UserSpec } from './journey-types';

/** Time zones users live in: both hemispheres, half-hour offsets, DST and no DST. */
export const TIMEZONES: readonly string[] = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

/** Locales generated users speak (the two engageloop's messages exist in). */
export const LOCALES = ['zh-CN', 'en'] as const;
/** Channels generated users prefer: two that render HTML (`app`, `email`) and two plain-text ones (`sms`, `mini-program`). */
export const CHANNELS: readonly string[] = ['app', 'email', 'sms', 'mini-program'];

const NAMES = ['小明', '李娜', '王芳', 'Alice', 'Bob', 'Zoë', "O'Brien", '<b>bold</b>'];

/** Options of {@link userArb}. */
export interface UserArbOptions {
  /** Id of the user (default `u1`). */
  id?: string;
  /** Earliest and latest join date (ISO). Default: the year 2026. */
  joinedFrom?: string;
  joinedTo?: string;
}

/**
 * A user: time zone from a realistic list, locale zh-CN or en, join date, preferred channel and opt-outs.
 *
 * @example
 * fc.assert(fc.property(userArb({ id: 'u1' }), (u) => TIMEZONES.includes(u.timezone)));
 */
export function userArb(options: UserArbOptions = {}): fc.Arbitrary<UserSpec> {
  const from = Date.parse(options.joinedFrom ?? '2026-01-01T00:00:00Z');
  const to = Date.parse(options.joinedTo ?? '2026-12-31T00:00:00Z');
  return fc
    .record({
      name: fc.constantFrom(...NAMES),
      timezone: fc.constantFrom(...TIMEZONES),
      locale: fc.constantFrom(...LOCALES),
      joined: fc.integer({ min: 0, max: Math.max(0, Math.floor((to - from) / 60_000)) }),
      channel: fc.constantFrom(...CHANNELS),
      optOut: fc.subarray(['sms', 'email'] as string[], { maxLength: 1 }),
    })
    .map((r) => ({
      id: options.id ?? 'u1',
      name: r.name,
      timezone: r.timezone,
      locale: r.locale,
      joinedAt: new Date(from + r.joined * 60_000).toISOString(),
      channel: r.channel,
      optOut: r.optOut.filter((c) => c !== r.channel),
    }));
}

/** 1…`max` users with ids `u1`, `u2`, … */
export function usersArb(max = 3, options: Omit<UserArbOptions, 'id'> = {}): fc.Arbitrary<UserSpec[]> {
  return fc
    .integer({ min: 1, max: Math.max(1, max) })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => userArb({ ...options, id: `u${i + 1}` }))));
}
