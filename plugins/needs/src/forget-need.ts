import type { NeedDoc } from './types';

/**
 * A need item without `userId` in it (the needs plugin's `forgetUser` scrub), or `undefined` when they are not
 * in it. As author: the id becomes `pseudonym`, and what they wrote — the text and the tags they gave — is
 * erased. As supporter, in history (`by`, with the reason they wrote), escalations and outcome notices: the id
 * becomes `pseudonym`. Counts, status, times and the staff's assessment stay, so the figures still add up.
 *
 * @example
 * forgetInNeed(need, 'alice@example.com', 'forgotten:ab12')
 * // { …need, userId: 'forgotten:ab12', text: '', tags: [], supporters: ['forgotten:ab12', 'bob'] }
 */
export function forgetInNeed(need: NeedDoc, userId: string, pseudonym: string): NeedDoc | undefined {
  const swap = (id: string) => (id === userId ? pseudonym : id);
  const author = need.userId === userId;
  const supporter = need.supporters.includes(userId);
  const inHistory = need.history.some((h) => h.by === userId);
  const inEscalations = need.escalations.some((e) => e.by === userId || e.to === userId);
  const notified = need.notified.some((n) => n.endsWith(`:${userId}`));
  if (!author && !supporter && !inHistory && !inEscalations && !notified) return undefined;
  return {
    ...need,
    ...(author ? { userId: pseudonym, text: '', tags: [] } : {}),
    supporters: need.supporters.map(swap),
    history: need.history.map((h) => {
      if (h.by !== userId) return h;
      const { reason: _written, ...rest } = h;
      return { ...rest, by: pseudonym };
    }),
    escalations: need.escalations.map((e) => ({
      ...e,
      by: swap(e.by),
      to: e.to === null ? null : swap(e.to),
    })),
    notified: need.notified.map((n) => {
      const at = n.indexOf(':');
      return n.slice(at + 1) === userId ? `${n.slice(0, at)}:${pseudonym}` : n;
    }),
  };
}
