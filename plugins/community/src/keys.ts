/** Entity keys (`item:<id>`, `group:<id>`, `contest:<id>`) and counter keys of the community plugin. */
export const itemEntity = (id: string): string => `item:${id}`;
export const groupEntity = (id: string): string => `group:${id}`;
export const contestEntity = (id: string): string => `contest:${id}`;

/** The total tally of a reaction on an item (`like`, or `vote:<option>`). */
export const tallyKey = (reaction: string, itemId: string): string => `community:${reaction}:${itemId}`;

/** The prefix of every contest's counters. */
export const CONTEST_COUNTERS = 'community:contest:';

/** The prefix of a contest's counters in one period (`community:contest:<id>:<period key>:`). */
export const contestPrefix = (contestId: string, period: string): string =>
  `${CONTEST_COUNTERS}${contestId}:${period}:`;

/** The counter of one entry (an item, group or user id) of a contest in one period. */
export const contestKey = (contestId: string, period: string, entry: string): string =>
  `${contestPrefix(contestId, period)}${entry}`;

/** The timer that closes a contest's period (one per contest and period: scheduling it again re-arms it). */
export const contestTimerId = (contestId: string, period: string): string =>
  `community:contest:${contestId}:${period}`;
