import {
  createEngine,
  createManualClock,
  createMemoryStore,
  type Engine,
  type LoopEvents,
  type ManualClock,
  type Plugin,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';
import { replies } from '../plugin';

const FEEDBACK = ['feedback.submitted', 'review.submitted', 'complaint.submitted'];
const sentiment = (label: string) => ({
  all: [{ fact: 'replies.sentiment', path: '$.label', operator: 'equal', value: label }],
});

/** A small policy exercising every situation; `extra` rules and settings are merged in. */
export function testPolicy(extra: Partial<PolicyDocument> = {}): PolicyDocument {
  return {
    version: 1,
    name: 'replies-test',
    defaults: { timezone: 'Asia/Shanghai', locale: 'zh-CN' },
    eventTypes: { 'suggestion.adopted': {}, 'suggestion.shipped': {}, 'need.sla-breached': {} },
    settings: { ...(extra.settings ?? {}) },
    rules: [
      {
        id: 'empathise-angry',
        stage: 'value',
        on: FEEDBACK,
        conditions: sentiment('negative'),
        effects: [{ type: 'replies.send', params: { situation: 'empathise-and-guide' } }],
      },
      {
        id: 'thank-happy',
        stage: 'value',
        on: FEEDBACK,
        conditions: sentiment('positive'),
        effects: [{ type: 'replies.send', params: { situation: 'thank' } }],
      },
      {
        id: 'decline-kindly',
        stage: 'value',
        on: 'proposal.declined',
        effects: [{ type: 'replies.declineWithEncouragement' }],
      },
      {
        id: 'tell-adopted',
        stage: 'value',
        on: 'suggestion.adopted',
        effects: [{ type: 'replies.send', params: { situation: 'adopted', channel: 'sms' } }],
      },
      {
        id: 'tell-shipped',
        stage: 'value',
        on: 'suggestion.shipped',
        effects: [{ type: 'replies.send', params: { situation: 'shipped', channel: 'email' } }],
      },
      {
        id: 'sla-sorry',
        stage: 'value',
        on: 'need.sla-breached',
        effects: [{ type: 'replies.send', params: { situation: 'sla-apology' } }],
      },
      ...(extra.rules ?? []),
    ],
  };
}

export interface Harness {
  engine: Engine;
  store: Store;
  clock: ManualClock;
  events: Array<{ name: string; payload: unknown }>;
  dispatch(
    type: string,
    at: string,
    payload?: Record<string, unknown>,
    userId?: string,
    id?: string,
  ): ReturnType<Engine['dispatch']>;
  named<K extends keyof LoopEvents>(name: K): Array<LoopEvents[K]>;
  /** Bodies of the outbox messages of one kind (default `reply`), in order. */
  replies(
    kind?: string,
  ): Promise<Array<{ topic: string; body: string; eventId: string; dedupeKey: string; status: string }>>;
}

const WATCHED = [
  'reply:queued',
  'reply:priority-invite',
  'undo:applied',
  'undo:refused',
  'draft:saved',
  'draft:discarded',
  'task:best-kept',
  'reward:granted',
  'reward:revoked',
  'error',
] as const;

/** An engine with the replies plugin (plus `others`), a manual clock and a memory store. */
export function harness(
  options: { policy?: PolicyDocument; others?: Plugin[]; start?: string } = {},
): Harness {
  const store = createMemoryStore();
  const clock = createManualClock(options.start ?? '2026-01-01T00:00:00Z');
  const engine = createEngine({
    plugins: [...(options.others ?? []), replies()],
    policy: options.policy ?? testPolicy(),
    store,
    clock,
    trace: true,
  });
  const events: Harness['events'] = [];
  for (const n of WATCHED) engine.on(n, ((payload: unknown) => events.push({ name: n, payload })) as never);
  let seq = 0;
  return {
    engine,
    store,
    clock,
    events,
    dispatch: (type, at, payload = {}, userId = 'u1', id) => {
      clock.set(at);
      return engine.dispatch({ id: id ?? `ev${++seq}`, type, userId, at, payload });
    },
    named: <K extends keyof LoopEvents>(n: K) =>
      events.filter((e) => e.name === n).map((e) => e.payload as LoopEvents[K]),
    replies: async (kind = 'reply') =>
      (await store.listMessages())
        .filter((m) => m.kind === kind)
        .map((m) => ({
          topic: m.topic,
          body: m.body,
          eventId: m.eventId,
          dedupeKey: m.dedupeKey,
          status: m.status,
        })),
  };
}
