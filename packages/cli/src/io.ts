import type { Readable } from 'node:stream';

/** Where a command writes text: `process.stdout`, `process.stderr`, or a capture in tests. */
export interface TextSink {
  /** Writes `text` as it is (lines end with `\n`). A stream returns false when its buffer is full. */
  write(text: string): unknown;
  /** A stream's `once('drain', …)`: called when a full buffer has been written out. */
  once?(event: 'drain', listener: () => void): unknown;
  /** True when this is an interactive terminal (progress bars are drawn only then). */
  isTTY?: boolean;
}

/** Everything a command touches outside itself, injected so tests can capture it. */
export interface CliIO {
  stdout: TextSink;
  stderr: TextSink;
  /** Standard input, for `--events -`. */
  stdin?: Readable;
  /** Environment (for `LANG` / `LC_ALL`). */
  env?: Record<string, string | undefined>;
  /** Directory relative paths are resolved against. */
  cwd?: string;
}

/** A sink that keeps what was written, for tests and in-process runs; `text()` returns it all. */
export interface CapturedSink extends TextSink {
  /** Everything written so far, in order. */
  text(): string;
}

/** A sink for tests and for running commands in-process. */
export function createCapture(isTTY = false): CapturedSink {
  const chunks: string[] = [];
  return {
    isTTY,
    write: (text: string) => {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

/**
 * Writes `text` to `sink` and, when the sink is a stream whose buffer is now full, waits until it has been written
 * out: a long output (`generate-events` over many users) is produced no faster than the reader takes it, instead of
 * piling up in memory.
 */
export async function writeInTurn(sink: TextSink, text: string): Promise<void> {
  if (sink.write(text) !== false || sink.once === undefined) return;
  const once = sink.once.bind(sink);
  await new Promise<void>((resolve) => once('drain', resolve));
}
