// CommonJS consumer of the installed tarballs: core + the four plugins + SQLite + @engageloop/testing/vitest.
const { runScenario } = require('./scenario.cjs');

async function main() {
  // vitest itself cannot be require()d ("use import instead"), so CommonJS code loads the helper with import().
  const vitestHelpers = await import('@engageloop/testing/vitest');
  const modules = {
    ...require('@engageloop/core'),
    ...require('@engageloop/incentives'),
    ...require('@engageloop/lifecycle'),
    ...require('@engageloop/needs'),
    ...require('@engageloop/replies'),
    ...require('@engageloop/store-sqlite'),
    ...require('@engageloop/testing'),
    ...vitestHelpers,
  };
  process.stdout.write(`${JSON.stringify(await runScenario('cjs', __dirname, modules))}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
