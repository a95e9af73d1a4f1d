// `trace-lens serve --forward`: two real serve processes, the downstream one forwarding to the upstream
// one through a small proxy the test controls (to count what passes and to play a failing network).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { decodeRequest, encodeTracesProtobuf } from '../../../src/core/otlp';
import { post, syntheticTraceRequest, tempDir, waitFor } from '../receiver/helpers';
import { spawnServe, type ServedProcess } from './serve-process';

const projectRoot = join(__dirname, '..', '..', '..');
const children: ChildProcess[] = [];

function serve(db: string, ...extra: string[]): Promise<ServedProcess> {
  return spawnServe(['--import', 'tsx', join('src', 'cli', 'main.ts')], db, projectRoot, children, extra);
}

async function stop(served: ServedProcess): Promise<string> {
  served.child.kill('SIGINT');
  const [code] = await once(served.child, 'exit');
  assert.equal(code, 0, served.stderr());
  return served.stderr();
}

type Mode = 'pass' | 'down' | { status: number; retryAfter: string; times: number };

/** Passes OTLP/JSON requests to the upstream serve, recording each span id that got through. */
class Proxy {
  mode: Mode = 'pass';
  readonly delivered: string[] = [];
  readonly attempts: number[] = [];
  /** Requests cut off while 'down'. */
  refused = 0;
  private server!: Server;
  port = 0;
  constructor(private readonly upstreamPort: () => number) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.attempts.push(Date.now());
      const mode = this.mode;
      if (mode === 'down') {
        this.refused++;
        req.socket.destroy();
        return;
      }
      if (typeof mode === 'object' && mode.times > 0) {
        mode.times--;
        res.writeHead(mode.status, { 'Retry-After': mode.retryAfter, 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 8, message: 'slow down' }));
        return;
      }
      const body = Buffer.concat(chunks);
      const up = request({ host: '127.0.0.1', port: this.upstreamPort(), path: req.url, method: 'POST',
        headers: { 'Content-Type': req.headers['content-type'] ?? '' } }, (upRes) => {
        const back: Buffer[] = [];
        upRes.on('data', (c: Buffer) => back.push(c));
        upRes.on('end', () => {
          if (upRes.statusCode === 200) {
            for (const span of decodeRequest(body, 'traces', 'json').spans) this.delivered.push(`${span.traceId}/${span.spanId}`);
          }
          res.writeHead(upRes.statusCode ?? 502, { 'Content-Type': upRes.headers['content-type'] ?? '' });
          res.end(Buffer.concat(back));
        });
      });
      up.on('error', () => req.socket.destroy());
      up.end(body);
    });
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

function lsSpans(db: string): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('src', 'cli', 'main.ts'), 'ls', '--db', db, '--json'],
    { cwd: projectRoot, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as Array<{ spanCount: number }>).reduce((n, t) => n + t.spanCount, 0);
}

function spanIds(body: string): string[] {
  return decodeRequest(new TextEncoder().encode(body), 'traces', 'json').spans.map((s) => `${s.traceId}/${s.spanId}`);
}

