import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // `import.meta.url` (used to find docs/examples) also works in the CommonJS build.
  shims: true,
  // string-width and its dependencies are ESM-only: bundle them so the CommonJS build (the bin) needs no
  // require() of an ES module (Node 20 before 20.19 cannot).
  noExternal: [/^(string-width|strip-ansi|ansi-regex|get-east-asian-width)$/],
});
