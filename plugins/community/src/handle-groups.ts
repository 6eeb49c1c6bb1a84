import { localized } from '@engageloop/core';
import { type Ctx, own, str } from './context';
import { ENTITY_EVENTS, OWNER_EVENTS } from './events';
import { rememberRole, undoRole } from './group-undo';
import { checkIn, createGroup, join, leave, roleIn, setRole } from './groups';
import { groupEntity } from './keys';
import type { GroupKindSettings } from './settings';
import type { GroupState, Role } from './types';

const deadlineTimer = (group: string) => `community:group:${group}:deadline`;

function save(ctx: Ctx, group: GroupState): void {
  ctx.setSlice({ ...ctx.slice(), group });
}

function refuse(ctx: Ctx, group: string, action: string, user: string, reason: string): void {
  ctx.emit('community:group-refused', { group, action, user, reason });
  ctx.derive({
    key: `refused:${action}:${user}`,
    type: OWNER_EVENTS.refused,
    userId: user,
    payload: { group, action, reason },
  });
}

function tell(
  ctx: Ctx,
  group: GroupState,
  user: string,
  change: 'joined' | 'left' | 'role',
  role: Role | null,
): void {
  const size = group.members.length;
  ctx.emit('community:group-changed', { group: group.id, kind: group.kind, change, user, role, size });
  ctx.derive({
    key: `membership:${change}:${user}`,
    type: OWNER_EVENTS.membership,
    userId: user,
    payload: { group: group.id, kind: group.kind, change, role, size },
  });
}

/** Tells every member a goal's outcome (with their role, so a rule can treat a leader apart). */
function goal(
  ctx: Ctx,
  group: GroupState,
  which: 'buy' | 'challenge',
  outcome: 'completed' | 'failed',
): void {
  const size = group.members.length;
  const streak = group.streak.length;
  ctx.emit('community:group-goal', { group: group.id, kind: group.kind, goal: which, outcome, size, streak });
  for (const m of group.members) {
    ctx.derive({
      key: `goal:${which}:${m.userId}`,
      type: OWNER_EVENTS.goal,
      userId: m.userId,
      payload: { group: group.id, kind: group.kind, goal: which, outcome, role: m.role, size, streak },
    });
  }
}

/** A group buy completes when it has its target of members while open. */
function completeBuy(ctx: Ctx, group: GroupState, settings: GroupKindSettings): GroupState {
  if (group.buy?.status !== 'open' || !settings.buy) return group;
  if (group.members.length < settings.buy.target) return group;
  const done = { ...group, buy: { ...group.buy, status: 'completed' as const } };
  ctx.cancelTimer(deadlineTimer(group.id));
  goal(ctx, done, 'buy', 'completed');
  return done;
}

function request(ctx: Ctx, id: string, existing: GroupState | undefined): void {
  const p = ctx.event.payload;
  const action = str(p, 'action') as string;
  const user = str(p, 'user') as string;
  if (action === 'create') {
    const kind = str(p, 'kind') ?? 'group';
    const settings = own(ctx.settings.groups, kind);
    if (existing || !settings) {
      refuse(ctx, id, action, user, existing ? 'exists' : 'no-kind');
      return;
    }
    const created = createGroup(id, kind, settings, user, settings.buy ? 'leader' : 'owner', ctx.event.time);
    if (created.buy) {
      ctx.schedule({
        id: deadlineTimer(id),
        type: ENTITY_EVENTS.groupDeadline,
        dueAt: created.buy.deadline,
        entity: groupEntity(id),
        payload: {},
      });
    }
    tell(ctx, created, user, 'joined', roleIn(created, user));
    save(ctx, completeBuy(ctx, created, settings));
    return;
  }
  const settings = existing ? own(ctx.settings.groups, existing.kind) : undefined;
  if (!existing || !settings) {
    refuse(ctx, id, action, user, 'no-group');
    return;
  }
  if (action === 'join') {
    const joined = join(existing, settings, user, ctx.event.time);
    if (typeof joined === 'string') {
      refuse(ctx, id, action, user, joined);
      return;
    }
    tell(ctx, joined, user, 'joined', 'member');
    save(ctx, completeBuy(ctx, joined, settings));
    return;
  }
  if (action === 'leave') {
    const left = leave(existing, user);
    if (!left) {
      refuse(ctx, id, action, user, 'not-member');
      return;
    }
    tell(ctx, left, user, 'left', null);
    const heir = left.members.find((m) => m.role === 'owner' && roleIn(existing, m.userId) !== 'owner');
    if (heir) tell(ctx, left, heir.userId, 'role', 'owner');
    if (p.withdrawn === true && left.members.length === 0) {
      // Its creator undid the create and nobody else joined: the group is gone, as if never created.
      const { group: _gone, ...rest } = ctx.slice();
      ctx.setSlice(rest);
      ctx.cancelTimer(deadlineTimer(id));
      return;
    }
    save(ctx, left);
    return;
  }
  const member = str(p, 'member') as string;
  const role = p.role as Role;
  if (p.withdrawn === true) {
    const back = undoRole(existing, str(p, 'undoes') ?? '', member, role);
    if (back) {
      tell(ctx, back, member, 'role', roleIn(back, member));
      save(ctx, back);
    }
    return;
  }
  const changed = setRole(existing, user, member, role);
  if (!changed) {
    refuse(ctx, id, action, user, 'not-allowed');
    return;
  }
  tell(ctx, changed, member, 'role', role);
  const previous = roleIn(existing, member) as Role;
  save(ctx, rememberRole(changed, ctx.event.cause ?? ctx.event.id, member, previous));
}

function checkedIn(ctx: Ctx, group: GroupState, settings: GroupKindSettings): void {
  const p = ctx.event.payload;
  const { group: next, completed } = checkIn(group, settings, str(p, 'user') as string, p.day as number);
  if (next === group) return;
  save(ctx, next);
  if (!completed) return;
  ctx.emit('community:group-day', { group: group.id, day: p.day as number, streak: next.streak.length });
  if (settings.challenge && next.streak.length === settings.challenge.days)
    goal(ctx, next, 'challenge', 'completed');
}

function placed(ctx: Ctx, group: GroupState): void {
  const p = ctx.event.payload;
  for (const m of group.members) {
    ctx.derive({
      key: `won:${m.userId}`,
      type: OWNER_EVENTS.won,
      userId: m.userId,
      payload: {
        contest: p.contest,
        period: p.period,
        rank: p.rank,
        value: p.value,
        entry: group.id,
        as: 'member',
        role: m.role,
      },
    });
  }
}

/** `beforeRules` on a `group:` entity. */
export function handleGroupEvent(ctx: Ctx, id: string): void {
  const type = ctx.event.type;
  const group = ctx.slice().group;
  if (type === ENTITY_EVENTS.groupRequest) {
    request(ctx, id, group);
    return;
  }
  const settings = group ? own(ctx.settings.groups, group.kind) : undefined;
  if (!group || !settings) {
    ctx.note(localized('no such group', '小组不存在'), { group: id, type });
    return;
  }
  if (type === ENTITY_EVENTS.groupCheckedIn) checkedIn(ctx, group, settings);
  else if (type === ENTITY_EVENTS.groupPlaced) placed(ctx, group);
  else if (type === ENTITY_EVENTS.groupDeadline && group.buy?.status === 'open') {
    const failed = { ...group, buy: { ...group.buy, status: 'failed' as const } };
    save(ctx, failed);
    goal(ctx, failed, 'buy', 'failed');
  }
}
