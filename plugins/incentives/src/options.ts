import { EngageLoopError } from '@engageloop/core';
import Ajv2020 from 'ajv/dist/2020.js';

/** Options of the `incentives()` factory: engineering knobs only (product settings live in the policy). */
export interface IncentivesOptions {
  /**
   * Ledger entries older than this many days (by event time) are folded into an opening balance,
   * so a slice stays small. Default 400; never less than the tier score window. Reversing an award
   * older than this is no longer possible (reported as `nothing-to-revoke`).
   */
  retentionDays?: number;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: { retentionDays: { type: 'integer', minimum: 1, maximum: 36_600 } },
};

const validate = new Ajv2020({ allErrors: true }).compile<IncentivesOptions>(schema);

/** Validates factory options; throws `PLUGIN_OPTIONS_INVALID` naming the plugin. */
export function checkOptions(options: unknown): Required<IncentivesOptions> {
  const value = options ?? {};
  if (!validate(value)) {
    throw new EngageLoopError('PLUGIN_OPTIONS_INVALID', {
      plugin: 'incentives',
      message: `Invalid incentives() options: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
      data: { errors: validate.errors ?? [] },
    });
  }
  return { retentionDays: value.retentionDays ?? 400 };
}
