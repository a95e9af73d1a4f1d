import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSse, retryAfterSeconds, withoutKey, endpointLabel } from '../../../../../src/core/replay/providers';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const bytes = chunks.map((c) => new TextEncoder().encode(c));
  return new ReadableStream({
    start(controller) {
      for (const b of bytes) controller.enqueue(b);
      controller.close();
    },
  });
}

async function all(chunks: string[]): Promise<Array<{ event: string; data: string }>> {
  const out = [];
  for await (const e of readSse(streamOf(chunks))) out.push(e);
  return out;
}

test('events split across chunks, CR LF and LF line ends, comments, multi-line data', async () => {
  assert.deepEqual(await all(['event: a\r\nda', 'ta: {"x"', ':1}\r\n\r\n: ping\n\ndata: one\ndata: two\n\n']), [
    { event: 'a', data: '{"x":1}' },
    { event: 'message', data: 'one\ntwo' },
  ]);
});

test('a multi-byte character split between chunks arrives whole', async () => {
  const bytes = new TextEncoder().encode('data: é€\n\n');
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes.slice(0, 7));
      c.enqueue(bytes.slice(7));
      c.close();
    },
  });
  const out = [];
  for await (const e of readSse(stream)) out.push(e.data);
  assert.deepEqual(out, ['é€']);
});

test('an event the stream ended inside is dropped (it may be cut)', async () => {
  assert.deepEqual(await all(['data: whole\n\ndata: {"cut":']), [{ event: 'message', data: 'whole' }]);
});

test('Retry-After in seconds or as an HTTP date; the key cut out of texts; endpoints without query strings', () => {
  assert.equal(retryAfterSeconds('30'), 30);
  assert.equal(retryAfterSeconds(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1)), 60);
  assert.equal(retryAfterSeconds('soon'), null);
  const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz012345';
  assert.equal(withoutKey(`bad key ${key}.`, key), 'bad key [key].');
  assert.ok(!withoutKey(`masked sk-proj-abcdefghijkl****`, key).includes('abcdefghijkl'));
  assert.equal(endpointLabel('https://x.example/v1/models/m:streamGenerateContent?alt=sse&key=secret'), 'https://x.example/v1/models/m:streamGenerateContent');
});

test('API paths go under the base URL, before a query it carries (Azure api-version); a Gemini model id may carry models/', async () => {
  const { joinUrl, buildProviderRequest } = await import('../../../../../src/core/replay/providers');
  assert.equal(joinUrl('https://x.openai.azure.com/openai/deployments/d/?api-version=2024-10-21', 'chat/completions'),
    'https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21');
  assert.equal(joinUrl('http://127.0.0.1:11434/v1/', '/chat/completions'), 'http://127.0.0.1:11434/v1/chat/completions');
  const request = {
    source: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), spanName: 's', service: null, recordedProvider: null, promptName: null, promptVersion: null, promptTemplate: null, promptVariables: null },
    provider: 'gemini' as const, model: 'models/gemini-2.5-flash', parameters: {}, tools: null, system: [],
    messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }], marks: [],
  };
  const built = buildProviderRequest(request, { provider: 'gemini', baseUrl: 'https://g.example/v1beta', apiKey: 'k' });
  assert.equal(built.url, 'https://g.example/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  const azure = buildProviderRequest({ ...request, provider: 'openai', model: 'gpt-4o' }, { provider: 'openai', baseUrl: 'https://x.openai.azure.com/openai/v1', apiKey: 'k' });
  assert.equal(azure.headers['api-key'], 'k');
  assert.equal(azure.headers.authorization, undefined);
});
