import type { Readable } from 'node:stream';

/** Something text can be written to (a stream, or a test buffer). */
/** Where a command writes text: `process.stdout`, `process.stderr`, or a capture in tests. */
export interface TextSink {
  /** Writes `text` as it is (lines end with `\n`). */
  write(text: string): unknown;
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

/** A text sink that keeps what was written; `text()` returns it all. */
/** A sink that keeps what was written, for tests and in-process runs. */
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
