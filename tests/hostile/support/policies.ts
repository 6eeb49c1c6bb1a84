import type { PolicyDocument, RuleDefinition } from '@engageloop/core';

/** A per-order follow-up `delay` after each `order.paid` (delayed care keyed by `payload.orderId`). */
export const followUpCare = (delay: Record<string, number>) => ({
  type: 'lifecycle.care',
  params: { trigger: 'follow-up', delay, occurrence: 'orderId', body: 'How is your order?' },
});

/** A lifecycle policy (UTC, en) for `order.paid` and the other event types named, with these rules. */
export const carePolicy = (
  name: string,
  rules: RuleDefinition[],
  eventTypes: string[] = [],
): PolicyDocument =>
  ({
    version: 1,
    name,
    defaults: { timezone: 'UTC', locale: 'en' },
    eventTypes: Object.fromEntries(['order.paid', ...eventTypes].map((type) => [type, {}])),
    rules,
  }) as unknown as PolicyDocument;
