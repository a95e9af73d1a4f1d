// Every CLI command in-process: exit codes, output shapes, import/export round trip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir, tempDir } from '../receiver/helpers';
import { cli } from './helpers';

const LS_FIELDS = [
  'traceId', 'rootName', 'service', 'workloadId', 'startTimeUnixNano', 'durationMs', 'spanCount', 'errorCount',
  'inputTokens', 'outputTokens', 'costUsd',
];
const SPAN_FIELDS = [
  'traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'service', 'startTimeUnixNano', 'endTimeUnixNano',
  'durationMs', 'status', 'statusMessage', 'provider', 'requestModel', 'responseModel', 'inputTokens',
  'outputTokens', 'totalTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens', 'costUsd', 'toolName',
  'toolCallId', 'toolArguments', 'toolResult', 'agentName', 'workloadId', 'conversationId', 'promptName',
  'promptVersion', 'systemInstructions', 'inputMessages', 'outputMessages', 'code', 'attributes', 'events', 'resource',
];

function fixtureFiles(folder: string, pattern: RegExp): string[] {
  const dir = join(fixturesDir, folder);
  return readdirSync(dir).filter((f) => pattern.test(f)).sort().map((f) => join(dir, f));
}

interface LsRow { traceId: string; startTimeUnixNano: string; spanCount: number; rootName: string | null }

describe('trace-lens commands', () => {
  const folder = tempDir('trace-lens-cli-');
  const db = join(folder.dir, 'db');
  const grpcTraces = fixtureFiles('otel-sdk-grpc', /\.pb$/);
  const contribJson = fixtureFiles('otel-openai-contrib-json', /^\d+-(traces|logs)\.json$/);
  const traceloopProto = fixtureFiles('traceloop-0.22.2-openai-legacy', /\.pb$/);

  before(async () => {
    const run = await cli('import', '--db', db, ...grpcTraces, ...contribJson, ...traceloopProto);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^imported 14 spans and 10 logs in 3 traces\n$/);
  });
  after(() => folder.remove());

  test('ls --json: every trace, newest first, exactly the documented fields', async () => {
    const run = await cli('ls', '--db', db, '--json');
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as LsRow[];
    assert.equal(rows.length, 3);
    for (const row of rows) assert.deepEqual(Object.keys(row), LS_FIELDS);
    const starts = rows.map((r) => BigInt(r.startTimeUnixNano));
    assert.deepEqual([...starts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)), starts);
    const grpcRow = rows.find((r) => r.traceId === '1d994a4b220fbb25a29bdb3af4a6b4e8');
    assert.equal(grpcRow?.spanCount, 2);
    assert.equal(grpcRow?.rootName, 'invoke_agent demo');
  });

  test('ls text: an aligned table with a header and one line per trace', async () => {
    const run = await cli('ls', '--db', db);
    assert.equal(run.code, 0);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^TRACE ID\s+START \(UTC\)\s+ROOT\s+SERVICE/);
    const rootColumn = lines[0]!.indexOf('ROOT');
    assert.ok(lines.slice(1).every((l) => /^[0-9a-f]{32} /.test(l)));
    assert.ok(lines.some((l) => l.slice(rootColumn).startsWith('⟦invoke_agent demo⟧')), 'columns line up');
  });

  test('ls --limit keeps the newest', async () => {
    const all = JSON.parse((await cli('ls', '--db', db, '--json')).stdout) as LsRow[];
    const one = JSON.parse((await cli('ls', '--db', db, '--json', '--limit', '1')).stdout) as LsRow[];
    assert.deepEqual(one, all.slice(0, 1));
  });

  test('show --json: the trace with every documented span field', async () => {
    const run = await cli('show', '--db', db, '1D994A4B220FBB25A29BDB3AF4A6B4E8', '--json');
    assert.equal(run.code, 0, run.stderr);
    const shown = JSON.parse(run.stdout) as { traceId: string; spans: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(shown), ['traceId', 'spans']);
    assert.equal(shown.traceId, '1d994a4b220fbb25a29bdb3af4a6b4e8');
    assert.equal(shown.spans.length, 2);
    for (const span of shown.spans) assert.deepEqual(Object.keys(span), SPAN_FIELDS);
    const root = shown.spans.find((s) => s.parentSpanId === null);
    assert.equal(root?.name, 'invoke_agent demo');
    assert.deepEqual(root?.code, {
      filePath: '/home/dev/project/otel-base/otel-grpc.js', line: 13, column: null, function: 'main',
    });
    const chat = shown.spans.find((s) => s.name === 'chat fake-model');
    assert.equal(chat?.parentSpanId, root?.spanId);
    assert.equal(chat?.requestModel, 'fake-model');
    assert.equal(chat?.inputTokens, 3);
  });

  test('show --json: system instructions of each LLM call', async () => {
    const rows = JSON.parse((await cli('ls', '--db', db, '--json')).stdout) as LsRow[];
    const agent = rows.find((r) => r.rootName === 'invoke_agent weather-agent');
    assert.ok(agent, 'the OTel contrib trace was imported');
    const run = await cli('show', '--db', db, agent.traceId, '--json');
    assert.equal(run.code, 0, run.stderr);
    const shown = JSON.parse(run.stdout) as { spans: Array<Record<string, unknown>> };
    const chats = shown.spans.filter((s) => s.name === 'chat gpt-fake' && s.systemInstructions !== null);
    assert.ok(chats.length > 0);
    for (const c of chats) assert.deepEqual(c.systemInstructions, [{ type: 'text', content: 'You are a weather bot.' }]);
    assert.equal(shown.spans.find((s) => s.parentSpanId === null)?.systemInstructions, null);
  });

  test('show text: an indented tree, children under their parent', async () => {
    const run = await cli('show', '--db', db, '1d994a4b220fbb25a29bdb3af4a6b4e8');
    assert.equal(run.code, 0);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^trace 1d994a4b220fbb25a29bdb3af4a6b4e8 {2}2 spans$/);
    assert.match(lines[1]!, /^ {2}⟦invoke_agent demo⟧ \[agent\]/);
    assert.match(lines[2]!, /^ {4}⟦chat fake-model⟧ \[llm\].*model=fake-model/);
  });

  test('show of an unknown trace fails with exit 1', async () => {
    const run = await cli('show', '--db', db, 'f'.repeat(32));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not found/);
  });

  test('export → import into a new store → export gives the same OTLP/JSON', async () => {
    const first = await cli('export', '--db', db);
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trimEnd().split('\n');
    assert.ok(lines.length >= 2, 'traces and logs requests');
    for (const line of lines) assert.ok('resourceSpans' in JSON.parse(line) || 'resourceLogs' in JSON.parse(line));
    const file = join(folder.dir, 'export.jsonl');
    writeFileSync(file, first.stdout);
    const copy = join(folder.dir, 'copy');
    const imported = await cli('import', '--db', copy, file);
    assert.equal(imported.code, 0, imported.stderr);
    const second = await cli('export', '--db', copy);
    assert.equal(second.stdout, first.stdout);
    assert.equal((await cli('ls', '--db', copy, '--json')).stdout, (await cli('ls', '--db', db, '--json')).stdout);
  });

  test('export of chosen traces contains only those', async () => {
    const run = await cli('export', '--db', db, '1d994a4b220fbb25a29bdb3af4a6b4e8');
    assert.equal(run.code, 0);
    const ids = new Set(run.stdout.match(/"traceId":"[0-9a-f]{32}"/g));
    assert.deepEqual([...ids], ['"traceId":"1d994a4b220fbb25a29bdb3af4a6b4e8"']);
  });

  test('export of an unknown trace id fails with exit 1 and names it', async () => {
    const run = await cli('export', '--db', db, '1d994a4b220fbb25a29bdb3af4a6b4e8', 'ffffffffffffffffffffffffffffffff');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not found.*ffffffffffffffffffffffffffffffff/);
    assert.equal(run.stdout, '');
  });

  test('import detects JSON lines, pretty JSON and protobuf logs by content', async () => {
    const other = join(folder.dir, 'detect');
    const logsProto = fixtureFiles('otel-openai-contrib-proto', /-logs\.pb$/);
    const decoded = fixtureFiles('otel-sdk-grpc', /decoded\.json$/); // pretty-printed OTLP/JSON
    const run = await cli('import', '--db', other, ...logsProto, ...decoded);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^imported 2 spans and 10 logs/);
  });

  test('import of a file that is not OTLP fails with exit 1 naming the file', async () => {
    const bad = join(folder.dir, 'notes.jsonl');
    writeFileSync(bad, '{"resourceSpans":[]}\n{"n":1,"method":"POST"}\n');
    const run = await cli('import', '--db', join(folder.dir, 'bad'), bad);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /notes\.jsonl:2: not an OTLP request/);
    const missing = await cli('import', '--db', join(folder.dir, 'bad'), join(folder.dir, 'nope.json'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not found/);
  });

  test('reading commands on a missing folder fail with exit 1', async () => {
    const run = await cli('ls', '--db', join(folder.dir, 'does-not-exist'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no trace store/);
  });
});

