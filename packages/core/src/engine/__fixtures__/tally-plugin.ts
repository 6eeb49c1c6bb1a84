import { definePlugin } from '../../plugin/define-plugin';
import type { Plugin } from '../../plugin/types';

export interface TallyState {
  points: number;
  level: number;
}

declare module '../../index' {
  interface LoopEvents {
    'tally:level-up': { userId: string; level: number };
  }
}

/** A tiny plugin for engine tests: points, a level derived from them, a fact, a timer and a fallback reply. */
export function tally(options: { failOn?: string } = {}): Plugin<TallyState> {
  return definePlugin<TallyState, unknown>({
    name: 'tally',
    version: '1.0.0',
    state: { initial: () => ({ points: 0, level: 0 }) },
    eventTypes: {
      'tally.reminder': { payload: { type: 'object', properties: { note: { type: 'string' } } } },
      'feedback.submitted': {
        payload: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
      },
      'review.submitted': {},
    },
    facts: {
      'tally.points': { value: (ctx) => ctx.slice<TallyState>().points },
      'tally.level': { value: (ctx) => ctx.slice<TallyState>().level },
    },
    effects: {
      'tally.add': {
        params: {
          type: 'object',
          required: ['points'],
          properties: { points: { type: 'integer' } },
          additionalProperties: false,
        },
        apply: (state, params: { points: number }, ctx) => {
          if (options.failOn === ctx.event.type) throw new Error('tally exploded');
          const points = state.points + params.points;
          const level = Math.floor(points / 100);
          if (level > state.level) ctx.emit('tally:level-up', { userId: ctx.user.id, level });
          return { points, level };
        },
      },
      'tally.remind': {
        params: {
          type: 'object',
          required: ['inMs'],
          properties: { inMs: { type: 'integer', minimum: 0 } },
          additionalProperties: false,
        },
        apply: (state, params: { inMs: number }, ctx) => {
          ctx.schedule({
            id: `tally:reminder:${ctx.user.id}`,
            type: 'tally.reminder',
            dueAt: ctx.event.time + params.inMs,
            payload: { note: 'come back' },
          });
          return state;
        },
      },
    },
    hooks: {
      onFailure: (ctx) => {
        if (ctx.event.type === 'feedback.submitted') {
          ctx.send({ kind: 'reply', topic: 'fallback', body: 'Thanks — we received your feedback.' });
        }
      },
    },
  });
}
