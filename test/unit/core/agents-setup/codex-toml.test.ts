import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codexOtelTable, scanStatements, spliceCodexOtel } from '../../../../src/core/agents-setup/codex-toml';

const options = { httpEndpoint: 'http://127.0.0.1:14318', logUserPrompt: false };
const OURS = [
  'exporter = { otlp-http = { endpoint = "http://127.0.0.1:14318/v1/logs", protocol = "json" } }',
  'trace_exporter = { otlp-http = { endpoint = "http://127.0.0.1:14318/v1/traces", protocol = "json" } }',
  'metrics_exporter = { otlp-http = { endpoint = "http://127.0.0.1:14318/v1/metrics", protocol = "json" } }',
  'log_user_prompt = false',
];

function spliced(text: string, opts = options): string {
  const result = spliceCodexOtel(text, opts);
  assert.notEqual(result.kind, 'unsupported', JSON.stringify(result));
  return (result as { text: string }).text;
}

test('an empty or missing file gets the whole table, with full per-signal URLs on the receiver port', () => {
  assert.equal(spliced(''), ['[otel]', ...OURS, ''].join('\n'));
  assert.deepEqual(spliceCodexOtel('', options).kind, 'appended');
});

test('the prompt choice is written as log_user_prompt', () => {
  assert.match(codexOtelTable({ ...options, logUserPrompt: true }), /^log_user_prompt = true$/m);
  assert.match(codexOtelTable(options), /^log_user_prompt = false$/m);
});

test('appending keeps every byte of the file before it and separates the table by a blank line', () => {
  const before = '# my settings\nmodel = "gpt-5"  # favourite\n\n[model_providers.local]\nbase_url = "http://x/v1"';
  const after = spliced(before);
  assert.ok(after.startsWith(`${before}\n\n[otel]\n`), after);
  assert.equal(spliceCodexOtel(before, options).kind, 'appended');
});

test('an existing [otel] table: managed keys replaced, its other keys and comments and the rest of the file kept', () => {
  const before = [
    '# top comment',
    'approval_policy = "never"',
    '',
    '[otel]   # telemetry',
    '# where it goes',
    'environment = "dev"',
    'exporter = "none"',
    'log_user_prompt = true',
    '',
    '# providers follow',
    '[model_providers.fake]',
    'base_url = "http://127.0.0.1:9/v1"',
    '',
  ].join('\n');
  const after = spliced(before);
  assert.equal(after, [
    '# top comment',
    'approval_policy = "never"',
    '',
    '[otel]   # telemetry',
    ...OURS,
    '# where it goes',
    'environment = "dev"',
    '',
    '# providers follow',
    '[model_providers.fake]',
    'base_url = "http://127.0.0.1:9/v1"',
    '',
  ].join('\n'));
  assert.equal(spliceCodexOtel(before, options).kind, 'replaced');
});

test('splicing twice changes nothing the second time', () => {
  const once = spliced('a = 1\n\n[otel]\nenvironment = "dev"\n\n[b]\nc = 2\n');
  const twice = spliceCodexOtel(once, options);
  assert.equal(twice.kind, 'unchanged');
  assert.equal((twice as { text: string }).text, once);
  // A new port rewrites the same lines in place.
  const moved = spliced(once, { ...options, httpEndpoint: 'http://127.0.0.1:5000' });
  assert.equal(moved.match(/\[otel\]/g)?.length, 1);
  assert.match(moved, /endpoint = "http:\/\/127\.0\.0\.1:5000\/v1\/traces"/);
  assert.doesNotMatch(moved, /14318/);
});

test('managed sub-tables of [otel] are removed, other sub-tables and what follows stay', () => {
  const before = [
    '[otel]',
    'environment = "dev"',
    '',
    '[otel.exporter.otlp-grpc]',
    'endpoint = "http://elsewhere:4317"',
    '',
    '[otel.trace_exporter]',
    'otlp-http = { endpoint = "http://elsewhere/v1/traces", protocol = "binary" }',
    '',
    '# keep me',
    '[otel.custom]',
    'x = 1',
    '',
    '[profiles.fast]',
    'model = "o4-mini"',
  ].join('\n');
  const after = spliced(before);
  assert.doesNotMatch(after, /elsewhere/);
  assert.doesNotMatch(after, /otel\.exporter|otel\.trace_exporter/);
  assert.match(after, /# keep me\n\[otel\.custom\]\nx = 1\n\n\[profiles\.fast\]\nmodel = "o4-mini"$/);
  assert.match(after, /^\[otel\]\nexporter = .*\n(.*\n){3}environment = "dev"\n/);
});

test('managed sub-tables without an [otel] header: the table takes the place of the first one', () => {
  const before = 'a = 1\n\n[otel.exporter.otlp-http]\nendpoint = "http://old/v1/logs"\nprotocol = "binary"\n\n[z]\nq = 1\n';
  const after = spliced(before);
  assert.equal(after, ['a = 1', '', '[otel]', ...OURS, '', '[z]', 'q = 1', ''].join('\n'));
});

test('text that only looks like [otel] inside strings and arrays is not touched', () => {
  const before = [
    'notes = """',
    '[otel]',
    'exporter = "inside a string"',
    '"""',
    "raw = '''",
    '[otel.exporter]',
    "'''",
    'list = [',
    '  "[otel]", # a comment',
    '  { a = "}" },',
    ']',
    'name = "x # not a comment"',
    '',
  ].join('\n');
  const after = spliced(before);
  assert.ok(after.startsWith(before), 'the original text is kept whole');
  assert.equal(after.slice(before.length), `\n[otel]\n${OURS.join('\n')}\n`);
});

test('Windows line endings are kept and used for the new lines', () => {
  const before = 'a = 1\r\n\r\n[otel]\r\nenvironment = "dev"\r\n';
  const after = spliced(before);
  assert.doesNotMatch(after.replace(/\r\n/g, ''), /\n/);
  assert.ok(after.startsWith('a = 1\r\n\r\n[otel]\r\nexporter = '), after);
  assert.ok(after.endsWith('log_user_prompt = false\r\nenvironment = "dev"\r\n'), after);
});

test('shapes it cannot rewrite safely are refused with a reason', () => {
  for (const text of [
    'otel.exporter = "none"\n',
    'otel = { exporter = "none" }\n',
    '[[otel.exporter]]\nx = 1\n',
    '[otel]\na = 1\n[otel]\nb = 2\n',
    'a = "unterminated\n',
    'a = [1, 2\n',
    'x = """never closed\n',
  ]) {
    const result = spliceCodexOtel(text, options);
    assert.equal(result.kind, 'unsupported', text);
    assert.ok((result as { reason: string }).reason.length > 0);
  }
});

test('quoted and dotted keys are read as their parts', () => {
  const statements = scanStatements('"otel" . exporter = 1\n[ "otel" ]\n\'a.b\' = 2\n');
  assert.deepEqual(statements.map((s) => ('key' in s ? s.key : 'path' in s ? s.path : s.kind)), [['otel', 'exporter'], ['otel'], ['a.b']]);
  assert.equal(spliceCodexOtel('"otel".exporter = 1\n', options).kind, 'unsupported');
});

test('keys of [otel] that look managed only as a prefix are kept', () => {
  const after = spliced('[otel]\nexporter_extra = 1\nexporter.otlp-http.endpoint = "old"\n');
  assert.match(after, /^exporter_extra = 1$/m);
  assert.doesNotMatch(after, /"old"/);
});
