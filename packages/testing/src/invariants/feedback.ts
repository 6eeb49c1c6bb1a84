import type { LoopEvent, OutboxEntry, Policy, Registry } from '@engageloop/core';
import type { PolicyRun, RunStep } from '../run/types';
import { defineInvariant } from './define';

/** Event types that carry user feedback: complaints, suggestions, feedback, and needs voiced (`need.captured`). */
export const FEEDBACK_TYPE = /(^|\.)(feedback|complaint)(\.|$)|^suggestion\.submitted$|^need\.captured$/;

const REPLYING_EFFECT = /^(core\.message|replies\.)/;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The need a feedback event voices or joins (the needs plugin's rule: `sameAs`, `needId`, else the event). */
function needIdOf(event: LoopEvent): string | undefined {
  if (event.type !== 'need.captured') return undefined;
  const p = event.payload ?? {};
  return str(p.sameAs) ?? str(p.needId) ?? event.id;
}

/**
 * The latest time (epoch ms) the first answer to a feedback event may be queued, if the policy sets one:
 * the acknowledge deadline the needs plugin gave the need this event captured (`settings.needs.sla`,
 * `acknowledgeWithin` of the first line matching the need's kind and urgency, in business time when
 * `businessHours` is set). An event delivered after that deadline must be answered by its own dispatch:
 * the policy cannot answer what it has not received. Events that only join a need (`sameAs`) and
 * feedback that is not a need have no deadline.
 */
export function feedbackDeadline(run: PolicyRun, step: RunStep): number | undefined {
  const event = step.event;
  if (!event) return undefined;
  const need = run.final.needs[event.id];
  if (!need || need.userId !== event.userId || needIdOf(event) !== event.id) return undefined;
  const due = need.sla.acknowledgeDueAt;
  return due === null ? undefined : Math.max(due, step.now);
}

/** Messages to the user answering the event: queued by it, naming it in `data.eventId`, or about its need. */
function answersTo(run: PolicyRun, event: LoopEvent): OutboxEntry[] {
  const needId = needIdOf(event);
  return run.final.outbox.filter(
    (m) =>
      m.userId === event.userId &&
      m.kind !== 'care' &&
      (m.eventId === event.id ||
        m.data.eventId === event.id ||
        (needId !== undefined && m.data.needId === needId)),
  );
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

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Never silent: every feedback event delivered gets at least one message in the outbox answering it
 * (queued by its dispatch, a fallback after a failure, naming it in `data.eventId`, or about its need in
 * `data.needId`), and a need's first answer comes by its acknowledge deadline (see {@link feedbackDeadline}).
 */
export const everyFeedbackAnswered = defineInvariant(
  'every feedback answered (within its SLA)',
  (run) => {
    const done = new Set<string>();
    for (const step of run.steps) {
      const event = step.event;
      if (!event || !FEEDBACK_TYPE.test(event.type) || done.has(event.id)) continue;
      done.add(event.id);
      const answers = answersTo(run, event);
      const text = typeof event.payload?.text === 'string' ? ` ("${event.payload.text}")` : '';
      if (answers.length === 0) return `feedback ${event.id}${text} from ${event.userId} was never answered`;
      const deadline = feedbackDeadline(run, step);
      if (deadline === undefined) continue;
      const first = Math.min(...answers.map((m) => Math.max(m.notBefore, m.createdAt)));
      if (first > deadline) {
        const need = run.final.needs[event.id];
        return `feedback ${event.id}${text} from ${event.userId} was first answered at ${iso(first)}, after its acknowledge deadline ${iso(deadline)} (settings.needs.sla, a ${need?.urgency} ${need?.kind})`;
      }
    }
    return undefined;
  },
  promisesAnswers,
);
