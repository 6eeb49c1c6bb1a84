import { type OutboxEntry, zonedParts } from '@engageloop/core';
import type { PolicyRun } from '../run/types';
import { asRecord, configures, defineInvariant, timezoneOf } from './define';

const hasLifecycle = configures('lifecycle');

const minutes = (hhmm: unknown) => {
  const [h, m] = String(hhmm).split(':');
  return Number(h) * 60 + Number(m);
};

function careMessages(run: PolicyRun): OutboxEntry[] {
  return run.final.outbox.filter(
    (m) => m.plugin === 'lifecycle' && m.kind === 'care' && !m.transactional && m.status !== 'cancelled',
  );
}

/** No (non-transactional) care message is to be delivered inside the user's local quiet hours. */
export const noCareInQuietHours = defineInvariant(
  'no care message inside quiet hours',
  (run) => {
    const quiet = asRecord(asRecord(run.policy.settings.lifecycle)?.quietHours);
    if (!quiet) return undefined;
    const start = minutes(quiet.start);
    const end = minutes(quiet.end);
    if (start === end) return undefined;
    for (const m of careMessages(run)) {
      const tz = timezoneOf(run, m.userId);
      const p = zonedParts(m.notBefore, tz);
      const at = (p.hour % 24) * 60 + p.minute;
      const inside = start < end ? at >= start && at < end : at >= start || at < end;
      if (inside) {
        const local = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
        return `care message ${m.id} ("${m.topic}") for ${m.userId} is due at ${local} ${tz}, inside quiet hours ${String(quiet.start)}–${String(quiet.end)}`;
      }
    }
    return undefined;
  },
  hasLifecycle,
);

const durationMs = (d: unknown) => {
  const r = asRecord(d) ?? {};
  return (
    Number(r.days ?? 0) * 86_400_000 + Number(r.hours ?? 0) * 3_600_000 + Number(r.minutes ?? 0) * 60_000
  );
};

/** Care frequency caps (`settings.lifecycle.caps`: at most `max` per sliding `window`, per channel if set). */
export const careCapsHold = defineInvariant(
  'no care message past a cap',
  (run) => {
    const caps = asRecord(run.policy.settings.lifecycle)?.caps;
    if (!Array.isArray(caps)) return undefined;
    const byUser = new Map<string, OutboxEntry[]>();
    for (const m of careMessages(run)) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), m]);
    for (const cap of caps.map((c) => asRecord(c) ?? {})) {
      const windowMs = durationMs(cap.window);
      const max = Number(cap.max);
      for (const [userId, all] of byUser) {
        const times = all
          .filter((m) => cap.channel === undefined || m.channel === cap.channel)
          .map((m) => m.notBefore)
          .sort((a, b) => a - b);
        for (const [i, t] of times.entries()) {
          const n = times.slice(i).filter((u) => u < t + windowMs).length;
          if (n > max) {
            return `${userId} gets ${n} care messages${cap.channel ? ` on ${String(cap.channel)}` : ''} within ${windowMs / 3_600_000} h from ${new Date(t).toISOString()}; the cap is ${max}`;
          }
        }
      }
    }
    return undefined;
  },
  hasLifecycle,
);

/** After every step each known user is in exactly one lifecycle stage, one the policy defines. */
export const oneLifecycleStage = defineInvariant(
  'each user in exactly one lifecycle stage',
  (run) => {
    const stages = asRecord(run.policy.settings.lifecycle)?.stages;
    const names = new Set(Array.isArray(stages) ? stages.map((s) => String(asRecord(s)?.name)) : []);
    for (const step of run.steps) {
      for (const [userId, user] of Object.entries(step.users)) {
        const slice = asRecord(user.slices.lifecycle);
        if (!slice) continue;
        if (typeof slice.stage !== 'string')
          return `after step ${step.index + 1}, ${userId} has no lifecycle stage`;
        if (names.size > 0 && !names.has(slice.stage)) {
          return `after step ${step.index + 1}, ${userId} is in "${slice.stage}", which the policy does not define`;
        }
      }
    }
    return undefined;
  },
  hasLifecycle,
);
