// What the store worker hands to forwarding: the accepted request's own bytes (or a re-encoding in
// the encoding an endpoint wants), nothing for refused requests, nothing for imports and remote reads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRequest, encodeTracesProtobuf } from '../../../src/core/otlp';
import type { QueuedRequest } from '../../../src/core/forward/queue';
import { forwardedCopies } from '../../../src/core/forward/hook';
import { DEFAULT_REDACTION } from '../../../src/core/redaction';
import { StoreWorker } from '../../../src/store-worker';
import { syntheticTraceRequest, tempDir, waitFor } from '../receiver/helpers';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('forwarded copies of accepted requests', () => {
  const folder = tempDir();
  let worker: StoreWorker;
  const copies: QueuedRequest[] = [];
  before(async () => {
    worker = await StoreWorker.start({ dir: folder.dir, forwardEncodings: ['json', 'protobuf'] });
    worker.onDidAccept((requests) => copies.push(...requests));
  });
  after(async () => {
    await worker.stop();
    folder.remove();
  });

  test('an accepted JSON request: its exact bytes for JSON endpoints, the same spans in protobuf for the others', async () => {
    const { body } = syntheticTraceRequest(4, 501);
    await worker.submit(utf8(body), 'traces', 'json');
    await waitFor(() => copies.length === 2, 'two copies');
    const json = copies.find((c) => c.encoding === 'json')!;
    const proto = copies.find((c) => c.encoding === 'protobuf')!;
    assert.equal(Buffer.from(json.body).toString(), body, 'unchanged bytes');
    assert.equal(json.items, 4);
    const original = decodeRequest(utf8(body), 'traces', 'json').spans;
    assert.deepEqual(decodeRequest(proto.body, 'traces', 'protobuf').spans, original);
  });

  test('refused requests, imports from remote backends and forwarding switched off yield nothing', async () => {
    copies.length = 0;
    await assert.rejects(worker.submit(utf8('{"resourceSpans": 7}'), 'traces', 'json'));
    const { body } = syntheticTraceRequest(2, 502);
    await worker.ingestRemote(decodeRequest(utf8(body), 'traces', 'json'));
    await worker.setForwarding([]);
    await worker.submit(utf8(syntheticTraceRequest(2, 503).body), 'traces', 'json');
    await worker.setForwarding(['protobuf']);
    const proto = encodeTracesProtobuf(decodeRequest(utf8(syntheticTraceRequest(3, 504).body), 'traces', 'json').spans);
    await worker.submit(proto.slice(), 'traces', 'protobuf'); // submit hands its buffer over to the worker
    await waitFor(() => copies.length === 1, 'the one forwarded request');
    assert.equal(copies[0]!.encoding, 'protobuf');
    assert.deepEqual([...copies[0]!.body], [...proto]);
  });
});

test('the hook re-encodes nothing when the request is unchanged and already in the wanted encoding', () => {
  const { body } = syntheticTraceRequest(2, 505);
  const bytes = utf8(body);
  const decoded = decodeRequest(bytes, 'traces', 'json');
  const [copy] = forwardedCopies({ body: bytes, signal: 'traces', encoding: 'json', decoded }, ['json']);
  assert.equal(copy!.body, bytes, 'the same buffer, not a copy');
  assert.deepEqual(forwardedCopies({ body: bytes, signal: 'traces', encoding: 'json', decoded: { spans: [], logs: [] } }, ['json']), []);
});

describe('forwarded copies when redaction is on', () => {
  const folder = tempDir();
  let worker: StoreWorker;
  const copies: QueuedRequest[] = [];
  const key = `sk-proj-${'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'.repeat(2)}`;
  before(async () => {
    worker = await StoreWorker.start({ dir: folder.dir, redaction: DEFAULT_REDACTION, forwardEncodings: ['json'] });
    worker.onDidAccept((requests) => copies.push(...requests));
  });
  after(async () => {
    await worker.stop();
    folder.remove();
  });

  test('a request that carried a key goes upstream redacted, as the store kept it; a clean one keeps its bytes', async () => {
    const leaky = JSON.parse(syntheticTraceRequest(2, 601).body) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ attributes: unknown[] }> }> }>;
    };
    leaky.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.attributes.push({ key: 'tool.args', value: { stringValue: `use ${key} please` } });
    await worker.submit(utf8(JSON.stringify(leaky)), 'traces', 'json');
    const clean = syntheticTraceRequest(2, 602).body;
    await worker.submit(utf8(clean), 'traces', 'json');
    await waitFor(() => copies.length === 2, 'two forwarded requests');
    const [redacted, untouched] = copies.map((c) => Buffer.from(c.body).toString());
    assert.ok(!redacted!.includes(key), 'the raw key never leaves');
    assert.ok(redacted!.includes('[REDACTED:openai-key]'));
    assert.equal(decodeRequest(copies[0]!.body, 'traces', 'json').spans.length, 2);
    assert.equal(untouched, clean, 'an unchanged request keeps its exact bytes');
  });
});
