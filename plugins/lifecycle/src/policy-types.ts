// What `definePolicy` knows of this plugin (types only): its effects' params, by declaration merging.

import type { Duration } from './duration';
import type { CancelParams } from './effects/cancel';
import type { CareParams } from './effects/care-params';
import type { ScheduleParams } from './effects/schedule';

declare module '@engageloop/core' {
  interface PolicyEffects {
    'lifecycle.care': CareParams;
    /** An anniversary names its date (`from`); a delay or inactivity timer its duration (`after`). */
    'lifecycle.schedule': Omit<ScheduleParams, 'kind' | 'after' | 'from'> &
      (
        | { kind: 'anniversary'; from: string; after?: Duration }
        | { kind?: 'delay' | 'inactivity'; after: Duration; from?: string }
      );
    'lifecycle.cancel': CancelParams;
  }
}