describe('serve --forward to a second serve process', () => {
  const folder = tempDir('trace-lens-forward-');
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    folder.remove();
  });

  test('every accepted span arrives upstream exactly once, JSON and protobuf senders alike; down then up delivers the backlog', async () => {
    const upstream = await serve(join(folder.dir, 'up1'));
    const proxy = new Proxy(() => upstream.httpPort);
    await proxy.start();
    const local = await serve(join(folder.dir, 'local1'), '--forward', `http://127.0.0.1:${proxy.port}`, '--forward-protocol', 'http/json');
    const expected: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { body } = syntheticTraceRequest(3 + (i % 4), 1000 + i);
      expected.push(...spanIds(body));
      if (i === 6) proxy.mode = 'down';
      const reply = i % 2 === 0
        ? await post(`http://127.0.0.1:${local.httpPort}/v1/traces`, body, 'application/json')
        : await post(`http://127.0.0.1:${local.httpPort}/v1/traces`,
          encodeTracesProtobuf(decodeRequest(new TextEncoder().encode(body), 'traces', 'json').spans), 'application/x-protobuf');
      assert.equal(reply.status, 200, 'local ingest answers at once whatever upstream does');
    }
    await waitFor(() => proxy.refused > 0, 'a failed attempt while down', 30_000);
    proxy.mode = 'pass';
    await waitFor(() => proxy.delivered.length >= expected.length, 'every span forwarded', 60_000);
    const report = await stop(local);
    assert.deepEqual([...proxy.delivered].sort(), [...expected].sort(), 'each span exactly once');
    assert.match(report, /12 request\(s\) forwarded, 0 queued, 0 dropped/);
    await stop(upstream);
    assert.equal(lsSpans(join(folder.dir, 'up1')), expected.length);
    proxy.close();
  });

  test('429 with Retry-After: the retry waits at least that long, then the request goes through once', async () => {
    const upstream = await serve(join(folder.dir, 'up2'));
    const proxy = new Proxy(() => upstream.httpPort);
    await proxy.start();
    proxy.mode = { status: 429, retryAfter: '2', times: 1 };
    const local = await serve(join(folder.dir, 'local2'), '--forward', `http://127.0.0.1:${proxy.port}/`, '--forward-protocol', 'http/json');
    const { body } = syntheticTraceRequest(4, 2001);
    assert.equal((await post(`http://127.0.0.1:${local.httpPort}/v1/traces`, body, 'application/json')).status, 200);
    await waitFor(() => proxy.delivered.length === 4, 'delivery after the 429', 30_000);
    assert.equal(proxy.attempts.length, 2);
    assert.ok(proxy.attempts[1]! - proxy.attempts[0]! >= 1900, `retried after ${proxy.attempts[1]! - proxy.attempts[0]!} ms`);
    const report = await stop(local);
    assert.match(report, /1 request\(s\) forwarded/);
    await stop(upstream);
    proxy.close();
  });

  test('a restart with a non-empty queue delivers it; over the bound the oldest were dropped and counted', async () => {
    const upstream = await serve(join(folder.dir, 'up3'));
    const proxy = new Proxy(() => upstream.httpPort);
    await proxy.start();
    proxy.mode = 'down';
    const localDb = join(folder.dir, 'local3');
    const args = ['--forward', `http://127.0.0.1:${proxy.port}`, '--forward-protocol', 'http/json', '--forward-queue-mib', '1'];
    const first = await serve(localDb, ...args);
    // 8 requests of ~200 KB: the 1 MiB queue keeps the newest 5 (or so) and drops the oldest.
    const sent: string[][] = [];
    for (let i = 0; i < 8; i++) {
      const { body } = syntheticTraceRequest(600, 3000 + i);
      sent.push(spanIds(body));
      assert.equal((await post(`http://127.0.0.1:${first.httpPort}/v1/traces`, body, 'application/json')).status, 200);
    }
    const report = await stop(first);
    const counts = /0 request\(s\) forwarded, (\d+) queued, (\d+) dropped/.exec(report);
    assert.ok(counts, report);
    const queued = Number(counts[1]);
    const dropped = Number(counts[2]);
    assert.ok(dropped > 0 && queued > 0, report);
    assert.equal(queued + dropped, 8);
    assert.match(report, /forward queue full/);

    proxy.mode = 'pass';
    const second = await serve(localDb, ...args);
    const expected = sent.slice(dropped).flat();
    await waitFor(() => proxy.delivered.length >= expected.length, 'the queued requests delivered after the restart', 60_000);
    await stop(second);
    assert.deepEqual([...proxy.delivered].sort(), [...expected].sort(), 'the newest requests, each span once; the oldest dropped');
    await stop(upstream);
    proxy.close();
  });

  test('--forward-protocol grpc delivers to the upstream serve\'s gRPC port', async () => {
    const upDb = join(folder.dir, 'up4');
    const upstream = await serve(upDb);
    const local = await serve(join(folder.dir, 'local4'), '--forward', `http://127.0.0.1:${upstream.grpcPort}`, '--forward-protocol', 'grpc');
    let expected = 0;
    for (let i = 0; i < 3; i++) {
      const { body } = syntheticTraceRequest(2 + i, 4000 + i);
      expected += 2 + i;
      assert.equal((await post(`http://127.0.0.1:${local.httpPort}/v1/traces`, body, 'application/json')).status, 200);
    }
    const deadline = Date.now() + 60_000;
    while (lsSpans(upDb) < expected) {
      assert.ok(Date.now() < deadline, 'spans did not arrive upstream over gRPC');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.match(await stop(local), /3 request\(s\) forwarded, 0 queued/);
    await stop(upstream);
    assert.equal(lsSpans(upDb), expected);
  });
});
