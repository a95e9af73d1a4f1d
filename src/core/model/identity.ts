// Who/what the span is about: provider, models, tool, agent, workflow, session, user, finish reasons, errors.
import { asText, attrKey, attrKeys, isRecord, parseMaybeJson, type AttrKey, type AttrReader } from './attributes';
import { langChainToolResult, langGraphAgentName, langChainResponseModel } from './langchain';
import type { ChatMessage, SpanEvent, SpanKindLabel } from './types';

const PROVIDER_KEYS = attrKeys(['gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system', 'ai.model.provider',
  'metadata#ls_provider']);
export const REQUEST_MODEL_KEYS = attrKeys(['gen_ai.request.model', 'llm.request.model_name', 'ai.model.id',
  'langfuse.observation.model.name', 'llm.invocation_parameters#model', 'metadata#ls_model_name', 'llm.model_name',
  'embedding.model_name']);
const RESPONSE_MODEL_KEYS = attrKeys(['gen_ai.response.model', 'llm.response.model_name', 'ai.response.model']);
// OpenInference's llm.model_name is what was asked for; LangChain's result holds the model that answered.
const RESPONSE_MODEL_FALLBACK_KEYS = attrKeys(['llm.model_name', 'langfuse.observation.model.name']);
export const CONVERSATION_KEYS = attrKeys(['gen_ai.conversation.id', 'session.id', 'conversation.id', 'langfuse.session.id',
  'traceloop.association.properties.session_id', 'ai.telemetry.metadata.sessionId', 'langsmith.trace.session_id',
  'mcp.session.id', 'ai.settings.context.sessionId']);
export const USER_KEYS = attrKeys(['user.id', 'enduser.id', 'langfuse.user.id', 'traceloop.association.properties.user_id',
  'ai.telemetry.metadata.userId', 'ai.settings.context.userId']);
export const OPERATION_KEYS = attrKeys(['gen_ai.operation.name', 'ai.operationId', 'mcp.method.name', 'llm.request.type']);

const K = {
  traceloopKind: attrKey('traceloop.span.kind'),
  langfuseType: attrKey('langfuse.observation.type'),
  oiKind: attrKey('openinference.span.kind'),
  inputValue: attrKey('input.value'),
  outputValue: attrKey('output.value'),
  entityInput: attrKey('traceloop.entity.input'),
  entityOutput: attrKey('traceloop.entity.output'),
  langfuseInput: attrKey('langfuse.observation.input'),
  langfuseOutput: attrKey('langfuse.observation.output'),
};
const TOOL_NAME_KEYS = attrKeys(['gen_ai.tool.name', 'tool.name', 'ai.toolCall.name']);
const TOOL_CALL_ID_KEYS = attrKeys(['gen_ai.tool.call.id', 'tool_call.id', 'ai.toolCall.id']);
const TOOL_ARGS_KEYS = attrKeys(['gen_ai.tool.call.arguments', 'ai.toolCall.args', 'ai.toolCall.input']);
const TOOL_RESULT_KEYS = attrKeys(['gen_ai.tool.call.result', 'ai.toolCall.result', 'ai.toolCall.output']);
const ENTITY_NAME_KEYS = attrKeys(['traceloop.entity.name']);
const AGENT_NAME_KEYS = attrKeys(['gen_ai.agent.name', 'agent.name']);
const FUNCTION_ID_KEYS = attrKeys(['ai.telemetry.functionId']);
const LANGSMITH_NAME_KEYS = attrKeys(['langsmith.trace.name']);
const WORKFLOW_NAME_KEYS = attrKeys(['gen_ai.workflow.name', 'traceloop.workflow.name', 'ai.telemetry.functionId', 'langfuse.trace.name']);
const FINISH_KEYS = attrKeys(['gen_ai.response.finish_reasons', 'llm.finish_reason', 'ai.response.finishReason']);
const ERROR_TYPE_KEYS = attrKeys(['error.type']);

function first(r: AttrReader, keys: readonly AttrKey[]): unknown {
  for (const k of keys) {
    const v = r.get(k);
    if (v !== undefined) return v;
  }
  return undefined;
}

// Vercel AI SDK provider ids are "<provider>.<api>" (openai.chat, anthropic.messages); OTel names have no such suffix.
const VERCEL_API_SUFFIXES = ['.chat', '.responses', '.completion', '.embedding', '.messages', '.image',
  '.transcription', '.speech', '.textEmbeddingModel'];

/** Provider in lower case, without a Vercel API suffix. */
export function readProvider(r: AttrReader): string | null {
  const p = r.str(PROVIDER_KEYS);
  if (p === null) return null;
  for (const suffix of VERCEL_API_SUFFIXES) {
    if (p.length > suffix.length && p.endsWith(suffix)) return p.slice(0, -suffix.length).toLowerCase();
  }
  return p.toLowerCase();
}

export function readResponseModel(r: AttrReader, kind: SpanKindLabel): string | null {
  return r.str(RESPONSE_MODEL_KEYS) ?? (kind === 'llm' ? langChainResponseModel(r) : null) ?? r.str(RESPONSE_MODEL_FALLBACK_KEYS);
}

