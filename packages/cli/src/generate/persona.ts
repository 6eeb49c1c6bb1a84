import type { Rng } from './prng';

/** A synthetic user: when they join, how engaged they are, when they go quiet, how they speak. */
export interface Persona {
  userId: string;
  /** Display name (used by reply and care templates). */
  name: string;
  joinDay: number;
  /** Probability of being active on a given day. */
  activity: number;
  /** Probability of keeping a daily habit (check-ins) on an active day. */
  discipline: number;
  locale: 'zh-CN' | 'en';
  timezone: string;
  channel: 'app' | 'email' | 'sms' | 'mini-program';
  /** Share of feedback that is angry. */
  temper: number;
  /** Days of an inactivity gap [from, to), or none. */
  gap?: readonly [number, number];
  /** Day the user leaves for good, if they do. */
  leaves?: number;
  /** Group (learning partners: groups of 4). */
  group: number;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '周'] as const;
const GIVEN = ['小明', '晓红', '伟', '芳', '静', '磊', '婷', '强'] as const;
const FIRST = ['Alex', 'Sam', 'Jordan', 'Maria', 'Chen', 'Priya', 'Tom', 'Aisha'] as const;
const LAST = ['Smith', 'Lee', 'Garcia', 'Wang', 'Brown', 'Khan'] as const;
const ZONES = {
  'zh-CN': ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Hong_Kong'],
  en: ['Europe/London', 'America/New_York', 'UTC'],
} as const;

/** Draws a persona; the mix gives low, medium and high participators, gaps and churn. */
export function createPersona(rng: Rng, index: number, days: number): Persona {
  const locale = rng.chance(0.7) ? 'zh-CN' : 'en';
  const level = rng.next();
  const activity =
    level < 0.45 ? 0.25 + rng.next() * 0.2 : level < 0.85 ? 0.5 + rng.next() * 0.2 : 0.85 + rng.next() * 0.13;
  const persona: Persona = {
    userId: `u${String(index + 1).padStart(4, '0')}`,
    name:
      locale === 'zh-CN' ? `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}` : `${rng.pick(FIRST)} ${rng.pick(LAST)}`,
    joinDay: rng.chance(0.6) ? 0 : rng.int(0, Math.max(0, Math.floor(days * 0.4))),
    activity,
    discipline: level >= 0.85 ? 0.97 : 0.6 + rng.next() * 0.3,
    locale,
    timezone: rng.pick(ZONES[locale]),
    channel: rng.pick(['app', 'app', 'email', 'sms', 'mini-program'] as const),
    temper: rng.chance(0.2) ? 0.6 : 0.15,
    group: Math.floor(index / 4),
  };
  if (rng.chance(0.18) && days > 10) {
    const from = rng.int(persona.joinDay + 1, Math.max(persona.joinDay + 1, days - 5));
    persona.gap = [from, from + rng.int(8, 25)];
  }
  if (rng.chance(0.08) && days > 5) persona.leaves = rng.int(persona.joinDay + 2, days);
  return persona;
}

/** Whether the persona shows up at all on this day (joined, not in a gap, not gone). */
export function isPresent(p: Persona, day: number): boolean {
  if (day < p.joinDay) return false;
  if (p.leaves !== undefined && day >= p.leaves) return false;
  if (p.gap && day >= p.gap[0] && day < p.gap[1]) return false;
  return true;
}
