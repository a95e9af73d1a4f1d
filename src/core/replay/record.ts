// Every run is a trace: one LLM span in the GenAI vocabulary the normalizer reads (so messages, tokens and cost
// show like any other call), under a service name that marks replays, linked to the original span, with the edits
// as attributes. A failed run is a span with error status. Nothing here ever holds the key.
import { randomBytes } from 'node:crypto';
import { encodeTracesJson } from '../otlp';
import type { AttrValue, Attributes, RawSpan } from '../model/types';
import type { ReplayAnswer, ReplayEndpoint } from './providers/types';
import type { ReplayContent, ReplayMessage, ReplayProvider, ReplayRequest } from './types';

export const REPLAY_SERVICE = 'trace-lens.replay';
export const REPLAY_SCOPE = 'agent-trace-lens.replay';
/** Attributes of a replay span (besides the GenAI ones). */
export const REPLAY_ATTR = {
  ofTrace: 'trace_lens.replay.of.trace_id',
  ofSpan: 'trace_lens.replay.of.span_id',
  api: 'trace_lens.replay.api',
  edits: 'trace_lens.replay.edits',
  marks: 'trace_lens.replay.marks',
  dropped: 'trace_lens.replay.dropped_parameters',
  defaulted: 'trace_lens.replay.defaulted',
  batch: 'trace_lens.replay.batch',
  run: 'trace_lens.replay.run',
  runs: 'trace_lens.replay.runs',
} as const;

/** Where the OTel GenAI provider names put each API. */
const PROVIDER_NAME: Record<ReplayProvider, string> = {
  openai: 'openai', 'openai-responses': 'openai', anthropic: 'anthropic', gemini: 'gcp.gemini',
};

export interface RunRecord {
  request: ReplayRequest;
  /** The endpoint as sent to (its key is not read). */
  endpoint: Pick<ReplayEndpoint, 'provider' | 'baseUrl'>;
  /** The edits in words (EditedRequest.applied). */
  applied: readonly string[];
  /** Wall-clock start of the call, in milliseconds since the epoch. */
  startedAtMs: number;
  outcome:
    | { ok: true; answer: ReplayAnswer; dropped: readonly string[]; defaulted: readonly string[] }
    | { ok: false; errorType: string; message: string; latencyMs: number | null; partialText: string };
  /** Runs of one "Run ×N" share a batch id. */
  batch?: { id: string; run: number; runs: number };
  ids?: { traceId: string; spanId: string };
}

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

function partOf(c: ReplayContent): Record<string, unknown> | null {
  switch (c.type) {
    case 'text': return { type: 'text', content: c.text };
    case 'tool_call': return { type: 'tool_call', id: c.id, name: c.name, arguments: c.arguments };
    case 'tool_result': return { type: 'tool_call_response', id: c.id, result: c.result };
    default: return null;
  }
}

function messageJson(m: ReplayMessage): Record<string, unknown> {
  return { role: m.role, ...(m.name ? { name: m.name } : {}), parts: m.content.map(partOf).filter((p) => p !== null) };
}

/** host and port only: a base URL may carry credentials in its user part or query. */
function serverOf(baseUrl: string): { address: string; port: number } | null {
  try {
    const u = new URL(baseUrl);
    const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    return { address: u.hostname, port };
  } catch {
    return null;
  }
}

function requestAttributes(request: ReplayRequest): Attributes {
  const a: Attributes = {};
  const p = request.parameters;
  if (request.model) a['gen_ai.request.model'] = request.model;
  if (p.temperature !== undefined) a['gen_ai.request.temperature'] = p.temperature;
  if (p.topP !== undefined) a['gen_ai.request.top_p'] = p.topP;
  if (p.topK !== undefined) a['gen_ai.request.top_k'] = p.topK;
  if (p.maxTokens !== undefined) a['gen_ai.request.max_tokens'] = p.maxTokens;
  if (p.stop !== undefined) a['gen_ai.request.stop_sequences'] = p.stop;
  if (p.seed !== undefined) a['gen_ai.request.seed'] = p.seed;
  if (p.frequencyPenalty !== undefined) a['gen_ai.request.frequency_penalty'] = p.frequencyPenalty;
  if (p.presencePenalty !== undefined) a['gen_ai.request.presence_penalty'] = p.presencePenalty;
  if (p.responseFormat !== undefined) a['gen_ai.output.type'] = p.responseFormat.type === 'text' ? 'text' : 'json';
  if (p.reasoningEffort !== undefined) a['gen_ai.openai.request.reasoning_effort'] = p.reasoningEffort;
  if (p.toolChoice !== undefined) a['trace_lens.replay.tool_choice'] = typeof p.toolChoice === 'string' ? p.toolChoice : `tool:${p.toolChoice.tool}`;
  if (request.system.length > 0) a['gen_ai.system_instructions'] = JSON.stringify(request.system.map((content) => ({ type: 'text', content })));
  a['gen_ai.input.messages'] = JSON.stringify(request.messages.map(messageJson));
  if (request.tools !== null) {
    a['gen_ai.tool.definitions'] = JSON.stringify(request.tools.map((t) => ({
      type: 'function', name: t.name, ...(t.description !== null ? { description: t.description } : {}), ...(t.parameters ? { parameters: t.parameters } : {}),
    })));
  }
  if (request.source.promptName) a['gen_ai.prompt.name'] = request.source.promptName;
  return a;
}

