import { localized, type MessageText } from '@engageloop/core';

/** Why a lifecycle effect did nothing, as a code and in every message locale. */
const REASONS = {
  'no-date': localized('the date to schedule from is missing', '缺少用于排期的日期'),
  'nothing-pending': localized('no care message pending', '没有待发送的关怀消息'),
  'quiet-hours': localized('inside the user’s quiet hours', '处于用户的免打扰时段'),
  'frequency-cap': localized('over the care frequency cap', '超过关怀频次上限'),
  scheduled: localized('scheduled', '已排期'),
  'reentry-once': localized('this care is sent once per user', '该关怀每位用户只发送一次'),
  'reentry-period': localized('already sent in this period', '本周期已发送过'),
  'opted-out': localized('the user opted out of every allowed channel', '用户已退订所有可用渠道'),
  'no-channel': localized('no channel allowed', '没有可用渠道'),
} as const satisfies Record<string, MessageText>;

/** A reason code of the lifecycle plugin. */
export type LifecycleReason = keyof typeof REASONS;

/** `{ reason, reasonText }` for an effect report. */
export const because = (code: LifecycleReason): { reason: string; reasonText: MessageText } => ({
  reason: code,
  reasonText: REASONS[code],
});
