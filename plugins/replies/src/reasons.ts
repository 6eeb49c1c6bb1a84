import { localized } from '@engageloop/core';

/** The report's text when a reply with the same dedupe key was already queued. */
export const ALREADY_REPLIED = localized('already replied', '已回复过');
