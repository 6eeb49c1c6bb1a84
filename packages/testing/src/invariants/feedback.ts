import type { Policy, Registry } from '@engageloop/core';
import { asRecord, defineInvariant } from './define';

/** Event types that carry user feedback (complaints, suggestions, reviews with text). */
export const FEEDBACK_TYPE = /(^|\.)(feedback|complaint)(\.|$)|^suggestion\.submitted$/;

const REPLYING_EFFECT = /^(core\.message|replies\.)/;

/** The SLA in ms a policy sets for answering feedback (`settings.replies.slaMinutes`), if any. */
export function feedbackSlaMs(policy: Policy): number | undefined {
  const replies = asRecord(policy.settings.replies);
  const minutes = replies?.slaMinutes ?? asRecord(replies?.sla)?.minutes;
  return typeof minutes === 'number' ? minutes * 60_000 : undefined;
}

/**
 * Applies when the replies plugin is installed, or a rule listening to a feedback event sends a message:
 * the policy then promises to answer feedback.
 */
function promisesAnswers(policy: Policy, registry: Registry): boolean {
  if (registry.plugin('replies')) return true;
  return policy.rules.some(
    (r) =>
      (r.on ?? []).some((t) => FEEDBACK_TYPE.test(t)) && r.effects.some((e) => REPLYING_EFFECT.test(e.type)),
  );
}

/**
 * Never silent: every feedback event delivered gets at least one message in the outbox answering it
 * (queued by its dispatch, a fallback after a failure, or naming it in `data.eventId`), and within the
 * SLA when the policy sets one.
 */
export const everyFeedbackAnswered = defineInvariant(
  'every feedback answered (within its SLA)',
  (run) => {
    const sla = feedbackSlaMs(run.policy);
    const done = new Set<string>();
    for (const step of run.steps) {
      const event = step.event;
      if (!event || !FEEDBACK_TYPE.test(event.type) || done.has(event.id)) continue;
      done.add(event.id);
      const answers = run.final.outbox.filter(
        (m) =>
          m.userId === event.userId &&
          (m.eventId === event.id || m.data.eventId === event.id) &&
          m.kind !== 'care',
      );
      const text = typeof event.payload?.text === 'string' ? ` ("${event.payload.text}")` : '';
      if (answers.length === 0) return `feedback ${event.id}${text} from ${event.userId} was never answered`;
      if (sla !== undefined) {
        const at = Date.parse(event.at);
        const first = Math.min(...answers.map((m) => Math.max(m.notBefore, m.createdAt)));
        if (first - at > sla) {
          return `feedback ${event.id} from ${event.userId} was answered after ${Math.round((first - at) / 60_000)} min; the SLA is ${sla / 60_000} min`;
        }
      }
    }
    return undefined;
  },
  promisesAnswers,
);
