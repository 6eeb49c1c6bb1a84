// Calendar helpers of the core, in one place for this plugin.
export { instantOf, localDayNumber, localWeekNumber, nextPeriodBoundary, periodKey } from '@engageloop/core';
