#!/usr/bin/env node
// The `engageloop` command. This file is committed (not built) so that npm links the command when the
// package is installed, even in a fresh clone before `dist/` exists; it runs the built CLI.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'bin.cjs');
if (!existsSync(built)) {
  process.stderr.write(
    `engageloop: the command line is not built yet (${built} is missing).\n` +
      'In a clone of the repository, run `npm run build` (or `npm test` / `npm run demo`) first.\n',
  );
  process.exitCode = 1;
} else {
  require(built);
}
