/**
 * Full dispatch with each evaluator, and the scaling table: 10, 100 and 1,000 rules of which only 10
 * can fire for the event types in the stream — the rest must cost ~nothing. Two shapes: rules that
 * name their type with `on`, and rules without `on` whose top-level `all` requires `event` `$.type`
 * to equal their type (the engine indexes both by event type).
 */
import {
  compiledEvaluator,
  createEngine,
  createManualClock,
  createMemoryStore,
  type Evaluator,
  jsonRulesEngineEvaluator,
  type LoopEvent,
  type PolicyDocument,
  type RuleDefinition,
} from '@engageloop/core';
import { type Measurement, measure } from './measure';
import { benchPolicy } from './policy-40';

async function dispatchRow(
  name: string,
  policy: PolicyDocument,
  events: LoopEvent[],
  evaluator: Evaluator,
): Promise<Measurement> {
  const clock = createManualClock('2026-01-01T00:00:00Z');
  const engine = createEngine({ policy, store: createMemoryStore(), clock, evaluator });
  // warm-up on a copy of the first events (other ids), so both rows start with a compiled JIT
  for (const event of events.slice(0, 2000)) await engine.dispatch({ ...event, id: `w-${event.id}` });
  return measure(name, events.length, (i) => engine.dispatch(events[i] as LoopEvent));
}

/** Full dispatch of the 40-rule policy (core plugin, memory store, trace off), jre vs compiled. */
export async function dispatchRows(events: LoopEvent[]): Promise<Measurement[]> {
  return [
    await dispatchRow(
      'dispatch: json-rules-engine evaluator',
      benchPolicy,
      events,
      jsonRulesEngineEvaluator(),
    ),
    await dispatchRow('dispatch: compiled evaluator', benchPolicy, events, compiledEvaluator()),
  ];
}

const LIVE = ['review.submitted', 'checkin.done'];

/**
 * `total` rules: 5 per live type (10 in all), the rest on event types that never occur; with `byCondition`
 * a rule has no `on` and its type is a condition (`all: [event $.type equal <type>, …]`).
 */
export function scaledPolicy(total: number, byCondition = false): PolicyDocument {
  const types = [...LIVE];
  for (let i = 0; types.length * 5 < total; i++) types.push(`idle.type-${i}`);
  const rules: RuleDefinition[] = [];
  for (let i = 0; i < total; i++) {
    const type = types[Math.floor(i / 5)] as string;
    const any = {
      any: [
        { fact: 'event', path: '$.payload.score', operator: 'greaterThanInclusive', value: i % 5 },
        { fact: 'event', path: '$.payload.channel', operator: 'in', value: ['app'] },
      ],
    };
    rules.push({
      id: `s-${i}`,
      stage: (['need', 'motivation', 'action', 'value'] as const)[i % 4],
      ...(byCondition
        ? { conditions: { all: [{ fact: 'event', path: '$.type', operator: 'equal', value: type }, any] } }
        : { on: type, conditions: any }),
      effects: [{ type: 'core.setAttribute', params: { key: `s-${i % 7}`, value: i } }],
    } as RuleDefinition);
  }
  return {
    version: 1,
    name: `bench-scaled-${total}${byCondition ? '-by-condition' : ''}`,
    eventTypes: Object.fromEntries(types.map((t) => [t, {}])),
    rules,
  };
}

/** Dispatch throughput at 10, 100 and 1,000 rules (compiled evaluator), on events of the live types. */
export async function scalingRows(events: LoopEvent[]): Promise<Measurement[]> {
  const live = events.map((e, i) => ({ ...e, type: LIVE[i % LIVE.length] as string }));
  const rows: Measurement[] = [];
  for (const byCondition of [false, true]) {
    for (const total of [10, 100, 1000]) {
      const name = byCondition
        ? `scaling: ${total} rules, type as condition (10 match)`
        : `scaling: ${total} rules (10 listen)`;
      rows.push(await dispatchRow(name, scaledPolicy(total, byCondition), live, compiledEvaluator()));
    }
  }
  return rows;
}
