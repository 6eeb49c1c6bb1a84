import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** The example policies ship inside the package (`examples/`), so the installed `engageloop demo` finds them. */
function copyExamples(): void {
  const from = '../../docs/examples';
  rmSync('examples', { recursive: true, force: true });
  mkdirSync('examples');
  for (const name of readdirSync(from))
    if (name.endsWith('.json')) copyFileSync(`${from}/${name}`, `examples/${name}`);
}

export default defineConfig({
  // `policy-worker` is the worker thread `diff` and `report --compare` run each policy in (beside the bin).
  entry: { index: 'src/index.ts', bin: 'src/bin.ts', 'policy-worker': 'src/report/policy-worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // `import.meta.url` (used to find the examples) also works in the CommonJS build.
  shims: true,
  async onSuccess() {
    copyExamples();
  },
  // string-width and its dependencies are ESM-only: bundle them so the CommonJS build (the bin) needs no
  // require() of an ES module (Node 20 before 20.19 cannot).
  noExternal: [/^(string-width|strip-ansi|ansi-regex|get-east-asian-width)$/],
});
