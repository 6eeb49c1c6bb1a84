// Calendar helpers of the core, in one place for this plugin.
export { localDayNumber, localWeekNumber, periodKey } from '@engageloop/core';
