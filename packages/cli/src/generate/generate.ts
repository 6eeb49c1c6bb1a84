import type { LoopEvent, Plugin, Policy } from '@engageloop/core';
import { createRegistry, EngageLoopError, type MessageText } from '@engageloop/core';
import { inBoth } from '../i18n';
import { withNeeds } from './needs';
import { createPersona, isPresent, type Persona } from './persona';
import { BASELINE_TYPES, planFor } from './policy-plan';
import { createPolicyScene } from './policy-scene';
import { createRng } from './prng';
import { PROFILE_DAYS, PROFILE_EVENT_TYPES, PROFILES, type ProfileName } from './profiles';
import { FEEDBACK_TEXTS, MOOD_SENTIMENT, type Mood } from './texts';

/** What `generateEvents` imitates: which scene, how many users over how many days, from which seed. */
export interface GenerateOptions {
  /** The scene whose users and events are imitated (optional with `policy`: then only what the policy reads). */
  profile?: ProfileName;
  /** Number of simulated users. */
  users: number;
  /** Number of simulated days. */
  days: number;
  /** The same seed gives the same stream, event for event. */
  seed: number | string;
  /** First day's start (ISO 8601); default `2026-03-02T00:00:00Z`. */
  start?: string;
  /** Prefix of user ids (default `u`), to keep several generated streams apart. */
  userPrefix?: string;
  /** Share of events sent twice with the same id (default 0.01): replays must change nothing. */
  duplicateRate?: number;
  /**
   * Also dispatch what a host running the needs plugin sends: each feedback, suggestion and proposal as a
   * need item (`need.captured`), acknowledged and decided by a staff member's `need.status` events
   * (see `withNeeds`). Default false.
   */
  needs?: boolean;
  /**
   * Also send what this policy's rules listen on (see `planFor`): its host events with plausible payloads,
   * the items they create, groups of its kinds created, joined and left, likes, votes, reviews and ratings
   * of earlier items, track moves and undos. With a profile too, the profile decides when its own types
   * are sent and the policy fills in the payload fields its rules read (ids of earlier items and groups).
   */
  policy?: { policy: Policy; plugins: readonly Plugin[] };
}

const DAY_MS = 86_400_000;

function checkOptions(o: GenerateOptions): number {
  const start = Date.parse(o.start ?? '2026-03-02T00:00:00Z');
  const bad = (message: MessageText) =>
    new EngageLoopError('PLUGIN_OPTIONS_INVALID', { message, plugin: 'cli' });
  if (o.profile === undefined ? o.policy === undefined : !PROFILES.includes(o.profile))
    throw bad(inBoth((m) => m.unknownProfile(String(o.profile), PROFILES)));
  if (!Number.isInteger(o.users) || o.users < 1) throw bad(inBoth((m) => m.positiveInteger('--users')));
  if (!Number.isInteger(o.days) || o.days < 1) throw bad(inBoth((m) => m.positiveInteger('--days')));
  if (!Number.isFinite(start))
    throw new EngageLoopError('CLOCK_INVALID', { data: { time: String(o.start) } });
  return start;
}

function feedback(user: Persona, rng: ReturnType<typeof createRng>): Record<string, unknown> {
  const mood: Mood = rng.chance(user.temper) ? 'angry' : rng.chance(0.3) ? 'happy' : 'neutral';
  return {
    text: rng.pick(FEEDBACK_TEXTS[mood][user.locale]),
    locale: user.locale,
    sentiment: MOOD_SENTIMENT[mood],
    rating: mood === 'angry' ? rng.int(1, 2) : mood === 'happy' ? rng.int(4, 5) : 3,
    channel: user.channel,
    category: rng.pick(['content', 'service', 'product', 'bug']),
  };
}

