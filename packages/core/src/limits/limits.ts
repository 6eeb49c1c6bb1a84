import { EngageLoopError } from '../errors/error';
import { localized } from '../errors/localized';

/**
 * Size limits on untrusted input, checked before anything recursive or costly runs on it. Each is a
 * positive integer; `Infinity` turns one off. Pass a partial object: the rest keep their defaults.
 */
export interface Limits {
  /** Largest event payload, in UTF-8 bytes of its JSON. */
  payloadBytes: number;
  /** Deepest nesting of objects and arrays in an event payload (the payload itself is depth 1). */
  payloadDepth: number;
  /** Largest policy, in UTF-8 bytes of its JSON (all files of a folder together). */
  policyBytes: number;
  /** Most rules in a policy (all files of a folder together). */
  policyRules: number;
  /** Deepest nesting of objects and arrays in a policy (the document itself is depth 1). */
  policyDepth: number;
}

/**
 * The defaults: room for any real event or policy, far below what would slow the engine down.
 * - `payloadBytes` 64 KiB: an event carries ids and short texts (a need's text is at most 10,000
 *   characters), never files; every later dispatch of the user reads what was copied from it.
 * - `payloadDepth` 32: payloads are a few levels deep.
 * - `policyBytes` 5 MiB and `policyRules` 5,000: the largest example policy is about 20 KB with 40 rules.
 * - `policyDepth` 64: a condition nested 60 deep is already unreadable.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  payloadBytes: 64 * 1024,
  payloadDepth: 32,
  policyBytes: 5 * 1024 * 1024,
  policyRules: 5_000,
  policyDepth: 64,
});

const NAMES = Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>;

/**
 * The defaults with `given` over them. Throws `LIMITS_INVALID` for an unknown name or a value that
 * is not a positive integer (or `Infinity`).
 *
 * @example
 * resolveLimits({ payloadBytes: 16 * 1024 }).policyDepth // 64
 */
export function resolveLimits(given?: Partial<Limits>): Readonly<Limits> {
  if (given === undefined) return DEFAULT_LIMITS;
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(given)) {
    if (!(NAMES as string[]).includes(key)) {
      throw new EngageLoopError('LIMITS_INVALID', {
        message: localized(
          `Unknown limit "${key}"; the limits are ${NAMES.join(', ')}.`,
          `未知的上限 "${key}"；可用的上限有 ${NAMES.join('、')}。`,
        ),
        data: { limit: key },
      });
    }
    const value = (given as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0))
    ) {
      const shown = JSON.stringify(value) ?? String(value);
      throw new EngageLoopError('LIMITS_INVALID', {
        message: localized(
          `The limit "${key}" must be a positive integer or Infinity, not ${shown}.`,
          `上限 "${key}" 必须是正整数或 Infinity，而不是 ${shown}。`,
        ),
        data: { limit: key },
      });
    }
    out[key as keyof Limits] = value;
  }
  return Object.freeze(out);
}
