import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { OtlpReceiver, PortInUseError } from '../../../src/receiver';
import { ScriptedSink, post } from './helpers';

function occupy(host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, host, () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

test('HTTP port in use → PortInUseError naming the port, flag and setting', async () => {
  const { server, port } = await occupy();
  try {
    await assert.rejects(
      OtlpReceiver.start({ host: '127.0.0.1', httpPort: port, grpcPort: 0 }, new ScriptedSink()),
      (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.equal(error.port, port);
        assert.equal(error.protocol, 'http');
        assert.match(error.message, new RegExp(`port ${port}\\b`));
        assert.match(error.message, /--http-port/);
        assert.match(error.message, /agentTraceLens\.receiver\.httpPort/);
        return true;
      },
    );
  } finally {
    server.close();
  }
});

test('gRPC port in use → PortInUseError, and the HTTP port it had bound is released', async () => {
  const { server, port } = await occupy();
  const probe = await occupy();
  const freeHttpPort = probe.port;
  await new Promise((resolve) => probe.server.close(resolve));
  try {
    await assert.rejects(
      OtlpReceiver.start({ host: '127.0.0.1', httpPort: freeHttpPort, grpcPort: port }, new ScriptedSink()),
      (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.equal(error.port, port);
        assert.equal(error.protocol, 'grpc');
        assert.match(error.message, /--grpc-port/);
        assert.match(error.message, /agentTraceLens\.receiver\.grpcPort/);
        return true;
      },
    );
    // Nothing left listening: the same HTTP port can be taken again right away.
    const again = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: freeHttpPort, grpcPort: 0 }, new ScriptedSink());
    assert.equal(again.address.http.port, freeHttpPort);
    await again.stop();
  } finally {
    server.close();
  }
});

test('host localhost serves both 127.0.0.1 and ::1 (when IPv6 is available)', async (t) => {
  const sink = new ScriptedSink();
  const receiver = await OtlpReceiver.start({ host: 'localhost', httpPort: 0, grpcPort: 0 }, sink);
  try {
    const port = receiver.address.http.port;
    assert.equal(receiver.address.http.host, 'localhost');
    const v4 = await post(`http://127.0.0.1:${port}/v1/nothing`, '{}', 'application/json');
    assert.equal(v4.status, 404);
    const ipv6 = await occupy('::1').catch(() => null);
    if (!ipv6) {
      t.diagnostic('IPv6 loopback unavailable: ::1 bind not checked');
      return;
    }
    ipv6.server.close();
    const v6 = await post(`http://[::1]:${port}/v1/nothing`, '{}', 'application/json');
    assert.equal(v6.status, 404);
  } finally {
    await receiver.stop();
  }
});

test('a stopped receiver can be started again on the same ports', async () => {
  const first = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, new ScriptedSink());
  const { http, grpc } = first.address;
  await first.stop();
  const second = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: http.port, grpcPort: grpc.port }, new ScriptedSink());
  assert.deepEqual(second.address, first.address);
  await second.stop();
});
