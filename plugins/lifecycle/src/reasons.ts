import { localized, reasonTexts } from '@engageloop/core';

/** Why a lifecycle effect did nothing: `{ reason, reasonText }` for an effect report, the code with its text in every message locale. */
export const because = reasonTexts({
  'no-date': localized('the date to schedule from is missing', '缺少用于排期的日期'),
  'nothing-pending': localized('no care message pending', '没有待发送的关怀消息'),
  'quiet-hours': localized('inside the user’s quiet hours', '处于用户的免打扰时段'),
  'frequency-cap': localized('over the care frequency cap', '超过关怀频次上限'),
  scheduled: localized('scheduled', '已排期'),
  'reentry-once': localized('this care is sent once per user', '该关怀每位用户只发送一次'),
  'reentry-period': localized('already sent in this period', '本周期已发送过'),
  'opted-out': localized('the user opted out of every allowed channel', '用户已退订所有可用渠道'),
  'no-channel': localized('no channel allowed', '没有可用渠道'),
});
