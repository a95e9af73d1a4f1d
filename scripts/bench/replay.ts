// Opening a replay of a long conversation: an LLM span with 200 messages (user turns, assistant tool calls, tool
// results, ~1 KB each) and 20 tool definitions, stored in a durable store. Measures what the Replay editor tab does
// on open: read the span from the store, build the ReplayRequest (with its marks), apply an edit, and build each
// provider's request body. Target: ≤ 300 ms for the whole open.
// Run: npm run bench -- replay   (prints numbers; asserts nothing)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RawSpan } from '../../src/core/model/types';
import { encodeTracesJson } from '../../src/core/otlp';
import { applyEdits, replayRequestFromSpan, REPLAY_PROVIDERS } from '../../src/core/replay';
import { buildProviderRequest } from '../../src/core/replay/providers';
import { TraceStore } from '../../src/core/store';
import { median, percentile, targetLine } from './lib/report';

const MESSAGES = Number(process.argv[2] ?? 200);
const ROUNDS = 30;
const TARGET_MS = 300;
const TRACE_ID = 'a'.repeat(32);
const SPAN_ID = 'b'.repeat(16);

function messages(n: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; out.length < n; i++) {
    out.push({ role: 'user', parts: [{ type: 'text', content: `Question ${i}: ${'how does the refund policy apply here? '.repeat(25)}` }] });
    out.push({ role: 'assistant', parts: [{ type: 'tool_call', id: `call_${i}`, name: `tool_${i % 20}`, arguments: { order: `A-${i}`, page: i } }] });
    out.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: `call_${i}`, result: { rows: Array.from({ length: 8 }, (_, k) => ({ k, v: `value ${k} of ${i}` })) } }] });
    out.push({ role: 'assistant', parts: [{ type: 'text', content: `Answer ${i}: ${'the policy allows it within 30 days. '.repeat(25)}` }] });
  }
  return out.slice(0, n);
}

function span(): RawSpan {
  const tools = Array.from({ length: 20 }, (_, i) => ({
    type: 'function', name: `tool_${i}`, description: `Tool number ${i}`,
    parameters: { type: 'object', properties: { order: { type: 'string' }, page: { type: 'integer' } }, required: ['order'] },
  }));
  return {
    traceId: TRACE_ID, spanId: SPAN_ID, parentSpanId: null, traceState: '', name: 'chat gpt-4o', otelKind: 3,
    startTimeUnixNano: '1770000000000000000', endTimeUnixNano: '1770000002000000000',
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.temperature': 0.2, 'gen_ai.request.max_tokens': 800,
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are the refund assistant. '.repeat(40) }]),
      'gen_ai.input.messages': JSON.stringify(messages(MESSAGES)),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Done.' }], finish_reason: 'stop' }]),
      'gen_ai.tool.definitions': JSON.stringify(tools),
      'gen_ai.usage.input_tokens': 60_000, 'gen_ai.usage.output_tokens': 2,
    },
    events: [], links: [], statusCode: 0, statusMessage: '', resource: { 'service.name': 'bench' }, scope: { name: 'bench', version: '1' },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trace-lens-bench-replay-'));
  try {
    const store = await TraceStore.open({ dir });
    const body = new TextEncoder().encode(JSON.stringify(encodeTracesJson([span()])));
    store.ingestRequest(body, 'traces', 'json');
    await store.flush();
    console.log(`one LLM span: ${MESSAGES} messages, 20 tool definitions, ${(body.length / 1024).toFixed(0)} KiB of attributes`);
    const read: number[] = [];
    const build: number[] = [];
    const total: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      const stored = store.getSpan(TRACE_ID, SPAN_ID)!;
      const t1 = performance.now();
      const request = replayRequestFromSpan(stored);
      const { request: edited } = applyEdits(request, { system: 'Be brief.', parameters: { temperature: 0.7 } });
      for (const provider of REPLAY_PROVIDERS) buildProviderRequest(edited, { provider, baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'bench' });
      const t2 = performance.now();
      if (request.messages.length !== MESSAGES) throw new Error(`expected ${MESSAGES} messages, got ${request.messages.length}`);
      read.push(t1 - t0);
      build.push(t2 - t1);
      total.push(t2 - t0);
    }
    const fmt = (s: number[]): string => `median ${median(s).toFixed(1)} ms, p95 ${percentile(s, 95).toFixed(1)} ms, first ${s[0]!.toFixed(1)} ms`;
    console.log(`read the span from the store:             ${fmt(read)}`);
    console.log(`request + edit + 4 provider bodies:       ${fmt(build)}`);
    console.log(`whole open:                               ${fmt(total)}`);
    console.log(targetLine(`replay tab open ≤ ${TARGET_MS} ms (p95, ${MESSAGES} messages)`, percentile(total, 95) <= TARGET_MS, `${percentile(total, 95).toFixed(1)} ms`));
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
