import type { LoopEvent } from '@engageloop/core';
import type { Rng } from './prng';

/** The staff member who acknowledges and decides needs in generated streams. */
export const STAFF_USER_ID = 'staff-1';

type Payload = Record<string, unknown>;

/** What `withNeeds` needs from the generator: randomness, fresh ids, and the time of a minute of the day. */
export interface NeedStreamContext {
  rng: Rng;
  nextId(): string;
  timeOf(minute: number): string;
}

/** Participations that voice a need, and the need kind each becomes. */
const SUBMISSIONS: Readonly<Record<string, string>> = {
  'feedback.submitted': 'feedback',
  'complaint.submitted': 'complaint',
  'suggestion.submitted': 'suggestion',
  'strategy.suggested': 'suggestion',
  'proposal.submitted': 'suggestion',
};
/** Participations that decide a need, and the status the staff moves it to. */
const DECISIONS: Readonly<Record<string, 'adopted' | 'declined'>> = {
  'suggestion.adopted': 'adopted',
  'proposal.adopted': 'adopted',
  'proposal.declined': 'declined',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function kindOf(type: string, p: Payload): string {
  const kind = SUBMISSIONS[type] ?? 'feedback';
  if (kind !== 'feedback') return kind;
  if (typeof p.sentiment === 'number' && p.sentiment < -0.5) return 'complaint';
  return p.category === 'bug' ? 'bug' : 'feedback';
}

/**
 * What a host running the needs plugin dispatches around one participation. A submission carries
 * `needId` (its proposal or suggestion id, else its own event id) and is followed, at the same instant,
 * by `need.captured`, then by the staff's `need.status` → `acknowledged` 1–90 minutes later (before any
 * decision, which the profiles place at least 4 hours later). A decision carries the `needId` and is
 * followed by the staff's `need.status` → `adopted` / `declined`. Anything else passes unchanged.
 * The submission comes first so the replies plugin answers the need once, on the submission.
 */
export function withNeeds(event: LoopEvent, minute: number, ctx: NeedStreamContext): LoopEvent[] {
  const p = event.payload ?? {};
  const needId = str(p.proposalId) ?? str(p.suggestionId) ?? event.id;
  const staff = (type: string, at: string, payload: Payload): LoopEvent => ({
    id: ctx.nextId(),
    type,
    userId: STAFF_USER_ID,
    at,
    payload,
  });
  const decision = Object.hasOwn(DECISIONS, event.type) ? DECISIONS[event.type] : undefined;
  if (decision !== undefined) {
    const reason = str(p.reason);
    return [
      { ...event, payload: { ...p, needId } },
      staff('need.status', event.at, { needId, to: decision, ...(reason ? { reason } : {}) }),
    ];
  }
  if (!Object.hasOwn(SUBMISSIONS, event.type)) return [event];
  const channel = str(p.channel);
  const captured: LoopEvent = {
    id: ctx.nextId(),
    type: 'need.captured',
    userId: event.userId,
    at: event.at,
    payload: {
      needId,
      kind: kindOf(event.type, p),
      text: (str(p.text) ?? str(p.title) ?? event.type).slice(0, 10_000),
      ...(channel ? { channel: channel.slice(0, 64) } : {}),
      ...(typeof p.sentiment === 'number' ? { sentiment: Math.max(-1, Math.min(1, p.sentiment)) } : {}),
    },
  };
  const ackAt = ctx.timeOf(minute + ctx.rng.int(1, 90));
  // ISO instants in one format order as text; the acknowledgement never precedes the capture.
  const acknowledged = staff('need.status', ackAt.localeCompare(event.at) > 0 ? ackAt : event.at, {
    needId,
    to: 'acknowledged',
  });
  return [{ ...event, payload: { ...p, needId } }, captured, acknowledged];
}
