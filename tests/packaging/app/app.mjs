// ESM consumer of the installed tarballs: core + the four plugins + SQLite + @engageloop/testing/vitest.
import { fileURLToPath } from 'node:url';
import * as core from '@engageloop/core';
import * as incentives from '@engageloop/incentives';
import * as lifecycle from '@engageloop/lifecycle';
import * as needs from '@engageloop/needs';
import * as replies from '@engageloop/replies';
import * as sqlite from '@engageloop/store-sqlite';
import * as testing from '@engageloop/testing';
import * as vitestHelpers from '@engageloop/testing/vitest';
import scenario from './scenario.cjs';

const modules = {
  ...core,
  ...incentives,
  ...lifecycle,
  ...needs,
  ...replies,
  ...sqlite,
  ...testing,
  ...vitestHelpers,
};
const result = await scenario.runScenario('esm', fileURLToPath(new URL('.', import.meta.url)), modules);
process.stdout.write(`${JSON.stringify(result)}\n`);
