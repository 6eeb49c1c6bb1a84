import type { ConditionTrace } from '../evaluator/types';
import type { Outcome } from '../event/outcome';

type Locale = 'en' | 'zh-CN';

/** Outcome and effect statuses in Chinese. */
const STATUS_ZH: Record<string, string> = {
  applied: '已生效',
  duplicate: '重复',
  failed: '失败',
  capped: '受上限限制',
  skipped: '已跳过',
};

const WORDS = {
  en: {
    event: (o: Outcome) => `Event ${o.eventId} (${o.type}) for user ${o.userId}: ${o.status}`,
    status: (s: string) => s,
    notQueued: ' (duplicate, not queued)',
    noTrace: 'No trace was recorded; dispatch with { trace: true } to see why rules fired or not.',
    stage: (s: string) => `Stage ${s}:`,
    fired: 'fired',
    notFired: 'did not fire',
    skipped: (why: string) => `skipped (${why})`,
    effect: 'effect',
    message: 'message',
    error: 'error',
    noRules: '(no rules listen to this event here)',
    was: 'was',
    missing: 'missing',
    colon: ': ',
  },
  'zh-CN': {
    event: (o: Outcome) =>
      `事件 ${o.eventId}（${o.type}），用户 ${o.userId}：${STATUS_ZH[o.status] ?? o.status}`,
    status: (s: string) => STATUS_ZH[s] ?? s,
    notQueued: '（重复，未入队）',
    noTrace: '没有记录追踪；使用 { trace: true } 处理事件可查看规则触发原因。',
    stage: (s: string) => `阶段 ${s}：`,
    fired: '已触发',
    notFired: '未触发',
    skipped: (why: string) => `已跳过（${why}）`,
    effect: '效果',
    message: '消息',
    error: '错误',
    noRules: '（此阶段没有规则监听该事件）',
    was: '实际值',
    missing: '缺失',
    colon: '：',
  },
} as const;

const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

function conditionLines(c: ConditionTrace, depth: number, w: (typeof WORDS)[Locale]): string[] {
  const pad = '  '.repeat(depth);
  const mark = c.result ? '✓' : '✗';
  switch (c.kind) {
    case 'all':
    case 'any':
      return [
        `${pad}${mark} ${c.kind}`,
        ...c.children.flatMap((child) => conditionLines(child, depth + 1, w)),
      ];
    case 'not':
      return [`${pad}${mark} not`, ...conditionLines(c.child, depth + 1, w)];
    case 'ref':
      return [
        `${pad}${mark} condition "${c.name}"`,
        ...(c.child ? conditionLines(c.child, depth + 1, w) : []),
      ];
    case 'fact': {
      const path = c.path ? ` ${c.path}` : '';
      const params = c.params ? ` ${show(c.params)}` : '';
      const actual = c.factValue === undefined ? w.missing : show(c.factValue);
      return [`${pad}${mark} ${c.fact}${path}${params} ${c.operator} ${show(c.value)} — ${w.was} ${actual}`];
    }
  }
}

/**
 * The trace of one dispatch in words: which rules fired, and for the others which condition failed
 * and what the fact's value was.
 */
export function explainOutcome(outcome: Outcome, options: { locale?: string } = {}): string {
  const locale = options.locale === 'zh-CN' ? 'zh-CN' : 'en';
  const w = WORDS[locale];
  const lines = [w.event(outcome)];
  if (outcome.error) lines.push(`${w.error}: ${outcome.error.code} ${outcome.error.message}`);
  if (!outcome.trace) lines.push(w.noTrace);
  for (const stage of outcome.trace?.stages ?? []) {
    lines.push(w.stage(stage.stage));
    if (stage.rules.length === 0) lines.push(`  ${w.noRules}`);
    for (const rule of stage.rules) {
      const status = rule.skipped ? w.skipped(rule.skipped) : rule.fired ? w.fired : w.notFired;
      lines.push(`  ${rule.fired ? '●' : '○'} ${rule.ruleId} — ${status}`);
      if (rule.condition) lines.push(...conditionLines(rule.condition, 2, w));
      for (const effect of outcome.effects.filter(
        (e) => e.ruleId === rule.ruleId && e.stage === stage.stage,
      )) {
        const why = effect.report.reasonText?.[locale] ?? effect.report.reason;
        const reason = why ? `${w.colon}${why}` : '';
        lines.push(
          `    → ${w.effect} ${effect.type} ${show(effect.params)} [${w.status(effect.report.status)}${reason}]`,
        );
      }
    }
  }
  for (const m of outcome.messages) {
    lines.push(
      `${w.message} ${m.id} → ${m.userId} ${m.kind}/${m.topic}${m.channel ? ` @${m.channel}` : ''}${m.queued ? '' : w.notQueued}`,
    );
  }
  for (const note of outcome.trace?.notes ?? [])
    lines.push(`[${note.plugin}] ${note.texts?.[locale] ?? note.text}`);
  return lines.join('\n');
}
