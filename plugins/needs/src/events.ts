import type { EventTypeDefinition } from '@engageloop/core';
import {
  NEED_KINDS,
  NEED_STATUSES,
  NEED_URGENCIES,
  type NeedKind,
  type NeedStatus,
  type NeedUrgency,
  type OpenNeedParams,
  type SlaDeadline,
} from './types';

declare module '@engageloop/core' {
  interface LoopEvents {
    /** A need item was created (not emitted when a user joins an existing need). */
    'need:captured': { needId: string; userId: string; kind: string; channel: string };
    /** A user voiced a need someone else voiced first (`sameAs`) and became a supporter. */
    'need:supported': { needId: string; userId: string; supporters: number };
    /** Every status change. Visible to later stages as `signals` (`$.need:status-changed.to`). */
    'need:status-changed': { needId: string; from: NeedStatus; to: NeedStatus; by: string };
    /** A first-response or resolution deadline passed without the need moving on. */
    'need:sla-breached': {
      needId: string;
      deadline: SlaDeadline;
      dueAt: number;
      kind: string;
      urgency: string;
    };
    'need:escalated': { needId: string; level: number; to: string | null };
    /** An undo (`eventId`) withdrew the need item the undone event opened: it is gone, as if never voiced. */
    'need:withdrawn': { needId: string; userId: string; eventId: string };
  }
  // Event types hosts dispatch to the needs plugin (`need.sla-due` and `need.credited` are its timers).
  interface PluginEventTypes {
    'need.captured': {
      kind: NeedKind;
      text: string;
      channel?: string;
      tags?: string[];
      urgency?: NeedUrgency;
      needId?: string;
      /** The id of a need voiced before: the user joins it as a supporter. */
      sameAs?: string;
      sentiment?: number;
      [key: string]: unknown;
    };
    'need.status': {
      needId: string;
      to: NeedStatus;
      reason?: string;
      mergeInto?: string;
      [key: string]: unknown;
    };
    'need.assessed': {
      needId: string;
      importance?: number;
      difficulty?: number;
      impact?: number;
      tags?: string[];
      [key: string]: unknown;
    };
  }
  // The needs plugin's effects and their params.
  interface PolicyEffects {
    'needs.open': OpenNeedParams;
    'needs.acknowledge': Record<string, never>;
    'needs.setStatus': { to: Exclude<NeedStatus, 'captured' | 'duplicate'>; reason?: string };
    'needs.escalate': { level?: number; to?: string; message?: string };
    'needs.tag': { tags: string[] };
  }
}

const needId = { type: 'string', minLength: 1, maxLength: 200 };
const score = { type: 'integer', minimum: 1, maximum: 5 };
const tags = { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 100 } };

/** Event types of the needs plugin (one capture type with a `kind`, so no clash with other plugins' types). */
export const NEEDS_EVENT_TYPES: Record<string, EventTypeDefinition> = {
  'need.captured': {
    description: {
      en: 'A user voiced a need: feedback, suggestion, complaint, question or bug. `sameAs` joins a need voiced before.',
      'zh-CN': '用户提出需求（反馈、建议、投诉、咨询或缺陷）；`sameAs` 表示与已有需求相同。',
    },
    payload: {
      type: 'object',
      required: ['kind', 'text'],
      properties: {
        kind: { enum: [...NEED_KINDS] },
        text: { type: 'string', maxLength: 10_000 },
        channel: { type: 'string', minLength: 1, maxLength: 64 },
        tags,
        urgency: { enum: [...NEED_URGENCIES] },
        needId,
        sameAs: needId,
        sentiment: { type: 'number', minimum: -1, maximum: 1 },
      },
    },
  },
  'need.status': {
    description: {
      en: 'Staff changed the status of a need (`mergeInto` names the target when marking a duplicate).',
      'zh-CN': '工作人员变更需求状态（标记重复时用 `mergeInto` 指定合并目标）。',
    },
    payload: {
      type: 'object',
      required: ['needId', 'to'],
      properties: {
        needId,
        to: { enum: [...NEED_STATUSES] },
        reason: { type: 'string', maxLength: 2000 },
        mergeInto: needId,
      },
    },
  },
  'need.assessed': {
    description: {
      en: 'Staff assessed a need: importance, implementation difficulty, impact (1–5) and tags.',
      'zh-CN': '工作人员评估需求：重要性、实现难度、体验影响（1–5）及标签。',
    },
    payload: {
      type: 'object',
      required: ['needId'],
      properties: { needId, importance: score, difficulty: score, impact: score, tags },
    },
  },
  'need.sla-due': {
    description: { en: 'An SLA deadline of a need came due (timer).', 'zh-CN': '需求的时限到期（定时器）。' },
    payload: {
      type: 'object',
      required: ['needId', 'deadline'],
      properties: { needId, deadline: { enum: ['acknowledge', 'resolve'] }, timerId: { type: 'string' } },
    },
    sources: ['timer'],
  },
  'need.credited': {
    description: {
      en: "A need the user voiced was adopted (timer): counts in the user's past adopted feedback.",
      'zh-CN': '用户提出的需求被采纳（定时器），计入其历史采纳数。',
    },
    payload: {
      type: 'object',
      required: ['needId'],
      properties: { needId, timerId: { type: 'string' } },
    },
    sources: ['timer'],
  },
};
