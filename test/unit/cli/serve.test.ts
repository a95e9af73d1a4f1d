// The bundled CLI in a folder without node_modules: serve, read while serving, SIGTERM, kill -9 durability.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { post, syntheticTraceRequest, tempDir } from '../receiver/helpers';
import { spawnServe, type ServedProcess } from './serve-process';

const projectRoot = join(__dirname, '..', '..', '..');

describe('dist/cli.js', () => {
  const folder = tempDir('trace-lens-dist-');
  const dist = join(folder.dir, 'bundle');
  const cliJs = join(dist, 'cli.js');
  const children: ChildProcess[] = [];

  before(() => {
    const build = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'build.mjs'), '--outdir', dist], {
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
  });
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    folder.remove();
  });

  function runCli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    // cwd outside the project: nothing can be resolved from node_modules.
    const run = spawnSync(process.execPath, [cliJs, ...args], { cwd: folder.dir, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  function serve(db: string): Promise<ServedProcess> {
    return spawnServe([cliJs], db, folder.dir, children);
  }

  test('--version prints the package version the build put in', () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    const run = runCli('--version');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${version}\n`);
  });

  test('runs without node_modules: import then ls', () => {
    const empty = join(folder.dir, 'empty');
    const run = runCli('import', '--db', empty, join(projectRoot, 'test', 'fixtures', 'otlp', 'otel-sdk-grpc', '001-grpc-traces.pb'));
    assert.equal(run.code, 0, run.stderr);
    const ls = runCli('ls', '--db', empty, '--json');
    assert.equal(ls.code, 0, ls.stderr);
    assert.equal((JSON.parse(ls.stdout) as unknown[]).length, 1);
  });

  test('serve prints one ready line, ls reads while it runs, SIGTERM flushes and exits 0', async () => {
    const db = join(folder.dir, 'served');
    const served = await serve(db);
    const { body, traceId } = syntheticTraceRequest(5, 401);
    const reply = await post(`http://127.0.0.1:${served.httpPort}/v1/traces`, body, 'application/json');
    assert.equal(reply.status, 200);
    const during = runCli('ls', '--db', db, '--json');
    assert.equal(during.code, 0, during.stderr);
    assert.deepEqual((JSON.parse(during.stdout) as Array<{ traceId: string }>).map((t) => t.traceId), [traceId]);
    served.child.kill('SIGTERM');
    const [code] = await once(served.child, 'exit');
    assert.equal(code, 0, served.stderr());
    assert.equal(served.stdout().split('\n').filter(Boolean).length, 1, 'exactly one stdout line');
    const shown = runCli('show', '--db', db, traceId, '--json');
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal((JSON.parse(shown.stdout) as { spans: unknown[] }).spans.length, 5);
  });

  test('kill -9 right after a 200: the acknowledged spans are still there', async () => {
    const db = join(folder.dir, 'killed');
    const served = await serve(db);
    const { body, traceId } = syntheticTraceRequest(7, 402);
    const reply = await post(`http://127.0.0.1:${served.httpPort}/v1/traces`, body, 'application/json');
    assert.equal(reply.status, 200);
    served.child.kill('SIGKILL');
    await once(served.child, 'exit');
    const ls = runCli('ls', '--db', db, '--json');
    assert.equal(ls.code, 0, ls.stderr);
    const rows = JSON.parse(ls.stdout) as Array<{ traceId: string; spanCount: number }>;
    assert.deepEqual(rows.map((r) => [r.traceId, r.spanCount]), [[traceId, 7]]);
  });

  test('serve on a taken port exits 1 naming the port and the flag', async () => {
    const db = join(folder.dir, 'first');
    const served = await serve(db);
    const clash = runCli('serve', '--db', join(folder.dir, 'second'), '--http-port', String(served.httpPort), '--grpc-port', '0');
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, new RegExp(`port ${served.httpPort}\\b.*--http-port`));
    served.child.kill('SIGINT');
    const [code] = await once(served.child, 'exit');
    assert.equal(code, 0);
  });
});
