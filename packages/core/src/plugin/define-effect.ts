import type { EffectType } from './types';

/**
 * Types an effect for its plugin: `S` is the plugin's slice, `P` the effect's params (what its `params`
 * JSON Schema admits), `Settings` the plugin's settings. The reducer's `state`, `params` and `ctx`
 * (`ctx.slice()`, `ctx.settings`) are typed from them with no annotation, it must return an `S`, and the
 * result goes into `definePlugin<S, Settings>({ effects })` as it is: no cast. Inside `definePlugin` the
 * three are inferred from the plugin (annotate `params` only). The value is returned unchanged;
 * `definePlugin` checks it at run time.
 *
 * @example
 * interface AwardParams { amount: number }
 * export const award = defineEffect<PointsState, AwardParams, PointsSettings>({
 *   params: { type: 'object', required: ['amount'], properties: { amount: { type: 'integer', minimum: 1 } } },
 *   apply: (state, params, ctx) => ({ ...state, points: state.points + params.amount * ctx.settings.multiplier }),
 * });
 * export const points = () =>
 *   definePlugin<PointsState, PointsSettings>({ name: 'points', version: '1.0.0', effects: { 'points.award': award } });
 */
export function defineEffect<S, P = Record<string, unknown>, Settings = unknown>(
  effect: EffectType<S, P, Settings>,
): EffectType<S, P, Settings> {
  return effect;
}
