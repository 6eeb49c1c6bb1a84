/**
 * Helpers the stores share for `forgetUser(userId, pseudonym)` (see `Store.forgetUser`). Every function is
 * pure and takes the pseudonym the engine derived (`forgottenUserId(userId, key)`).
 */

/**
 * Every occurrence of `userId` in `text`, replaced by `pseudonym`. For the forgotten user's own records
 * (their messages' ids, event ids and dedupe keys, their recorded event ids), where any occurrence is theirs.
 *
 * @example
 * pseudonymiseAll('timer:care:alice@x.org@1700000000', 'alice@x.org', 'forgotten:ab12') // 'timer:care:forgotten:ab12@1700000000'
 */
export function pseudonymiseAll(text: string, userId: string, pseudonym: string): string {
  return userId === '' ? text : text.split(userId).join(pseudonym);
}

/**
 * Replaces every occurrence of `userId` as a whole `:`-separated part of `text` (the whole text, or a run
 * bounded by `:` or the ends, so ids that contain `:` work too) with `pseudonym`. For records of other users
 * that mention the forgotten one, where a bare substring match could hit another id (`u-42` in `u-421`).
 *
 * @example
 * pseudonymiseKey('need:n1:credit:u-42', 'u-42', 'forgotten:ab12') // 'need:n1:credit:forgotten:ab12'
 * pseudonymiseKey('need:n1:credit:u-421', 'u-42', 'forgotten:ab12') // unchanged
 */
export function pseudonymiseKey(text: string, userId: string, pseudonym: string): string {
  if (userId === '') return text;
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
 * `:`-separated part, is pseudonymised as by `pseudonymiseKey`. Used on other users' recorded outcomes that
 * name the forgotten user (a staff member's decision that notified them, say).
 *
 * @example
 * pseudonymiseJson({ messages: [{ userId: 'u-42' }], timers: ['need:n1:credit:u-42'] }, 'u-42', 'forgotten:ab12')
 * // { messages: [{ userId: 'forgotten:ab12' }], timers: ['need:n1:credit:forgotten:ab12'] }
 */
export function pseudonymiseJson(value: unknown, userId: string, pseudonym: string): unknown {
  if (typeof value === 'string') return pseudonymiseKey(value, userId, pseudonym);
  if (Array.isArray(value)) return value.map((item) => pseudonymiseJson(item, userId, pseudonym));
  if (value !== null && typeof value === 'object') {
    // Object.fromEntries defines own data properties: a `__proto__` key stays data.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        pseudonymiseKey(key, userId, pseudonym),
        pseudonymiseJson(item, userId, pseudonym),
      ]),
    );
  }
  return value;
}

/** How `userId` appears inside JSON text (a store's search needle for records that mention it). */
export const jsonNeedle = (userId: string): string => JSON.stringify(userId).slice(1, -1);

/**
 * `candidate` if no kept row uses it yet, else `candidate~2`, `candidate~3`, … (a forgotten user who came
 * back and was forgotten again must not collide with their first pseudonymised rows).
 */
export function uniqueKey(candidate: string, taken: (key: string) => boolean): string {
  if (!taken(candidate)) return candidate;
  for (let n = 2; ; n++) {
    const next = `${candidate}~${n}`;
    if (!taken(next)) return next;
  }
}

/**
 * `text` with the user id replaced (`pseudonymiseAll`) and made unique among `taken` keys; `text` itself when
 * it does not hold the id (then it is the caller's own key, taken by itself).
 */
export function pseudonymiseUnique(
  text: string,
  userId: string,
  pseudonym: string,
  taken: (key: string) => boolean,
): string {
  const candidate = pseudonymiseAll(text, userId, pseudonym);
  return candidate === text ? text : uniqueKey(candidate, taken);
}

