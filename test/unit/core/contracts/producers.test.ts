// Contracts over traces recorded from real producers (decoded and normalized by the real pipeline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { checkTrace, inferContract, loadContracts, contractFileText } from '../../../../src/core/contracts';
import type { NormalizedSpan } from '../../../../src/core/model/types';
import { TraceStore } from '../../../../src/core/store';
import { ingestFiles } from '../../../../src/store-worker/import-files';
import { oneContract } from './helpers';

const otlp = path.join(__dirname, '..', '..', '..', 'fixtures', 'otlp');

async function tracesOf(producer: string): Promise<Map<string, NormalizedSpan[]>> {
  const dir = path.join(otlp, producer);
  const files = readdirSync(dir).filter((f) => /^\d+-[a-z-]+\.(json|pb)$/.test(f)).map((f) => path.join(dir, f));
  const store = await TraceStore.open({ dir: null });
  try {
    ingestFiles(store, files);
    const out = new Map<string, NormalizedSpan[]>();
    for (const t of store.listTraces({ limit: 1000 })) out.set(t.rootName ?? t.traceId, store.getTraceSpans(t.traceId));
    return out;
  } finally {
    await store.close();
  }
}

test('Vercel AI SDK: the wrapper span repeats its children\'s usage, counted once', async () => {
  for (const producer of ['ai-v6-experimental-telemetry', 'ai-v7-otel-legacy']) {
    const spans = (await tracesOf(producer)).get('ai.generateText');
    assert.ok(spans, producer);
    // ai.generateText reports 63 tokens; its two doGenerate children 25 + 38.
    assert.deepEqual(checkTrace(oneContract({ id: 'b', type: 'budget', maxTotalTokens: 63 }), spans), [], producer);
    assert.match(checkTrace(oneContract({ id: 'b', type: 'budget', maxTotalTokens: 62 }), spans)[0]?.message ?? '', /used 63 tokens/, producer);
  }
});

test('Vercel AI SDK: order and nesting of the tool call differ between v6 and v7', async () => {
  const rule = { id: 't', type: 'span', match: { kind: 'tool', attributes: { $toolName: 'get_weather' } }, ancestor: { name: 'ai.generateText' }, after: { name: 'ai.generateText.doGenerate' } };
  // v6: the tool runs between the two model calls, as a sibling.
  const v6 = (await tracesOf('ai-v6-experimental-telemetry')).get('ai.generateText')!;
  assert.deepEqual(checkTrace(oneContract(rule), v6), []);
  // v7: the tool span sits inside the first model call, so it starts before that call ends.
  const v7 = (await tracesOf('ai-v7-otel-legacy')).get('ai.generateText')!;
  const findings = checkTrace(oneContract(rule), v7);
  assert.deepEqual(findings.map((f) => v7.find((s) => s.spanId === f.spanId)?.name), ['ai.toolCall']);
  assert.match(findings[0]!.message, /started before any of them ended/);
  assert.deepEqual(checkTrace(oneContract({ ...rule, after: undefined, parent: { name: 'ai.generateText.doGenerate' } }), v7), []);
});

test('OpenInference: the second chat completion carries no token counts', async () => {
  const spans = (await tracesOf('openinference-openai')).get('weather-agent');
  assert.ok(spans);
  const findings = checkTrace(oneContract({ id: 'u', type: 'attributes', on: { kind: 'llm' }, required: ['$requestModel', '$inputTokens'] }), spans);
  assert.equal(findings.length, 1);
  const span = spans.find((s) => s.spanId === findings[0]!.spanId);
  assert.equal(span?.name, 'OpenAI Chat Completions');
  assert.match(findings[0]!.message, /lacks \$inputTokens$/);
});

test('every recorded trace: no orphans, and its inferred contract passes on it', async () => {
  let traces = 0;
  for (const producer of readdirSync(otlp)) {
    for (const [name, spans] of await tracesOf(producer)) {
      traces++;
      assert.deepEqual(checkTrace(oneContract({ id: 'o', type: 'no-orphans' }), spans), [], `${producer} ${name}`);
      const { contracts, problems } = loadContracts(contractFileText([inferContract(spans)]), 'inferred.json');
      assert.deepEqual(problems, []);
      assert.deepEqual(checkTrace(contracts, spans), [], `${producer} ${name}`);
    }
  }
  assert.ok(traces >= 10, `only ${traces} traces`);
});
