/**
 * The event-type map of `dispatch`. Without an app declaration (this program: tests/ declares none) `dispatch`
 * takes any value, as before. An app that declares `EngageLoopEventTypes` (tests/types/strict-app, a program
 * of its own, since a declaration changes every `dispatch` of the program it is in) gets only known types,
 * payloads typed: it is compiled here with the TypeScript API, its `@ts-expect-error` lines stripped, and each
 * must then fail with the message the directive names — and nothing else may fail.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createEngine,
  type DispatchBatchInput,
  type DispatchInput,
  type EngageLoopEvent,
  type Engine,
  type EventTypesChecked,
  type KnownEventTypes,
} from '@engageloop/core';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';

const appDir = fileURLToPath(new URL('./strict-app/', import.meta.url));
const appFile = join(appDir, 'app.ts');
const DIRECTIVE = /^\s*\/\/ @ts-expect-error: (.+)$/;

describe('event types of dispatch, without an app declaration', () => {
  it('dispatch takes any value (checked at run time), and plugins still type their own event types', async () => {
    expectTypeOf<EventTypesChecked>().toEqualTypeOf<false>();
    expectTypeOf<DispatchInput>().toEqualTypeOf<unknown>();
    expectTypeOf<Engine['dispatch']>().parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf<DispatchBatchInput>().toExtend<Iterable<unknown> | AsyncIterable<unknown>>();
    // Known all the same: core's, the replies plugin's (imported by other files of this program), the needs'.
    expectTypeOf<keyof KnownEventTypes>().toExtend<string>();
    expectTypeOf<KnownEventTypes['profile.updated']['timezone']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<KnownEventTypes['need.captured']['kind']>().toEqualTypeOf<
      'feedback' | 'suggestion' | 'complaint' | 'question' | 'bug' | 'review' | 'proposal'
    >();
    expectTypeOf<EngageLoopEvent<'profile.updated'>['type']>().toEqualTypeOf<'profile.updated'>();
    const engine = createEngine({ policy: { version: 1, rules: [] } });
    const line: unknown = JSON.parse('{"id":"e1","type":"profile.updated","userId":"u1"}');
    await expect(engine.dispatch(line)).rejects.toMatchObject({ code: 'EVENT_INVALID' });
  });
});

describe('event types of dispatch, in an app that declares its own (tests/types/strict-app)', () => {
  it('compiles every line but the marked ones, and each marked line fails with the expected message', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(appDir, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('strict-app/tsconfig.json could not be read');
    const source = readFileSync(appFile, 'utf8');
    const lines = source.split('\n');
    const expected = new Map<number, string>(); // 1-based line of the code → message it must fail with
    lines.forEach((line, i) => {
      const match = DIRECTIVE.exec(line);
      if (match?.[1]) expected.set(i + 2, match[1]);
    });
    expect(expected.size).toBeGreaterThanOrEqual(8);
    // The directives become plain comments: the lines keep their numbers, and their errors show.
    const stripped = lines.map((line) => (DIRECTIVE.test(line) ? '//' : line)).join('\n');
    const host = ts.createCompilerHost(config.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, onError, create) =>
      resolve(name) === appFile
        ? ts.createSourceFile(name, stripped, language)
        : getSourceFile(name, language, onError, create);
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });

    const found = new Map<number, string[]>();
    const elsewhere: string[] = [];
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || resolve(d.file.fileName) !== appFile) {
        elsewhere.push(`${d.file ? d.file.fileName : ''}: ${text}`);
        continue;
      }
      const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
      found.set(line, [...(found.get(line) ?? []), text]);
    }
    expect(elsewhere).toEqual([]);
    const unexpected = [...found].filter(([line]) => !expected.has(line));
    expect(unexpected.map(([line, texts]) => `app.ts:${line}: ${texts.join(' | ')}`)).toEqual([]);
    const missing = [...expected].filter(
      ([line, message]) => !(found.get(line) ?? []).some((text) => text.includes(message)),
    );
    expect(
      missing.map(
        ([line, message]) => `app.ts:${line} should fail with "${message}": ${found.get(line) ?? 'compiles'}`,
      ),
    ).toEqual([]);
  }, 120_000);
});