/**
 * What a forgotten user's recorded outcome keeps: exactly what answering a replay needs (the event id with
 * the user id replaced, its source and type, its status), under the pseudonym; rule effects, messages,
 * timers, emitted events and errors go. A compacted outcome (`null`) stays `null`.
 *
 * @example
 * erasedOutcome({ eventId: 'e1', type: 'need.captured', status: 'applied', effects: [...] }, 'u1', 'forgotten:ab12')
 * // { eventId: 'e1', userId: 'forgotten:ab12', source: 'event', type: 'need.captured', status: 'applied', fired: [], … }
 */
export function erasedOutcome(outcome: unknown, userId: string, pseudonym: string): unknown {
  // A compacted outcome (see `Store.compactRecords`) has nothing to erase and stays compacted.
  if (outcome === null) return null;
  const kept = (outcome !== null && typeof outcome === 'object' ? outcome : {}) as Record<string, unknown>;
  return {
    eventId: pseudonymiseAll(typeof kept.eventId === 'string' ? kept.eventId : '', userId, pseudonym),
    userId: pseudonym,
    source: kept.source === 'timer' || kept.source === 'derived' ? kept.source : 'event',
    type: typeof kept.type === 'string' ? kept.type : '',
    status: typeof kept.status === 'string' ? kept.status : 'applied',
    fired: [],
    effects: [],
    messages: [],
    timers: { scheduled: [], cancelled: [] },
    emitted: [],
  };
}

/**
 * A copy of a JSON value in which every string value equal to `userId` is `pseudonym` (object keys and other
 * strings stay). For the payloads of pending derived events addressed to other subjects.
 *
 * @example
 * pseudonymiseValues({ user: 'u-42', as: 'naming', by: ['u-42', 'u-421'] }, 'u-42', 'forgotten:ab12')
 * // { user: 'forgotten:ab12', as: 'naming', by: ['forgotten:ab12', 'u-421'] }
 */
export function pseudonymiseValues(value: unknown, userId: string, pseudonym: string): unknown {
  if (value === userId) return pseudonym;
  if (Array.isArray(value)) return value.map((item) => pseudonymiseValues(item, userId, pseudonym));
  if (value !== null && typeof value === 'object') {
    // Object.fromEntries defines own data properties: a `__proto__` key stays data.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, pseudonymiseValues(item, userId, pseudonym)]),
    );
  }
  return value;
}

/**
 * The derived event with its payload pseudonymised (`pseudonymiseValues`), or `undefined` when it is not a
 * queued derived event or its payload does not hold the id as a whole string.
 */
export function pseudonymisedDerived<T extends { derived?: unknown; payload: Record<string, unknown> }>(
  timer: T,
  userId: string,
  pseudonym: string,
): T | undefined {
  if (timer.derived === undefined) return undefined;
  const payload = pseudonymiseValues(timer.payload, userId, pseudonym) as Record<string, unknown>;
  return JSON.stringify(payload) === JSON.stringify(timer.payload) ? undefined : { ...timer, payload };
}

/**
 * Whether counter `key` names `userId` under one of `prefixes` (`ForgetOptions.counters`): it starts with the
 * prefix and ends with the id, which starts right after the prefix or after a `:`.
 *
 * @example
 * counterNamesUser('community:credits:naming:u-42', ['community:credits:'], 'u-42') // true
 * counterNamesUser('community:credits:naming:xu-42', ['community:credits:'], 'u-42') // false
 */
export function counterNamesUser(key: string, prefixes: readonly string[], userId: string): boolean {
  if (userId === '' || !key.endsWith(userId)) return false;
  const at = key.length - userId.length;
  return prefixes.some(
    (prefix) =>
      key.startsWith(prefix) && (at === prefix.length || (at > prefix.length && key[at - 1] === ':')),
  );
}

/** The name a counter that names the user (`counterNamesUser`) takes: the id at its end becomes the pseudonym. */
export const pseudonymCounterKey = (key: string, userId: string, pseudonym: string): string =>
  key.slice(0, key.length - userId.length) + pseudonym;
