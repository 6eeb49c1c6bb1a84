import type { EventTypeDefinition } from '@engageloop/core';

/** Host events: what users do (their `userId` is the actor). */
export const USER_EVENTS = {
  like: 'community.like',
  unlike: 'community.unlike',
  vote: 'community.vote',
  unvote: 'community.unvote',
  review: 'community.review',
  rate: 'community.rate',
  groupCreate: 'community.group.create',
  groupJoin: 'community.group.join',
  groupLeave: 'community.group.leave',
  groupRole: 'community.group.role',
} as const;

/** Derived events and timers the plugin dispatches to itself, on items, groups and contests. */
export const ENTITY_EVENTS = {
  itemCreated: 'community.item.created',
  itemReacted: 'community.item.reacted',
  itemReviewed: 'community.item.reviewed',
  itemMove: 'community.item.move',
  itemPlaced: 'community.item.placed',
  itemOverdue: 'community.item.overdue',
  itemCredited: 'community.item.credited',
  groupRequest: 'community.group.request',
  groupCheckedIn: 'community.group.checked-in',
  groupPlaced: 'community.group.placed',
  groupDeadline: 'community.group.deadline',
  contestEnded: 'community.contest.period-ended',
  /** On the entry a contest ranks (an item, a group, a user): add to its score in the current period. */
  scored: 'community.contest.scored',
} as const;

/** Derived events and timers for users: what happened to their contributions, groups and contests. */
export const OWNER_EVENTS = {
  reacted: 'community.contribution.reacted',
  reviewed: 'community.contribution.reviewed',
  moved: 'community.contribution.moved',
  won: 'community.contest.won',
  rated: 'community.rating.received',
  membership: 'community.group.membership',
  refused: 'community.group.refused',
  goal: 'community.group.goal',
  digestDue: 'community.digest.due',
  credited: 'community.contribution.credited',
} as const;

