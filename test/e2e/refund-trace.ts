// A realistic refund-bot trace as one OTLP/JSON request, shaped like examples/refund-bot emits it:
// refund.answer → query.rewrite, retrieve.policies, rerank, llm.generate (→ execute_tool lookup_order),
// tool.citation_check, judge.answer. llm.generate points at the fixture workspace's src/agent.ts and names
// the fixture prompt refund-answer v1.
import { randomBytes } from 'node:crypto';

export interface RefundTrace {
  traceId: string;
  ids: Record<'root' | 'rewrite' | 'retrieve' | 'rerank' | 'generate' | 'lookup' | 'cite' | 'judge', string>;
  body: object;
}

type Value = string | number | boolean;
const value = (v: Value) =>
  typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v }
    : Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
const attrs = (a: Record<string, Value>) => Object.entries(a).map(([key, v]) => ({ key, value: value(v) }));

const MODEL = 'gpt-4.1-mini';
const QUESTION = 'I got my kettle (order 10452) two weeks ago and it leaks. Can I still get a refund?';
const CONTEXT = '[refund-policy-2025] (published) Items can be returned within 30 days of delivery for a full refund.';
const TEMPLATE = 'You are a support agent. Answer refund questions in two sentences.\nQuote the refund policy section you rely on.';
const ANSWER = 'Yes: your kettle was delivered 14 days ago, and items can be returned within 30 days of delivery for a full refund [refund-policy-2025]. Start the return from your order page and the refund follows once it arrives.';

const chat = (input: number, output: number): Record<string, Value> => ({
  'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': MODEL,
  'gen_ai.response.model': `${MODEL}-2025-04-14`, 'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output,
});
const messages = (...m: Array<{ role: string; parts: object[]; finish_reason?: string }>) => JSON.stringify(m);
const text = (content: string) => ({ type: 'text', content });

export interface RefundTraceOptions {
  /** Leave out tool.citation_check (what the refund contract's cite-present rule catches). */
  skipCitationCheck?: boolean;
  /** Recorded code location of llm.generate (default /app/src/agent.ts:3). */
  codeFile?: string;
  codeLine?: number;
  /** Id of the policy document retrieve.policies returns first (default refund-policy-2025). */
  policyDocumentId?: string;
  /** The prompt version llm.generate names (default v1). */
  promptVersion?: string;
  /** The judge's score (gen_ai.evaluation.score.value, label pass at 0.5 and above); none by default. */
  judgeScore?: number;
}

