import { USER_EVENTS } from '@engageloop/community';
import type { Persona } from './persona';
import type { FieldSource, HostEventPlan, PolicyPlan } from './policy-plan';
import type { Rng } from './prng';
import type { DayContext } from './profiles';

interface Item {
  id: string;
  owner: string;
  day: number;
  stage: string | undefined;
  /** Day the item entered its stage. */
  since: number;
  track: string | undefined;
  liked: Set<string>;
  voted: Set<string>;
  /** `user scheme stage` of each review given (a scheme reviewing per stage gets new reviews each round). */
  reviewed: Set<string>;
}

interface Group {
  id: string;
  kind: string;
  owner: string;
  day: number;
  members: Set<string>;
  max: number;
  /** Last day a join can count (a group buy's deadline), if any. */
  lastDay: number;
}

const minute = (rng: Rng): number => rng.int(8 * 60, 22 * 60 - 1);

/** A value for a field nothing in the policy describes, by its name: ids from a small pool, scores, labels. */
function valueByName(field: string, rng: Rng): unknown {
  if (/id$/i.test(field)) return `${field.replace(/id$/i, '') || 'x'}-${rng.int(1, 30)}`;
  if (/score/i.test(field)) return rng.int(50, 100);
  if (/rating|stars/i.test(field)) return rng.int(1, 5);
  if (/amount|minutes|points|count/i.test(field)) return rng.int(1, 60);
  return `${field}-${rng.int(1, 5)}`;
}

/**
 * The shared world of a policy-driven stream: the items users created, the groups they formed, what each
 * user liked, voted, reviewed, and their recent events (for undos). `day` adds, for one user on one day, the
 * policy's host events and the community actions on what exists from earlier days (so a like never comes
 * before its item). The types of `profileTypes` are sent by a profile instead, through `profileEvent`.
 */
