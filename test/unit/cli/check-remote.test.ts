// `trace-lens check --tempo/--jaeger` and `import --tempo` end to end: the CLI in its own process against
// the Tempo / Jaeger fixture server (test/fixtures/remote).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FixtureServer, remoteFixtures } from '../core/backends/fixture-server';
import { tempDir } from '../receiver/helpers';

const projectRoot = join(__dirname, '..', '..', '..');
const contracts = join(remoteFixtures, 'contracts.json');
const BAD = '00000000000000000000000000007a12';

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'cli', 'main.ts'), ...args], { cwd: projectRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('check and import against remote backends', () => {
  const server = new FixtureServer();
  const folder = tempDir('trace-lens-remote-cli-');
  before(() => server.start());
  after(async () => {
    await server.close();
    folder.remove();
  });

  test('check --tempo finds the held violation (the run without its citation check) and exits 1', async () => {
    const r = await cli('check', '--contracts', contracts, '--tempo', server.url, '--query', '{ resource.service.name = "refund-bot" }',
      '--since', '1h', '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { summary: { tracesChecked: number; failed: number }; findings: Array<{ traceId: string; rule: string }> };
    assert.equal(report.summary.tracesChecked, 2);
    assert.equal(report.summary.failed, 1);
    assert.deepEqual(report.findings.map((f) => [f.traceId, f.rule]), [[BAD, 'cite-present']]);
    assert.match(r.stderr, /read 2 trace\(s\), 7 span\(s\) from tempo/);
    const search = server.requests.find((q) => q.path === '/api/search')!;
    assert.equal(search.query.get('q'), '{ resource.service.name = "refund-bot" }');
    const window = Number(search.query.get('end')) - Number(search.query.get('start'));
    assert.ok(window >= 3599 && window <= 3601, `--since 1h asks for one hour, got ${window} s`);
  });

  test('check --jaeger --service, text format, same finding and exit code', async () => {
    const r = await cli('check', '--contracts', contracts, '--jaeger', server.url, '--service', 'refund-bot', '--since', '2h');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /refund\.remote\/cite-present/);
    assert.match(r.stdout, /Checked 2 traces against 1 contract: 1 passed, 1 failed/);
  });

  test('a search that finds nothing fails the gate unless --allow-empty; backend and usage errors exit 2', async () => {
    const nothing = ['check', '--contracts', contracts, '--tempo', server.url, '--query', '{ name = "nothing" }'];
    const empty = await cli(...nothing);
    assert.equal(empty.code, 1, empty.stderr);
    assert.match(empty.stderr, /read 0 trace/);
    const allowed = await cli(...nothing, '--allow-empty');
    assert.equal(allowed.code, 0, allowed.stderr);
    const broken = await cli('check', '--contracts', contracts, '--tempo', server.url, '--query', '{ syntax-error');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /HTTP 400: invalid TraceQL query/);
    const noService = await cli('check', '--contracts', contracts, '--jaeger', server.url);
    assert.equal(noService.code, 2);
    assert.match(noService.stderr, /--jaeger needs --service/);
  });

  test('import --tempo pulls the traces into a store, marked with their origin', async () => {
    const db = join(folder.dir, 'pulled');
    const r = await cli('import', '--db', db, '--tempo', server.url, '--query', '{}', '--since', '1h', '--limit', '5');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported 7 spans in 2 traces from tempo/);
    const shown = await cli('show', '--db', db, BAD, '--json');
    assert.equal(shown.code, 0, shown.stderr);
    const spans = (JSON.parse(shown.stdout) as { spans: Array<{ name: string; resource: Record<string, unknown> }> }).spans;
    assert.equal(spans.length, 3);
    assert.equal(spans[0]!.resource['trace_lens.origin'], `tempo ${server.url}`);
  });
});
