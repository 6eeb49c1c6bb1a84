#!/usr/bin/env node
import { runCli } from './cli';
import { boundHeapGrowth, boundYoungGeneration } from './heap';

// The one place that touches the real process: streams, environment, exit code, V8's heap and young generation growth.
boundHeapGrowth();
boundYoungGeneration();
// A reader that stops early (`engageloop generate-events … | head`) closes the pipe: the output is no longer
// wanted, so the command ends quietly, as Unix tools do, instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
