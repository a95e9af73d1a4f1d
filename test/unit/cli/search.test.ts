// `trace-lens search` in-process against a store written with TraceStore: streamed text lines, the JSON
// shape, --limit, --trace, exit codes, and untrusted span content kept away from the terminal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TraceStore } from '../../../src/core/store';
import { runCli } from '../../../src/cli/cli';
import { tempDir } from '../receiver/helpers';
import { NEEDLE, SMALL_SEGMENT_BYTES, contentTraceId, writeContentStore } from '../store-worker/content-search-helpers';
import { cli } from './helpers';

const SEARCH_FIELDS = ['traceId', 'spanId', 'name', 'kind', 'service', 'startTimeUnixNano', 'snippet'];
const HOSTILE_TRACE_ID = 'bad0000000000000000000000000000b';

/** A span whose name and content carry terminal escapes, a bell, a carriage return and a bidi override. */
function hostileRequest(): string {
  const span = {
    traceId: HOSTILE_TRACE_ID,
    spanId: 'bad000000000000b',
    parentSpanId: '',
    name: 'tool \u001b[31mred\u001b[0m call\r',
    kind: 1,
    startTimeUnixNano: '1800000000000000000',
    endTimeUnixNano: '1800000000000001000',
    attributes: [{ key: 'gen_ai.prompt', value: { stringValue: 'say PINEAPPLE\u001b]0;pwned\u0007 now \u202eevil' } }],
    status: { code: 0 },
  };
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'hostile' } }] },
      scopeSpans: [{ scope: { name: 'test' }, spans: [span] }],
    }],
  });
}

interface SearchRecord { traceId: string; spanId: string; name: string; snippet: string; startTimeUnixNano: string }

describe('trace-lens search', () => {
  const folder = tempDir('trace-lens-cli-search-');
  const db = join(folder.dir, 'db');
  const TRACES = 12;

  before(async () => {
    await writeContentStore(db, TRACES);
    const store = await TraceStore.open({ dir: db, segmentMaxBytes: SMALL_SEGMENT_BYTES });
    try {
      store.ingestRequest(new TextEncoder().encode(hostileRequest()), 'traces', 'json');
      await store.flush();
    } finally {
      await store.close();
    }
  });
  after(() => folder.remove());

  test('text: one line per matching span (trace, span, name, kind, snippet), then the summary', async () => {
    const run = await cli('search', '--db', db, NEEDLE.toLowerCase());
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, TRACES / 2 + 1);
    for (const line of lines.slice(0, -1)) {
      assert.match(line, /^[0-9a-f]{32} {2}0000000000000002 {2}⟦llm call 1⟧ {2}\[\w+\] {2}⟦.*Zebrafish-Ärger.*⟧$/);
    }
    assert.match(lines.at(-1)!, /^6 matches, newest first; all \d+\.\d MB searched$/);
  });

  test('text lines stream out as segments are scanned, before the summary', async () => {
    const writes: string[] = [];
    const code = await runCli(['search', '--db', db, NEEDLE], { stdout: (s) => writes.push(s), stderr: () => undefined });
    assert.equal(code, 0);
    assert.equal(writes.length, TRACES / 2 + 1, 'each match is written on its own, then the summary');
    assert.match(writes.at(-1)!, /matches, newest first/);
  });

  test('--json: the matches with exactly the documented fields, newest first', async () => {
    const run = await cli('search', '--db', db, NEEDLE, '--json');
    assert.equal(run.code, 0, run.stderr);
    const records = JSON.parse(run.stdout) as SearchRecord[];
    assert.equal(records.length, TRACES / 2);
    for (const record of records) assert.deepEqual(Object.keys(record), SEARCH_FIELDS);
    assert.equal(records[0]!.traceId, contentTraceId(TRACES - 2), 'the newest trace with the needle comes first');
    assert.ok(records.every((r) => r.snippet.includes(NEEDLE)));
  });

  test('--limit stops early and the summary says so', async () => {
    const run = await cli('search', '--db', db, NEEDLE, '--limit', '2');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[2]!, /^2 matches, newest first; stopped at --limit 2 \(\d+\.\d MB of \d+\.\d MB searched; older spans may match too\)$/);
  });

  test('--trace searches one trace; an unknown trace is exit 1, a malformed id exit 2', async () => {
    const one = await cli('search', '--db', db, NEEDLE, '--trace', contentTraceId(4).toUpperCase(), '--json');
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual((JSON.parse(one.stdout) as SearchRecord[]).map((r) => r.traceId), [contentTraceId(4)]);
    const unknown = await cli('search', '--db', db, NEEDLE, '--trace', 'f'.repeat(32));
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /not found/);
    const malformed = await cli('search', '--db', db, NEEDLE, '--trace', 'xyz');
    assert.equal(malformed.code, 2);
  });

  test('nothing found: the summary alone and exit 1', async () => {
    const run = await cli('search', '--db', db, 'no such words in any span');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^0 matches, newest first; all \d+\.\d MB searched\n$/);
    const json = await cli('search', '--db', db, 'no such words in any span', '--json');
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), []);
  });

  test('span content reaches the terminal without control characters or bidi overrides', async () => {
    const run = await cli('search', '--db', db, 'pineapple');
    assert.equal(run.code, 0, run.stderr);
    const [line] = run.stdout.split('\n');
    assert.match(line!, /^bad0{28}b {2}bad0{12}b {2}⟦tool \\u\{1B\}\[31mred\\u\{1B\}\[0m call⟧ {2}\[\w+\] {2}⟦.*say PINEAPPLE.*\\u\{202E\}evil.*⟧$/);
    assert.doesNotMatch(run.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    const json = JSON.parse((await cli('search', '--db', db, 'pineapple', '--json')).stdout) as SearchRecord[];
    assert.match(json[0]!.name, /\u001b\[31m/, '--json keeps the data as it is (JSON escapes it)');
  });

  test('usage errors exit 2: no TEXT, two TEXTs, empty TEXT, no --db, bad --limit', async () => {
    for (const argv of [
      ['search', '--db', db],
      ['search', '--db', db, 'a', 'b'],
      ['search', '--db', db, '  '],
      ['search', NEEDLE],
      ['search', '--db', db, NEEDLE, '--limit', '0'],
    ]) {
      const run = await cli(...argv);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^trace-lens search: /);
    }
  });

  test('a folder that does not exist is exit 1; search is in the help text', async () => {
    const missing = await cli('search', '--db', join(folder.dir, 'nope'), NEEDLE);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no trace store/);
    const help = await cli('--help');
    assert.match(help.stdout, /search --db DIR TEXT \[--json\] \[--limit N\] \[--trace TRACE_ID\]/);
  });
});
