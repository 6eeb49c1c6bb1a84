/**
 * A test plugin for derived events (tests/batching, tests/stores): thanks go to a user (a derived event) and bump a
 * team entity; a team passes a share on to its partner team twice (a chain); a relay derives itself (a loop the
 * depth limit stops); a rank event reads the board leaderboard (`ctx.top`).
 */
import { definePlugin, type EffectContext } from '@engageloop/core';

export const BOARD = 'thanks-board:';

export interface Tally {
  got: Record<string, number>;
  sent: number;
  hops: number;
  ranked: string[][];
}

/** Thanks go to a user and bump a team; a team passes a share on to a partner team (a chain); a relay loops. */
export const thanks = () =>
  definePlugin<Tally, unknown>({
    name: 'thanks',
    version: '1.0.0',
    state: { initial: () => ({ got: {}, sent: 0, hops: 0, ranked: [] }) },
    eventTypes: {
      'thanks.sent': {
        payload: {
          type: 'object',
          required: ['to', 'team'],
          properties: { to: { type: 'string' }, team: { type: 'string' }, fail: { type: 'boolean' } },
        },
      },
      'thanks.got': { payload: { type: 'object', required: ['from'] } },
      'thanks.team': { payload: { type: 'object', required: ['from', 'hops'] } },
      'thanks.relay': {},
      'thanks.rank': {},
    },
    effects: {
      'thanks.apply': {
        params: { type: 'object' },
        apply: (state, _params, ctx: EffectContext<Tally>) => {
          const p = ctx.event.payload;
          const got = (from: string) => ({ ...state.got, [from]: (state.got[from] ?? 0) + 1 });
          switch (ctx.event.type) {
            case 'thanks.sent':
              ctx.derive({
                key: 'user',
                type: 'thanks.got',
                userId: String(p.to),
                payload: { from: ctx.user.id },
              });
              ctx.derive({
                key: 'team',
                type: 'thanks.team',
                entity: `team:${String(p.team)}`,
                payload: { from: ctx.user.id, hops: 0 },
              });
              ctx.addCounter(`${BOARD}${String(p.to)}`, 1);
              if (p.fail === true) throw new Error('rolled back after deriving');
              return { ...state, sent: state.sent + 1 };
            case 'thanks.got':
              return { ...state, got: got(String(p.from)) };
            case 'thanks.team': {
              const hops = Number(p.hops);
              if (hops < 2) {
                const partner = ctx.user.id === 'team:a' ? 'team:b' : 'team:a';
                ctx.derive({
                  key: 'share',
                  type: 'thanks.team',
                  entity: partner,
                  payload: { from: ctx.user.id, hops: hops + 1 },
                });
              }
              return { ...state, got: got(String(p.from)), hops: state.hops + 1 };
            }
            case 'thanks.relay':
              ctx.derive({ key: 'again', type: 'thanks.relay', entity: ctx.user.id });
              return { ...state, hops: state.hops + 1 };
            case 'thanks.rank':
              return {
                ...state,
                ranked: [...state.ranked, ctx.top(BOARD).map((e) => `${e.key}=${e.value}`)],
              };
            default:
              return state;
          }
        },
      },
    },
    hooks: {
      prepare: ({ event }) =>
        event.type === 'thanks.sent'
          ? { counters: [`${BOARD}${String(event.payload.to)}`] }
          : event.type === 'thanks.rank'
            ? { tops: [{ prefix: BOARD, limit: 3 }] }
            : undefined,
    },
  });

export const thanksPolicy = {
  version: 1 as const,
  rules: ['thanks.sent', 'thanks.got', 'thanks.team', 'thanks.relay', 'thanks.rank'].map((on) => ({
    id: on.replace('.', '-'),
    stage: 'action' as const,
    on,
    effects: [{ type: 'thanks.apply', params: {} }],
  })),
};
