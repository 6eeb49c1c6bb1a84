import type { CliLocale } from './i18n';
import type { Counts, SimulationSummary } from './summary';

const L = {
  en: {
    events: 'Events',
    lines: 'input lines',
    dispatched: 'dispatched',
    applied: 'applied',
    duplicate: 'duplicates (replays, no effect)',
    failed: 'failed (rolled back)',
    invalid: 'invalid lines',
    outOfRange: 'outside --from/--to',
    timers: 'timers fired',
    users: 'users',
    rewards: 'Rewards by kind',
    points: 'Points issued vs caps',
    issued: 'points issued',
    requested: 'points requested (before caps)',
    cap: (id: string, kind: string, period: string | null, max: number | null) =>
      `${kind} ${id} (${max ?? '?'} / ${period ?? '?'})`,
    capHits: (hits: number, withheld: number) => `held back ${hits}× (${withheld} pts)`,
    tiers: 'Tier distribution',
    tierMoves: (up: number, down: number, warn: number) =>
      `${up} up, ${down} down, ${warn} downgrade warnings`,
    badges: 'Badges and milestones',
    messages: 'Messages by topic',
    replies: 'Replies by situation',
    care: 'Care messages by trigger / channel',
    stages: 'Lifecycle stages (end)',
    loop: 'Loop closure (need items, as core computes them)',
    captured: 'needs captured',
    acknowledged: 'acknowledged',
    ackTime: 'median time to acknowledge',
    breached: 'missed a deadline (SLA)',
    decided: 'adopted / declined',
    adoption: 'adoption rate',
    closed: 'loops closed (user told, item closed)',
    closeTime: 'median time to close',
    rules: 'Rules fired',
    none: '(none)',
  },
  'zh-CN': {
    events: '事件',
    lines: '输入行数',
    dispatched: '已处理',
    applied: '已生效',
    duplicate: '重复（重放，无影响）',
    failed: '失败（已回滚）',
    invalid: '无效行',
    outOfRange: '不在 --from/--to 范围内',
    timers: '计时器触发',
    users: '用户数',
    rewards: '奖励（按类型）',
    points: '积分发放与上限',
    issued: '已发放积分',
    requested: '申请积分（上限前）',
    cap: (id: string, kind: string, period: string | null, max: number | null) =>
      `${kind === 'cap' ? '上限' : '预算'} ${id}（${max ?? '?'} / ${period ?? '?'}）`,
    capHits: (hits: number, withheld: number) => `拦截 ${hits} 次（${withheld} 分）`,
    tiers: '层级分布',
    tierMoves: (up: number, down: number, warn: number) => `升级 ${up}，降级 ${down}，降级预警 ${warn}`,
    badges: '徽章与里程碑',
    messages: '消息（按主题）',
    replies: '回复（按场景）',
    care: '关怀消息（按触发 / 渠道）',
    stages: '生命周期阶段（期末）',
    loop: '反馈闭环（需求条目，与核心计算一致）',
    captured: '捕获的需求',
    acknowledged: '已确认',
    ackTime: '确认时间中位数',
    breached: '超出时限（SLA）',
    decided: '采纳 / 婉拒',
    adoption: '采纳率',
    closed: '已闭环（已告知并关闭）',
    closeTime: '闭环时间中位数',
    rules: '规则触发次数',
    none: '（无）',
  },
} as const;

const pct = (n: number, of: number): string => (of === 0 ? '' : ` (${Math.round((n / of) * 100)}%)`);

/** A duration in ms as minutes, hours or days; `—` when there is none. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = ms / 60_000;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

function table(rows: Array<[string, string | number]>, none: string): string[] {
  if (rows.length === 0) return [`  ${none}`];
  const width = Math.min(48, Math.max(...rows.map(([k]) => k.length)));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
}

const sorted = (c: Counts, limit = 15): Array<[string, number]> =>
  Object.entries(c)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit);

/** The summary of a simulation as plain-text tables, in English or Chinese. */
export function formatSummary(
  s: SimulationSummary,
  locale: CliLocale = 'en',
  options: { compact?: boolean } = {},
): string {
  const compact = options.compact ?? false;
  const w = L[locale];
  const e = s.events;
  const out: string[] = [];
  const section = (title: string, rows: Array<[string, string | number]>) =>
    out.push('', title, ...table(rows, w.none));
  const head = `${s.policy.name ?? 'policy'} · ${s.policy.rules} rules · ${s.period.from ?? '?'} → ${s.period.to ?? '?'}`;
  out.push(head);
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
    Object.entries(s.rewards.byWallet).map(([wallet, v]) => [wallet, `${v.amount} (${v.grants}×)`]),
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
    ...sorted(s.tiers.distribution).map(([k, v]) => [k, `${v}${pct(v, users)}`] as [string, string]),
    ['↕', w.tierMoves(s.tiers.up, s.tiers.down, s.tiers.warnings)],
  ]);
  section(w.badges, [
    ...sorted(s.rewards.badges, compact ? 6 : 15),
    ...sorted(s.rewards.milestones, compact ? 6 : 15).map(([k, v]) => [`◆ ${k}`, v] as [string, number]),
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
      sorted(s.stages).map(([k, v]) => [k, `${v}${pct(v, users)}`]),
    );
  const l = s.loop;
  section(w.loop, [
    [w.captured, l.count],
    [w.acknowledged, `${l.acknowledged}${pct(l.acknowledged, l.count)}`],
    [w.ackTime, formatDuration(l.medianTimeToAcknowledgeMs)],
    [w.breached, `${l.breached}${pct(l.breached, l.count)}`],
    [w.decided, `${l.adopted} / ${l.declined}`],
    [w.adoption, l.adoptionRate === null ? '—' : `${Math.round(l.adoptionRate * 100)}%`],
    [w.closed, `${l.closed}${pct(l.closed, l.count)}`],
    [w.closeTime, formatDuration(l.medianTimeToCloseMs)],
  ]);
  if (!compact) section(w.rules, sorted(s.rules, 20));
  if (Object.keys(s.errors).length > 0) section('errors', sorted(s.errors));
  return `${out.join('\n')}\n`;
}
