import { loadPolicy, type PolicyDocument } from '@engageloop/core';
import { needs } from '@engageloop/needs';
import { describe, expect, it } from 'vitest';
import type { Journey, JourneyStep } from '../arbitraries/journey-types';
import { createRunHarness } from '../run/harness';
import { runJourney } from '../run/run-journey';
import { everyFeedbackAnswered, feedbackDeadline } from './feedback';

// A feedback loop that thanks urgent needs at once; every other need hears back only when staff decide it.
// Its SLA (settings.needs.sla) promises complaints an acknowledgement within 8 h.
const policy: PolicyDocument = {
  version: 1,
  name: 'answer-when-decided',
  defaults: { timezone: 'Asia/Shanghai', locale: 'en' },
  settings: {
    needs: {
      sla: [
        { urgencies: ['urgent'], acknowledgeWithin: '2h' },
        { kinds: ['complaint'], acknowledgeWithin: '8h', resolveWithin: '5d' },
      ],
    },
  },
  rules: [
    {
      id: 'thank-urgent',
      stage: 'value',
      on: 'need.captured',
      conditions: { all: [{ fact: 'needs.need', path: '$.urgency', operator: 'equal', value: 'urgent' }] },
      effects: [
        { type: 'core.message', params: { kind: 'reply', topic: 'need.received', body: 'Thank you!' } },
      ],
    },
  ],
};

const plugins = [needs()];
const harness = createRunHarness(loadPolicy(policy, { plugins }), plugins);

const user = {
  id: 'u1',
  name: 'A',
  timezone: 'Asia/Shanghai',
  locale: 'en' as const,
  joinedAt: '2026-03-02T00:00:00Z',
  channel: 'app',
  optOut: [],
};
const join: JourneyStep = {
  kind: 'event',
  note: 'join',
  event: {
    id: 'join-u1',
    type: 'profile.updated',
    userId: 'u1',
    at: user.joinedAt,
    payload: { locale: 'en' },
  },
};
const capture = (id: string, at: string, urgency: string): Extract<JourneyStep, { kind: 'event' }> => ({
  kind: 'event',
  event: {
    id,
    type: 'need.captured',
    userId: 'u1',
    at,
    payload: { kind: 'complaint', urgency, text: 'It crashes' },
  },
});
const staff = (id: string, at: string, needId: string, to: string): JourneyStep => ({
  kind: 'event',
  event: { id, type: 'need.status', userId: 'staff', at, payload: { needId, to } },
});
const journey = (steps: JourneyStep[]): Journey => ({ start: '2026-03-02T00:00:00Z', users: [user], steps });

describe('everyFeedbackAnswered: the SLA the policy sets in settings.needs.sla', () => {
  it('applies to a policy that answers needs', () => {
    expect(everyFeedbackAnswered.applies(harness.engine.policy, harness.engine.registry)).toBe(true);
  });

  it('reports a complaint first answered a day after its 8 h acknowledge deadline', async () => {
    const run = await runJourney(
      harness,
      journey([
        join,
        capture('e1', '2026-03-02T10:00:00Z', 'normal'),
        { kind: 'tick', at: '2026-03-02T20:00:00Z' },
        staff('s1', '2026-03-03T10:00:00Z', 'e1', 'acknowledged'),
        staff('s2', '2026-03-03T10:05:00Z', 'e1', 'adopted'),
      ]),
    );
    const answer = run.final.outbox.find((m) => m.userId === 'u1');
    expect(answer?.topic).toBe('need.adopted');
    expect(feedbackDeadline(run, run.steps[1]!)).toBe(Date.parse('2026-03-02T18:00:00Z'));
    expect(everyFeedbackAnswered(run)).toBe(
      'feedback e1 ("It crashes") from u1 was first answered at 2026-03-03T10:05:00.000Z, after its acknowledge deadline 2026-03-02T18:00:00.000Z (settings.needs.sla, a normal complaint)',
    );
  });

  it('holds when the need is answered at once, and when it is decided within the deadline', async () => {
    const run = await runJourney(
      harness,
      journey([
        join,
        capture('e1', '2026-03-02T10:00:00Z', 'urgent'),
        capture('e2', '2026-03-02T11:00:00Z', 'normal'),
        staff('s1', '2026-03-02T12:00:00Z', 'e2', 'acknowledged'),
        staff('s2', '2026-03-02T18:00:00Z', 'e2', 'declined'),
        { kind: 'tick', at: '2026-03-04T00:00:00Z' },
      ]),
    );
    expect(run.final.outbox.filter((m) => m.userId === 'u1').map((m) => m.topic)).toEqual([
      'need.received',
      'need.declined',
    ]);
    expect(everyFeedbackAnswered(run)).toBeUndefined();
  });

  it('counts the deadline from delivery when the need arrives after it', async () => {
    // Voiced at 10:00 with a 2 h deadline, delivered at 15:00 and thanked by that dispatch.
    const late: JourneyStep = { ...capture('e1', '2026-03-02T10:00:00Z', 'urgent'), note: 'late' };
    const run = await runJourney(
      harness,
      journey([join, { kind: 'tick', at: '2026-03-02T15:00:00Z' }, late]),
    );
    expect(feedbackDeadline(run, run.steps[2]!)).toBe(Date.parse('2026-03-02T15:00:00Z'));
    expect(everyFeedbackAnswered(run)).toBeUndefined();
  });

  it('reports a need never answered', async () => {
    const run = await runJourney(harness, journey([join, capture('e1', '2026-03-02T10:00:00Z', 'low')]));
    expect(everyFeedbackAnswered(run)).toBe('feedback e1 ("It crashes") from u1 was never answered');
  });
});
