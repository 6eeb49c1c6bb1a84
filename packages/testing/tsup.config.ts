import { defineConfig } from 'tsup';

export default defineConfig({
  // `vitest` is the `@engageloop/testing/vitest` subpath export (vitest stays external: a peer dependency).
  entry: { index: 'src/index.ts', vitest: 'src/vitest.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
