// The CommonJS typings (.d.cts) under the same strict check.
import core = require('@engageloop/core');
import incentivesPackage = require('@engageloop/incentives');
import sqlite = require('@engageloop/store-sqlite');

export function engineFor(filename: string): core.Engine {
  const plugins = [incentivesPackage.incentives()];
  return core.createEngine({
    plugins,
    policy: { version: 1, rules: [] },
    store: sqlite.createSqliteStore({ filename }),
  });
}
