import { forgottenUserId } from './keys';

/**
 * Replaces every occurrence of `userId` as a whole `:`-separated part of `text` (the whole text, or a run
 * bounded by `:` or the ends, so ids that contain `:` work too) with `forgottenUserId(userId)`.
 * Used by `forgetUser` on kept dedupe keys such as `<eventId>:<kind>:<topic>:<userId>`.
 *
 * @example
 * pseudonymiseKey('e1:nudge:streak:u-42', 'u-42') // 'e1:nudge:streak:forgotten:…'
 * pseudonymiseKey('e1:nudge:streak:u-421', 'u-42') // unchanged
 */
export function pseudonymiseKey(text: string, userId: string): string {
  if (userId === '') return text;
  const pseudonym = forgottenUserId(userId);
  let out = '';
  let from = 0;
  let at = text.indexOf(userId);
  while (at !== -1) {
    const end = at + userId.length;
    const bounded = (at === 0 || text[at - 1] === ':') && (end === text.length || text[end] === ':');
    if (bounded) {
      out += text.slice(from, at) + pseudonym;
      from = end;
      at = text.indexOf(userId, end);
    } else {
      at = text.indexOf(userId, at + 1);
    }
  }
  return out + text.slice(from);
}

/**
 * A copy of a JSON value in which every string (value or object key) equal to `userId`, or holding it as a
 * `:`-separated part, is pseudonymised as by `pseudonymiseKey`. Used by `forgetUser` on recorded outcomes.
 *
 * @example
 * pseudonymiseJson({ userId: 'u-42', messages: [{ dedupeKey: 'e1:n:t:u-42' }] }, 'u-42')
 * // { userId: 'forgotten:…', messages: [{ dedupeKey: 'e1:n:t:forgotten:…' }] }
 */
export function pseudonymiseJson(value: unknown, userId: string): unknown {
  if (typeof value === 'string') return pseudonymiseKey(value, userId);
  if (Array.isArray(value)) return value.map((item) => pseudonymiseJson(item, userId));
  if (value !== null && typeof value === 'object') {
    // Object.fromEntries defines own data properties: a `__proto__` key stays data.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        pseudonymiseKey(key, userId),
        pseudonymiseJson(item, userId),
      ]),
    );
  }
  return value;
}

/**
 * The pseudonymised dedupe key of a kept message, unique among `taken` keys: when the rewrite collides with a
 * key already kept (the user was forgotten before and came back), the message id is appended.
 */
export function pseudonymiseDedupeKey(
  dedupeKey: string,
  messageId: string,
  userId: string,
  taken: (key: string) => boolean,
): string {
  const key = pseudonymiseKey(dedupeKey, userId);
  if (key === dedupeKey || !taken(key)) return key;
  return `${key}:${pseudonymiseKey(messageId, userId)}`;
}
