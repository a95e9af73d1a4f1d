// `--redact` and `--redaction-file` on import and serve, and the stderr line per redacted span.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runServe } from '../../../src/cli/serve';
import { SECRETS } from '../core/redaction/helpers';
import { secretBodies } from '../core/store/fixtures/secret-traces';
import { spanId, traceId } from '../core/store/helpers';
import { post, tempDir } from '../receiver/helpers';
import { cli } from './helpers';

describe('trace-lens redaction flags', () => {
  const folder = tempDir('trace-lens-redact-');
  after(() => folder.remove());
  const file = join(folder.dir, 'secrets.json');
  writeFileSync(file, secretBodies(1).traces);
  let n = 0;
  const db = (): string => join(folder.dir, `db-${++n}`);

  async function shown(dir: string): Promise<string> {
    const run = await cli('show', '--db', dir, traceId(1), '--json');
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  }

  test('import redacts credentials by default and prints one line per redacted span', async () => {
    const dir = db();
    const run = await cli('import', '--db', dir, file);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 2, run.stderr);
    assert.match(lines[0]!, new RegExp(`^redacted .*key:\\*authorization\\*.* in trace ${traceId(1)} span ${spanId(1, 1)}$`));
    assert.ok(!run.stderr.includes(SECRETS.openai) && !run.stderr.includes('hunter2'));
    const out = await shown(dir);
    assert.ok(!out.includes(SECRETS.openai) && out.includes('[REDACTED:openai-key]'));
    assert.ok(out.includes(SECRETS.email), 'personal data is kept by default');
    const tree = await cli('show', '--db', dir, traceId(1));
    assert.match(tree.stdout, new RegExp(`redacted=[^ ]*openai-key[^ ]*  \\(${spanId(1, 2)}\\)`));
  });

  test('--redact none stores the raw values; --redact credentials,personal-data takes personal data too', async () => {
    const raw = db();
    assert.equal((await cli('import', '--db', raw, '--redact', 'none', file)).code, 0);
    assert.ok((await shown(raw)).includes(SECRETS.openai));
    const both = db();
    const run = await cli('import', '--db', both, '--redact', 'credentials,personal-data', file);
    assert.equal(run.code, 0, run.stderr);
    const out = await shown(both);
    assert.ok(!out.includes(SECRETS.email) && out.includes('[REDACTED:email]'));
  });

  test('--redaction-file: custom patterns, key globs and hash mode', async () => {
    const rules = join(folder.dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ mode: 'hash', presets: ['openai-key'], keys: ['db.*'], patterns: { ssn: '\\d{3}-\\d{2}-\\d{4}' } }));
    const dir = db();
    const run = await cli('import', '--db', dir, '--redaction-file', rules, file);
    assert.equal(run.code, 0, run.stderr);
    const out = await shown(dir);
    assert.match(out, /\[openai-key:[0-9a-f]{16}\]/);
    assert.match(out, /\[key:db\.\*:[0-9a-f]{16}\]/);
    assert.match(out, /\[ssn:[0-9a-f]{16}\]/);
    assert.ok(out.includes(SECRETS.aws), 'presets left out of the file are off');
  });

  test('bad flags are usage errors (exit 2) that name the problem', async () => {
    const unknown = await cli('import', '--db', db(), '--redact', 'credentials,ssn', file);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown redaction preset 'ssn'/);
    const missing = await cli('import', '--db', db(), '--redaction-file', join(folder.dir, 'nope.json'), file);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read --redaction-file/);
    const bad = join(folder.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ patterns: { x: '/(/' } }));
    const badPattern = await cli('serve', '--db', db(), '--redaction-file', bad);
    assert.equal(badPattern.code, 2);
    assert.match(badPattern.stderr, /bad regular expression/);
  });

  test('serve redacts what it receives and prints a line per redacted span at once', async () => {
    const dir = db();
    let stdout = '';
    let stderr = '';
    let stop!: () => void;
    const untilStopped = new Promise<void>((resolve) => { stop = resolve; });
    const waiters: Array<() => void> = [];
    const io = {
      stdout: (s: string) => { stdout += s; waiters.splice(0).forEach((w) => w()); },
      stderr: (s: string) => { stderr += s; waiters.splice(0).forEach((w) => w()); },
    };
    const until = async (predicate: () => boolean): Promise<void> => {
      while (!predicate()) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const served = runServe(['--db', dir, '--http-port', '0', '--grpc-port', '0', '--redact', 'credentials'], io, { untilStopped });
    await until(() => stdout.includes('\n'));
    const port = /http=127\.0\.0\.1:(\d+)/.exec(stdout)![1];
    const reply = await post(`http://127.0.0.1:${port}/v1/traces`, secretBodies(1).traces, 'application/json');
    assert.equal(reply.status, 200);
    await until(() => stderr.split('\n').filter((l) => l.startsWith('redacted ')).length >= 2);
    stop();
    assert.equal(await served, 0);
    assert.match(stderr, new RegExp(`redacted .*openai-key.* in trace ${traceId(1)} span ${spanId(1, 2)}`));
    assert.ok(!stderr.includes(SECRETS.openai));
    assert.ok(!(await shown(dir)).includes(SECRETS.openai));
  });
});