export function createPolicyScene(
  plan: PolicyPlan,
  personas: readonly Persona[],
  profileTypes: ReadonlySet<string> = new Set(),
) {
  const byType = new Map(plan.events.map((e) => [e.type, e]));
  const items: Item[] = [];
  const groups: Group[] = [];
  const groupsOf = new Map<string, Set<string>>();
  /** Each user's latest policy events (id and day), for undos of an earlier day's action. */
  const recent = new Map<string, Array<{ id: string; day: number }>>();
  const reviewers = new Set(personas.filter((_, i) => i % 7 === 0).map((p) => p.userId));
  let created = 0;

  /** Moves an item on when its stage's deadline passed and a rule moves it then (voting closes → review). */
  const age = (item: Item, day: number): Item => {
    const hours =
      item.stage === undefined ? undefined : plan.tracks[item.track ?? '']?.deadlines?.[item.stage];
    const next = item.stage === undefined ? undefined : plan.overdue[item.stage];
    if (hours !== undefined && next !== undefined && day > item.since + hours / 24) {
      item.stage = next;
      item.since = day;
    }
    return item;
  };
  const earlier = (day: number, ok: (item: Item) => boolean) =>
    items.filter((item) => item.day < day && ok(age(item, day)));
  const pick = <T>(rng: Rng, list: readonly T[]): T | undefined =>
    list.length === 0 ? undefined : list[rng.int(0, list.length - 1)];

  /** A field's value, or undefined when the event cannot be sent today (no item, group or earlier event). */
  function fieldValue(source: FieldSource | undefined, field: string, ctx: DayContext, e: HostEventPlan) {
    const { rng, user, day } = ctx;
    if (source === undefined) return valueByName(field, rng);
    switch (source.kind) {
      case 'values':
        return source.values.length > 0 && !(source.open && rng.chance(0.3))
          ? pick(rng, source.values)
          : valueByName(field, rng);
      case 'new-item': {
        const id = `${source.itemKind}-${++created}`;
        const stage = source.track === undefined ? undefined : plan.tracks[source.track]?.stages[0];
        items.push({
          id,
          owner: user.userId,
          day,
          stage,
          since: day,
          track: source.track,
          liked: new Set(),
          voted: new Set(),
          reviewed: new Set(),
        });
        return id;
      }
      case 'item': {
        const to = e.moves?.to;
        const movable = (item: Item) =>
          to === undefined ||
          (item.owner === user.userId &&
            item.track !== undefined &&
            (plan.tracks[item.track]?.transitions[item.stage ?? ''] ?? []).includes(to));
        const item = pick(rng, earlier(day, movable));
        if (item !== undefined && to !== undefined) {
          item.stage = to;
          item.since = day;
        }
        return item?.id;
      }
      case 'group':
        return pick(rng, [...(groupsOf.get(user.userId) ?? [])]);
      case 'earlier-event':
        return [...(recent.get(user.userId) ?? [])].reverse().find((r) => r.day < day)?.id;
    }
  }

  const isUndo = (e: HostEventPlan) =>
    Object.values(e.fields).some((s) => s.some((x) => x.kind === 'earlier-event'));

  /**
   * Sends `e` with the payload its rules read, over `base` (a profile's payload: its fields stay where the
   * policy only names values, or nothing). Returns its id, or '' when a field cannot be filled today.
   */
  function send(ctx: DayContext, e: HostEventPlan, at: number, base: Record<string, unknown> = {}): string {
    const payload: Record<string, unknown> = { ...base };
    for (const [field, sources] of Object.entries(e.fields)) {
      const source = pick(ctx.rng, sources);
      if (Object.hasOwn(base, field) && (source === undefined || source.kind === 'values')) continue;
      const value = fieldValue(source, field, ctx, e);
      if (value === undefined) return '';
      payload[field] = value;
    }
    const id = ctx.emit(e.type, at, payload);
    const mine = recent.get(ctx.user.userId) ?? [];
    if (!isUndo(e)) recent.set(ctx.user.userId, [...mine.slice(-4), { id, day: ctx.day }]);
    return id;
  }

  function hostEvent(ctx: DayContext, e: HostEventPlan): void {
    const p = e.moves ? 0.3 : isUndo(e) ? 0.03 : e.checksIn ? ctx.user.discipline : 0.12;
    if (ctx.rng.chance(p)) send(ctx, e, minute(ctx.rng));
  }

  function reactions({ rng, user, day, emit }: DayContext): void {
    const other = (item: Item) => item.owner !== user.userId;
    if (plan.likes && rng.chance(0.35)) {
      for (let n = rng.int(1, 3); n > 0; n--) {
        const item = pick(
          rng,
          earlier(day, (i) => other(i) && !i.liked.has(user.userId)),
        );
        if (item === undefined) break;
        item.liked.add(user.userId);
        emit(USER_EVENTS.like, minute(rng), { item: item.id });
      }
    }
    if (plan.likes && rng.chance(0.03)) {
      const item = pick(
        rng,
        earlier(day, (i) => i.liked.has(user.userId)),
      );
      if (item) {
        emit(USER_EVENTS.unlike, minute(rng), { item: item.id });
        item.liked.delete(user.userId);
      }
    }
    const voting = (i: Item) => i.stage === undefined || i.stage === 'voting';
    if (plan.votes && rng.chance(0.3)) {
      const item = pick(
        rng,
        earlier(day, (i) => voting(i) && !i.voted.has(user.userId)),
      );
      if (item) {
        item.voted.add(user.userId);
        const option = rng.chance(0.7) ? plan.voteOptions[0] : pick(rng, plan.voteOptions);
        emit(USER_EVENTS.vote, minute(rng), { item: item.id, option });
      }
    }
    if (plan.votes && rng.chance(0.02)) {
      const item = pick(
        rng,
        earlier(day, (i) => voting(i) && i.voted.has(user.userId)),
      );
      if (item) emit(USER_EVENTS.unvote, minute(rng), { item: item.id });
    }
    if (plan.ratings && rng.chance(0.1)) {
      const partner = pick(rng, personas)?.userId;
      if (partner !== undefined && partner !== user.userId)
        emit(USER_EVENTS.rate, minute(rng), {
          item: `help-${user.userId}-${day}`,
          user: partner,
          rating: rng.int(2, 5),
        });
    }
    if (!reviewers.has(user.userId)) return;
    for (const scheme of plan.reviews) {
      const inReview = (i: Item) =>
        i.stage === undefined || i.stage === 'review' || scheme.stages.includes(i.stage);
      const item = pick(
        rng,
        earlier(
          day,
          (i) => other(i) && inReview(i) && !i.reviewed.has(`${user.userId} ${scheme.scheme} ${i.stage}`),
        ),
      );
      if (item === undefined) continue;
      item.reviewed.add(`${user.userId} ${scheme.scheme} ${item.stage}`);
      // The better of two draws: reviewers score in the upper half more often, so some items pass.
      const score = () => Math.max(rng.int(scheme.min, scheme.max), rng.int(scheme.min, scheme.max));
      const scores = Object.fromEntries(scheme.criteria.map((c) => [c, score()]));
      emit(USER_EVENTS.review, minute(rng), { item: item.id, scheme: scheme.scheme, scores });
    }
  }

  function membership({ rng, user, day, emit }: DayContext): void {
    const mine = groupsOf.get(user.userId) ?? new Set<string>();
    groupsOf.set(user.userId, mine);
    for (const kind of plan.groups) {
      const inKind = groups.filter((g) => g.kind === kind.kind);
      const member = inKind.find((g) => g.members.has(user.userId));
      if (member !== undefined) {
        if (member.owner !== user.userId && rng.chance(0.01)) {
          emit(USER_EVENTS.groupLeave, minute(rng), { group: member.id });
          member.members.delete(user.userId);
          mine.delete(member.id);
        }
        continue;
      }
      const open = inKind.filter((g) => g.day < day && day <= g.lastDay && g.members.size < g.max);
      const target = rng.chance(0.5) ? pick(rng, open) : undefined;
      if (target !== undefined) {
        emit(USER_EVENTS.groupJoin, minute(rng), { group: target.id });
        target.members.add(user.userId);
        mine.add(target.id);
      } else if (rng.chance(0.08)) {
        const id = `${kind.kind}-${user.userId}-${day}`;
        emit(USER_EVENTS.groupCreate, minute(rng), { group: id, kind: kind.kind });
        const lastDay =
          kind.buyHours === undefined ? Number.POSITIVE_INFINITY : day + Math.ceil(kind.buyHours / 24) - 1;
        groups.push({
          id,
          kind: kind.kind,
          owner: user.userId,
          day,
          members: new Set([user.userId]),
          max: kind.max,
          lastDay,
        });
        mine.add(id);
      }
    }
  }

  return {
    /**
     * A profile's event of a type the policy listens on, when and as often as the profile sends it, with
     * the payload fields the policy's rules read (ids of earlier items and groups). Returns the sent id
     * ('' when nothing could be sent today), or undefined for a type the policy does not listen on.
     */
    profileEvent(ctx: DayContext, type: string, at: number, payload: Record<string, unknown>) {
      const e = byType.get(type);
      return e === undefined ? undefined : send(ctx, e, at, payload);
    },
    /** One user's policy events (but those of `profileTypes`) and community actions on one day. */
    day(ctx: DayContext): void {
      membership(ctx);
      for (const e of plan.events) if (!profileTypes.has(e.type)) hostEvent(ctx, e);
      reactions(ctx);
    },
  };
}
