// Deterministic GenAI agent spans for the benchmarks: root agent span, steps, LLM calls with messages,
// tool calls with arguments, retrieval; about 3% of traces fail. Shared by scale.ts and disk-writes.ts.
import type { Attributes, RawSpan } from '../../../src/core/model/types';

/** Spans per export batch (what an OTel SDK's batch processor sends at most by default). */
export const BATCH = 512;
const BASE_NS = 1_760_000_000_000_000_000n;

export const SERVICES = ['support-agent', 'research-agent', 'code-review-bot', 'rag-api', 'triage-worker', 'eval-runner'];
const MODELS: Array<[string, string]> = [
  ['openai', 'gpt-4o-mini'], ['openai', 'gpt-4.1'], ['anthropic', 'claude-sonnet-4-5'], ['gcp.gemini', 'gemini-2.5-flash'],
];
export const TOOLS = ['web_search', 'read_file', 'run_sql', 'send_email', 'lookup_order', 'calculator'];
const WORDS = ['order', 'refund', 'invoice', 'latency', 'deploy', 'customer', 'policy', 'summary', 'ticket', 'schema'];

/** Deterministic pseudo-random numbers (same seed, same sequence), so a run can be repeated. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Streams GenAI agent traces: root agent span, steps, LLM calls, tools, retrieval; about 3% of traces fail. */
export class SpanFactory {
  private readonly random = makeRandom(42);
  private traceNo = 0;
  private spanNo = 0;
  private trace = { id: '', rootId: '', stepId: '', size: 0, emitted: 0, startNs: 0n, service: '', failing: false };
  produced = 0;

  /**
   * `textScale` multiplies the length of every generated text (messages, goals, tool arguments, queries);
   * `firstTrace` starts trace and span numbers past those of another factory (new ids for the same store).
   */
  constructor(private readonly textScale = 1, firstTrace = 0) {
    this.traceNo = firstTrace;
    this.spanNo = firstTrace * 64;
  }

  /** Number of the trace being produced (its id is this number in hex; `conv-<n>` in its attributes). */
  get currentTrace(): number {
    return this.traceNo;
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private text(words: number): string {
    return Array.from({ length: Math.round(words * this.textScale) }, () => this.pick(WORDS)).join(' ');
  }

  private startTrace(size: number): void {
    this.traceNo++;
    this.trace = {
      id: hex(this.traceNo, 32), rootId: '', stepId: '', size, emitted: 0,
      startNs: BASE_NS + BigInt(this.traceNo) * 40_000_000n, service: this.pick(SERVICES), failing: this.random() < 0.03,
    };
  }

  /** `count` spans; a trace left unfinished continues in the next call (exporters split traces across batches). */
  batch(count: number): RawSpan[] {
    const spans: RawSpan[] = [];
    for (let i = 0; i < count; i++) {
      if (this.trace.emitted >= this.trace.size) this.startTrace(4 + Math.floor(this.random() * 33));
      spans.push(this.nextSpan());
    }
    return spans;
  }

  /** One trace of `size` spans in 512-span batches; returns its id. */
  bigTrace(size: number, consume: (spans: RawSpan[]) => void): string {
    this.startTrace(size);
    while (this.trace.emitted < this.trace.size) consume(this.batch(Math.min(BATCH, this.trace.size - this.trace.emitted)));
    return this.trace.id;
  }

  private nextSpan(): RawSpan {
    const t = this.trace;
    const local = t.emitted++;
    this.produced++;
    const spanId = hex(++this.spanNo, 16);
    const slot = local % 5;
    const role = local === 0 ? 'root' : slot === 1 ? 'step' : slot === 3 ? 'tool' : slot === 0 ? 'retrieval' : 'llm';
    let parentSpanId: string | null = null;
    if (role === 'root') t.rootId = spanId;
    else if (role === 'step') {
      parentSpanId = t.rootId;
      t.stepId = spanId;
    } else parentSpanId = t.stepId;
    const startNs = t.startNs + BigInt(local) * 1_500_000n;
    const durationNs = role === 'root' ? BigInt(t.size) * 1_500_000n + 5_000_000n : BigInt(200_000 + Math.floor(this.random() * 1_200_000));
    const attributes: Attributes = {
      'workload.id': `wl-${this.traceNo % 11}`,
      'session.id': `sess-${this.traceNo % 997}`,
      'user.id': `user-${this.traceNo % 131}`,
      'gen_ai.conversation.id': `conv-${this.traceNo}`,
      'gen_ai.agent.name': t.service,
      'app.environment': 'dev',
      'app.request.id': `req-${this.traceNo}-${local}`,
      'code.file.path': `src/agents/${t.service}/${role}.ts`,
      'code.line.number': 10 + (local % 40),
      'code.function.name': `${role}Handler`,
    };
    let name = `invoke_agent ${t.service}`;
    let statusCode: RawSpan['statusCode'] = 0;
    let statusMessage = '';
    if (role === 'root') Object.assign(attributes, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.id': `agent-${t.service}` });
    else if (role === 'step') {
      name = `step ${Math.ceil(local / 5)}`;
      Object.assign(attributes, { 'app.step.index': Math.ceil(local / 5), 'app.step.goal': this.text(6) });
    } else if (role === 'llm') {
      const [provider, model] = this.pick(MODELS);
      const input = 150 + Math.floor(this.random() * 2500);
      name = `chat ${model}`;
      Object.assign(attributes, {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': provider, 'gen_ai.request.model': model,
        'gen_ai.response.model': model, 'gen_ai.request.temperature': 0.2, 'gen_ai.request.max_tokens': 1024,
        'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': 20 + Math.floor(input / 7),
        'gen_ai.response.id': `resp-${this.spanNo}`, 'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.input.messages': JSON.stringify([
          { role: 'system', parts: [{ type: 'text', content: 'You are a helpful agent.' }] },
          { role: 'user', parts: [{ type: 'text', content: this.text(30) }] },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: this.text(15) }], finish_reason: 'stop' },
        ]),
      });
    } else if (role === 'tool') {
      const tool = this.pick(TOOLS);
      name = `execute_tool ${tool}`;
      Object.assign(attributes, {
        'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool, 'gen_ai.tool.call.id': `call-${this.spanNo}`,
        'gen_ai.tool.type': 'function', 'gen_ai.tool.call.arguments': JSON.stringify({ query: this.text(5) }),
      });
      if (t.failing && local === 3) {
        statusCode = 2;
        statusMessage = `${tool} timed out`;
        attributes['error.type'] = 'TimeoutError';
      }
    } else {
      name = 'retrieval vector-store';
      Object.assign(attributes, {
        'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-main', 'app.retrieval.top_k': 5,
        'app.retrieval.query': this.text(8),
      });
    }
    return {
      traceId: t.id, spanId, parentSpanId, traceState: '', name, otelKind: role === 'llm' ? 3 : 1,
      startTimeUnixNano: startNs.toString(), endTimeUnixNano: (startNs + durationNs).toString(), attributes,
      events: [], links: [], statusCode, statusMessage,
      resource: {
        'service.name': t.service, 'service.version': '1.4.2', 'telemetry.sdk.name': 'opentelemetry',
        'telemetry.sdk.language': 'python', 'telemetry.sdk.version': '1.38.0', 'host.name': 'dev-laptop',
      },
      scope: { name: 'opentelemetry.instrumentation.genai', version: '0.2b0' },
    };
  }
}