const name = { type: 'string', minLength: 1, maxLength: 200 };
const key = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' };
const role = { enum: ['owner', 'leader', 'tutor', 'member'] };
const obj = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  properties,
});
const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** Every event type of the community plugin, with its payload schema (sources added below). */
const DECLARED: Record<string, EventTypeDefinition> = {
  [USER_EVENTS.like]: {
    description: text('A user likes an item (once per item).', '用户点赞一个条目（每个条目一次）。'),
    payload: obj(['item'], { item: name }),
  },
  [USER_EVENTS.unlike]: {
    description: text('A user withdraws a like.', '用户取消点赞。'),
    payload: obj(['item'], { item: name }),
  },
  [USER_EVENTS.vote]: {
    description: text(
      'A user votes on an item (`option`, default "yes"); voting again moves the vote.',
      '用户对条目投票（`option`，默认 "yes"）；再次投票即改票。',
    ),
    payload: obj(['item'], { item: name, option: key }),
  },
  [USER_EVENTS.unvote]: {
    description: text('A user withdraws a vote.', '用户撤回投票。'),
    payload: obj(['item'], { item: name }),
  },
  [USER_EVENTS.review]: {
    description: text(
      'A reviewer scores an item on the criteria of a review scheme (settings.community.reviews).',
      '评审按评审方案的各项标准为条目打分。',
    ),
    payload: obj(['item', 'scheme', 'scores'], {
      item: name,
      scheme: key,
      scores: { type: 'object', maxProperties: 20, additionalProperties: { type: 'number' } },
    }),
  },
  [USER_EVENTS.rate]: {
    description: text(
      'A user rates another user (1–5) about an item, e.g. a help: each side rates the other once.',
      '用户就某条目（如一次互助）为对方评分（1–5），双方各评一次。',
    ),
    payload: obj(['item', 'user', 'rating'], {
      item: name,
      user: name,
      rating: { type: 'integer', minimum: 1, maximum: 5 },
    }),
  },
  [USER_EVENTS.groupCreate]: {
    description: text(
      'A user creates a group of a kind (settings.community.groups) and becomes its owner, or leader of a group buy.',
      '用户创建某类小组并成为组长（团购为团长）。',
    ),
    payload: obj(['group'], { group: name, kind: key }),
  },
  [USER_EVENTS.groupJoin]: {
    description: text(
      'A user asks to join a group (refused when full).',
      '用户申请加入小组（满员则被拒绝）。',
    ),
    payload: obj(['group'], { group: name }),
  },
  [USER_EVENTS.groupLeave]: {
    description: text('A user leaves a group.', '用户退出小组。'),
    payload: obj(['group'], { group: name }),
  },
  [USER_EVENTS.groupRole]: {
    description: text("A group's owner or leader sets a member's role.", '组长或团长设置成员角色。'),
    payload: obj(['group', 'member', 'role'], { group: name, member: name, role }),
  },
  [ENTITY_EVENTS.itemCreated]: {
    description: text('An item was created (on the item).', '条目已创建（条目事件）。'),
    payload: obj(['kind', 'owner'], {
      kind: key,
      owner: name,
      group: name,
      track: key,
      /** Its owner undid the event that created it: the item is gone. */
      withdrawn: { type: 'boolean' },
    }),
  },
  [ENTITY_EVENTS.itemReacted]: {
    description: text('A like or vote on the item changed (on the item).', '条目的点赞或投票有变化。'),
    payload: obj(['reaction', 'delta', 'by'], {
      reaction: { type: 'string' },
      delta: { enum: [1, -1] },
      by: name,
    }),
  },
  [ENTITY_EVENTS.itemReviewed]: {
    description: text('The item was reviewed (on the item).', '条目收到评审。'),
    payload: obj(['by', 'scheme', 'scores'], {
      by: name,
      scheme: key,
      scores: { type: 'object' },
      /** The reviewer undid the review: it is taken off the item. */
      withdrawn: { type: 'boolean' },
    }),
  },
  [ENTITY_EVENTS.itemMove]: {
    description: text('The item is asked to move to a stage (on the item).', '条目申请进入某阶段。'),
    payload: obj(['to'], { to: key, by: name }),
  },
  [ENTITY_EVENTS.itemPlaced]: {
    description: text('The item placed in a contest period (on the item).', '条目在评比中获得名次。'),
    payload: obj(['contest', 'period', 'rank', 'value'], {
      contest: key,
      period: name,
      rank: { type: 'integer' },
      value: { type: 'number' },
    }),
  },
  [ENTITY_EVENTS.itemOverdue]: {
    description: text('The item stayed past its stage deadline (timer).', '条目超过阶段期限（定时器）。'),
    payload: obj(['stage', 'since'], { stage: key, since: { type: 'number' } }),
  },
  [ENTITY_EVENTS.itemCredited]: {
    description: text('A user is credited on the item (on the item).', '用户在条目上署名（条目事件）。'),
    payload: obj(['user', 'as'], { user: name, as: key, name: { type: ['string', 'null'], maxLength: 100 } }),
  },
  [ENTITY_EVENTS.groupRequest]: {
    description: text(
      'A user asks the group to create, join, leave or set a role (on the group).',
      '用户向小组提出创建、加入、退出或设置角色的请求。',
    ),
    payload: obj(['action', 'user'], {
      action: { enum: ['create', 'join', 'leave', 'role'] },
      user: name,
      withdrawn: { type: 'boolean' },
      undoes: name,
      kind: key,
      member: name,
      role,
    }),
  },
  [ENTITY_EVENTS.groupCheckedIn]: {
    description: text('A member checked in (on the group).', '成员已打卡（小组事件）。'),
    payload: obj(['user', 'day'], { user: name, day: { type: 'integer' } }),
  },
  [ENTITY_EVENTS.groupPlaced]: {
    description: text('The group placed in a contest period (on the group).', '小组在评比中获得名次。'),
    payload: obj(['contest', 'period', 'rank', 'value'], {
      contest: key,
      period: name,
      rank: { type: 'integer' },
      value: { type: 'number' },
    }),
  },
  [ENTITY_EVENTS.groupDeadline]: {
    description: text("A group buy's deadline came (timer).", '团购截止时间到（定时器）。'),
    payload: obj([], {}),
  },
  [ENTITY_EVENTS.contestEnded]: {
    description: text(
      "A contest's period ended (timer on the contest): it ranks and tells the winners.",
      '评比周期结束（定时器）：排名并通知获奖者。',
    ),
    payload: obj(['contest', 'period'], { contest: key, period: name }),
  },
  [ENTITY_EVENTS.scored]: {
    description: text(
      "A contest entry's score changes (on the item, group or user the contest ranks).",
      '评比参赛者（条目、小组或用户）的分数变化。',
    ),
    payload: obj(['contest', 'delta'], { contest: key, delta: { type: 'number' } }),
  },
  [OWNER_EVENTS.reacted]: {
    description: text(
      "Someone liked, voted on or withdrew from the user's item (`delta` 1 or -1, `total` the item's tally).",
      '有人点赞、投票或撤回了用户的条目（`delta` 为 1 或 -1，`total` 为总数）。',
    ),
    payload: obj(['item', 'kind', 'reaction', 'delta', 'total'], {
      item: name,
      kind: key,
      reaction: { type: 'string' },
      delta: { enum: [1, -1] },
      total: { type: 'number' },
      by: name,
    }),
  },
  [OWNER_EVENTS.reviewed]: {
    description: text(
      "The user's item was reviewed: its mean `score`, `reviews` counted, `passed` the pass mark.",
      '用户的条目收到评审：平均分、评审数、是否达标。',
    ),
    payload: obj(['item', 'kind', 'scheme', 'passed'], {
      item: name,
      kind: key,
      scheme: key,
      score: { type: ['number', 'null'] },
      reviews: { type: 'integer' },
      passed: { type: 'boolean' },
    }),
  },
  [OWNER_EVENTS.moved]: {
    description: text("The user's item moved to a stage of its track.", '用户的条目进入了新阶段。'),
    payload: obj(['item', 'kind', 'track', 'to'], {
      item: name,
      kind: key,
      track: key,
      from: { type: ['string', 'null'] },
      to: key,
    }),
  },
  [OWNER_EVENTS.won]: {
    description: text(
      'The user won a place in a contest period: as the owner of an item, a member of a group, or in person.',
      '用户在评比中获奖：作为条目作者、小组成员或个人。',
    ),
    payload: obj(['contest', 'period', 'rank', 'value', 'entry', 'as'], {
      contest: key,
      period: name,
      rank: { type: 'integer' },
      value: { type: 'number' },
      entry: name,
      as: { enum: ['owner', 'member', 'user'] },
      role,
    }),
  },
  [OWNER_EVENTS.rated]: {
    description: text('Another user rated this user (1–5).', '其他用户给该用户打了分（1–5）。'),
    payload: obj(['by', 'item', 'rating'], {
      by: name,
      item: name,
      rating: { type: 'integer', minimum: 1, maximum: 5 },
      withdrawn: { type: 'boolean' },
    }),
  },
  [OWNER_EVENTS.membership]: {
    description: text(
      "The user's membership changed: joined (with a role), left, or a new role.",
      '用户的小组成员身份变化：加入（含角色）、退出或角色变更。',
    ),
    payload: obj(['group', 'kind', 'change', 'size'], {
      group: name,
      kind: key,
      change: { enum: ['joined', 'left', 'role'] },
      role: { anyOf: [role, { type: 'null' }] },
      size: { type: 'integer' },
    }),
  },
  [OWNER_EVENTS.refused]: {
    description: text(
      "The group refused the user's request (`reason`: full, already-member, no-group, closed, exists, not-allowed).",
      '小组拒绝了用户的请求（原因：满员、已是成员、小组不存在、已截止、已存在、无权限）。',
    ),
    payload: obj(['group', 'action', 'reason'], {
      group: name,
      action: { type: 'string' },
      reason: { type: 'string' },
    }),
  },
  [OWNER_EVENTS.goal]: {
    description: text(
      "The user's group reached or missed a goal: a group buy completed or failed, a challenge completed.",
      '用户所在小组达成或未达成目标：团购成团或失败、挑战完成。',
    ),
    payload: obj(['group', 'kind', 'goal', 'outcome'], {
      group: name,
      kind: key,
      goal: { enum: ['buy', 'challenge'] },
      outcome: { enum: ['completed', 'failed'] },
      role: { anyOf: [role, { type: 'null' }] },
      size: { type: 'integer' },
      streak: { type: 'integer' },
    }),
  },
  [OWNER_EVENTS.credited]: {
    description: text(
      'The user was credited on an item (`as`: naming, course-page…), with the name shown.',
      '用户在条目上获得署名（`as`：冠名、课程页署名等）及显示的名字。',
    ),
    payload: obj(['item', 'kind', 'as'], {
      item: name,
      kind: key,
      as: key,
      name: { type: ['string', 'null'] },
    }),
  },
  [OWNER_EVENTS.digestDue]: {
    description: text(
      "A digest period of the user's contributions ended (timer).",
      '贡献摘要周期结束（定时器）。',
    ),
    payload: obj(['digest', 'period'], { digest: key, period: name }),
  },
};

/** The plugin's derived events and timers: only the plugin produces them, never a host's dispatch. */
export const INTERNAL_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ENTITY_EVENTS),
  ...Object.values(OWNER_EVENTS),
]);

/**
 * Every event type of the community plugin, with its payload schema; derived events and timers declare
 * `sources: ['timer', 'derived']`, so the engine refuses them from hosts (`EVENT_TYPE_INTERNAL`).
 */
export const COMMUNITY_EVENT_TYPES: Record<string, EventTypeDefinition> = Object.fromEntries(
  Object.entries(DECLARED).map(([type, definition]) => [
    type,
    INTERNAL_EVENT_TYPES.has(type) ? { ...definition, sources: ['timer', 'derived'] } : definition,
  ]),
);
