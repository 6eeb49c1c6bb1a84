import { channelFormat, localized, renderTemplate } from '@engageloop/core';
import { type Ctx, str } from './context';
import { OWNER_EVENTS } from './events';
import { periodOf } from './periods';
import type { CommunitySlice, Role } from './types';
import { userPart } from './user-state';

const digestTimer = (user: string, digest: string, period: string) =>
  `community:digest:${digest}:${period}:${user}`;

/** What a contribution event counts as in digests: `reacted`, `reviewed`, `passed`, `won`, `stage:<to>`. */
function countsOf(ctx: Ctx): string[] {
  const p = ctx.event.payload;
  switch (ctx.event.type) {
    case OWNER_EVENTS.reacted:
      return p.delta === 1 ? ['reacted'] : [];
    case OWNER_EVENTS.reviewed:
      return p.passed === true ? ['reviewed', 'passed'] : ['reviewed'];
    case OWNER_EVENTS.moved:
      return [`stage:${str(p, 'to')}`];
    case OWNER_EVENTS.won:
      return ['won'];
    case OWNER_EVENTS.credited:
      return ['credited'];
    default:
      return [];
  }
}

/** Counts a contribution event into each digest of the period, and arms the digest's timer at the period's end. */
function countDigests(ctx: Ctx, slice: CommunitySlice): CommunitySlice {
  const what = countsOf(ctx);
  if (what.length === 0 || ctx.settings.digests.length === 0) return slice;
  const user = userPart(slice);
  const digest: Record<string, number> = Object.assign(Object.create(null), user.digest);
  for (const d of ctx.settings.digests) {
    const n = what.filter((w) => d.counts.includes(w)).length;
    if (n === 0) continue;
    const period = periodOf(ctx.event.time, ctx.timezone, d.period);
    const key = `${d.id}|${period.key}`;
    digest[key] = (digest[key] ?? 0) + n;
    ctx.schedule({
      id: digestTimer(ctx.event.userId, d.id, period.key),
      type: OWNER_EVENTS.digestDue,
      dueAt: period.endsAt,
      payload: { digest: d.id, period: period.key },
    });
  }
  return { ...slice, user: { ...user, digest } };
}

/** The digest's period ended: one message with the count, deduplicated by user, digest and period. */
function sendDigest(ctx: Ctx): void {
  const p = ctx.event.payload;
  const id = str(p, 'digest') as string;
  const period = str(p, 'period') as string;
  const slice = ctx.slice();
  const user = userPart(slice);
  const key = `${id}|${period}`;
  const count = Object.hasOwn(user.digest, key) ? (user.digest[key] as number) : 0;
  const digest: Record<string, number> = Object.assign(Object.create(null), user.digest);
  delete digest[key];
  ctx.setSlice({ ...slice, user: { ...user, digest } });
  const settings = ctx.settings.digests.find((d) => d.id === id);
  if (!settings || count === 0) {
    ctx.note(localized('nothing to digest', '本期无可汇总内容'), { digest: id, period });
    return;
  }
  const template =
    settings.message[ctx.locale] ?? settings.message.en ?? Object.values(settings.message)[0] ?? '';
  const channel = ctx.user.profile.channel ?? null;
  const body = renderTemplate(
    template,
    { count },
    { format: channelFormat(channel, ctx.policy.defaults.channels) },
  ).text;
  ctx.send({
    kind: 'notice',
    topic: `community.digest.${id}`,
    body,
    channel,
    locale: ctx.locale,
    dedupeKey: `community:digest:${id}:${period}:${ctx.event.userId}`,
    data: { digest: id, period, count },
  });
  ctx.emit('community:digest-sent', { digest: id, period, count });
}

/** `beforeRules` for what happens to a user: memberships, contributions, wins and digests. */
export function handleOwnerEvent(ctx: Ctx): void {
  const p = ctx.event.payload;
  const slice = ctx.slice();
  if (ctx.event.type === OWNER_EVENTS.membership) {
    const user = userPart(slice);
    const groups: Record<string, Role> = Object.assign(Object.create(null), user.groups);
    const group = str(p, 'group') as string;
    if (p.change === 'left') delete groups[group];
    else groups[group] = p.role as Role;
    ctx.setSlice({ ...slice, user: { ...user, groups } });
    return;
  }
  if (ctx.event.type === OWNER_EVENTS.digestDue) {
    sendDigest(ctx);
    return;
  }
  const next = countDigests(ctx, slice);
  if (next !== slice) ctx.setSlice(next);
}
