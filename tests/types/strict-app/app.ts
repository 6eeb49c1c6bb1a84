// An app that declares its event types (compiled by ../event-types.test.ts, never run): once it does,
// `dispatch` and `dispatchBatch` take only known event types — the app's and the installed plugins' — with
// typed payloads. A line after `// @ts-expect-error: <text>` must fail to compile with a message containing
// <text>; every other line must compile.
import {
  type DispatchBatchInput,
  type DispatchInput,
  definePolicy,
  type EngageLoopEvent,
  type Engine,
  type EventTypesChecked,
} from '@engageloop/core';
import '@engageloop/replies';
import { expectTypeOf } from 'vitest';

declare module '@engageloop/core' {
  interface EngageLoopEventTypes {
    'review.posted': { rating: number; media?: 'photo' | 'video' };
    'checkin.done': Record<string, never>;
    /** The replies plugin declares this type too: the app adds a required `rating` to its payload. */
    'review.submitted': { rating: number };
  }
}

const at = '2026-01-01T09:00:00Z';
const u = 'u1';

export async function dispatches(engine: Engine): Promise<void> {
  await engine.dispatch({ id: 'a1', type: 'review.posted', userId: u, at, payload: { rating: 5 } });
  await engine.dispatch({ id: 'a2', type: 'checkin.done', userId: u, at });
  await engine.dispatch({ id: 'a3', type: 'profile.updated', userId: u, at, payload: { locale: 'zh-CN' } });
  await engine.dispatch({ id: 'a4', type: 'feedback.submitted', userId: u, at, payload: { text: '很好' } });
  await engine.dispatch({
    id: 'a5',
    type: 'review.submitted',
    userId: u,
    at,
    payload: { rating: 4, text: 'ok' },
  });

  // @ts-expect-error: "review.postd"
  await engine.dispatch({ id: 'b1', type: 'review.postd', userId: u, at, payload: { rating: 5 } });
  // @ts-expect-error: 'string' is not assignable to type 'number'
  await engine.dispatch({ id: 'b2', type: 'review.posted', userId: u, at, payload: { rating: '5' } });
  // @ts-expect-error: Property 'payload' is missing
  await engine.dispatch({ id: 'b3', type: 'review.posted', userId: u, at });
  // @ts-expect-error: Property 'rating' is missing
  await engine.dispatch({ id: 'b4', type: 'review.submitted', userId: u, at, payload: { text: 'ok' } });
  // @ts-expect-error: 'number' is not assignable to type 'string'
  await engine.dispatch({ id: 'b5', type: 'profile.updated', userId: u, at, payload: { locale: 5 } });
  // @ts-expect-error: "photos"
  await engine.dispatch({
    id: 'b6',
    type: 'review.posted',
    userId: u,
    at,
    payload: { rating: 1, media: 'photos' },
  });

  // Raw input (a parsed NDJSON line) is the host's to vouch for; the engine validates it at run time anyway.
  const line: unknown = JSON.parse('{}');
  // @ts-expect-error: 'unknown' is not assignable
  await engine.dispatch(line);
  await engine.dispatch(line as EngageLoopEvent);
}

export function batches(): DispatchBatchInput[] {
  const ok: DispatchBatchInput = [
    { id: 'c1', type: 'review.posted', userId: u, at, payload: { rating: 5 } },
    { id: 'c2', type: 'checkin.done', userId: u, at },
  ];
  const bad: DispatchBatchInput = [
    { id: 'd1', type: 'review.posted', userId: u, at, payload: { rating: 5 } },
    // @ts-expect-error: "checkin.don"
    { id: 'd2', type: 'checkin.don', userId: u, at },
  ];
  async function* stream(): AsyncGenerator<EngageLoopEvent> {
    yield { id: 'e1', type: 'checkin.done', userId: u, at };
  }
  return [ok, bad, stream()];
}

expectTypeOf<EventTypesChecked>().toEqualTypeOf<true>();
expectTypeOf<DispatchInput>().toEqualTypeOf<EngageLoopEvent>();
expectTypeOf<EngageLoopEvent<'review.posted'>['payload']>().toEqualTypeOf<{
  rating: number;
  media?: 'photo' | 'video';
}>();
expectTypeOf<EngageLoopEvent<'checkin.done'>>()
  .toHaveProperty('payload')
  .toEqualTypeOf<Record<string, never> | undefined>();
expectTypeOf<EngageLoopEvent['type']>().toExtend<string>();

// `definePolicy` works the same in a strict app.
export const policy = definePolicy({
  version: 1,
  eventTypes: { 'review.posted': {} },
  rules: [
    {
      id: 'thank',
      stage: 'value',
      on: 'review.posted',
      effects: [{ type: 'replies.send', params: { situation: 'thank' } }],
    },
  ],
});
