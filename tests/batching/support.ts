/**
 * The workload of the batching property test: a policy with points, a shared budget (a counter), tiers (review
 * timers scheduled and cancelled per user), replies (acknowledgements, undo cancelling them) and a small `board`
 * plugin (a document shared by users, a counter, notices under shared dedupe keys, and failures on demand: a
 * `prepare` that throws, a hook that throws); random streams of it; and a snapshot of what a store holds.
 */
import {
  definePlugin,
  type EngageLoopError,
  type LoopEvent,
  type Outcome,
  type PolicyDocument,
  type Store,
} from '@engageloop/core';

export const START = Date.parse('2026-04-06T08:00:00Z');

export const batchingPolicy = {
  version: 1,
  name: 'batching',
  defaults: { timezone: 'UTC', locale: 'en' },
  settings: {
    incentives: {
      budgets: [{ id: 'daily-pool', period: 'day', max: 120 }],
      tiers: {
        levels: [
          { id: 'basic', minScore: 0 },
          { id: 'advanced', minScore: 25 },
          { id: 'core', minScore: 50 },
        ],
        score: { source: 'points', wallet: 'points', windowDays: 1 },
        downgrade: { mode: 'one-tier', graceDays: 0, warnDays: 0 },
      },
    },
  },
  rules: [
    {
      id: 'review-points',
      stage: 'action',
      on: 'review.submitted',
      effects: [{ type: 'incentives.award', params: { amount: 10, reason: 'review' } }],
    },
    {
      id: 'post-points',
      stage: 'action',
      on: 'board.post',
      effects: [
        { type: 'incentives.award', params: { amount: 5, reason: 'post' } },
        { type: 'board.post', params: {} },
      ],
    },
    {
      id: 'thank-review',
      stage: 'value',
      on: 'review.submitted',
      effects: [{ type: 'replies.send', params: { situation: 'thank' } }],
    },
  ],
} as unknown as PolicyDocument;

interface Board {
  posts: string[];
}

/**
 * `board.post` appends the event to the document `board:<group>` (shared by every user who posts there), bumps the
 * counter `posts:<group>`, and tells the group's owner every third post under a dedupe key shared by those three
 * posts. `payload.boom` makes `afterRules` throw; `payload.prepareBoom` makes `prepare` throw.
 */
export const board = () =>
  definePlugin({
    name: 'board',
    version: '1.0.0',
    eventTypes: {
      'board.post': {
        payload: { type: 'object', properties: { group: { type: 'string', minLength: 1 } } },
      },
    },
    effects: {
      'board.post': {
        params: { type: 'object' },
        apply(state, _params, ctx) {
          const group = String(ctx.event.payload.group ?? 'g');
          const key = `board:${group}`;
          const doc = ctx.doc<Board>(key) ?? { posts: [] };
          const posts = [...doc.posts, ctx.event.id];
          ctx.setDoc(key, { posts });
          ctx.addCounter(`posts:${group}`, 1);
          ctx.send({
            kind: 'notice',
            topic: 'board-posts',
            userId: `owner-${group}`,
            body: `${posts.length} posts on ${group}, ${ctx.counter(`posts:${group}`)} counted`,
            dedupeKey: `board:${group}:${Math.floor((posts.length - 1) / 3)}`,
          });
          return state;
        },
      },
    },
    hooks: {
      prepare: ({ event }) => {
        if (event.payload.prepareBoom === true) throw new Error('prepare broke');
        if (event.type !== 'board.post') return undefined;
        const group = String(event.payload.group ?? 'g');
        return { docs: [`board:${group}`], counters: [`posts:${group}`] };
      },
      afterRules: (ctx) => {
        if (ctx.event.payload.boom === true) throw new Error('plugin broke');
      },
    },
  });

/** One step of a stream, before it becomes an event. */
export type Step =
  | { kind: 'review'; user: number; text: 'great' | 'terrible' | 'ok'; boom: boolean }
  | { kind: 'feedback'; user: number; prepareBoom: boolean }
  | { kind: 'post'; user: number; group: 'a' | 'b'; boom: boolean }
  | { kind: 'undo'; user: number; pick: number }
  | { kind: 'replay'; pick: number }
  | { kind: 'reuse'; pick: number }
  | { kind: 'invalid'; user: number }
  | { kind: 'tick' };

