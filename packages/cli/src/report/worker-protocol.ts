import {
  EngageLoopError,
  type EngageLoopErrorOptions,
  type ErrorCode,
  isEngageLoopError,
} from '@engageloop/core';
import type { InvalidLine } from '../simulation';
import type { PolicyRun } from './run';

/** What a policy worker is given (`workerData`): paths already resolved against the command's directory. */
export interface PolicyTask {
  policyPath: string;
  /** The events file; undefined when the main thread reads stdin once and posts it (`FeedMessage`). */
  eventsPath: string | undefined;
  forcePlugins: readonly string[];
  skipInvalid: boolean;
}

/** What the main thread posts a worker reading stdin: its chunks, then the end (or why it failed). */
export type FeedMessage = { chunk: Uint8Array } | { end: true } | { error: string };

/** Where a run reading stdin gets the `FeedMessage`s: a worker's `parentPort`, or this thread's `localFeed`. */
export interface FeedPort {
  on(event: 'message', listener: (message: FeedMessage) => void): unknown;
  off(event: 'message', listener: (message: FeedMessage) => void): unknown;
}

/** What a policy worker posts back, in order: progress and invalid lines, then one `done`/`stopped`/`failed`. */
export type WorkerReport =
  | { kind: 'progress'; lines: number; bytes: number }
  | { kind: 'invalid'; invalid: InvalidLine }
  | { kind: 'done'; run: PolicyRun }
  | { kind: 'stopped' }
  | { kind: 'failed'; error: ThrownData };

/** An `EngageLoopError` as plain data: its code and the options it was made with (texts in every locale). */
interface CodedErrorData extends Omit<EngageLoopErrorOptions, 'errors' | 'cause'> {
  code: ErrorCode;
  errors: CodedErrorData[];
}

/** Anything thrown, as plain data a worker can post: a coded error, or an error's message and stack. */
export type ThrownData = { coded: CodedErrorData } | { message: string; stack?: string };

const LOCATION = ['file', 'line', 'column', 'pointer', 'ruleId', 'plugin', 'hook', 'data'] as const;

function codedData(e: EngageLoopError): CodedErrorData {
  const out: CodedErrorData = { code: e.code, errors: e.errors.map(codedData) };
  if (e.texts.message !== undefined) out.message = e.texts.message;
  if (e.texts.hint !== undefined) out.hint = e.texts.hint;
  if (e.detail !== undefined) out.detail = e.detail;
  for (const key of LOCATION) if (e[key] !== undefined) Object.assign(out, { [key]: e[key] });
  return out;
}

/** What a worker posts for something thrown (`data` made JSON-safe, so the post itself cannot fail). */
export function thrownData(thrown: unknown): ThrownData {
  if (isEngageLoopError(thrown)) return { coded: JSON.parse(JSON.stringify(codedData(thrown))) };
  if (thrown instanceof Error) return { message: thrown.message, stack: thrown.stack };
  return { message: String(thrown) };
}

function codedError(data: CodedErrorData): EngageLoopError {
  const { code, errors, ...options } = data;
  return new EngageLoopError(code, { ...options, errors: errors.map(codedError) });
}

/** The error a worker reported, rebuilt on the main thread: the same code, texts and location as thrown there. */
export function rebuildThrown(data: ThrownData): Error {
  if ('coded' in data) return codedError(data.coded);
  const error = new Error(data.message);
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
