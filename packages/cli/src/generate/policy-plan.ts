import type { JsonSchema, Policy, Registry } from '@engageloop/core';

/** Where a generated value of a payload field comes from. */
export type FieldSource =
  /** A new id per event (an item the event creates: `community.createItem`'s `idPath`). */
  | { kind: 'new-item'; itemKind: string; track?: string }
  /** An item created earlier (a `community.move` or `community.score` on `itemPath`). */
  | { kind: 'item' }
  /** One of the user's groups (`groupPath`). */
  | { kind: 'group' }
  /** An earlier event of the same user (an undo's `eventIdPath`). */
  | { kind: 'earlier-event' }
  /**
   * One of these values (from conditions: `equal`, `in`, bounds; or the payload schema's `enum`); `open`
   * (values from conditions) also allows, now and then, a value no condition names, so rules miss too.
   */
  | { kind: 'values'; values: readonly unknown[]; open?: boolean };

/** A host event the policy's rules listen on, with what each payload field should hold. */
export interface HostEventPlan {
  type: string;
  fields: Record<string, FieldSource[]>;
  /** The stage an item must be in for this event (a `community.move` to a stage the track reaches from it). */
  moves?: { to: string };
  /** The event checks its user in with their groups (`community.checkIn`). */
  checksIn: boolean;
}

/** What the policy asks of a generated stream: its host events and its community mechanics. */
export interface PolicyPlan {
  events: HostEventPlan[];
  groups: Array<{ kind: string; min: number; max: number; buyHours?: number }>;
  tracks: Record<string, TrackView>;
  /** Stage → stage a rule moves an item to when its deadline passes (`community.item.overdue`). */
  overdue: Record<string, string>;
  /** Review schemes: their criteria, score range, and the stages rules read their reviews in. */
  reviews: Array<{ scheme: string; criteria: string[]; min: number; max: number; stages: string[] }>;
  voteOptions: string[];
  likes: boolean;
  votes: boolean;
  ratings: boolean;
}

/** Event types the generator's own baseline already sends (sign-up, profile, opens, feedback). */
export const BASELINE_TYPES: ReadonlySet<string> = new Set([
  'profile.updated',
  'user.signedUp',
  'app.opened',
  'feedback.submitted',
]);

interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  fact?: string;
  path?: string;
  operator?: string;
  value?: unknown;
  params?: Record<string, unknown>;
}

/** A condition's leaves. */
const leaves = (c: Condition | undefined): Condition[] =>
  c === undefined
    ? []
    : c.all || c.any || c.not
      ? [...(c.all ?? []), ...(c.any ?? []), c.not].flatMap(leaves)
      : [c];

/** The stages (`community.itemStage` equal) rules on `community.item.reviewed` read a scheme's reviews in. */
function reviewStages(policy: Policy, scheme: string): string[] {
  const stages = new Set<string>();
  for (const rule of policy.rules.filter((r) => r.on?.includes('community.item.reviewed'))) {
    const all = leaves(rule.conditions as Condition);
    if (!all.some((c) => c.params?.scheme === scheme)) continue;
    for (const c of all)
      if (c.fact === 'community.itemStage' && c.operator === 'equal' && typeof c.value === 'string')
        stages.add(c.value);
  }
  return [...stages];
}

const FIELD = /^\$\.payload\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** Values that make a condition on `event` `$.payload.<field>` true, and one that makes it false. */
function conditionValues(c: Condition, add: (field: string, values: unknown[]) => void): void {
  for (const child of [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])])
    conditionValues(child, add);
  const field = c.fact === 'event' ? FIELD.exec(c.path ?? '')?.[1] : undefined;
  if (field === undefined) return;
  const v = c.value;
  if (c.operator === 'in' && Array.isArray(v)) add(field, v);
  else if (typeof v === 'number') add(field, [v - 1, v, v + 1]);
  else if (v !== null && typeof v !== 'object') add(field, [v]);
}

/** Every `$.payload.x` path in a value, with the event types named next to it (`events: [...]`). */
function settingPaths(value: unknown, types: readonly string[], add: (type: string, field: string) => void) {
  if (Array.isArray(value)) for (const v of value) settingPaths(v, types, add);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const own = (value as { events?: unknown }).events;
  const here = Array.isArray(own) ? own.filter((t): t is string => typeof t === 'string') : types;
  for (const v of Object.values(value)) {
    const field = typeof v === 'string' ? FIELD.exec(v)?.[1] : undefined;
    if (field !== undefined) for (const type of here) add(type, field);
    else settingPaths(v, here, add);
  }
}

/** Values a payload schema allows for its required fields (enums; integers in their bounds). */
function schemaValues(schema: JsonSchema | undefined, add: (field: string, values: unknown[]) => void) {
  const s = schema as { required?: string[]; properties?: Record<string, Record<string, unknown>> };
  for (const field of s?.required ?? []) {
    const p = s.properties?.[field] ?? {};
    if (Array.isArray(p.enum)) add(field, p.enum);
    else if (p.type === 'integer' || p.type === 'number') {
      const lo = typeof p.minimum === 'number' ? p.minimum : 1;
      const hi = typeof p.maximum === 'number' ? p.maximum : lo + 4;
      add(field, [lo, Math.round((lo + hi) / 2), hi]);
    } else add(field, []);
  }
}

/** A track as the generator reads it. */
export interface TrackView {
  stages: string[];
  transitions: Record<string, string[]>;
  deadlines?: Record<string, number>;
}