describe('usage errors exit 2 with a message on stderr', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['no command', [], /Usage: trace-lens/],
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['unknown flag', ['ls', '--db', 'x', '--colour'], /--colour/],
    ['missing --db', ['ls'], /--db DIR is required/],
    ['missing --db for serve', ['serve'], /--db DIR is required/],
    ['bad port', ['serve', '--db', 'x', '--http-port', 'http'], /--http-port must be a port/],
    ['import without files', ['import', '--db', 'x'], /at least one FILE/],
    ['show without id', ['show', '--db', 'x'], /exactly one TRACE_ID/],
    ['show with a bad id', ['show', '--db', 'x', 'xyz'], /not a trace id/],
    ['flag without value', ['ls', '--db'], /--db/],
  ];
  for (const [label, argv, message] of cases) {
    test(label, async () => {
      const run = await cli(...argv);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  test('--help prints usage on stdout and exits 0', async () => {
    for (const argv of [['--help'], ['ls', '--help']]) {
      const run = await cli(...argv);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /serve {2}--db DIR/);
      assert.match(run.stdout, /export --db DIR \[TRACE_ID\.\.\.\]/);
    }
  });

  test('--version, -v and version print the version alone on stdout and exit 0', async () => {
    for (const flag of ['--version', '-v', 'version']) {
      const run = await cli(flag);
      assert.equal(run.code, 0);
      assert.equal(run.stderr, '');
      // From sources the build has not put the package version in.
      assert.equal(run.stdout, '0.0.0-dev\n');
    }
  });

  test('check is dispatched to src/cli/check.ts', async () => {
    const run = await cli('check', '--definitely-not-a-check-flag');
    assert.notEqual(run.code, 0);
    assert.ok(run.stderr.length > 0);
    assert.doesNotMatch(run.stderr, /unknown command/);
  });
});
