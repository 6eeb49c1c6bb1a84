import { createReadStream, createWriteStream, fstatSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { loadPolicyPath, type Plugin, type Policy } from '@engageloop/core';
import { readFileChunks } from '../file-chunks';
import type { CliLocale } from '../i18n';
import type { CliIO } from '../io';
import { firstPartyPlugins, pluginsForPolicy } from '../plugins';
import { createProgress, type Progress } from '../progress';
import { type CommandArgs, str } from './command';

/** Parses `90s`, `30m`, `1h`, `2d` into milliseconds; NaN when malformed. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return Number.NaN;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    match[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(match[1]) * unit;
}

/** Parses an ISO date-time option; NaN when malformed, undefined when absent. */
export const parseTime = (text: string | undefined): number | undefined =>
  text === undefined ? undefined : Date.parse(text);

/** The input stream of `--events <file|->`. */
export function openInput(path: string, io: CliIO, resolve: (p: string) => string): Readable {
  if (path === '-') return io.stdin ?? process.stdin;
  return createReadStream(resolve(path));
}

/** Loads a policy path with the given plugins. */
export const loadWith = (path: string, plugins: readonly Plugin[]): Promise<Policy> =>
  loadPolicyPath(path, { plugins: [...plugins] });

/** The `--plugins` option of the commands that run a policy (simulate, diff, report). */
export const PLUGINS_OPTION = { plugins: { type: 'string' } } as const;

/** `--plugins a,b` (plugins to install beyond those the policy uses; `all` for every one). */
export const forcedPlugins = (args: CommandArgs): string[] =>
  (str(args, 'plugins') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);

/**
 * Loads a policy path checked against every first-party plugin (the errors `validate` gives), and
 * picks the plugins its run installs: those the policy uses, plus `force`.
 */
export async function loadForRun(
  path: string,
  force: readonly string[],
): Promise<{ policy: Policy; plugins: Plugin[] }> {
  const all = firstPartyPlugins();
  const policy = await loadWith(path, all);
  return { policy, plugins: pluginsForPolicy(policy.document, all, force) };
}

/** An NDJSON writer for `--out`; `close()` resolves when everything is flushed. */
export function ndjsonWriter(path: string): { write(value: unknown): Promise<void>; close(): Promise<void> } {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  return {
    write: (value) =>
      new Promise<void>((resolve) => {
        if (stream.write(`${JSON.stringify(value)}\n`)) resolve();
        else stream.once('drain', () => resolve());
      }),
    close: () =>
      new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      ),
  };
}

/** A progress bar on stderr for a run without a known size (drawn only on a terminal, not under CI). */
export const progress = (io: CliIO, locale: CliLocale): Progress => createProgress(io, locale);

/** The size in bytes of `--events <file|->` when it is a regular file (stdin redirected from one too). */
export function inputSize(path: string, resolve: (p: string) => string): number | undefined {
  try {
    const stat = path === '-' ? fstatSync(0) : statSync(resolve(path));
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens `--events <file|->` (a file is read a chunk at a time on this thread, `readFileChunks`) with a progress
 * bar whose total is the file's size (no first pass over the events): the bar moves with the bytes read so far.
 */
export function openEvents(
  path: string,
  ctx: { io: CliIO; locale: CliLocale; resolve(p: string): string },
  label?: string,
): { input: AsyncIterable<Uint8Array | string>; bar: Progress } {
  const file = path === '-' ? undefined : readFileChunks(ctx.resolve(path));
  const input = file?.chunks ?? openInput(path, ctx.io, ctx.resolve);
  const bar = createProgress(ctx.io, ctx.locale, {
    label,
    total: inputSize(path, ctx.resolve),
    position: () => file?.read() ?? 0,
  });
  return { input, bar };
}
