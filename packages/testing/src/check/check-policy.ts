import { EngageLoopError, loadPolicy, type Plugin, type Policy, type PolicyDocument } from '@engageloop/core';
import fc from 'fast-check';
import { eventCatalogue } from '../arbitraries/event-types';
import { type JourneyOptions, journeyArb } from '../arbitraries/journey';
import type { Journey } from '../arbitraries/journey-types';
import { ALL_INVARIANTS } from '../invariants/all';
import type { Invariant } from '../invariants/define';
import { createRunHarness } from '../run/harness';
import { runJourney } from '../run/run-journey';
import { describeJourney, toNdjson } from './format';

/** Options of {@link checkPolicy}. */
export interface CheckPolicyOptions {
  /** Plugins the policy needs (the core plugin is always there). */
  plugins?: readonly Plugin[];
  /** Invariants to check; default every ready invariant. Those that do not apply are skipped. */
  invariants?: readonly Invariant[];
  /** Generated journeys (default 100). */
  runs?: number;
  /** fast-check seed, to reproduce a failure (default 42). */
  seed?: number;
  /** Journey shape (users, steps, start), or your own journey arbitrary. */
  journey?: Partial<Omit<JourneyOptions, 'catalogue'>> | fc.Arbitrary<Journey>;
  /** Replay every event afterwards / rerun on a fresh store (default true; needed by replay invariants). */
  replay?: boolean;
  rerun?: boolean;
}

/** A broken invariant and the shrunk journey that breaks it. */
export interface PolicyCheckFailure {
  invariant: string;
  reason: string;
  journey: Journey;
  /** The journey as NDJSON (events, and ticks as `{"tick": …}`), for `engageloop explain`. */
  ndjson: string;
  /** The journey as numbered readable lines. */
  steps: string;
  seed: number;
  /** fast-check replay path (pass with the seed to reproduce). */
  path?: string;
  shrinks: number;
}

/** What `checkPolicy` found: whether every applicable invariant held over the runs, and the shrunk counterexample if not. */
export interface PolicyCheckResult {
  /** True when every checked invariant held in every run. */
  ok: boolean;
  /** The policy's name. */
  policy: string;
  /** Number of generated journeys run. */
  runs: number;
  /** The fast-check seed: pass it back (`seed`) to replay the same journeys. */
  seed: number;
  /** Invariants checked, and those skipped because they do not apply to this policy. */
  checked: string[];
  skipped: string[];
  failure?: PolicyCheckFailure;
  /** A readable report (the counterexample when it failed). */
  report: string;
}

class InvariantBroken extends Error {
  constructor(
    readonly invariant: string,
    readonly reason: string,
  ) {
    super(`${invariant}: ${reason}`);
  }
}

function toPolicy(policy: Policy | PolicyDocument, plugins: readonly Plugin[]): Policy {
  return 'hash' in policy && 'document' in policy
    ? (policy as Policy)
    : loadPolicy(policy as PolicyDocument, { plugins: [...plugins] });
}

/**
 * Runs a policy through generated journeys (fresh memory store per run, manual clock) and checks every
 * applicable invariant after each. On failure, reports the shrunk counterexample as readable lines and
 * as NDJSON for `engageloop explain`, with the invariant and why it broke.
 *
 * @example
 * const result = await checkPolicy(doc, { plugins: [incentives()], runs: 1000, seed: 7 });
 * if (!result.ok) console.log(result.report);
 */
export async function checkPolicy(
  policy: Policy | PolicyDocument,
  options: CheckPolicyOptions = {},
): Promise<PolicyCheckResult> {
  const plugins = options.plugins ?? [];
  const loaded = toPolicy(policy, plugins);
  const harness = createRunHarness(loaded, plugins);
  const registry = harness.engine.registry;
  const all = options.invariants ?? ALL_INVARIANTS;
  const active = all.filter((inv) => inv.applies(loaded, registry));
  const skipped = all.filter((inv) => !active.includes(inv)).map((inv) => inv.invariantName);
  const runs = options.runs ?? 100;
  const seed = options.seed ?? 42;
  const arb =
    options.journey instanceof fc.Arbitrary
      ? options.journey
      : journeyArb({ ...options.journey, catalogue: eventCatalogue(loaded, registry) });
  const runOptions = { replay: options.replay ?? true, rerun: options.rerun ?? true };
  const property = fc.asyncProperty(arb, async (journey) => {
    const run = await runJourney(harness, journey, runOptions);
    for (const invariant of active) {
      const reason = invariant(run);
      if (reason !== undefined) throw new InvariantBroken(invariant.invariantName, reason);
    }
  });
  const details = await fc.check(property, { numRuns: runs, seed });
  const base = {
    policy: loaded.name,
    runs: details.numRuns,
    seed,
    checked: active.map((inv) => inv.invariantName),
    skipped,
  };
  if (!details.failed || !details.counterexample) {
    return {
      ...base,
      ok: true,
      report: `${loaded.name}: ${details.numRuns} journeys, ${base.checked.length} invariants hold`,
    };
  }
  const journey = details.counterexample[0];
  const error = details.errorInstance;
  const failure: PolicyCheckFailure = {
    invariant: error instanceof InvariantBroken ? error.invariant : 'no error while running',
    reason:
      error instanceof InvariantBroken
        ? error.reason
        : String((error as Error | undefined)?.message ?? error),
    journey,
    ndjson: toNdjson(journey),
    steps: describeJourney(journey),
    seed,
    shrinks: details.numShrinks,
  };
  if (details.counterexamplePath) failure.path = details.counterexamplePath;
  const report = [
    `${loaded.name}: invariant "${failure.invariant}" broken after ${details.numRuns} journey(s) (seed ${seed}, ${failure.shrinks} shrinks)`,
    `  ${failure.reason}`,
    '',
    failure.steps,
    '',
    'NDJSON for `engageloop explain`:',
    failure.ndjson,
  ].join('\n');
  return { ...base, ok: false, failure, report };
}

/**
 * Like {@link checkPolicy}, but throws `POLICY_INVARIANT_FAILED` (with the report as message and the
 * failure in `data`) when an invariant breaks. For any test runner.
 *
 * @example
 * await assertPolicy(doc, { plugins: [incentives()], runs: 1000 });
 */
export async function assertPolicy(
  policy: Policy | PolicyDocument,
  options: CheckPolicyOptions = {},
): Promise<PolicyCheckResult> {
  const result = await checkPolicy(policy, options);
  if (result.failure) {
    const { journey: _journey, ...data } = result.failure;
    throw new EngageLoopError('POLICY_INVARIANT_FAILED', { message: result.report, data: { ...data } });
  }
  return result;
}
