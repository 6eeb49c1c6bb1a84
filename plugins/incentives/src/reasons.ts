import { localized, reasonTexts } from '@engageloop/core';

/** Why an incentives effect did nothing or less: `{ reason, reasonText }` for an effect report, the code with its text in every message locale. */
export const because = reasonTexts({
  'no-event-id': localized('the revoke names no event id', '撤回没有指明事件 id'),
  'nothing-to-revoke': localized('no award of that event to revoke', '该事件没有可撤回的奖励'),
  'already-converted': localized('already converted for this event', '该事件已兑换过'),
  'same-wallet': localized('source and target wallet are the same', '源钱包与目标钱包相同'),
  'no-amount': localized('nothing to convert', '没有可兑换的数额'),
  'insufficient-balance': localized('insufficient balance', '余额不足'),
  'already-held': localized('badge already held', '已持有该徽章'),
  'already-awarded': localized('already awarded for this event', '该事件已发放过奖励'),
  'same-period': localized('already counted in this period', '本周期已计入'),
  'out-of-order': localized('older than the last counted event', '早于上次计入的事件'),
});
