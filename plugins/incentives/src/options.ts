import { EngageLoopError } from '@engageloop/core';
import Ajv2020 from 'ajv/dist/2020.js';

/** Options of the `incentives()` factory: engineering knobs only (product settings live in the policy). */
export interface IncentivesOptions {
  /**
   * The revoke window, in days, of a policy that sets no `settings.incentives.ledger.revokeWindowDays`:
   * ledger entries older than this (by event time) fold into the wallet's checkpoint, so a slice stays
   * small, and reversing such an award is no longer possible (reported as `nothing-to-revoke`). Default 400.
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
