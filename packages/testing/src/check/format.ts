import type { Journey } from '../arbitraries/journey-types';

/**
 * A journey as NDJSON, one line per step, ready to paste into `engageloop explain`: events as
 * `{ id, type, userId, at, payload }`, ticks as `{ "tick": "<ISO>" }`.
 *
 * @example
 * toNdjson(journey).split('\n')[0] // '{"id":"join-u1","type":"profile.updated",…}'
 */
export function toNdjson(journey: Journey): string {
  return journey.steps
    .map((step) =>
      step.kind === 'tick'
        ? JSON.stringify({ tick: step.at })
        : JSON.stringify({
            id: step.event.id,
            type: step.event.type,
            userId: step.event.userId,
            at: step.event.at,
            payload: step.event.payload ?? {},
          }),
    )
    .join('\n');
}

const brief = (payload: Record<string, unknown> | undefined) => {
  const text = JSON.stringify(payload ?? {});
  return text === '{}' ? '' : ` ${text.length > 120 ? `${text.slice(0, 117)}…` : text}`;
};

/** A journey as numbered lines a person can read: what happened, to whom, when; duplicates marked. */
export function describeJourney(journey: Journey): string {
  return journey.steps
    .map((step, i) => {
      const n = `${String(i + 1).padStart(2)}.`;
      if (step.kind === 'tick') return `${n} tick ${step.at}`;
      const e = step.event;
      const note = step.note && step.note !== 'join' ? ` (${step.note})` : '';
      if (step.note === 'join') {
        const p = e.payload ?? {};
        return `${n} ${e.userId} joins ${e.at} — ${String(p.timezone)}, ${String(p.locale)}, channel ${String(p.channel)}`;
      }
      return `${n} ${e.id} ${e.type} ${e.userId} ${e.at}${brief(e.payload)}${note}`;
    })
    .join('\n');
}
