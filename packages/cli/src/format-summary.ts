import { type DisplayNames, displayNames } from './display-names';
import type { CliLocale } from './i18n';
import type { Counts, SimulationSummary } from './summary';
import { SUMMARY_LABELS } from './summary-labels';
import { displayWidth, padEnd } from './text-width';

const pct = (n: number, of: number): string => (of === 0 ? '' : ` (${Math.round((n / of) * 100)}%)`);

/** A duration in ms as minutes, hours or days; `—` when there is none. */
export function formatDuration(ms: number | null, locale: CliLocale = 'en'): string {
  const w = SUMMARY_LABELS[locale];
  if (ms === null) return '—';
  const minutes = ms / 60_000;
  if (minutes < 120) return w.minutes(String(Math.round(minutes)));
  if (minutes < 48 * 60) return w.hours((minutes / 60).toFixed(1));
  return w.days((minutes / 1440).toFixed(1));
}

/** Key/value rows with the keys padded to one width in terminal columns (CJK characters count two). */
export function table(rows: ReadonlyArray<readonly [string, string | number]>, none: string): string[] {
  if (rows.length === 0) return [`  ${none}`];
  const width = Math.min(48, Math.max(...rows.map(([k]) => displayWidth(k))));
  return rows.map(([k, v]) => `  ${padEnd(k, width)}  ${v}`);
}

const sorted = (c: Counts, limit = 15): Array<[string, number]> =>
  Object.entries(c)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit);

type Words = (typeof SUMMARY_LABELS)['en'];

/** The community figures and each contest's winners of its latest periods; nothing when the run had none. */
function communitySections(
  s: SimulationSummary,
  w: Words,
  options: { compact: boolean; names: DisplayNames },
  out: string[],
): void {
  const { compact, names } = options;
  const c = s.community;
  const rows: Array<[string, string | number]> = [
    ...sorted(c.items).map(([k, v]) => [w.items(k), v] as [string, number]),
    ...sorted(c.reactions).map(
      ([k, v]) =>
        [w.reaction(k), c.withdrawn[k] ? `${v} (${w.withdrawn(c.withdrawn[k])})` : v] as [
          string,
          string | number,
        ],
    ),
    ...(c.reviews.count > 0
      ? [[w.reviews, `${c.reviews.count} (${c.reviews.passed})`] as [string, string]]
      : []),
    ...(c.ratings > 0 ? [[w.ratings, c.ratings] as [string, number]] : []),
    ...sorted(c.groups).map(([k, v]) => [w.groups(k), v] as [string, number]),
    ...sorted(c.goals).map(([k, v]) => {
      const [goal = '', outcome = ''] = k.split(' ');
      return [w.goal(goal, outcome), v] as [string, number];
    }),
    ...sorted(c.stages, 20).map(([k, v]) => {
      const [track = '', stage = ''] = k.split('/');
      return [w.stage(track, stage), v] as [string, number];
    }),
    ...(c.digests > 0 ? [[w.digests, c.digests] as [string, number]] : []),
  ];
  if (rows.length > 0) out.push('', w.community, ...table(rows, w.none));
  const contests = Object.entries(c.contests);
  if (contests.length === 0) return;
  out.push('', w.contests);
  for (const [id, periods] of contests) {
    out.push(`  ${names.contest(id)} · ${w.periods(periods.length)}`);
    const shown = periods.slice(compact ? -2 : -6).map((p) => {
      const winners = p.winners.slice(0, compact ? 3 : 5).map((x) => `${x.rank}. ${x.entry} (${x.value})`);
      const more = p.winners.length > winners.length ? ` … +${p.winners.length - winners.length}` : '';
      return [p.period, `${winners.join(', ') || w.none}${more}`] as [string, string];
    });
    out.push(...table(shown, w.none).map((line) => `  ${line}`));
  }
}

/** The summary of a simulation as plain-text tables, in English or Chinese. */
export function formatSummary(
  s: SimulationSummary,
  locale: CliLocale = 'en',
  options: { compact?: boolean; names?: DisplayNames } = {},
): string {
  const compact = options.compact ?? false;
  const names = options.names ?? displayNames(undefined, locale);
  const w = SUMMARY_LABELS[locale];
  const e = s.events;
  const out: string[] = [];
  const section = (title: string, rows: Array<[string, string | number]>) =>
    out.push('', title, ...table(rows, w.none));
  out.push(w.head(s.policy.name ?? w.policy, s.policy.rules, s.period.from ?? '?', s.period.to ?? '?'));
  section(w.events, [
    [w.lines, e.lines],
    [w.dispatched, e.dispatched],
    [w.applied, e.applied],
    [w.duplicate, e.duplicate],
    [w.failed, e.failed],
    [w.invalid, e.invalid],
    ...(e.outOfRange > 0 ? [[w.outOfRange, e.outOfRange] as [string, number]] : []),
    [w.timers, e.timersFired],
    [w.users, e.users],
  ]);
  section(
    w.rewards,
    Object.entries(s.rewards.byWallet).map(([wallet, v]) => [
      names.wallet(wallet),
      w.grants(v.amount, v.grants),
    ]),
  );
  section(w.points, [
    [w.issued, s.points.issued],
    [w.requested, s.points.requested],
    ...Object.entries(s.points.caps).map(
      ([id, c]) => [w.cap(id, c.kind, c.period, c.max), w.capHits(c.hits, c.withheld)] as [string, string],
    ),
  ]);
  const users = Math.max(1, e.users);
  section(w.tiers, [
    ...sorted(s.tiers.distribution).map(
      ([k, v]) => [k === '(none)' ? w.noTier : names.tier(k), `${v}${pct(v, users)}`] as [string, string],
    ),
    ['↕', w.tierMoves(s.tiers.up, s.tiers.down, s.tiers.warnings)],
  ]);
  section(w.badges, [
    ...sorted(s.rewards.badges, compact ? 6 : 15).map(([k, v]) => [names.badge(k), v] as [string, number]),
    ...sorted(s.rewards.milestones, compact ? 6 : 15).map(
      ([k, v]) => [`◆ ${names.milestone(k)}`, v] as [string, number],
    ),
  ]);
  section(w.replies, sorted(s.replies));
  section(w.care, [
    ...sorted(s.care.byTrigger),
    ...sorted(s.care.byChannel).map(([k, v]) => [`@${k}`, v] as [string, number]),
  ]);
  if (!compact) section(w.messages, sorted(s.messages.byTopic, 12));
  if (Object.keys(s.stages).length > 0)
    section(
      w.stages,
      sorted(s.stages).map(([k, v]) => [names.stage(k), `${v}${pct(v, users)}`]),
    );
  const l = s.loop;
  section(w.loop, [
    [w.captured, l.count],
    [w.acknowledged, `${l.acknowledged}${pct(l.acknowledged, l.count)}`],
    [w.ackTime, formatDuration(l.medianTimeToAcknowledgeMs, locale)],
    [w.breached, `${l.breached}${pct(l.breached, l.count)}`],
    [w.decided, `${l.adopted} / ${l.declined}`],
    [w.adoption, l.adoptionRate === null ? '—' : `${Math.round(l.adoptionRate * 100)}%`],
    [w.closed, `${l.closed}${pct(l.closed, l.count)}`],
    [w.closeTime, formatDuration(l.medianTimeToCloseMs, locale)],
  ]);
  communitySections(s, w, { compact, names }, out);
  if (!compact) section(w.rules, sorted(s.rules, 20));
  if (Object.keys(s.errors).length > 0) section(w.errors, sorted(s.errors));
  return `${out.join('\n')}\n`;
}