/**
 * The events of a stream (`tick` steps are kept as `'tick'`): ids unique per step, times a minute apart, a
 * replay re-sends an earlier event as it was, a reuse sends an earlier id with another payload, an undo names an
 * earlier review of its user (or none).
 */
export function streamOf(steps: readonly Step[]): Array<LoopEvent | 'tick' | Record<string, unknown>> {
  const sent: LoopEvent[] = [];
  const out: Array<LoopEvent | 'tick' | Record<string, unknown>> = [];
  steps.forEach((step, i) => {
    const at = new Date(START + i * 60_000).toISOString();
    const userId = 'user' in step ? `u${step.user}` : 'u0';
    let event: LoopEvent | Record<string, unknown>;
    switch (step.kind) {
      case 'tick':
        out.push('tick');
        return;
      case 'review':
        event = {
          id: `e${i}`,
          type: 'review.submitted',
          userId,
          at,
          payload: { text: step.text, ...(step.boom ? { boom: true } : {}) },
        };
        break;
      case 'feedback':
        event = {
          id: `e${i}`,
          type: 'feedback.submitted',
          userId,
          at,
          payload: { text: 'the video does not load', ...(step.prepareBoom ? { prepareBoom: true } : {}) },
        };
        break;
      case 'post':
        event = {
          id: `e${i}`,
          type: 'board.post',
          userId,
          at,
          payload: { group: step.group, ...(step.boom ? { boom: true } : {}) },
        };
        break;
      case 'undo': {
        const reviews = sent.filter((e) => e.userId === userId && e.type === 'review.submitted');
        const target = reviews[step.pick % Math.max(1, reviews.length)];
        event = {
          id: `e${i}`,
          type: 'action.undone',
          userId,
          at,
          payload: { eventId: target?.id ?? 'none' },
        };
        break;
      }
      case 'replay': {
        const earlier = sent[step.pick % Math.max(1, sent.length)];
        if (!earlier) return;
        out.push(earlier);
        return;
      }
      case 'reuse': {
        const earlier = sent[step.pick % Math.max(1, sent.length)];
        if (!earlier) return;
        out.push({ ...earlier, payload: { ...earlier.payload, changed: i } });
        return;
      }
      case 'invalid':
        out.push({ id: `e${i}`, type: 'review.submitted', userId, at: 'yesterday' });
        return;
    }
    sent.push(event as LoopEvent);
    out.push(event);
  });
  return out;
}

/** What an outcome says, or what a rejected dispatch threw, comparable between runs. */
export function comparable(outcome: Outcome): unknown {
  const { trace: _trace, ...rest } = outcome;
  return rest;
}

/** A rejected one-by-one dispatch, as `dispatchBatch` reports it. */
export function rejected(input: unknown, error: EngageLoopError): unknown {
  const e = input as Partial<LoopEvent>;
  return {
    eventId: typeof e.id === 'string' ? e.id : '',
    userId: typeof e.userId === 'string' ? e.userId : '',
    type: typeof e.type === 'string' ? e.type : '',
    source: 'event',
    status: 'failed',
    fired: [],
    effects: [],
    messages: [],
    timers: { scheduled: [], cancelled: [] },
    emitted: [],
    error: { code: error.code, message: error.message },
  };
}

/** Everything the store holds that the engine wrote: documents, counters, outbox and timers. */
export async function contents(store: Store): Promise<unknown> {
  const docs: Array<{ key: string; value: unknown }> = [];
  for await (const doc of store.listDocuments('')) docs.push(doc);
  const counters: Record<string, number> = {};
  for (const key of ['posts:a', 'posts:b']) counters[key] = await store.getCounter(key);
  const messages = (await store.listMessages())
    .map((m) => ({ ...m, lease: undefined }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const timers = (await store.listTimers()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { docs, counters, messages, timers };
}