export function refundTrace(options: RefundTraceOptions = {}): RefundTrace {
  const hex = (n: number) => randomBytes(n).toString('hex');
  const traceId = hex(16);
  const ids = {
    root: hex(8), rewrite: hex(8), retrieve: hex(8), rerank: hex(8), generate: hex(8), lookup: hex(8), cite: hex(8), judge: hex(8),
  };
  const t0 = BigInt(Date.now() - 5_000) * 1_000_000n;
  const at = (ms: number) => (t0 + BigInt(ms) * 1_000_000n).toString();
  const span = (id: string, parent: string | null, name: string, from: number, to: number, a: Record<string, Value>, kind = 1) => ({
    traceId, spanId: id, ...(parent ? { parentSpanId: parent } : {}), name, kind,
    startTimeUnixNano: at(from), endTimeUnixNano: at(to), attributes: attrs(a), status: { code: 0 },
  });
  const callId = 'call_lookup_1';
  const spans = [
    span(ids.root, null, 'refund.answer', 0, 2460, {
      'workload.id': 'refund-bot', 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'refund-bot',
      'gen_ai.conversation.id': 'conv-0042', 'refund.question': QUESTION,
    }),
    span(ids.rewrite, ids.root, 'query.rewrite', 15, 410, {
      ...chat(86, 11),
      'gen_ai.input.messages': messages({ role: 'user', parts: [text(QUESTION)] }),
      'gen_ai.output.messages': messages({ role: 'assistant', parts: [text('refund leaking kettle within return window')], finish_reason: 'stop' }),
    }, 3),
    span(ids.retrieve, ids.root, 'retrieve.policies', 415, 505, {
      'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'policies-index',
      'gen_ai.retrieval.query.text': 'refund leaking kettle within return window', 'gen_ai.retrieval.top_k': 3,
      'gen_ai.retrieval.documents': JSON.stringify([
        { id: options.policyDocumentId ?? 'refund-policy-2025', score: 0.82, content: CONTEXT, metadata: { status: 'published' } },
        { id: 'shipping', score: 0.31, content: 'Orders ship within 2 business days.', metadata: { status: 'published' } },
      ]),
    }),
    span(ids.rerank, ids.root, 'rerank', 508, 540, {
      'gen_ai.operation.name': 'rerank', 'reranker.model_name': 'keyword-density-v0', 'reranker.top_k': 2,
    }),
    span(ids.generate, ids.root, 'llm.generate', 545, 1880, {
      ...chat(642, 97),
      'gen_ai.request.temperature': 0.2,
      'gen_ai.response.finish_reasons': 'stop',
      'gen_ai.prompt.name': 'refund-answer', 'gen_ai.prompt.version': options.promptVersion ?? 'v1',
      'gen_ai.prompt.variable.question': QUESTION, 'gen_ai.prompt.variable.context': CONTEXT,
      'llm.prompt_template.template': TEMPLATE,
      'code.file.path': options.codeFile ?? '/app/src/agent.ts', 'code.line.number': options.codeLine ?? 3,
      'code.function.name': 'answerRefund',
      'gen_ai.system_instructions': JSON.stringify([text(TEMPLATE)]),
      'gen_ai.input.messages': messages(
        { role: 'user', parts: [text(QUESTION)] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: callId, name: 'lookup_order', arguments: { order_id: '10452' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: callId, response: { order_id: '10452', item: 'Blue kettle', delivered: '2026-10-03' } }] },
      ),
      'gen_ai.output.messages': messages({ role: 'assistant', parts: [text(ANSWER)], finish_reason: 'stop' }),
    }, 3),
    span(ids.lookup, ids.generate, 'execute_tool lookup_order', 930, 985, {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': callId, 'gen_ai.tool.call.arguments': JSON.stringify({ order_id: '10452' }),
      'gen_ai.tool.call.result': JSON.stringify({ order_id: '10452', item: 'Blue kettle', delivered: '2026-10-03', status: 'delivered' }),
    }),
    ...(options.skipCitationCheck ? [] : [span(ids.cite, ids.root, 'tool.citation_check', 1885, 1902, {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'citation_check', 'gen_ai.tool.type': 'function',
      'citation.check.passed': true,
    })]),
    span(ids.judge, ids.root, 'judge.answer', 1905, 2450, {
      'openinference.span.kind': 'EVALUATOR', 'gen_ai.evaluation.name': 'answer_quality',
      'gen_ai.provider.name': 'openai', 'gen_ai.request.model': MODEL,
      'gen_ai.usage.input_tokens': 188, 'gen_ai.usage.output_tokens': 24,
      ...(options.judgeScore !== undefined ? {
        'gen_ai.evaluation.score.value': options.judgeScore, 'gen_ai.evaluation.score.label': options.judgeScore >= 0.5 ? 'pass' : 'fail',
      } : {}),
    }),
  ];
  const body = {
    resourceSpans: [{
      resource: { attributes: attrs({ 'service.name': 'refund-bot', 'service.version': '1.4.0' }) },
      scopeSpans: [{ scope: { name: 'refund-bot', version: '1.4.0' }, spans }],
    }],
  };
  return { traceId, ids, body };
}

/** One more child of the trace's root, ending now, as its own OTLP/JSON request: a span arriving after the rest. */
export function lateChildSpan(trace: RefundTrace, name: string): object {
  const now = BigInt(Date.now()) * 1_000_000n;
  const span = {
    traceId: trace.traceId, spanId: randomBytes(8).toString('hex'), parentSpanId: trace.ids.root, name, kind: 1,
    startTimeUnixNano: (now - 20_000_000n).toString(), endTimeUnixNano: now.toString(), attributes: [], status: { code: 0 },
  };
  return {
    resourceSpans: [{
      resource: { attributes: attrs({ 'service.name': 'refund-bot', 'service.version': '1.4.0' }) },
      scopeSpans: [{ scope: { name: 'refund-bot', version: '1.4.0' }, spans: [span] }],
    }],
  };
}
