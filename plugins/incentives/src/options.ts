import { EngageLoopError } from '@engageloop/core';
import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';

/** Options of the `incentives()` factory: engineering knobs only (product settings live in the policy). */
export interface IncentivesOptions {
  /**
   * The revoke window, in days, of a policy that sets no `settings.incentives.ledger.revokeWindowDays`:
   * ledger entries older than this (by event time) fold into the wallet's checkpoint, so a slice stays
   * small, and reversing such an award is no longer possible (reported as `nothing-to-revoke`). Default
   * `DEFAULT_REVOKE_WINDOW_DAYS` (7).
   */
  retentionDays?: number;
}

/**
 * The default revoke window (days): the 7-day no-questions-asked return period of online purchases (七天无理由退货),
 * the longest a product usually takes points back for, and the 7 days recorded outcomes are kept in full.
 * Long enough for undo (minutes), a better version of a task within the week, and a refund; short enough that a
 * user's ledger holds about a week of entries whatever the length of their history.
 */
export const DEFAULT_REVOKE_WINDOW_DAYS = 7;

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: { retentionDays: { type: 'integer', minimum: 1, maximum: 36_600 } },
};

let compiledOptions: ValidateFunction<IncentivesOptions> | undefined;

/**
 * The options' validator, compiled at the first call rather than at import (an unused plugin costs nothing), and
 * without checking this constant schema against the draft's meta-schema (that costs each ajv ~80 ms).
 */
function optionsValidator(): ValidateFunction<IncentivesOptions> {
  compiledOptions ??= new Ajv2020({ allErrors: true, validateSchema: false }).compile<IncentivesOptions>(
    schema,
  );
  return compiledOptions;
}

/** Validates factory options; throws `PLUGIN_OPTIONS_INVALID` naming the plugin. */
export function checkOptions(options: unknown): Required<IncentivesOptions> {
  const value = options ?? {};
  const validate = optionsValidator();
  if (!validate(value)) {
    throw new EngageLoopError('PLUGIN_OPTIONS_INVALID', {
      plugin: 'incentives',
      message: `Invalid incentives() options: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
      data: { errors: validate.errors ?? [] },
    });
  }
  return { retentionDays: value.retentionDays ?? DEFAULT_REVOKE_WINDOW_DAYS };
}
