/**
 * Condition evaluation only: the 40 conditions of the bench policy against each event's facts —
 * raw json-rules-engine, the compiled evaluator, and the same conditions hand-written as closures.
 */
import {
  compiledEvaluator,
  type FactResolver,
  type LoopEvent,
  loadPolicy,
  type NormalizedRule,
  resolvePath,
} from '@engageloop/core';
import { Engine as JreEngine } from 'json-rules-engine';
import { handWritten } from './hand-written';
import { type Measurement, measure } from './measure';
import { benchPolicy } from './policy-40';

type Counts = Record<string, number>;

/** Per-user counts as the events arrive, precomputed so that every row sees the same facts. */
function factsOf(events: LoopEvent[]) {
  const counts = new Map<string, Counts>();
  return events.map((event) => {
    const previous = counts.get(event.userId) ?? {};
    const next = { ...previous, [event.type]: (previous[event.type] ?? 0) + 1 };
    counts.set(event.userId, next);
    return { event, user: { counts: next } };
  });
}

export async function conditionRows(events: LoopEvent[]): Promise<Measurement[]> {
  const facts = factsOf(events);
  const rules = benchPolicy.rules;
  const jre = new JreEngine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
  for (const rule of rules) {
    jre.addRule({ name: rule.id, conditions: rule.conditions ?? { all: [] }, event: { type: rule.id } });
  }
  const raw = await measure('conditions: json-rules-engine (40 rules)', events.length, (i) =>
    jre.run(facts[i] as Record<string, unknown>),
  );

  const policy = loadPolicy(benchPolicy);
  const prepared = compiledEvaluator().prepare({
    rules: policy.rules,
    conditions: policy.conditions,
    operators: {},
    facts: new Set(['event', 'user']),
    resolvePath,
  });
  const all = policy.rules as NormalizedRule[];
  let fired = 0;
  const compiled = await measure('conditions: compiled (40 rules)', events.length, (i) => {
    const f = facts[i] as unknown as Record<string, unknown>;
    const resolver: FactResolver = { value: (id) => f[id] };
    const out = prepared.evaluate('need', all, resolver, { trace: false });
    if (Array.isArray(out)) for (const r of out) if (r.fired) fired++;
  });

  let handFired = 0;
  const hand = await measure('conditions: hand-written closures (40)', events.length, (i) => {
    const f = facts[i] as (typeof facts)[number] as never;
    for (const check of handWritten) if (check(f)) handFired++;
  });
  if (fired !== handFired) {
    throw new Error(`bench sanity: compiled fired ${fired} rules, hand-written ${handFired}`);
  }
  return [raw, compiled, hand];
}
