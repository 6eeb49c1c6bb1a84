import { undoEqualsAbsence } from './absence';
import { noDoubleAward, oneAwardPerRule } from './awards';
import { balanceMatchesLedger, noNegativeBalance } from './balance';
import { capsHold, capsHoldPerEvent } from './caps';
import type { Invariant } from './define';
import { distinctWithinKeys } from './distinct';
import { everyFeedbackAnswered } from './feedback';
import { careCapsHold, noCareInQuietHours, oneLifecycleStage } from './lifecycle';
import { replayDeterminism, undoRestores } from './replay';
import { tierMonotone } from './tiers';
import { noAwardOnUndo, undoFindsAward } from './undo';
import { undoLeavesNothingUnearned } from './unearned';

/** Every ready invariant; `checkPolicy` keeps those that apply to the policy. */
export const ALL_INVARIANTS: readonly Invariant[] = [
  noNegativeBalance,
  balanceMatchesLedger,
  noDoubleAward,
  oneAwardPerRule,
  capsHold,
  capsHoldPerEvent,
  noAwardOnUndo,
  undoFindsAward,
  tierMonotone,
  everyFeedbackAnswered,
  noCareInQuietHours,
  careCapsHold,
  oneLifecycleStage,
  replayDeterminism,
  undoRestores,
  distinctWithinKeys,
  undoLeavesNothingUnearned,
  undoEqualsAbsence,
];
