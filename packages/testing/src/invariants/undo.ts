import {
  type LoopEvent,
  type NormalizedRule,
  type Policy,
  type Registry,
  resolvePath,
} from '@engageloop/core';
import { type UndoType, undoTypes } from '../arbitraries/event-types';
import type { PolicyRun, RunStep } from '../run/types';
import { asRecord, configures, defineInvariant } from './define';
import { type EntryView, entriesOf } from './ledger-view';
import { eventTypesOf } from './policy-view';

const hasUndo = (policy: Policy, registry: Registry) =>
  configures('incentives')(policy, registry) && undoTypes(policy).size > 0;

/** The revoke effects of the rules listening to `type`, with their params. */
function revokesOn(rules: readonly NormalizedRule[], type: string) {
  return rules.flatMap((r) =>
    r.on === null || r.on.includes(type)
      ? r.effects
          .filter((e) => e.type === 'incentives.revoke')
          .map((e) => ({ ruleId: r.id, params: asRecord(e.params) ?? {} }))
      : [],
  );
}

/** Whether a revoke with these params (`ruleId`, `wallet` filters) would reverse the entry. */
const reaches = (params: Record<string, unknown>, entry: EntryView) =>
  (typeof params.ruleId !== 'string' || params.ruleId === entry.ruleId) &&
  (typeof params.wallet !== 'string' || params.wallet === entry.wallet);

/** Awards of `target` in the user's ledger before the step that nothing has reversed yet. */
function openAwards(run: PolicyRun, step: RunStep, event: LoopEvent, target: string): EntryView[] {
  const before = entriesOf(run.steps[step.index - 1]?.users[event.userId ?? '']);
  const reversed = new Set(before.flatMap((e) => (e.reverses === undefined ? [] : [e.reverses])));
  return before.filter(
    (e) => e.eventId === target && e.reverses === undefined && e.amount > 0 && !reversed.has(e.id),
  );
}

function describeRevokes(revokes: ReturnType<typeof revokesOn>, type: string, undo: UndoType): string {
  if (revokes.length === 0) return `no rule on ${type} revokes anything`;
  const reads = revokes.map((r) => {
    const at = typeof r.params.eventIdPath === 'string' ? r.params.eventIdPath : String(r.params.eventId);
    return `rule "${r.ruleId}" revokes the event at ${at}`;
  });
  return `${reads.join('; ')}${undo.declared ? `; ${type} declares it names the event at ${undo.eventIdPath}` : ''}`;
}

/**
 * Every undo or removal event finds the award it reverses: when an event of an undo type (declared in
 * `eventTypes.<type>.undoes`, or revoked on by a rule) names an earlier event of the user that still
 * holds awards, its dispatch reverses at least one of them (a revoke may stop short at a zero balance,
 * reported `capped`). A revoke reading the undone event from the wrong place reverses nothing.
 */
export const undoFindsAward = defineInvariant(
  'every undo reverses the award it names',
  (run) => {
    const undo = undoTypes(run.policy);
    for (const step of run.steps) {
      const event = step.event;
      const u = event ? undo.get(event.type) : undefined;
      if (!event || !u || step.outcomes[0]?.status !== 'applied') continue;
      const target = resolvePath(event, u.eventIdPath);
      if (typeof target !== 'string') continue;
      const revokes = revokesOn(run.policy.rules, event.type);
      const open = openAwards(run, step, event, target).filter(
        (e) => revokes.length === 0 || revokes.some((r) => reaches(r.params, e)),
      );
      if (open.length === 0) continue;
      const after = entriesOf(step.users[event.userId ?? '']);
      if (open.some((e) => after.some((x) => x.reverses === e.id))) continue;
      if (
        step.outcomes[0].effects.some((e) => e.type === 'incentives.revoke' && e.report.status === 'capped')
      )
        continue;
      const awards = open.map((e) => `${e.amount} "${e.wallet}" from rule "${e.ruleId}"`).join(', ');
      return `${event.type} ${event.id} (step ${step.index + 1}) names ${target} at ${u.eventIdPath}, which holds ${awards}, but nothing was reversed (${describeRevokes(revokes, event.type, u)})`;
    }
    return undefined;
  },
  hasUndo,
);

/**
 * An undo or removal event pays nothing: no award is granted for an event of an undo type (declared in
 * `eventTypes.<type>.undoes`, or revoked on by a rule) unless the declaration lists the rule in
 * `undoes.allowAwards`. Catches a rule that awards on `review.removed` as if it were a new review.
 */
export const noAwardOnUndo = defineInvariant(
  'no award on an undo or removal event',
  (run) => {
    const undo = undoTypes(run.policy);
    const typeOf = eventTypesOf(run);
    for (const s of run.signals) {
      if (s.name !== 'reward:granted') continue;
      const p = s.payload;
      const type = typeOf.get(String(p.eventId));
      const u = type === undefined ? undefined : undo.get(type);
      if (!u || u.allowAwards.includes(String(p.ruleId))) continue;
      const allow = u.declared ? ` (not in eventTypes["${type}"].undoes.allowAwards)` : '';
      return `rule "${String(p.ruleId)}" awarded ${String(p.points)} "${String(p.wallet)}" on ${type} ${String(p.eventId)} (step ${s.step + 1}), an event that undoes another${allow}`;
    }
    return undefined;
  },
  hasUndo,
);