/**
 * A realistic, deterministic synthetic event stream, in time order: sign-ups (with profiles), app opens,
 * the scene's participations, purchases, feedback (some of it angry, in zh-CN and en), inactivity gaps,
 * churn and a few duplicate deliveries. The same options always give the same events.
 *
 * @example
 * for (const event of generateEvents({ profile: 'learning', users: 50, days: 30, seed: 7 })) …
 */
export function* generateEvents(options: GenerateOptions): Generator<LoopEvent> {
  const start = checkOptions(options);
  const name = options.profile ?? 'policy';
  const root = createRng(`${name}:${options.seed}`);
  const prefix = options.userPrefix ?? 'u';
  const personas = Array.from({ length: options.users }, (_, i) => {
    const p = createPersona(root.fork(`persona:${i}`), i, options.days);
    return { ...p, userId: `${prefix}${p.userId.slice(1)}` };
  });
  const memos = personas.map(() => Object.create(null) as Record<string, number>);
  const given = options.policy;
  const plan = given && planFor(given.policy, createRegistry([...given.plugins]), BASELINE_TYPES);
  const profileTypes = new Set(options.profile ? PROFILE_EVENT_TYPES[options.profile] : []);
  const scene = plan && createPolicyScene(plan, personas, profileTypes);
  const duplicateRate = options.duplicateRate ?? 0.01;
  let counter = 0;
  for (let day = 0; day < options.days; day++) {
    const dayStart = start + day * DAY_MS;
    const today: LoopEvent[] = [];
    personas.forEach((user, index) => {
      if (!isPresent(user, day)) return;
      const rng = root.fork(`day:${day}:${index}`);
      const nextId = () => `${name}-${options.seed}-${String(++counter).padStart(7, '0')}`;
      const timeOf = (minute: number) =>
        new Date(dayStart + Math.min(minute, 24 * 60 - 1) * 60_000 + rng.int(0, 59_000)).toISOString();
      const emit = (type: string, minute: number, payload: Record<string, unknown> = {}): string => {
        const event: LoopEvent = { id: nextId(), type, userId: user.userId, at: timeOf(minute), payload };
        if (options.needs) today.push(...withNeeds(event, minute, { rng, nextId, timeOf }));
        else today.push(event);
        return event.id;
      };
      if (day === user.joinDay) {
        emit('profile.updated', 6 * 60, {
          name: user.name,
          locale: user.locale,
          timezone: user.timezone,
          channel: user.channel,
          joinedAt: new Date(dayStart + 6 * 3_600_000).toISOString(),
        });
        emit('user.signedUp', 6 * 60 + 1, {
          channel: user.channel,
          source: rng.pick(['search', 'friend', 'ad', 'store']),
        });
      } else if (!rng.chance(user.activity)) {
        return;
      }
      if (rng.chance(0.6)) emit('app.opened', rng.int(7 * 60, 8 * 60), { channel: user.channel });
      const memo = memos[index] as Record<string, number>;
      const sceneCtx = { user, day, rng: root.fork(`policy:${day}:${index}`), emit, memo };
      // A type the policy listens on goes through the scene, for the payload its rules read (it may send
      // nothing when no item exists yet: the profile then gets an id no event has).
      const profileEmit: typeof emit = (type, minute, payload = {}) => {
        const id = scene?.profileEvent(sceneCtx, type, minute, payload);
        return id === undefined ? emit(type, minute, payload) : id || nextId();
      };
      if (options.profile) PROFILE_DAYS[options.profile]({ user, day, rng, emit: profileEmit, memo });
      scene?.day(sceneCtx);
      if (rng.chance(0.05)) emit('feedback.submitted', rng.int(9 * 60, 23 * 60), feedback(user, rng));
    });
    const dayRng = root.fork(`dups:${day}`);
    const duplicates = today.filter(() => dayRng.chance(duplicateRate)).map((e) => ({ ...e, at: e.at }));
    const all = [...today, ...duplicates].map((e, i) => ({ e, i }));
    all.sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i));
    for (const { e } of all) yield e;
  }
}
