/** The parts of a user's profile that decide where a care message goes. */
export interface ChannelProfile {
  channel?: string;
  lastChannel?: string;
  optOut?: readonly string[];
}

/** The channel a care message goes to, or none, and why: the user opted out of it, or has no channel at all. */
export type ChannelChoice = { channel: string } | { channel: null; reason: 'opted-out' | 'no-channel' };

/** Opt-out entries meaning "no care messages on any channel". */
const OPT_OUT_ALL = new Set(['*', 'all']);

/**
 * Picks the channel of a care message: the user's preferred channel, else the channel they used last,
 * else the first allowed channel — skipping every channel the user opted out of.
 *
 * @example
 * chooseChannel(['app', 'email'], { channel: 'email' })            // { channel: 'email' }
 * chooseChannel(['app', 'email'], { optOut: ['app'] })             // { channel: 'email' }
 * chooseChannel(['app'], { optOut: ['all'] })                      // { channel: null, reason: 'opted-out' }
 */
export function chooseChannel(allowed: readonly string[], profile: ChannelProfile): ChannelChoice {
  if (allowed.length === 0) return { channel: null, reason: 'no-channel' };
  const optOut = Array.isArray(profile.optOut) ? profile.optOut.filter((c) => typeof c === 'string') : [];
  if (optOut.some((c) => OPT_OUT_ALL.has(c))) return { channel: null, reason: 'opted-out' };
  const open = allowed.filter((c) => !optOut.includes(c));
  if (open.length === 0) return { channel: null, reason: 'opted-out' };
  for (const wanted of [profile.channel, profile.lastChannel]) {
    if (typeof wanted === 'string' && open.includes(wanted)) return { channel: wanted };
  }
  return { channel: open[0] as string };
}
