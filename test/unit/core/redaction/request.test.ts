// redactRequest over whole decoded requests: every recorded producer's message shapes, hand-built shapes of
// the other vocabularies, shared resources, attached log records, and purity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../../../src/core/model/normalize';
import type { AttrValue, DecodedRequest, NormalizedSpan, RawLogRecord } from '../../../../src/core/model/types';
import { REDACTED_COUNT_KEY, REDACTED_RULES_KEY, redactRequest } from '../../../../src/core/redaction';
import { fixtureDirs, loadFixture } from '../model/otlp-json-loader';
import { logRecord, rawSpan } from '../model/span-builder';
import { SECRETS, redactor } from './helpers';

const KEYWORD = SECRETS.openai;

/** Appends the key to every string of a value, inside JSON text too (so the JSON stays parseable). */
function poison(value: AttrValue): AttrValue {
  if (typeof value === 'string') {
    if (/^\s*[[{]/.test(value)) {
      try {
        return JSON.stringify(poison(JSON.parse(value) as AttrValue));
      } catch { /* plain text */ }
    }
    return `${value} ${KEYWORD}`;
  }
  if (Array.isArray(value)) return value.map(poison);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v)]));
  return value;
}

function poisonRequest(request: DecodedRequest): DecodedRequest {
  return {
    spans: request.spans.map((s) => ({ ...s, attributes: poison(s.attributes) as typeof s.attributes,
      events: s.events.map((e) => ({ ...e, attributes: poison(e.attributes) as typeof e.attributes })) })),
    logs: request.logs.map((l) => ({ ...l, body: poison(l.body), attributes: poison(l.attributes) as typeof l.attributes })),
  };
}

function normalizeAll(request: DecodedRequest): NormalizedSpan[] {
  const logs = new Map<string, RawLogRecord[]>();
  for (const l of request.logs) if (l.spanId) logs.set(l.spanId, [...(logs.get(l.spanId) ?? []), l]);
  return request.spans.map((s) => normalizeSpan(s, logs.get(s.spanId) ?? [], DEFAULT_NORMALIZE_OPTIONS));
}

function messageTexts(span: NormalizedSpan): string[] {
  const out: string[] = [];
  for (const m of [...(span.inputMessages ?? []), ...(span.outputMessages ?? [])]) {
    for (const p of m.parts) out.push(p.type === 'text' ? p.content : JSON.stringify(p));
  }
  return out;
}

for (const dir of fixtureDirs()) {
  test(`recorded producer ${dir.split(/[\\/]/).pop()}: nothing raw is left in the normalized spans, messages show the mark`, () => {
    const poisoned = poisonRequest(loadFixture(dir));
    const before = normalizeAll(poisoned);
    const name = dir.split(/[\\/]/).pop()!;
    const withMessages = before.filter((s) => messageTexts(s).some((t) => t.includes(KEYWORD)));
    // The plain SDK capture and the MCP tool run have no GenAI messages; every other producer's do carry the key now.
    const withoutMessages = new Set(['otel-sdk-grpc', 'live-mcp']);
    assert.equal(withMessages.length > 0, !withoutMessages.has(name), 'the fixture has messages that carry the key');
    const { request, hits, spans } = redactRequest(poisoned, redactor());
    const after = normalizeAll(request);
    assert.ok(!JSON.stringify(after).includes(KEYWORD.slice(3)));
    assert.ok(!JSON.stringify(request).includes(KEYWORD.slice(3)));
    assert.ok((hits['openai-key'] ?? 0) > 0);
    const marked = new Set(spans.map((s) => s.spanId));
    for (const span of after) {
      const had = before.find((b) => b.spanId === span.spanId)!;
      if (messageTexts(had).some((t) => t.includes(KEYWORD))) {
        assert.ok(messageTexts(span).some((t) => t.includes('[REDACTED:openai-key]')), `${span.name} messages`);
        assert.equal(messageTexts(span).length, messageTexts(had).length, 'the messages still parse');
        assert.ok(marked.has(span.spanId));
      }
    }
  });
}

const SHAPES: Array<[vocabulary: string, attributes: Record<string, AttrValue>]> = [
  ['OTel gen_ai parts (JSON text)', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `use ${KEYWORD}` }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'login', arguments: { password: 'hunter2', token: KEYWORD } }] }]),
  }],
  ['OTel gen_ai parts (AnyValue arrays)', {
    'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: `use ${KEYWORD}` }] }],
  }],
  ['OpenInference flattened', {
    'openinference.span.kind': 'LLM',
    'llm.input_messages.0.message.role': 'user',
    'llm.input_messages.0.message.content': `use ${KEYWORD}`,
    'llm.input_messages.1.message.role': 'assistant',
    'llm.input_messages.1.message.tool_calls.0.tool_call.function.name': 'login',
    'llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments': JSON.stringify({ password: 'hunter2', k: KEYWORD }),
  }],
  ['Traceloop legacy gen_ai.prompt.N', {
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': `use ${KEYWORD}`,
    'gen_ai.completion.0.role': 'assistant',
    'gen_ai.completion.0.content': `sure ${KEYWORD}`,
  }],
  ['Vercel AI SDK ai.prompt.messages', {
    'ai.prompt.messages': JSON.stringify([{ role: 'user', content: [{ type: 'text', text: `use ${KEYWORD}` }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't', toolName: 'login', input: { password: 'hunter2', k: KEYWORD } }] }]),
  }],
  ['Langfuse observation input/output', {
    'langfuse.observation.type': 'generation',
    'langfuse.observation.input': JSON.stringify([{ role: 'user', content: `use ${KEYWORD}` }]),
    'langfuse.observation.output': JSON.stringify({ role: 'assistant', content: `ok ${KEYWORD}` }),
  }],
  ['MCP tool call', {
    'mcp.method.name': 'tools/call',
    'gen_ai.tool.name': 'login',
    'gen_ai.tool.call.arguments': JSON.stringify({ password: 'hunter2', k: KEYWORD }),
    'gen_ai.tool.call.result': `logged in with ${KEYWORD}`,
  }],
  ['retrieval documents', {
    'openinference.span.kind': 'RETRIEVER',
    'retrieval.documents.0.document.id': 'd1',
    'retrieval.documents.0.document.content': `the key is ${KEYWORD}`,
  }],
];

