import { capsHold, noDoubleAward } from './awards';
import { balanceMatchesLedger, noNegativeBalance } from './balance';
import type { Invariant } from './define';
import { everyFeedbackAnswered } from './feedback';
import { careCapsHold, noCareInQuietHours, oneLifecycleStage } from './lifecycle';
import { replayDeterminism, undoRestores } from './replay';
import { tierMonotone } from './tiers';

/** Every ready invariant; `checkPolicy` keeps those that apply to the policy. */
export const ALL_INVARIANTS: readonly Invariant[] = [
  noNegativeBalance,
  balanceMatchesLedger,
  noDoubleAward,
  capsHold,
  tierMonotone,
  everyFeedbackAnswered,
  noCareInQuietHours,
  careCapsHold,
  oneLifecycleStage,
  replayDeterminism,
  undoRestores,
];