interface CommunitySettingsView {
  groups?: Record<string, { min: number; max: number; buy?: { hours: number } }>;
  tracks?: Record<string, TrackView>;
  reviews?: Record<string, { criteria: Record<string, unknown>; min?: number; max?: number }>;
  contests?: Array<{ counts: string }>;
  voteOptions?: string[];
}

const PATH_SOURCES: Record<string, (params: Record<string, unknown>) => FieldSource> = {
  idPath: (p) => ({
    kind: 'new-item',
    itemKind: String(p.kind),
    ...(typeof p.track === 'string' ? { track: p.track } : {}),
  }),
  itemPath: () => ({ kind: 'item' }),
  groupPath: () => ({ kind: 'group' }),
  eventIdPath: () => ({ kind: 'earlier-event' }),
};

/**
 * Reads a policy for what a generated stream must contain so that each of its rules can fire: the host
 * events its rules listen on (not the engine's own derived events and timers), their payload fields (from
 * conditions, effect paths, settings and payload schemas), and the community plugin's groups, tracks,
 * reviews and reactions.
 */
export function planFor(policy: Policy, registry: Registry, skip: ReadonlySet<string>): PolicyPlan {
  const events = new Map<string, HostEventPlan>();
  const community = (policy.settings.community ?? {}) as CommunitySettingsView;
  // Groups only where the policy declares kinds of its own (the plugin's default kind is not a programme).
  const declaredGroups = (policy.document.settings?.community as CommunitySettingsView | undefined)?.groups;
  const hostSent = (type: string) => {
    const sources = registry.eventType(type)?.definition.sources;
    return sources === undefined || sources.includes('event');
  };
  const planOf = (type: string): HostEventPlan | undefined => {
    if (skip.has(type) || type.startsWith('community.') || !hostSent(type)) return undefined;
    let plan = events.get(type);
    if (plan === undefined) {
      plan = { type, fields: {}, checksIn: false };
      events.set(type, plan);
      const declared = registry.eventType(type)?.definition.payload;
      schemaValues(declared, (field, values) => addField(plan!, field, { kind: 'values', values }));
    }
    return plan;
  };
  const addField = (plan: HostEventPlan, field: string, source: FieldSource) => {
    const list = plan.fields[field] ?? [];
    plan.fields[field] = list;
    const same = list.find((s) => s.kind === source.kind);
    if (same?.kind === 'values' && source.kind === 'values')
      list[list.indexOf(same)] = {
        ...same,
        values: [...same.values, ...source.values],
        open: same.open && source.open,
      };
    else if (same === undefined) list.push(source);
  };
  for (const rule of policy.rules) {
    for (const type of rule.on ?? []) {
      const plan = planOf(type);
      if (plan === undefined) continue;
      conditionValues(rule.conditions as Condition, (field, values) =>
        addField(plan, field, { kind: 'values', values, open: true }),
      );
      for (const effect of rule.effects) {
        const params = effect.params as Record<string, unknown>;
        if (effect.type === 'community.checkIn') plan.checksIn = true;
        if (effect.type === 'community.move' && typeof params.to === 'string') {
          plan.moves = { to: params.to };
          addField(plan, FIELD.exec(String(params.itemPath ?? ''))?.[1] ?? 'item', { kind: 'item' });
        }
        for (const [name, source] of Object.entries(PATH_SOURCES)) {
          const field = FIELD.exec(String(params[name] ?? ''))?.[1];
          if (field !== undefined) addField(plan, field, source(params));
        }
      }
    }
  }
  for (const [type, declaration] of Object.entries(policy.document.eventTypes ?? {})) {
    const undo = (declaration as { undoes?: { eventIdPath?: string } }).undoes?.eventIdPath;
    const field = FIELD.exec(undo ?? '')?.[1];
    const plan = field === undefined ? undefined : planOf(type);
    if (plan && field) addField(plan, field, { kind: 'earlier-event' });
  }
  settingPaths(policy.settings, [], (type, field) => {
    const plan = events.get(type);
    if (plan !== undefined && plan.fields[field] === undefined) plan.fields[field] = [];
  });
  const on = new Set(policy.rules.flatMap((r) => r.on ?? []));
  const overdue: Record<string, string> = {};
  for (const rule of policy.rules.filter((r) => r.on?.includes('community.item.overdue'))) {
    const to = rule.effects.find((e) => e.type === 'community.move')?.params.to;
    conditionValues(rule.conditions as Condition, (field, values) => {
      if (field === 'stage' && typeof to === 'string' && typeof values[0] === 'string')
        overdue[values[0]] = to;
    });
  }
  const contests = community.contests ?? [];
  const tracks = community.tracks ?? {};
  const stages = Object.values(tracks).flatMap((t) => t.stages);
  return {
    events: [...events.values()],
    groups: Object.entries(declaredGroups ?? {}).map(([kind, g]) => ({
      kind,
      min: g.min,
      max: g.max,
      ...(g.buy ? { buyHours: g.buy.hours } : {}),
    })),
    tracks,
    overdue,
    reviews: Object.entries(community.reviews ?? {}).map(([scheme, r]) => ({
      scheme,
      criteria: Object.keys(r.criteria),
      min: r.min ?? 1,
      max: r.max ?? 5,
      stages: reviewStages(policy, scheme),
    })),
    voteOptions: community.voteOptions ?? ['yes', 'no'],
    likes: contests.some((c) => c.counts === 'likes') || on.has('community.contribution.reacted'),
    votes: contests.some((c) => c.counts === 'votes') || stages.includes('voting'),
    ratings: on.has('community.rating.received'),
  };
}
