// Import rules for packages/*/src and plugins/*/src, checked by `npm test` (`npm run deps`) with
// dependency-cruiser. Type-only imports count like any other: a cycle of types is a cycle.
// tests/architecture/dependency-rules.test.ts plants a violation of each rule and shows it is reported.

/** A package's public entry points, as `@engageloop/<name>[/<subpath>]` resolve (tsconfig `paths`). */
const ENTRY_POINTS = [
  '^(packages|plugins)/[^/]+/src/index\\.ts$',
  '^packages/core/src/internal\\.ts$',
  '^packages/core/src/contract/index\\.ts$',
  '^packages/testing/src/vitest\\.ts$',
];

const TESTS = '(\\.test\\.ts|\\.fixture\\.ts)$|/__fixtures__/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other (directly or through others) cannot be read, tested or moved one at a time. ' +
        'Move the shared part (often a type) into a module both can import.',
      from: { path: '^(packages|plugins)/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'only-public-entry-points',
      severity: 'error',
      comment:
        "A package uses another only through that package's public entry points: @engageloop/core, " +
        '@engageloop/core/internal, @engageloop/core/contract, @engageloop/<plugin>, @engageloop/testing[/vitest]. ' +
        'No relative path into another package, no /src/ deep import.',
      from: { path: '^(packages|plugins)/([^/]+)/src/' },
      to: { path: '^(packages|plugins)/', pathNot: ['^$1/$2/', ...ENTRY_POINTS] },
    },
    {
      name: 'no-relative-path-between-packages',
      severity: 'error',
      comment: 'Import another package by its name (@engageloop/…), never by a relative path to its files.',
      from: { path: '^(packages|plugins)/([^/]+)/src/' },
      to: { path: '^(packages|plugins)/', pathNot: '^$1/$2/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'core-imports-no-other-package',
      severity: 'error',
      comment:
        'Core is the bottom layer: plugins, stores, the CLI and the testing kit build on it, never the reverse.',
      from: { path: '^packages/core/src/' },
      to: { path: '^(plugins/|packages/(?!core/))' },
    },
    {
      name: 'contract-not-to-engine',
      severity: 'error',
      comment:
        'In core, only the engine and the entry modules import engine/: the contract types (plugin, event, ' +
        'outcome, store, evaluator, policy) and what builds on them depend on nothing in engine/.',
      from: {
        path: '^packages/core/src/',
        pathNot: ['^packages/core/src/engine/', '^packages/core/src/(index|internal)\\.ts$', TESTS],
      },
      to: { path: '^packages/core/src/engine/' },
    },
    {
      name: 'plugins-are-not-hosts',
      severity: 'error',
      comment: "A plugin's code does not depend on the CLI, the testing kit or a store (its tests may).",
      from: { path: '^plugins/[^/]+/src/', pathNot: TESTS },
      to: { path: '^packages/(cli|testing|store-[^/]+)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing (a deep import past a package\'s "exports", a typo).',
      from: { path: '^(packages|plugins)/[^/]+/src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    // Any workspace's tsconfig serves: each extends the root one, whose `paths` map every @engageloop/* name
    // to its source entry point (the root tsconfig itself lists no files, which the TypeScript API refuses).
    tsConfig: { fileName: 'packages/core/tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
