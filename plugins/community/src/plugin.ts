import { definePlugin, EngageLoopError, type Plugin, type PrepareResult } from '@engageloop/core';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import { entryCounters, handleScored, SCORED_EVENT } from './contest-entries';
import { type Ctx, subjectOf } from './context';
import { creditCounters } from './credits';
import { COMMUNITY_EFFECTS } from './effects';
import { COMMUNITY_EVENT_TYPES, ENTITY_EVENTS, OWNER_EVENTS } from './events';
import { COMMUNITY_FACTS, eventItem, leaderboardPrefix } from './facts';
import { forgetPlan } from './forget';
import { handleContestEnded } from './handle-contests';
import { handleGroupEvent } from './handle-groups';
import { handleItemEvent } from './handle-items';
import { handleOwnerEvent } from './handle-owner';
import { handleUserAction } from './handle-user-actions';
import { tallyKey } from './keys';
import './loop-events';
import { COMMUNITY_REFERENCES } from './references';
import { COMMUNITY_DEFAULTS, COMMUNITY_SETTINGS_SCHEMA, type CommunitySettings } from './settings';
import type { CommunitySlice } from './types';
import { undoCommunityAction } from './undo';

/** Options of the `community()` factory. There are none yet: product settings live in `settings.community`. */
export type CommunityOptions = Record<string, never>;

const OPTIONS_SCHEMA = { type: 'object', additionalProperties: false, properties: {} };
let compiledOptions: ValidateFunction<CommunityOptions> | undefined;

/**
 * The options' validator, compiled at the first call rather than at import (an unused plugin costs nothing), and
 * without checking this constant schema against the draft's meta-schema (that costs each ajv ~80 ms).
 */
function optionsValidator(): ValidateFunction<CommunityOptions> {
  compiledOptions ??= new Ajv2020({ allErrors: true, validateSchema: false }).compile<CommunityOptions>(
    OPTIONS_SCHEMA,
  );
  return compiledOptions;
}

const OWNER_TYPES = new Set<string>(Object.values(OWNER_EVENTS));

/** The counters and leaderboards one event needs: its item's tallies, contest entries, a named contest's board. */
function prepare(
  event: Parameters<NonNullable<NonNullable<Plugin['hooks']>['prepare']>>[0]['event'],
  settings: CommunitySettings,
  timezone: string,
): PrepareResult | undefined {
  if (!event.type.startsWith('community.')) return undefined;
  const counters: string[] = [];
  const item = eventItem(event);
  if (item !== undefined) {
    counters.push(tallyKey('like', item), ...settings.voteOptions.map((o) => tallyKey(`vote:${o}`, item)));
  }
  counters.push(...entryCounters(settings, event, timezone), ...creditCounters(settings, event));
  const prefix = leaderboardPrefix(settings, event, timezone);
  const contest = settings.contests.find((c) => c.id === event.payload.contest);
  const tops = prefix !== undefined && contest ? [{ prefix, limit: contest.top }] : [];
  return { counters, tops };
}

/** Routes an event to its subject's handler. */
function beforeRules(ctx: Ctx): void {
  const type = ctx.event.type;
  if (!type.startsWith('community.')) return;
  if (type === SCORED_EVENT) {
    handleScored(ctx);
    return;
  }
  const subject = subjectOf(ctx.event);
  if (subject.kind === 'item') {
    handleItemEvent(ctx, subject.id);
    return;
  }
  if (subject.kind === 'group') {
    handleGroupEvent(ctx, subject.id);
    return;
  }
  if (subject.kind === 'contest' && type === ENTITY_EVENTS.contestEnded) {
    handleContestEnded(ctx, subject.id);
    return;
  }
  if (subject.kind !== 'user') return;
  if (handleUserAction(ctx)) return;
  if (OWNER_TYPES.has(type)) handleOwnerEvent(ctx);
}

/**
 * Collective mechanics: items (posts, proposals, suggestions, tasks, reviews) with an owner, likes and votes
 * (one per user per item, withdrawable), ratings both ways, multi-criteria reviews; groups and teams with roles
 * and size limits; group goals (a shared streak, a group buy with a deadline); period contests ranked at local
 * midnight with awards fanned out to each winner once; progress tracks with stage deadlines; periodic digests.
 * Items, groups and contests are entities (`item:<id>`, `group:<id>`, `contest:<id>`): what happens to another
 * subject is a derived event, tallies and contest scores are store counters.
 *
 * @example
 * const engine = createEngine({ plugins: [incentives(), community()], policy });
 * await engine.dispatch({ id: 'e1', type: 'post.shared', userId: 'u1', at, payload: { postId: 'p1' } }); // a rule: community.createItem
 * await engine.dispatch({ id: 'e2', type: 'community.like', userId: 'u2', at, payload: { item: 'p1' } });
 */
export function community(options?: CommunityOptions): Plugin<CommunitySlice, CommunitySettings> {
  const validateOptions = optionsValidator();
  if (!validateOptions(options ?? {})) {
    throw new EngageLoopError('PLUGIN_OPTIONS_INVALID', {
      plugin: 'community',
      message: `Invalid community() options: ${(validateOptions.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
    });
  }
  return definePlugin<CommunitySlice, CommunitySettings>({
    name: 'community',
    version: '0.1.0',
    description: {
      en: 'Collective mechanics: items and reactions, reviews, groups and goals, contests and leaderboards, tracks, digests.',
      'zh-CN': '群体机制：条目与点赞投票、评审、小组与目标、评比与排行榜、进度流程、周期摘要。',
    },
    settings: { schema: COMMUNITY_SETTINGS_SCHEMA, defaults: COMMUNITY_DEFAULTS },
    state: { initial: () => ({}) },
    eventTypes: COMMUNITY_EVENT_TYPES,
    facts: COMMUNITY_FACTS,
    effects: COMMUNITY_EFFECTS,
    references: COMMUNITY_REFERENCES,
    hooks: {
      prepare: ({ event, settings, policy }) => prepare(event, settings, policy.defaults.timezone),
      beforeRules,
      afterRules: undoCommunityAction,
      forgetUser: ({ userId, pseudonym }) => forgetPlan(userId, pseudonym),
    },
  });
}
