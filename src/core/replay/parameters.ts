// Request parameters in every vocabulary the normalizer reads: OTel GenAI (span attributes, or the
// `gen_ai.client.inference.operation.details` event), OpenInference's invocation parameters, the Vercel AI SDK's
// settings, Langfuse's model parameters, Codex's reasoning effort. First key present wins.
import { AttrReader, asNumber, attrKeys, isRecord, parseMaybeJson, type AttrKey } from '../model/attributes';
import type { Attributes, SpanEvent } from '../model/types';
import type { ReplayParameters, ReplayResponseFormat, ReplayToolChoice } from './types';

const INVOCATION = 'llm.invocation_parameters';
const LANGFUSE = 'langfuse.observation.model.parameters';

function keys(otel: string[], vercel: string[], fields: string[]): readonly AttrKey[] {
  return attrKeys([
    ...otel,
    ...vercel,
    ...fields.map((f) => `${INVOCATION}#${f}`),
    ...fields.map((f) => `${LANGFUSE}#${f}`),
  ]);
}

const K = {
  temperature: keys(['gen_ai.request.temperature'], ['ai.settings.temperature'], ['temperature']),
  topP: keys(['gen_ai.request.top_p'], ['ai.settings.topP'], ['top_p', 'topP']),
  topK: keys(['gen_ai.request.top_k'], ['ai.settings.topK'], ['top_k', 'topK']),
  maxTokens: keys(
    ['gen_ai.request.max_tokens'], ['ai.settings.maxOutputTokens', 'ai.settings.maxTokens'],
    ['max_tokens', 'max_completion_tokens', 'max_output_tokens', 'maxOutputTokens', 'maxTokens'],
  ),
  stop: keys(['gen_ai.request.stop_sequences'], ['ai.settings.stopSequences'], ['stop', 'stop_sequences', 'stopSequences']),
  seed: keys(['gen_ai.request.seed', 'gen_ai.openai.request.seed'], ['ai.settings.seed'], ['seed']),
  frequencyPenalty: keys(['gen_ai.request.frequency_penalty'], ['ai.settings.frequencyPenalty'], ['frequency_penalty', 'frequencyPenalty']),
  presencePenalty: keys(['gen_ai.request.presence_penalty'], ['ai.settings.presencePenalty'], ['presence_penalty', 'presencePenalty']),
  responseFormat: keys(['gen_ai.openai.request.response_format', 'gen_ai.output.type'], [], ['response_format', 'responseFormat']),
  toolChoice: keys([], ['ai.prompt.toolChoice'], ['tool_choice', 'toolChoice']),
  reasoningEffort: keys(['codex.request.reasoning_effort', 'gen_ai.openai.request.reasoning_effort'], [], ['reasoning_effort']),
  reasoningObject: attrKeys([`${INVOCATION}#reasoning`]),
};

/** The event OTel GenAI 1.37+ records the request in when content goes to events (Gemini CLI, Python contrib). */
export const OPERATION_DETAILS_EVENT = 'gen_ai.client.inference.operation.details';

/** Span attributes first, then the operation-details events' attributes (the request's event comes first). */
export function parameterSources(attributes: Attributes, events: readonly SpanEvent[]): AttrReader[] {
  const readers = [new AttrReader(attributes)];
  for (const e of events) if (e.name === OPERATION_DETAILS_EVENT) readers.push(new AttrReader(e.attributes));
  return readers;
}

function first<T>(readers: readonly AttrReader[], keyList: readonly AttrKey[], read: (v: unknown) => T | null): T | null {
  for (const r of readers) {
    for (const k of keyList) {
      const v = r.get(k);
      if (v === undefined || v === null) continue;
      const value = read(parseMaybeJson(v));
      if (value !== null) return value;
    }
  }
  return null;
}

function stopList(v: unknown): string[] | null {
  if (typeof v === 'string') return v.length > 0 ? [v] : null;
  if (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')) return v as string[];
  return null;
}

function responseFormat(v: unknown): ReplayResponseFormat | null {
  if (typeof v === 'string') {
    if (v === 'text') return { type: 'text' };
    if (v === 'json' || v === 'json_object') return { type: 'json' };
    return null;
  }
  if (!isRecord(v)) return null;
  if (v.type === 'text') return { type: 'text' };
  if (v.type === 'json_object' || (v.type === 'json' && !isRecord(v.schema))) return { type: 'json' };
  // OpenAI Chat: {type:'json_schema', json_schema:{name, schema, strict}}; Responses / Vercel: the fields inline.
  const spec = isRecord(v.json_schema) ? v.json_schema : v;
  if ((v.type === 'json_schema' || v.type === 'json') && isRecord(spec.schema)) {
    const format: ReplayResponseFormat = {
      type: 'json_schema', name: typeof spec.name === 'string' ? spec.name : 'response', schema: spec.schema,
    };
    if (typeof spec.strict === 'boolean') format.strict = spec.strict;
    return format;
  }
  return null;
}

/** OpenAI (`auto`, `{type:'function', function:{name}}`), Vercel (`{type:'tool', toolName}`), Anthropic (`{type:'any'|'tool', name}`). */
export function toolChoice(v: unknown): ReplayToolChoice | null {
  const word = (s: unknown): ReplayToolChoice | null => {
    if (s === 'auto' || s === 'none' || s === 'required') return s;
    if (s === 'any') return 'required';
    return null;
  };
  if (typeof v === 'string') return word(v);
  if (!isRecord(v)) return null;
  const fn = isRecord(v.function) ? v.function : null;
  const name = fn?.name ?? v.toolName ?? v.name;
  if ((v.type === 'function' || v.type === 'tool') && typeof name === 'string' && name.length > 0) return { tool: name };
  return word(v.type);
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function set<K extends keyof ReplayParameters>(p: ReplayParameters, key: K, value: ReplayParameters[K] | null): void {
  if (value !== null && value !== undefined) p[key] = value;
}

export function readParameters(readers: readonly AttrReader[]): ReplayParameters {
  const p: ReplayParameters = {};
  set(p, 'temperature', first(readers, K.temperature, asNumber));
  set(p, 'topP', first(readers, K.topP, asNumber));
  set(p, 'topK', first(readers, K.topK, asNumber));
  set(p, 'maxTokens', first(readers, K.maxTokens, asNumber));
  set(p, 'stop', first(readers, K.stop, stopList));
  set(p, 'seed', first(readers, K.seed, asNumber));
  set(p, 'frequencyPenalty', first(readers, K.frequencyPenalty, asNumber));
  set(p, 'presencePenalty', first(readers, K.presencePenalty, asNumber));
  set(p, 'responseFormat', first(readers, K.responseFormat, responseFormat));
  set(p, 'toolChoice', first(readers, K.toolChoice, toolChoice));
  set(p, 'reasoningEffort',
    first(readers, K.reasoningEffort, text) ?? first(readers, K.reasoningObject, (v) => (isRecord(v) ? text(v.effort) : null)));
  return p;
}
