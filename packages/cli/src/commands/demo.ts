import { loadPolicy, type OutboxMessage } from '@engageloop/core';
import { DEMO_SCENES, scenePolicy } from '../demo-scenes';
import { displayNames } from '../display-names';
import { examplesDir } from '../examples';
import { formatSummary } from '../format-summary';
import { generateEvents } from '../generate/generate';
import { messages, tr } from '../i18n';
import { numbered } from '../ndjson';
import { firstPartyPlugins } from '../plugins';
import { runSimulation } from '../simulation';
import { SUMMARY_LABELS } from '../summary-labels';
import { type Command, POPULATION_HELP, POPULATION_OPTIONS, populationOf, str } from './command';
import { progress } from './shared';

const INTERESTING = [/sentiment/, /milestone/, /tier/, /adopted/, /win-back/, /welcome/];

const earlier = (a: OutboxMessage, b: OutboxMessage): boolean =>
  a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);

/** Keeps, per interesting topic, the first message queued (as the run delivers them, or still pending). */
function createSampler() {
  const first = new Map<RegExp, OutboxMessage>();
  return {
    see(message: OutboxMessage): void {
      for (const pattern of INTERESTING) {
        const kept = first.get(pattern);
        if (pattern.test(message.topic) && (kept === undefined || earlier(message, kept)))
          first.set(pattern, message);
      }
    },
    lines: () => samples(INTERESTING.flatMap((p) => first.get(p) ?? [])),
  };
}

/** A few messages worth showing: one per interesting topic (in `INTERESTING`'s order), bodies shortened. */
function samples(messages: readonly OutboxMessage[]): string[] {
  return messages.slice(0, 4).map((m) => {
    const body = m.body.replace(/\s+/g, ' ');
    return `  ✉ ${m.userId} ${m.kind}/${m.topic}${m.channel ? ` @${m.channel}` : ''}: ${body.length > 90 ? `${body.slice(0, 89)}…` : body}`;
  });
}

/** `engageloop demo` — the README's main job: generated users, the example policies, what the loop did. */
export const demoCommand: Command = {
  name: 'demo',
  summary: {
    en: 'Generate users and events, run the example policies, and show what the loop did.',
    'zh-CN': '生成用户与事件，运行示例策略，展示参与闭环的效果。',
  },
  usage: '[--users 150] [--days 30] [--seed 7] [--scene learning|community|ecommerce] [--examples <dir>]',
  options: {
    ...POPULATION_OPTIONS,
    scene: { type: 'string' },
    examples: { type: 'string' },
  },
  optionHelp: {
    ...POPULATION_HELP,
    scene: {
      en: 'Run one scene only: learning, community or ecommerce.',
      'zh-CN': '只运行一个场景：learning、community 或 ecommerce。',
    },
    examples: {
      en: 'Folder of the example policies (default: the installed examples).',
      'zh-CN': '示例策略所在文件夹（默认：随包安装的示例）。',
    },
  },
  async run({ args, io, locale, resolve }) {
    const { users, days, seed } = populationOf(args, { users: 150, days: 30, seed: '7' });
    const only = str(args, 'scene');
    const examples = str(args, 'examples');
    const dir = examplesDir(examples === undefined ? undefined : resolve(examples));
    const plugins = firstPartyPlugins();
    const m = messages(locale);
    io.stdout.write(`${m.demoIntro(users, days, seed, dir)}\n`);
    let failures = 0;
    for (const scene of DEMO_SCENES.filter((s) => only === undefined || s.profile === only)) {
      const policy = loadPolicy(await scenePolicy(scene, dir), { plugins, file: scene.files.join(' + ') });
      const bar = progress(io, locale);
      const sampler = createSampler();
      const result = await runSimulation({
        policy,
        plugins,
        input: numbered(generateEvents({ profile: scene.profile, users, days, seed, needs: true })),
        onProgress: bar.update,
        onMessage: sampler.see,
        beforeClose: async (engine) => {
          for (const m of await engine.store.listMessages()) sampler.see(m);
        },
      });
      const shown = sampler.lines();
      bar.done();
      if (!result.ok) failures++;
      io.stdout.write(`\n━━ ${tr(locale, scene.title)} ━━\n`);
      io.stdout.write(
        formatSummary(result.summary, locale, { compact: true, names: displayNames(policy, locale) }),
      );
      if (shown.length > 0) io.stdout.write(`\n${SUMMARY_LABELS[locale].samples}\n${shown.join('\n')}\n`);
    }
    io.stdout.write(`\n${m.demoNext}\n`);
    return failures === 0 ? 0 : 1;
  },
};
