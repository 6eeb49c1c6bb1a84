/**
 * Property tests of policies: fast-check arbitraries of users, events and journeys, the invariants every
 * policy run must keep (no negative balance, no double award, caps hold, every feedback answered…), and
 * `checkPolicy` / `assertPolicy` to run them. The vitest helper lives in `@engageloop/testing/vitest`.
 *
 * @module @engageloop/testing
 */
export type { EventCatalogue, UndoType } from './arbitraries/event-types';
export { eventCatalogue, hostMaySend, undoTypes } from './arbitraries/event-types';
export { ANGRY_FEEDBACK, CALM_FEEDBACK } from './arbitraries/feedback-text';
export type { JourneyOptions, Op, StepSpec } from './arbitraries/journey';
export { buildJourney, journeyArb } from './arbitraries/journey';
export type { Journey, JourneyStep, StepNote, UserSpec } from './arbitraries/journey-types';
export { DOMAIN_PAYLOADS, payloadArbFor } from './arbitraries/payloads';
export type { UserArbOptions } from './arbitraries/users';
// arbitraries
export { CHANNELS, LOCALES, TIMEZONES, userArb, usersArb } from './arbitraries/users';
export type { CheckPolicyOptions, PolicyCheckFailure, PolicyCheckResult } from './check/check-policy';
// checking
export { assertPolicy, checkPolicy } from './check/check-policy';
export { describeJourney, toNdjson } from './check/format';
export { undoEqualsAbsence } from './invariants/absence';
export { ALL_INVARIANTS } from './invariants/all';
export { noDoubleAward, oneAwardPerRule } from './invariants/awards';
export { balanceMatchesLedger, noNegativeBalance } from './invariants/balance';
export { capsHold, capsHoldPerEvent } from './invariants/caps';
export type { Invariant } from './invariants/define';
// invariants
export { defineInvariant } from './invariants/define';
export { distinctWithinKeys } from './invariants/distinct';
export { everyFeedbackAnswered, FEEDBACK_TYPE, feedbackDeadline } from './invariants/feedback';
export { careCapsHold, noCareInQuietHours, oneLifecycleStage } from './invariants/lifecycle';
export { replayDeterminism, undoRestores } from './invariants/replay';
export { tierMonotone } from './invariants/tiers';
export { noAwardOnUndo, undoApplied, undoFindsAward } from './invariants/undo';
export { undoLeavesNothingUnearned } from './invariants/unearned';
export type { RunHarness } from './run/harness';
// runs
export { createRunHarness, SIGNALS } from './run/harness';
export type { RunJourneyOptions } from './run/run-journey';
export { runJourney } from './run/run-journey';
export type { SwappableStore } from './run/swappable-store';
export { createSwappableStore } from './run/swappable-store';
export type { AbsenceRun, PolicyRun, RunSignal, RunSnapshot, RunStep } from './run/types';
