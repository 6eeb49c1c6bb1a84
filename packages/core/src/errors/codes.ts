/**
 * The one catalogue of error codes. Every `EngageLoopError` carries one of these codes;
 * each entry has a default message and a hint that tells the reader what to do.
 * `docs/errors/<CODE>.md` explains each code at length (a test checks every code has its page).
 */
export const ERROR_CATALOGUE = {
  // events
  EVENT_INVALID: {
    message: 'The event envelope is not valid.',
    hint: 'An event is { id, type, userId, at, payload }: id, type and userId are non-empty strings, at is an ISO 8601 date-time.',
  },
  EVENT_PAYLOAD_INVALID: {
    message: "The event's payload does not match the schema declared for its type.",
    hint: 'Check the payload fields required by the plugin that declares this event type (see the reference).',
  },
  EVENT_TOO_LARGE: {
    message: "The event's payload is larger than the limit.",
    hint: 'Send ids and short texts, not files or whole records (default limit 64 KiB of JSON); raise limits.payloadBytes in createEngine only if a real event needs it.',
  },
  EVENT_TOO_DEEP: {
    message: "The event's payload is nested deeper than the limit.",
    hint: 'Flatten the payload (default limit: 32 levels of objects and arrays); raise limits.payloadDepth in createEngine only if a real event needs it.',
  },
  EVENT_ID_REUSED: {
    message: 'This user already used this event id for another event; nothing was changed.',
    hint: 'An event id names one event of one user: give every new event a new id (a UUID), and resend an event only with the same type, time and payload.',
  },
  EVENT_SUBJECT_INVALID: {
    message: 'The event is not about exactly one subject (a user or an entity).',
    hint: 'Give an event either userId (a user) or entity (an entity key "<kind>:<id>", such as "group:g1"), never both; a message queued by an entity\'s event must name its userId.',
  },
  EVENT_TYPE_INTERNAL: {
    message:
      'The event type is one only the engine produces (a timer or a derived event); a host cannot dispatch it.',
    hint: 'Dispatch what users do; the plugin that declares this type produces it itself from timers or other events (see its sources in the reference).',
  },
  DERIVED_EVENT_INVALID: {
    message: 'A plugin derived an event that is not valid; the deriving dispatch was rolled back.',
    hint: 'ctx.derive needs a non-empty key (at most 200 characters, unique in the dispatch), an event type a plugin declares in eventTypes, a payload its schema accepts, and exactly one of userId or entity.',
  },
  DERIVED_DEPTH_EXCEEDED: {
    message: 'A chain of derived events went deeper than the limit; this derived event was not run.',
    hint: 'Derived events that derive more events form a chain; check for a loop (A derives B derives A) or raise createEngine({ derived: { maxDepth } }) (default 8) if the chain is meant to be that long.',
  },
  // policy files
  POLICY_READ_FAILED: {
    message: 'The policy file or folder could not be read.',
    hint: 'Check that the path exists and is readable; a folder must contain at least one .json file.',
  },
  POLICY_JSON_INVALID: {
    message: 'The policy file is not valid JSON.',
    hint: 'Look at the position shown: a missing comma, a trailing comma or an unquoted key are the usual causes.',
  },
  POLICY_SCHEMA_INVALID: {
    message: 'The policy does not match the rule-file schema.',
    hint: 'Add "$schema" to the file so your editor shows the allowed fields as you type.',
  },
  POLICY_VERSION_UNSUPPORTED: {
    message: 'This policy format version is not supported.',
    hint: 'Set "version": 1.',
  },
  POLICY_TOO_LARGE: {
    message: 'The policy is larger than the limit.',
    hint: 'Split rules that only differ in values into one rule with a named condition, or remove unused rules (defaults: 5 MiB of JSON, 5,000 rules); raise limits.policyBytes or limits.policyRules when loading only if a real policy needs it.',
  },
  POLICY_TOO_DEEP: {
    message: 'The policy is nested deeper than the limit.',
    hint: 'Give deep parts of a condition a name under "conditions" and refer to them (default limit: 64 levels of objects and arrays); raise limits.policyDepth when loading only if a real policy needs it.',
  },
  POLICY_CHECK_FAILED: {
    message: 'Checking the policy failed unexpectedly; nothing was loaded.',
    hint: 'This is a bug in engageloop or in a plugin, not in your policy: report it with the policy file and the cause shown.',
  },
  POLICY_INVALID: {
    message: 'The policy has errors; the policy in force was kept.',
    hint: 'Fix every listed error; a policy is loaded all-or-nothing.',
  },
  RULE_ID_DUPLICATE: {
    message: 'Two rules have the same id.',
    hint: 'Rule ids must be unique across all files of a policy; rename one of them.',
  },
  RULE_EFFECT_UNKNOWN: {
    message: 'Unknown effect type.',
    hint: 'Use an effect type of an installed plugin (run `engageloop schema` to list them), or install the plugin that provides it.',
  },
  RULE_EFFECT_PARAMS_INVALID: {
    message: 'The effect params are not valid for this effect type.',
    hint: 'See the effect type in the reference for its params.',
  },
  RULE_FACT_UNKNOWN: {
    message: 'Unknown fact.',
    hint: 'Use a fact provided by the core (event, user, now, signals) or by an installed plugin.',
  },
  RULE_FACT_PARAMS_INVALID: {
    message: 'The params given to a fact are not valid for that fact.',
    hint: 'See the fact in the reference for the params it takes.',
  },
  RULE_OPERATOR_UNKNOWN: {
    message: 'Unknown operator.',
    hint: 'Use a built-in operator (equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn, contains, doesNotContain), optionally decorated (everyFact:, someFact:, everyValue:, someValue:, swap:, not:), or one added by a plugin.',
  },
  RULE_PATH_UNSUPPORTED: {
    message: 'A condition path uses JSONPath syntax that is not supported.',
    hint: 'Keys, [0] and .0 indexes, [*] and .* wildcards, $..name, slices such as [-1:] and unions such as [0,2] work as in json-rules-engine; filters ?(…), scripts (…), @ selectors, ^ and ~ do not (see the conditions guide).',
  },
  RULE_CONDITION_UNKNOWN: {
    message: 'The rule refers to a named condition that is not defined.',
    hint: 'Define it under "conditions" at the top of the policy, or fix the name.',
  },
  RULE_CONDITION_CYCLE: {
    message: 'Named conditions refer to each other in a cycle.',
    hint: 'A named condition may not refer (directly or through others) to itself.',
  },
  RULE_EXPERIMENT_UNKNOWN: {
    message: 'The rule names an experiment or arm that is not defined.',
    hint: 'Define the experiment and its arms under "experiments" at the top of the policy.',
  },
  RULE_EVENT_TYPE_UNKNOWN: {
    message: 'The rule listens to an event type that no installed plugin declares.',
    hint: 'Check the spelling of "on"; custom event types must be declared under "eventTypes" in the policy.',
  },
  RULE_REFERENCE_UNKNOWN: {
    message:
      'A rule names something the policy does not declare (a badge, a wallet, a tier, a reply template…).',
    hint: 'Fix the spelling (the message suggests the closest declared name), or declare the name where the message says.',
  },
  SETTINGS_REFERENCE_UNKNOWN: {
    message: "A plugin's settings name a rule id or another name that the policy does not declare.",
    hint: "Fix the spelling (the message suggests the closest declared name): a cap, budget or multiplier must list ids of rules in the policy; badges, wallets, tiers, lifecycle stages and segments, and reply templates must be declared in the settings (a condition inside the settings, such as a stage's `when`, may name only declared ones too).",
  },
  SETTINGS_INVALID: {
    message: 'The settings of a plugin are not valid.',
    hint: 'See the plugin settings in the reference.',
  },
  SETTINGS_PLUGIN_UNKNOWN: {
    message: 'The policy has settings for a plugin that is not installed.',
    hint: 'Install the plugin, or remove its settings.',
  },
  // plugins
  PLUGIN_INVALID: {
    message: 'The plugin definition is not valid.',
    hint: 'A plugin needs a name (lower-case letters, digits and dashes), a version, and well-formed effects, facts and hooks.',
  },
  PLUGIN_DUPLICATE: {
    message: 'Two plugins (or two plugin parts) have the same name.',
    hint: 'Install each plugin once; plugin names, effect types and fact names must be unique.',
  },
  PLUGIN_OPTIONS_INVALID: {
    message: 'The options passed to a plugin factory are not valid.',
    hint: "See the plugin's options in its reference.",
  },
  PLUGIN_ERROR: {
    message: 'A plugin failed.',
    hint: 'The dispatch was rolled back and nothing changed; the error names the plugin and hook. Fix the plugin or its settings and dispatch the event again.',
  },
  // needs (the closed feedback loop)
  NEED_TRANSITION_ILLEGAL: {
    message: 'This status change is not allowed for the need.',
    hint: 'Allowed: captured → acknowledged | duplicate; acknowledged → planned | in-progress | adopted | declined | duplicate; planned → in-progress | adopted | declined | duplicate; in-progress → adopted | declined; adopted | declined | duplicate → closed.',
  },
  NEED_NOT_FOUND: {
    message: 'No need item has this id.',
    hint: 'Use the needId of a captured need (by default the id of the event that captured it).',
  },
  // engine and store
  ENGINE_CLOSED: {
    message: 'The engine is closed.',
    hint: 'Create a new engine.',
  },
  STORE_ERROR: {
    message: 'The store failed; nothing was written.',
    hint: 'Check the database connection; the same event can be dispatched again safely.',
  },
  STORE_CLOSED: {
    message: 'The store is closed.',
    hint: 'Open a new store.',
  },
  STORE_CONTRACT_VIOLATION: {
    message: 'The store was used outside its contract.',
    hint: 'Load and commit only the keys locked by the unit of work, and commit at most once.',
  },
  STORE_CONFLICT: {
    message: 'This event id was already committed; the unit of work wrote nothing.',
    hint: 'Another worker committed the same event first: read its recorded outcome instead of dispatching again.',
  },
  STORE_QUERY_INVALID: {
    message: 'The arguments of a store query are not valid; nothing was read or changed.',
    hint: 'topCounters takes a string prefix and { limit: an integer from 0 to 10,000, after?: the last entry of the previous page }; compactRecords and compactOutbox take { before: epoch ms, limit?: a positive integer }.',
  },
  RETENTION_INVALID: {
    message: 'The retention option is not valid.',
    hint: 'Give createEngine({ retention: { outcomes, messages } }) numbers of milliseconds (0 or more), or Infinity to keep every outcome or message text in full.',
  },
  PRIVACY_INVALID: {
    message: 'The privacy option or erasure request is not valid.',
    hint: 'Give createEngine({ privacy: { pseudonymKey } }) a secret of at least 16 bytes, and forgetUser a non-empty user id.',
  },
  OUTBOX_LEASE_LOST: {
    message: 'The outbox message lease expired or belongs to another worker.',
    hint: 'Use a lease longer than your channel handler takes to send.',
  },
  // replies (operation tolerance)
  UNDO_WINDOW_EXPIRED: {
    message: 'The action can no longer be undone: its undo window has passed.',
    hint: 'Undo is allowed only within settings.replies.undo.windowSeconds of the original event; compensate by a new action instead.',
  },
  LIMITS_INVALID: {
    message: 'A size limit given in the options is not valid.',
    hint: 'Limits are payloadBytes, payloadDepth, policyBytes, policyRules and policyDepth; each a positive integer, or Infinity to turn it off.',
  },
  DISPATCH_OPTIONS_INVALID: {
    message: 'The options given to dispatchBatch are not valid.',
    hint: 'Pass the events as an array or an (async) iterable; batchSize is a positive integer (default 500), now is "clock" or "event", onOutcome a function.',
  },
  CLOCK_INVALID: {
    message: 'The time given is not a valid date.',
    hint: 'Pass a Date, epoch milliseconds, or an ISO 8601 date-time string.',
  },
  // policy testing (@engageloop/testing)
  POLICY_INVARIANT_FAILED: {
    message: 'A generated journey broke an invariant of the policy.',
    hint: 'Paste the counterexample events into `engageloop explain` to see which rules fired, then fix the rule or its cap.',
  },
} as const satisfies Record<string, { message: string; hint: string }>;

/** Every error code the library raises. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Where an error's documentation page lives. */
export const errorDocsUrl = (code: ErrorCode): string =>
  `https://github.com/engageloop/engageloop/blob/main/docs/errors/${code}.md`;
