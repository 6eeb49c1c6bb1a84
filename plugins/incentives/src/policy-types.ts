// What `definePolicy` knows of this plugin (types only): its effects' params, by declaration merging.
import type { AwardParams } from './effects/award';
import type { AdvanceStreakParams, GrantBadgeParams } from './effects/badge-streak';
import type { ConvertParams } from './effects/convert';
import type { RevokeParams } from './effects/revoke';

declare module '@engageloop/core' {
  interface PolicyEffects {
    'incentives.award': AwardParams;
    /** Names the event whose awards are reversed: by id, or by where the current event holds its id. */
    'incentives.revoke': RevokeParams & ({ eventId: string } | { eventIdPath: string });
    'incentives.grantBadge': GrantBadgeParams;
    'incentives.advanceStreak': AdvanceStreakParams;
    'incentives.evaluateTier': Record<string, never>;
    /** Exactly one of `amount`, `amountPath` or `all: true` says how much is converted. */
    'incentives.convert': Omit<ConvertParams, 'amount' | 'amountPath' | 'all'> &
      (
        | { amount: number; amountPath?: never; all?: never }
        | { amountPath: string; amount?: never; all?: never }
        | { all: true; amount?: never; amountPath?: never }
      );
  }
}
