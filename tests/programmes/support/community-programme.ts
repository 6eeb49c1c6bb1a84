import { programme } from '../harness';
import { iso } from './community-run';

export { DAY, envelopes, HOUR, iso } from './community-run';

/**
 * A shipped example (`docs/examples/<name>.json`) as `programme` runs it (tests/programmes/harness.ts), from
 * `start` in epoch milliseconds: its scenario sends events with `run`.
 */
export const communityProgramme = (name: string, start: number) => programme(name, iso(start));