function answerAttributes(answer: ReplayAnswer): Attributes {
  const a: Attributes = {};
  if (answer.responseModel) a['gen_ai.response.model'] = answer.responseModel;
  if (answer.responseId) a['gen_ai.response.id'] = answer.responseId;
  if (answer.finishReason) a['gen_ai.response.finish_reasons'] = [answer.finishReason];
  const u = answer.usage;
  const usage: Array<[string, number | null]> = [
    ['gen_ai.usage.input_tokens', u.inputTokens], ['gen_ai.usage.output_tokens', u.outputTokens],
    ['gen_ai.usage.cache_read.input_tokens', u.cacheReadTokens], ['gen_ai.usage.cache_write.input_tokens', u.cacheWriteTokens],
    ['gen_ai.usage.reasoning.output_tokens', u.reasoningTokens],
  ];
  for (const [key, value] of usage) if (value !== null) a[key] = value;
  if (answer.firstChunkMs !== null) a['gen_ai.response.time_to_first_chunk'] = answer.firstChunkMs / 1000;
  const parts: Array<Record<string, unknown>> = [];
  if (answer.text) parts.push({ type: 'text', content: answer.text });
  for (const c of answer.toolCalls) parts.push({ type: 'tool_call', id: c.id, name: c.name, arguments: c.arguments });
  a['gen_ai.output.messages'] = JSON.stringify([{ role: 'assistant', parts, ...(answer.finishReason ? { finish_reason: answer.finishReason } : {}) }]);
  return a;
}

function nanos(ms: number): string {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

/** The run as one OTLP span (a trace of its own), ready for the normal ingest path. */
export function replaySpan(run: RunRecord, version = '0.0.0-dev'): RawSpan {
  const { request, endpoint, outcome } = run;
  const ids = run.ids ?? { traceId: newTraceId(), spanId: newSpanId() };
  const latency = outcome.ok ? outcome.answer.latencyMs : outcome.latencyMs ?? 0;
  const attributes: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': PROVIDER_NAME[endpoint.provider],
    ...requestAttributes(request),
    [REPLAY_ATTR.ofTrace]: request.source.traceId,
    [REPLAY_ATTR.ofSpan]: request.source.spanId,
    [REPLAY_ATTR.api]: endpoint.provider,
    [REPLAY_ATTR.edits]: [...run.applied] as AttrValue[],
    [REPLAY_ATTR.marks]: request.marks.map((m) => `${m.kind} at ${m.where}`),
  };
  const server = serverOf(endpoint.baseUrl);
  if (server) {
    attributes['server.address'] = server.address;
    attributes['server.port'] = server.port;
  }
  if (run.batch) {
    attributes[REPLAY_ATTR.batch] = run.batch.id;
    attributes[REPLAY_ATTR.run] = run.batch.run;
    attributes[REPLAY_ATTR.runs] = run.batch.runs;
  }
  if (outcome.ok) {
    Object.assign(attributes, answerAttributes(outcome.answer));
    if (outcome.dropped.length > 0) attributes[REPLAY_ATTR.dropped] = [...outcome.dropped];
    if (outcome.defaulted.length > 0) attributes[REPLAY_ATTR.defaulted] = [...outcome.defaulted];
  } else {
    attributes['error.type'] = outcome.errorType;
    if (outcome.partialText) {
      attributes['gen_ai.output.messages'] = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: outcome.partialText }] }]);
    }
  }
  return {
    traceId: ids.traceId,
    spanId: ids.spanId,
    parentSpanId: null,
    traceState: '',
    name: `chat ${request.model ?? '(no model)'}`,
    otelKind: 3,
    startTimeUnixNano: nanos(run.startedAtMs),
    endTimeUnixNano: nanos(run.startedAtMs + latency),
    attributes,
    events: [],
    links: [{ traceId: request.source.traceId, spanId: request.source.spanId, attributes: { 'trace_lens.link.type': 'replay-of' } }],
    statusCode: outcome.ok ? 0 : 2,
    statusMessage: outcome.ok ? '' : outcome.message,
    resource: { 'service.name': REPLAY_SERVICE, 'service.version': version },
    scope: { name: REPLAY_SCOPE, version },
  };
}

/** The run as an OTLP/JSON trace request body, for `ingestRequest(body, 'traces', 'json')`. */
export function replayRequestBody(span: RawSpan): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(encodeTracesJson([span])));
}
