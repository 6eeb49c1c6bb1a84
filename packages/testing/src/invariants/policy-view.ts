import type { NormalizedRule } from '@engageloop/core';
import type { PolicyRun } from '../run/types';
import { asRecord } from './define';

/** The award effects of a rule (the incentives plugin's `incentives.award`), with their params. */
export function awardsOf(rule: NormalizedRule): Array<Record<string, unknown>> {
  return rule.effects.filter((e) => e.type === 'incentives.award').map((e) => asRecord(e.params) ?? {});
}

/** The wallet an award pays into (`params.wallet`, default `points`). */
export const walletOf = (params: Record<string, unknown>): string =>
  typeof params.wallet === 'string' ? params.wallet : 'points';

/** The wallets a rule's awards pay into. */
export const awardWallets = (rule: NormalizedRule): string[] => awardsOf(rule).map(walletOf);

/** Cap and budget ids a rule's awards name in their `caps` param. */
export const named = (rule: NormalizedRule): string[] =>
  awardsOf(rule).flatMap((a) => (Array.isArray(a.caps) ? a.caps.map(String) : []));

/** The type of every event and fired timer of a run, by event id (from the engine's outcomes). */
export function eventTypesOf(run: Pick<PolicyRun, 'steps'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const step of run.steps) {
    if (step.event && !out.has(step.event.id)) out.set(step.event.id, step.event.type);
    for (const o of step.outcomes) if (!out.has(o.eventId)) out.set(o.eventId, o.type);
  }
  return out;
}