for (const [vocabulary, attributes] of SHAPES) {
  test(`${vocabulary}: the normalized span holds no raw value and names the rules`, () => {
    const raw = rawSpan({ attributes });
    const { request, spans } = redactRequest({ spans: [raw], logs: [] }, redactor());
    const span = normalizeSpan(request.spans[0]!, [], DEFAULT_NORMALIZE_OPTIONS);
    const text = JSON.stringify(span);
    assert.ok(!text.includes(KEYWORD.slice(3)), 'no key');
    assert.ok(!text.includes('hunter2'), 'no password');
    assert.ok(text.includes('[REDACTED:openai-key]'));
    assert.ok(span.attributes[REDACTED_RULES_KEY]);
    assert.deepEqual(spans.map((s) => s.spanId), [raw.spanId]);
  });
}

test('a shared resource is redacted once and stays shared; every span of it is marked', () => {
  const resource = { 'service.name': 'svc', 'deployment.api_key': 'abc123' };
  const a = rawSpan({ spanId: '1000000000000001', resource });
  const b = rawSpan({ spanId: '1000000000000002', resource });
  const { request, hits, spans } = redactRequest({ spans: [a, b], logs: [] }, redactor());
  assert.equal(request.spans[0]!.resource, request.spans[1]!.resource);
  assert.deepEqual(request.spans[0]!.resource, { 'service.name': 'svc', 'deployment.api_key': '[REDACTED:key:*api_key*]' });
  assert.deepEqual(hits, { 'key:*api_key*': 1 });
  assert.equal(spans.length, 2);
  assert.deepEqual(request.spans[1]!.attributes[REDACTED_RULES_KEY], ['key:*api_key*']);
});

test('log records (body and attributes) are redacted and their span is named', () => {
  const log = logRecord('gen_ai.user.message', { content: `my key ${KEYWORD}` }, { attributes: { 'x.authorization': 'Basic abc' } });
  const { request, spans, hits } = redactRequest({ spans: [], logs: [log] }, redactor());
  assert.deepEqual(request.logs[0]!.body, { content: 'my key [REDACTED:openai-key]' });
  assert.equal(request.logs[0]!.attributes['x.authorization'], '[REDACTED:key:*authorization*]');
  assert.equal(request.logs[0]!.attributes[REDACTED_COUNT_KEY], 2);
  assert.deepEqual(spans, [{ traceId: log.traceId, spanId: log.spanId, rules: ['key:*authorization*', 'openai-key'] }]);
  assert.deepEqual(hits, { 'openai-key': 1, 'key:*authorization*': 1 });
});

test('span name, status message, event and link attributes are covered', () => {
  const raw = rawSpan({
    name: `call ${SECRETS.aws}`, statusMessage: `denied for ${SECRETS.bearer}`,
    events: [{ name: 'exception', timeUnixNano: '1', attributes: { 'exception.message': `bad ${SECRETS.jwt}` } }],
    links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { note: SECRETS.github } }],
  });
  const { request, hits } = redactRequest({ spans: [raw], logs: [] }, redactor());
  const out = request.spans[0]!;
  assert.equal(out.name, 'call [REDACTED:aws-key]');
  assert.equal(out.statusMessage, 'denied for [REDACTED:bearer-token]');
  assert.equal(out.events[0]!.attributes['exception.message'], 'bad [REDACTED:jwt]');
  assert.equal(out.links[0]!.attributes.note, '[REDACTED:github-token]');
  assert.deepEqual(hits, { 'aws-key': 1, 'bearer-token': 1, jwt: 1, 'github-token': 1 });
  assert.equal(out.attributes[REDACTED_COUNT_KEY], 4);
});

test('pure: the input is not changed, and a request without secrets comes back as the same objects', () => {
  const clean = rawSpan({ attributes: { 'gen_ai.usage.input_tokens': 5, text: 'hello world, order 4111111111111112' } });
  const dirty = rawSpan({ spanId: '2000000000000002', attributes: { text: KEYWORD } });
  const input: DecodedRequest = { spans: [clean, dirty], logs: [] };
  const copy = structuredClone(input);
  const { request } = redactRequest(input, redactor());
  assert.deepEqual(input, copy);
  assert.equal(request.spans[0], clean);
  assert.notEqual(request.spans[1], dirty);
  const none = redactRequest({ spans: [clean], logs: [] }, redactor());
  assert.deepEqual(none.hits, {});
  assert.equal(none.request.spans[0], clean);
});
