// The delivery loop with a scripted transport: retries honour Retry-After, back off otherwise, and a
// permanent refusal drops the request without retrying it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Forwarder } from '../../../../src/core/forward/forwarder';
import { parseRetryAfter, signalUrl, type DeliveryOutcome, type Exporter } from '../../../../src/core/forward/exporters';
import { tempDir, waitFor } from '../../receiver/helpers';

class ScriptedExporter implements Exporter {
  readonly sent: string[] = [];
  constructor(private readonly answers: DeliveryOutcome[]) {}
  async send(_signal: 'traces' | 'logs', body: Uint8Array): Promise<DeliveryOutcome> {
    this.sent.push(Buffer.from(body).toString());
    return this.answers.shift() ?? { kind: 'delivered' };
  }
  close(): void {}
}

function forwarder(dir: string, exporter: Exporter, waits: number[]): Forwarder {
  return new Forwarder({ url: 'http://upstream.invalid', protocol: 'http/json', headers: {} }, {
    queueDir: dir, exporter, random: () => 0.5, onWarning: () => {},
    sleep: async (ms) => { waits.push(ms); },
  });
}

const body = (t: string): Uint8Array => new TextEncoder().encode(t);

test('Retry-After is waited exactly; without it the wait doubles; success resets the status', async () => {
  const folder = tempDir();
  const waits: number[] = [];
  const exporter = new ScriptedExporter([
    { kind: 'retry', error: 'HTTP 429', retryAfterMs: 3000 },
    { kind: 'retry', error: 'ECONNREFUSED', retryAfterMs: null },
    { kind: 'retry', error: 'ECONNREFUSED', retryAfterMs: null },
  ]);
  const f = forwarder(folder.dir, exporter, waits);
  try {
    f.enqueue({ signal: 'traces', encoding: 'json', body: body('one'), items: 4 });
    f.start();
    await waitFor(() => f.status().forwardedRequests === 1, 'delivery');
    assert.deepEqual(waits, [3000, 1000, 2000]);
    assert.deepEqual(exporter.sent, ['one', 'one', 'one', 'one']);
    const status = f.status();
    assert.equal(status.forwardedItems, 4);
    assert.equal(status.failing, false);
    assert.equal(status.lastError, 'ECONNREFUSED');
    assert.equal(status.queuedRequests, 0);
  } finally {
    await f.stop();
    folder.remove();
  }
});

test('a permanent refusal drops that request, counts it and goes on with the next', async () => {
  const folder = tempDir();
  const waits: number[] = [];
  const exporter = new ScriptedExporter([{ kind: 'rejected', error: 'HTTP 400: bad' }]);
  const f = forwarder(folder.dir, exporter, waits);
  try {
    f.enqueue({ signal: 'traces', encoding: 'json', body: body('bad'), items: 1 });
    f.enqueue({ signal: 'traces', encoding: 'json', body: body('good'), items: 1 });
    f.start();
    await waitFor(() => f.status().forwardedRequests === 1, 'the second request delivered');
    assert.deepEqual(exporter.sent, ['bad', 'good']);
    assert.equal(f.status().rejectedRequests, 1);
    assert.deepEqual(waits, []);
  } finally {
    await f.stop();
    folder.remove();
  }
});

test('Retry-After in seconds or as an HTTP date; endpoint URLs get the signal path once', () => {
  assert.equal(parseRetryAfter('2'), 2000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
  assert.equal(parseRetryAfter('soon'), null);
  assert.equal(signalUrl('http://h:4318', 'traces'), 'http://h:4318/v1/traces');
  assert.equal(signalUrl('http://h:4318/otlp/', 'logs'), 'http://h:4318/otlp/v1/logs');
  assert.equal(signalUrl('http://h/v1/traces', 'traces'), 'http://h/v1/traces');
  assert.equal(signalUrl('http://h/v1/traces', 'logs'), 'http://h/v1/logs');
});
