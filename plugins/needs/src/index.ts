/**
 * The closed feedback loop: need items with priority and authenticity, SLA deadlines, merging, outcome notices
 * to every supporter, and the loop figures.
 *
 * @module @engageloop/needs
 */
import './events';

export type { LoopFigures, LoopFiguresOptions, LoopFiguresReport } from './figures';
export { computeLoopFigures, loopFigures } from './figures';
export type { NeedsOptions } from './plugin';
export { needs } from './plugin';
export type { RankedNeed, RankOptions } from './rank';
export { rankNeeds } from './rank';
export type { BusinessHours, NeedsSettings, OutcomeWording, SlaRule } from './settings';
export { canTransition, NEED_TRANSITIONS } from './transitions';
export type {
  NeedDoc,
  NeedKind,
  NeedOutcome,
  NeedStatus,
  NeedsSlice,
  NeedTransition,
  NeedUrgency,
  OpenNeedParams,
  SlaDeadline,
} from './types';
export { NEED_KINDS, NEED_STATUSES, NEED_URGENCIES } from './types';
