// The public types of entities and derived events, checked by the type-checker (`npm run typecheck` compiles
// this file): `expectTypeOf` fails the build when a type drifts, `@ts-expect-error` when a mistake compiles.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Outcome, TickReport } from '../event/outcome';
import type { LoopEvent, ValidatedEvent } from '../event/types';
import type { CounterEntry, TimerRecord } from '../store/types';
import type {
  DerivedEventInput,
  DispatchContext,
  EffectContext,
  FactContext,
  PluginHooks,
  PrepareResult,
  TimerInput,
} from './types';

describe('entity and derived-event types', () => {
  it('derive takes a DerivedEventInput and returns the id; effects and hooks both have it', () => {
    expectTypeOf<DispatchContext['derive']>().parameters.toEqualTypeOf<[DerivedEventInput]>();
    expectTypeOf<DispatchContext['derive']>().returns.toEqualTypeOf<string>();
    expectTypeOf<EffectContext['derive']>().toEqualTypeOf<DispatchContext['derive']>();
    expectTypeOf<DerivedEventInput>().toEqualTypeOf<{
      key: string;
      type: string;
      userId?: string;
      entity?: string;
      payload?: Record<string, unknown>;
    }>();
    // @ts-expect-error a derivation needs a key
    const missingKey: DerivedEventInput = { type: 'kudos.received', userId: 'u2' };
    expect(missingKey.type).toBe('kudos.received');
  });

  it('facts read leaderboards that prepare names', () => {
    expectTypeOf<FactContext['top']>().returns.toEqualTypeOf<readonly CounterEntry[]>();
    expectTypeOf<ReturnType<NonNullable<PluginHooks['prepare']>>>().toEqualTypeOf<
      PrepareResult | undefined
    >();
    expectTypeOf<NonNullable<PrepareResult['tops']>[number]>().toEqualTypeOf<{
      prefix: string;
      limit: number;
    }>();
  });

  it('events, timers and outcomes carry an entity; validated events their subject, cause and depth', () => {
    expectTypeOf<LoopEvent['entity']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<LoopEvent['userId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ValidatedEvent['userId']>().toEqualTypeOf<string>();
    expectTypeOf<ValidatedEvent['subject']>().toEqualTypeOf<string>();
    expectTypeOf<ValidatedEvent['cause']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ValidatedEvent['source']>().toEqualTypeOf<'event' | 'timer' | 'derived'>();
    expectTypeOf<TimerInput['entity']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<TimerRecord['derived']>().toEqualTypeOf<
      { eventId: string; cause: string; depth: number } | undefined
    >();
    expectTypeOf<Outcome['derived']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<TickReport['derived']>().toEqualTypeOf<Outcome[]>();
  });
});