function afterPrefix(name: string, prefix: string): string | null {
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : null;
}

export interface ToolInfo {
  toolName: string | null;
  toolCallId: string | null;
  toolArguments: string | null;
  toolResult: string | null;
}

/**
 * Traceloop's `traceloop.entity.input`/`output`: JSON.stringify of the value, so a text result arrives as a JSON
 * string literal (unwrapped here); its MCP instrumentation records a tool's input as `{tool_name, arguments}`.
 */
function traceloopEntity(r: AttrReader, key: AttrKey): unknown {
  const raw = r.get(key);
  if (typeof raw !== 'string') return raw;
  if (raw.length > 1 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      const text: unknown = JSON.parse(raw);
      if (typeof text === 'string') return text;
    } catch {
      return raw;
    }
  }
  const parsed = r.json(key);
  if (isRecord(parsed) && typeof parsed.tool_name === 'string' && parsed.arguments !== undefined) return parsed.arguments;
  return raw;
}

export function readTool(r: AttrReader, kind: SpanKindLabel, spanName: string): ToolInfo {
  const isTool = kind === 'tool';
  let toolName = r.str(TOOL_NAME_KEYS);
  if (toolName === null && isTool) {
    if (r.get(K.traceloopKind) === 'tool') toolName = r.str(ENTITY_NAME_KEYS);
    else if (r.get(K.langfuseType) === 'tool' || r.get(K.oiKind) === 'TOOL') toolName = spanName || null;
    else toolName = afterPrefix(spanName, 'execute_tool ');
  }
  let toolCallId = r.str(TOOL_CALL_ID_KEYS);
  let args = first(r, TOOL_ARGS_KEYS);
  let result = first(r, TOOL_RESULT_KEYS);
  if (isTool) {
    const oiTool = r.get(K.oiKind) === 'TOOL';
    args ??= (oiTool ? r.get(K.inputValue) : undefined) ?? traceloopEntity(r, K.entityInput) ?? r.get(K.langfuseInput);
    if (result === undefined && oiTool && r.has(K.outputValue)) {
      const lc = langChainToolResult(r.json(K.outputValue));
      if (lc) {
        result = lc.result;
        toolCallId ??= lc.toolCallId;
      }
    }
    result ??= (oiTool ? r.get(K.outputValue) : undefined) ?? traceloopEntity(r, K.entityOutput) ?? r.get(K.langfuseOutput);
  }
  return { toolName, toolCallId, toolArguments: asText(args ?? null), toolResult: asText(result ?? null) };
}

export function readAgentName(r: AttrReader, kind: SpanKindLabel, spanName: string): string | null {
  const direct = r.str(AGENT_NAME_KEYS);
  if (direct !== null) return direct;
  if (r.get(K.traceloopKind) === 'agent') {
    const n = r.str(ENTITY_NAME_KEYS);
    if (n !== null) return n;
  }
  const fn = r.str(FUNCTION_ID_KEYS);
  if (fn !== null) return fn;
  if (r.get(K.oiKind) === 'AGENT' && spanName) return spanName;
  const ls = r.str(LANGSMITH_NAME_KEYS);
  if (ls !== null) return ls;
  const graphAgent = langGraphAgentName(r);
  if (graphAgent !== null) return graphAgent;
  return kind === 'agent' ? afterPrefix(spanName, 'invoke_agent ') ?? afterPrefix(spanName, 'create_agent ') : null;
}

export function readWorkflowName(r: AttrReader, kind: SpanKindLabel, spanName: string): string | null {
  const n = r.str(WORKFLOW_NAME_KEYS);
  if (n !== null) return n;
  return kind === 'workflow' ? afterPrefix(spanName, 'invoke_workflow ') : null;
}

function reasonsFrom(v: unknown): string[] | null {
  const parsed = parseMaybeJson(v as string);
  if (Array.isArray(parsed)) {
    const out = parsed.map((x) => asText(x)).filter((x): x is string => x !== null && x.length > 0);
    return out.length > 0 ? out : null;
  }
  const s = asText(parsed ?? null);
  return s !== null && s.length > 0 ? [s] : null;
}

/** Finish reasons from attributes, else from the output messages (Traceloop completions, gen_ai.choice events). */
export function readFinishReasons(r: AttrReader, output: ChatMessage[] | null): string[] | null {
  for (const key of FINISH_KEYS) {
    const v = r.get(key);
    if (v !== undefined) {
      const reasons = reasonsFrom(v);
      if (reasons) return reasons;
    }
  }
  if (!output) return null;
  let out: string[] | null = null;
  for (const m of output) if (m.finishReason !== undefined) (out ??= []).push(m.finishReason);
  return out;
}

/** `error.type`, else the type of the first `exception` event. */
export function readErrorType(r: AttrReader, events: SpanEvent[]): string | null {
  const t = r.str(ERROR_TYPE_KEYS);
  if (t !== null) return t;
  for (const e of events) {
    if (e.name !== 'exception') continue;
    const et = e.attributes['exception.type'];
    if (typeof et === 'string' && et.length > 0) return et;
  }
  return null;
}
