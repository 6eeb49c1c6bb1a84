/**
 * The `engageloop` command line (validate, schema, explain, simulate, diff, report, generate-events, demo),
 * run in-process with `runCli`, and its parts: the event generator, the simulation runner and its summary.
 * The rule-file JSON Schema for the first-party plugins ships as `@engageloop/cli/schema/policy.schema.json`.
 *
 * @module @engageloop/cli
 */
export { COMMANDS, runCli } from './cli';
export type { Collector } from './collector';
export { createCollector } from './collector';
export type { Command, CommandArgs, CommandContext, OptionSpec } from './commands/command';
export { formatPolicyError } from './commands/validate';
export type { DemoScene } from './demo-scenes';
export { DEMO_NEEDS_POLICY, DEMO_SCENES, mergeDocuments } from './demo-scenes';
export { formatSummary } from './format-summary';
export type { GenerateOptions } from './generate/generate';
export { generateEvents } from './generate/generate';
export { STAFF_USER_ID } from './generate/needs';
export type { Rng } from './generate/prng';
export { createRng, hashSeed } from './generate/prng';
export type { ProfileName } from './generate/profiles';
export { PROFILES } from './generate/profiles';
export type { CliLocale } from './i18n';
export { messages, pickLocale } from './i18n';
export type { CapturedSink, CliIO, TextSink } from './io';
export { createCapture } from './io';
export type { InputLine } from './ndjson';
export { numbered, readNdjson, readNdjsonBatches } from './ndjson';
export { usedPluginNames } from './plugin-usage';
export { FIRST_PARTY_PLUGIN_NAMES, firstPartyPlugins, pluginsForPolicy } from './plugins';
export type { InvalidLine, SimulationOptions, SimulationResult } from './simulation';
export { runSimulation } from './simulation';
export type { CommunityFigures, ContestPeriod, Counts, SimulationSummary } from './summary';
export { emptySummary } from './summary';
