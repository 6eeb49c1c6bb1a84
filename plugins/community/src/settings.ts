import type { JsonSchema, LocalizedText, Period } from '@engageloop/core';

/** A multi-criteria review scheme: weighted criteria scored `min`–`max`, and the pass mark of the weighted mean. */
export interface ReviewScheme {
  name?: LocalizedText;
  criteria: Record<string, { weight: number; name?: LocalizedText }>;
  /** Lowest and highest score of a criterion (default 1–5). */
  min?: number;
  max?: number;
  passMark: number;
  /** Reviews needed before `passed` can be true (default 1). */
  minReviews?: number;
  /**
   * Which reviews count: `item` (default) every reviewer's latest; `stage` only those given since the item last
   * entered its stage, so each visit (a monthly demo day, a resubmission) is a fresh round.
   */
  round?: 'item' | 'stage';
}

/**
 * A period contest: what it ranks (items, groups or users), what it counts (likes or votes on items, or
 * points a rule scores with `community.score`), the calendar period in the policy's time zone and how many
 * win. Winners: an item's owner, each member of a group, or the user.
 */
export interface ContestSettings {
  id: string;
  name?: LocalizedText;
  ranks: 'item' | 'group' | 'user';
  counts: 'likes' | 'votes' | 'score';
  /** Only items of this kind count (likes and votes). */
  itemKind?: string;
  period: Period;
  top: number;
}

/** A kind of group: size limits, and its goals (a group buy's target and deadline, a shared-streak challenge). */
export interface GroupKindSettings {
  name?: LocalizedText;
  min: number;
  max: number;
  /** A group buy: completes when `target` members have joined within `hours` of its creation. */
  buy?: { target: number; hours: number };
  /** A shared streak: a day counts when every member checked in; `days` in a row complete the challenge. */
  challenge?: { days: number };
}

/** A progress track: stages in order (the first is where an item starts), allowed moves, deadlines per stage. */
export interface TrackSettings {
  stages: string[];
  transitions: Record<string, string[]>;
  /** Hours an item may stay in a stage before `community.item.overdue` fires. */
  deadlines?: Record<string, number>;
}

/** A periodic digest: one message per user per period counting what happened to their contributions. */
export interface DigestSettings {
  id: string;
  period: Period;
  /** Owner-side events counted: `reacted`, `reviewed`, `passed`, `won`, or `stage:<stage>` (e.g. `stage:adopted`). */
  counts: string[];
  /** Wording per locale; `{{count}}` is the number counted in the period. */
  message: Record<string, string>;
}

/** `settings.community` of a policy. */
export interface CommunitySettings {
  reviews: Record<string, ReviewScheme>;
  contests: ContestSettings[];
  groups: Record<string, GroupKindSettings>;
  tracks: Record<string, TrackSettings>;
  digests: DigestSettings[];
  /** The options a vote may take (default `yes`, `no`). */
  voteOptions: string[];
  /** Bounds on what one subject remembers. */
  limits: { reactions: number; ratings: number; reviews: number; closedPeriods: number };
}

export const COMMUNITY_DEFAULTS: CommunitySettings = {
  reviews: {},
  contests: [],
  groups: { group: { min: 1, max: 50 } },
  tracks: {},
  digests: [],
  voteOptions: ['yes', 'no'],
  limits: { reactions: 1000, ratings: 500, reviews: 50, closedPeriods: 60 },
};

const id = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' };
const text = {
  type: 'object',
  additionalProperties: false,
  properties: { en: { type: 'string', maxLength: 500 }, 'zh-CN': { type: 'string', maxLength: 500 } },
};
const period = { enum: ['day', 'week', 'month', 'year'] };
const count = (max: number) => ({ type: 'integer', minimum: 1, maximum: max });

export const COMMUNITY_SETTINGS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reviews: {
      type: 'object',
      propertyNames: id,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['criteria', 'passMark'],
        properties: {
          name: text,
          criteria: {
            type: 'object',
            minProperties: 1,
            maxProperties: 20,
            propertyNames: id,
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['weight'],
              properties: { weight: { type: 'number', exclusiveMinimum: 0, maximum: 1000 }, name: text },
            },
          },
          min: { type: 'number', default: 1 },
          max: { type: 'number', default: 5 },
          passMark: { type: 'number' },
          minReviews: { ...count(1000), default: 1 },
          round: { enum: ['item', 'stage'], default: 'item' },
        },
      },
    },
    contests: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'ranks', 'counts', 'period', 'top'],
        properties: {
          id,
          name: text,
          ranks: { enum: ['item', 'group', 'user'] },
          counts: { enum: ['likes', 'votes', 'score'] },
          itemKind: id,
          period,
          top: count(100),
        },
      },
    },
    groups: {
      type: 'object',
      propertyNames: id,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['min', 'max'],
        properties: {
          name: text,
          min: count(10_000),
          max: count(10_000),
          buy: {
            type: 'object',
            additionalProperties: false,
            required: ['target', 'hours'],
            properties: {
              target: count(10_000),
              hours: { type: 'number', exclusiveMinimum: 0, maximum: 8760 },
            },
          },
          challenge: {
            type: 'object',
            additionalProperties: false,
            required: ['days'],
            properties: { days: count(366) },
          },
        },
      },
    },
    tracks: {
      type: 'object',
      propertyNames: id,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['stages', 'transitions'],
        properties: {
          stages: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: id },
          transitions: {
            type: 'object',
            propertyNames: id,
            additionalProperties: { type: 'array', maxItems: 50, items: id },
          },
          deadlines: {
            type: 'object',
            propertyNames: id,
            additionalProperties: { type: 'number', exclusiveMinimum: 0, maximum: 87_600 },
          },
        },
      },
    },
    digests: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'period', 'counts', 'message'],
        properties: {
          id,
          period,
          counts: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'string',
              pattern: '^(reacted|reviewed|passed|won|credited|stage:[a-z][a-z0-9_-]*)$',
            },
          },
          message: {
            type: 'object',
            minProperties: 1,
            propertyNames: { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' },
            additionalProperties: { type: 'string', minLength: 1, maxLength: 2000 },
          },
        },
      },
    },
    voteOptions: { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: id },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        reactions: count(100_000),
        ratings: count(100_000),
        reviews: count(10_000),
        closedPeriods: count(10_000),
      },
    },
  },
};
