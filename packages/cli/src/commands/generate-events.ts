import { generateEvents } from '../generate/generate';
import { PROFILES, type ProfileName } from '../generate/profiles';
import { messages } from '../i18n';
import { type Command, int, str } from './command';

/** `engageloop generate-events --profile <p> --users N --days D --seed S [--start ISO]` */
export const generateEventsCommand: Command = {
  name: 'generate-events',
  summary: {
    en: 'Write a realistic, deterministic synthetic event stream (NDJSON) to stdout.',
    'zh-CN': '生成逼真且可复现的模拟事件流（NDJSON），输出到标准输出。',
  },
  usage: `--profile <${PROFILES.join('|')}> --users N --days D --seed S [--start ISO]`,
  options: {
    profile: { type: 'string' },
    users: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
  },
  async run({ args, io, locale }) {
    const m = messages(locale);
    const profile = str(args, 'profile');
    if (profile === undefined) {
      io.stderr.write(`${m.missing('--profile')}\n`);
      return 2;
    }
    const events = generateEvents({
      profile: profile as ProfileName,
      users: int(args, 'users', 100),
      days: int(args, 'days', 30),
      seed: str(args, 'seed') ?? '1',
      start: str(args, 'start'),
    });
    let buffer = '';
    for (const event of events) {
      buffer += `${JSON.stringify(event)}\n`;
      if (buffer.length > 65_536) {
        io.stdout.write(buffer);
        buffer = '';
      }
    }
    io.stdout.write(buffer);
    return 0;
  },
};
