import type { OutboxEntry, PolicyDocument } from '@engageloop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationMs } from '../duration';
import { isQuietAt } from '../guards/quiet-hours';
import { DEFAULT_STAGES } from '../settings-defaults';
import { createHarness } from '../testing/harness';

const QUIET = { start: '22:00', end: '07:30', action: 'defer' as const };
const CAPS = [
  { max: 2, window: { days: 1 } },
  { max: 1, window: { hours: 12 }, channel: 'sms' },
];
const ZONES: Record<string, string> = { u1: 'Asia/Shanghai', u2: 'America/New_York' };
const STAGE_NAMES = DEFAULT_STAGES.map((s) => s.name);

const care = (trigger: string, extra: Record<string, unknown> = {}) => ({
  type: 'lifecycle.care',
  params: { trigger, body: `${trigger} {{user.name}}`, ...extra },
});

const POLICY: PolicyDocument = {
  version: 1,
  defaults: { timezone: 'UTC', locale: 'en' },
  eventTypes: { ping: {}, arm: {}, stop: {}, 'order.paid': {} },
  settings: { lifecycle: { caps: CAPS, quietHours: QUIET, reviewAfter: [{ days: 1 }, { days: 3 }] } },
  rules: [
    { id: 'ping', stage: 'value', on: 'ping', effects: [care('nudge')] },
    {
      id: 'arm',
      stage: 'action',
      on: 'arm',
      effects: [
        care('later', { delay: { hours: 30 } }),
        { type: 'lifecycle.schedule', params: { trigger: 'idle', kind: 'inactivity', after: { hours: 20 } } },
      ],
    },
    {
      id: 'idle',
      stage: 'value',
      on: 'lifecycle.timer',
      conditions: { all: [{ fact: 'event', path: '$.payload.trigger', operator: 'equal', value: 'idle' }] },
      effects: [care('idle-nudge')],
    },
    {
      id: 'at-risk',
      stage: 'value',
      conditions: {
        all: [{ fact: 'signals', path: '$.stage:changed.to', operator: 'equal', value: 'at-risk' }],
      },
      effects: [care('win-back')],
    },
    {
      id: 'stop',
      stage: 'need',
      on: 'stop',
      effects: [{ type: 'lifecycle.cancel', params: { triggers: ['later'] } }],
    },
    { id: 'receipt', stage: 'value', on: 'order.paid', effects: [care('receipt', { transactional: true })] },
  ],
};

interface Step {
  minutes: number;
  type: 'ping' | 'arm' | 'stop' | 'order.paid';
  user: 'u1' | 'u2';
  channel: 'app' | 'sms';
}

const step = fc.record<Step>({
  minutes: fc.integer({ min: 1, max: 2 * 24 * 60 }),
  type: fc.constantFrom('ping', 'ping', 'arm', 'stop', 'order.paid'),
  user: fc.constantFrom('u1', 'u2'),
  channel: fc.constantFrom('app', 'sms'),
});

/** Runs the steps (ticking due timers before every event and at the end) and returns what happened. */
async function run(steps: readonly Step[]) {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const h = createHarness(POLICY, new Date(t).toISOString());
  const stages: Array<string | null | undefined> = [];
  const events: Array<{ id: string; type: string; user: string; time: number }> = [];
  for (const [user, timezone] of Object.entries(ZONES)) {
    await h.send('profile.updated', user, new Date(t).toISOString(), { timezone, name: user });
  }
  for (const s of steps) {
    t += s.minutes * 60_000;
    const at = new Date(t).toISOString();
    await h.tickTo(at);
    const out = await h.send(s.type, s.user, at, { channel: s.channel });
    events.push({ id: out.eventId, type: s.type, user: s.user, time: t });
    stages.push((await h.slice(s.user))?.stage);
  }
  await h.tickTo(new Date(t + 10 * 86_400_000).toISOString());
  for (const user of Object.keys(ZONES)) stages.push((await h.slice(user))?.stage);
  return { messages: await h.care(), stages, events };
}

function maxInWindow(times: readonly number[], w: number): number {
  let best = 0;
  for (const s of times) best = Math.max(best, times.filter((x) => x >= s && x < s + w).length);
  return best;
}

const counted = (messages: readonly OutboxEntry[]) =>
  messages.filter((m) => !m.transactional && m.status !== 'cancelled');
const sequences = fc.array(step, { minLength: 1, maxLength: 18 });
const options = { numRuns: 15 };
/** Each run drives a whole engine through up to 18 events and their timers. */
const TIMEOUT = 60_000;

describe('lifecycle plugin (properties over event and tick sequences)', () => {
  it(
    'no user exceeds a cap, overall or per channel',
    async () => {
      await fc.assert(
        fc.asyncProperty(sequences, async (steps) => {
          const { messages } = await run(steps);
          for (const user of Object.keys(ZONES)) {
            const mine = counted(messages).filter((m) => m.userId === user);
            for (const cap of CAPS) {
              const times = mine
                .filter((m) => !cap.channel || m.channel === cap.channel)
                .map((m) => m.notBefore);
              expect(maxInWindow(times, durationMs(cap.window))).toBeLessThanOrEqual(cap.max);
            }
          }
        }),
        options,
      );
    },
    TIMEOUT,
  );

  it(
    'nothing is sent inside quiet hours, in the user time zone',
    async () => {
      await fc.assert(
        fc.asyncProperty(sequences, async (steps) => {
          const { messages } = await run(steps);
          for (const m of counted(messages)) {
            expect(isQuietAt(m.notBefore, ZONES[m.userId] as string, QUIET)).toBe(false);
          }
        }),
        options,
      );
    },
    TIMEOUT,
  );

  it(
    "a user's stage is always exactly one defined stage",
    async () => {
      await fc.assert(
        fc.asyncProperty(sequences, async (steps) => {
          const { stages } = await run(steps);
          for (const stage of stages) expect(STAGE_NAMES).toContain(stage);
        }),
        options,
      );
    },
    TIMEOUT,
  );

  it(
    'a cancelled trigger never sends',
    async () => {
      await fc.assert(
        fc.asyncProperty(sequences, async (steps) => {
          const { messages, events } = await run(steps);
          for (const m of messages.filter((x) => x.topic === 'later' && x.status !== 'cancelled')) {
            const source = events.find((e) => m.dedupeKey.endsWith(`:${e.id}`));
            expect(source?.type).toBe('arm');
            const stopped = events.some(
              (e) =>
                e.type === 'stop' &&
                e.user === m.userId &&
                e.time >= (source?.time ?? 0) &&
                e.time < m.notBefore,
            );
            expect(stopped).toBe(false);
          }
        }),
        options,
      );
    },
    TIMEOUT,
  );
});
