import { definePlugin } from '../../plugin/define-plugin';
import type { EffectContext, Plugin } from '../../plugin/types';
import type { PolicyDocument } from '../../policy/types';
import { nextPeriodBoundary } from '../../time/zoned';

/** A subject's kudos slice: a user's given/received, a group's fund, a contest's winners. */
export interface KudosState {
  given: number;
  received: number;
  /** Derived kudos that reached the subject, by sender (a user) — an entity's "team fund" too. */
  from: Record<string, number>;
  wins: string[];
  pings: number;
}

const initial = (): KudosState => ({ given: 0, received: 0, from: {}, wins: [], pings: 0 });

/** The counter family a contest ranks: kudos received per user. */
export const BOARD = 'kudos-board:';

/**
 * A fixture plugin for derived events and entities:
 * - `kudos.given` (a user: `{ to, group?, fail? }`) derives `kudos.received` for the user `to`, and
 *   `kudos.bumped` for the entity `group:<group>`; it bumps the board counter of `to`; `fail: true` throws after
 *   deriving (the cause rolls back);
 * - `kudos.received` / `kudos.bumped` add to the subject's `received` and `from`;
 * - `kudos.open` (a contest entity) schedules its `kudos.rank` at the next local midnight (the entity's timer);
 * - `kudos.ping` (an entity) derives another `kudos.ping` for the same entity: a chain with no end;
 * - `kudos.rank` (a contest entity: `{ n }`) reads the board and derives `kudos.won` for each of the top `n`.
 */
export function kudos(): Plugin<KudosState> {
  return definePlugin<KudosState, unknown>({
    name: 'kudos',
    version: '1.0.0',
    state: { initial },
    eventTypes: {
      'kudos.given': {
        payload: {
          type: 'object',
          required: ['to'],
          properties: { to: { type: 'string' }, group: { type: 'string' }, fail: { type: 'boolean' } },
        },
      },
      'kudos.received': {
        payload: { type: 'object', required: ['from'], properties: { from: { type: 'string' } } },
      },
      'kudos.bumped': {
        payload: { type: 'object', required: ['from'], properties: { from: { type: 'string' } } },
      },
      'kudos.ping': {},
      'kudos.open': {},
      'kudos.rank': { payload: { type: 'object', properties: { n: { type: 'integer' } } } },
      'kudos.won': {
        payload: { type: 'object', required: ['contest', 'rank'], properties: { rank: { type: 'integer' } } },
      },
    },
    effects: {
      'kudos.apply': {
        params: { type: 'object', additionalProperties: false },
        apply: (state, _params, ctx: EffectContext<KudosState>) => applyKudos(state, ctx),
      },
    },
    hooks: {
      prepare: ({ event }) => {
        if (event.type === 'kudos.given') return { counters: [`${BOARD}${String(event.payload.to)}`] };
        if (event.type === 'kudos.rank') return { tops: [{ prefix: BOARD, limit: 10 }] };
        return undefined;
      },
    },
  });
}

function applyKudos(state: KudosState, ctx: EffectContext<KudosState>): KudosState {
  const { event } = ctx;
  const p = event.payload;
  switch (event.type) {
    case 'kudos.given': {
      const to = String(p.to);
      ctx.derive({ key: 'thanks', type: 'kudos.received', userId: to, payload: { from: ctx.user.id } });
      if (typeof p.group === 'string')
        ctx.derive({
          key: 'bump',
          type: 'kudos.bumped',
          entity: `group:${p.group}`,
          payload: { from: ctx.user.id },
        });
      ctx.addCounter(`${BOARD}${to}`, 1);
      if (p.fail === true) throw new Error('kudos exploded after deriving');
      return { ...state, given: state.given + 1 };
    }
    case 'kudos.received':
    case 'kudos.bumped': {
      const from = String(p.from);
      return {
        ...state,
        received: state.received + 1,
        from: { ...state.from, [from]: (state.from[from] ?? 0) + 1 },
      };
    }
    case 'kudos.open':
      // A contest entity: its period ends at the next local midnight in the policy's time zone.
      ctx.schedule({
        id: `period-end:${ctx.user.id}`,
        type: 'kudos.rank',
        dueAt: nextPeriodBoundary(event.time, ctx.timezone, 'day'),
        payload: { n: 2 },
      });
      return state;
    case 'kudos.ping':
      ctx.derive({ key: 'again', type: 'kudos.ping', entity: ctx.user.id });
      return { ...state, pings: state.pings + 1 };
    case 'kudos.rank': {
      const n = typeof p.n === 'number' ? p.n : 3;
      const top = ctx.top(BOARD).slice(0, n);
      top.forEach((entry, i) => {
        ctx.derive({
          key: `won:${i + 1}`,
          type: 'kudos.won',
          userId: entry.key.slice(BOARD.length),
          payload: { contest: ctx.user.id, rank: i + 1 },
        });
      });
      return { ...state, wins: top.map((e) => e.key.slice(BOARD.length)) };
    }
    case 'kudos.won':
      return { ...state, wins: [...state.wins, `${String(p.contest)}#${String(p.rank)}`] };
    default:
      return state;
  }
}

const TYPES = [
  'kudos.given',
  'kudos.received',
  'kudos.bumped',
  'kudos.ping',
  'kudos.open',
  'kudos.rank',
  'kudos.won',
];

/** One rule per kudos event type, each applying `kudos.apply`. */
export const kudosPolicy: PolicyDocument = {
  version: 1,
  name: 'kudos test policy',
  rules: TYPES.map((type) => ({
    id: `on-${type.replace('.', '-')}`,
    stage: 'action' as const,
    on: type,
    effects: [{ type: 'kudos.apply', params: {} }],
  })),
};
