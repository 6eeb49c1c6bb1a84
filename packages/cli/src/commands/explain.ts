import { readFile } from 'node:fs/promises';
import {
  createEngine,
  createManualClock,
  createMemoryStore,
  EngageLoopError,
  explainOutcome,
  localized,
  type Outcome,
  validateEvent,
} from '@engageloop/core';
import { messages } from '../i18n';
import { jsonProblem, readNdjson } from '../ndjson';
import { type Command, SHARED_HELP, str } from './command';
import { forcedPlugins, loadForRun, openInput, PLUGINS_OPTION } from './shared';

async function readEvent(text: string, resolve: (p: string) => string): Promise<unknown> {
  const json = text.startsWith('@') ? await readFile(resolve(text.slice(1)), 'utf8') : text;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    const problem = jsonProblem(json);
    throw new EngageLoopError('EVENT_INVALID', {
      message: localized(
        messages('en').eventNotJson(problem.en),
        messages('zh-CN').eventNotJson(problem['zh-CN']),
      ),
    });
  }
}

const timeOf = (value: unknown): number | undefined => {
  const at =
    typeof value === 'object' && value !== null && Object.hasOwn(value, 'at')
      ? (value as { at: unknown }).at
      : undefined;
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

/** Derived events explained after the event itself, at most. */
const DERIVED_SHOWN = 20;

/** `engageloop explain --policy <p> --event <json|@file> [--history <ndjson>]` */
export const explainCommand: Command = {
  name: 'explain',
  summary: {
    en: 'Explain one event: which rules fired, and why the others did not (with fact values).',
    'zh-CN': '解释单个事件：哪些规则触发了，其余规则为何未触发（附事实取值）。',
  },
  usage: '--policy <p> --event <json|@file> [--history <events.ndjson>] [--plugins a,b|all]',
  options: {
    policy: { type: 'string' },
    event: { type: 'string' },
    history: { type: 'string' },
    ...PLUGINS_OPTION,
  },
  optionHelp: {
    policy: SHARED_HELP.policy,
    event: {
      en: 'The event to explain: JSON text, or @file to read it from a file.',
      'zh-CN': '要解释的事件：JSON 文本，或用 @文件 从文件读取。',
    },
    history: {
      en: 'Events to run first (NDJSON), so counters and caps are as they were.',
      'zh-CN': '先运行的历史事件（NDJSON），使计数和上限处于当时的状态。',
    },
    plugins: SHARED_HELP.plugins,
  },
  async run({ args, io, locale, resolve }) {
    const m = messages(locale);
    const policyPath = str(args, 'policy');
    const eventText = str(args, 'event');
    if (policyPath === undefined || eventText === undefined) {
      io.stderr.write(`${m.missing(policyPath === undefined ? '--policy' : '--event')}\n`);
      return 2;
    }
    // The plugins a simulate of the same policy installs: no acknowledgement from an unused `replies`.
    const { policy, plugins } = await loadForRun(resolve(policyPath), forcedPlugins(args));
    const event = await readEvent(eventText, resolve);
    const clock = createManualClock(0);
    const engine = createEngine({ plugins, policy, store: createMemoryStore(), clock });
    const history = str(args, 'history');
    if (history !== undefined) {
      for await (const item of readNdjson(openInput(history, io, resolve))) {
        if ('error' in item)
          throw new EngageLoopError('EVENT_INVALID', {
            message: localized(
              messages('en').badLine(item.line, item.text.en),
              messages('zh-CN').badLine(item.line, item.text['zh-CN']),
            ),
          });
        const time = timeOf(item.value);
        if (time !== undefined && time > clock.now()) {
          await engine.tick(time);
          clock.set(time);
        }
        try {
          await engine.dispatch(item.value);
        } catch (error) {
          if (error instanceof EngageLoopError) {
            throw new EngageLoopError(error.code, {
              message: localized(
                messages('en').badLine(item.line, error.message),
                messages('zh-CN').badLine(item.line, error.messageIn('zh-CN')),
              ),
              cause: error,
            });
          }
          throw error;
        }
      }
    }
    const time = timeOf(event);
    if (time !== undefined && time > clock.now()) {
      await engine.tick(time);
      clock.set(time);
    }
    // Checked first, as `dispatch` would: a malformed event is an error, not a failed outcome.
    validateEvent(event, engine.registry);
    const derived: Outcome[] = [];
    const [outcome] = (await engine.dispatchBatch([event], {
      trace: true,
      onDerived: (o) => void derived.push(o),
    })) as [Outcome];
    io.stdout.write(`${explainOutcome(outcome, { locale })}\n`);
    // What the event set off on other entities and users (a like → the item's tally → its owner's reward).
    if (derived.length > 0) io.stdout.write(`\n${m.derived(derived.length, DERIVED_SHOWN)}\n`);
    for (const o of derived.slice(0, DERIVED_SHOWN)) io.stdout.write(`\n${explainOutcome(o, { locale })}\n`);
    await engine.close();
    return outcome.status === 'failed' ? 1 : 0;
  },
};
