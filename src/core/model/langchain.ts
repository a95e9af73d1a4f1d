// LangChain / LangGraph as OpenInference records them: serialized messages (`{lc:1, type:'constructor', id:[…,'AIMessage'],
// kwargs}`), the response model inside `output.value`'s generations, a tool's result as a serialized ToolMessage, and
// LangGraph's routing functions (plain-text outputs naming the next node).
import { attrKey, isRecord, type AttrReader } from './attributes';

const K = {
  inputValue: attrKey('input.value'),
  outputValue: attrKey('output.value'),
  outputMime: attrKey('output.mime_type'),
  langgraphNode: attrKey('metadata#langgraph_node'),
};

const LC_ROLES: Record<string, string> = {
  HumanMessage: 'user', HumanMessageChunk: 'user',
  AIMessage: 'assistant', AIMessageChunk: 'assistant',
  SystemMessage: 'system', SystemMessageChunk: 'system',
  ToolMessage: 'tool', ToolMessageChunk: 'tool',
  FunctionMessage: 'tool', FunctionMessageChunk: 'tool',
};

function lcClass(v: Record<string, unknown>): string | null {
  if (v.lc !== 1 || v.type !== 'constructor' || !Array.isArray(v.id) || !isRecord(v.kwargs)) return null;
  const last = v.id[v.id.length - 1];
  return typeof last === 'string' ? last : null;
}

/**
 * A LangChain-serialized message as a plain chat-message object (`role`, `content`, `tool_calls`, `tool_call_id`,
 * `name`); null when `v` is not one.
 */
export function fromLangChainMessage(v: Record<string, unknown>): Record<string, unknown> | null {
  const cls = lcClass(v);
  if (cls === null) return null;
  const kwargs = v.kwargs as Record<string, unknown>;
  const role = cls === 'ChatMessage' || cls === 'ChatMessageChunk' ? kwargs.role : LC_ROLES[cls];
  if (typeof role !== 'string') return null;
  const out: Record<string, unknown> = { role, content: kwargs.content ?? null };
  if (typeof kwargs.name === 'string') out.name = kwargs.name;
  if (role === 'tool' && typeof kwargs.tool_call_id === 'string') out.tool_call_id = kwargs.tool_call_id;
  // LangChain's own tool calls ({name, args, id}); OpenAI's raw ones sit in additional_kwargs.
  const calls = Array.isArray(kwargs.tool_calls) && kwargs.tool_calls.length > 0
    ? kwargs.tool_calls
    : isRecord(kwargs.additional_kwargs) ? kwargs.additional_kwargs.tool_calls : undefined;
  if (Array.isArray(calls) && calls.length > 0) out.tool_calls = calls;
  return out;
}

/** The first generation's message of a LangChain LLM result `{generations:[[{text, message, generationInfo}]]}`. */
function firstGenerationMessage(v: unknown): Record<string, unknown> | null {
  if (!isRecord(v) || !Array.isArray(v.generations)) return null;
  for (const group of v.generations) {
    for (const gen of Array.isArray(group) ? group : [group]) {
      if (!isRecord(gen) || !isRecord(gen.message)) continue;
      const m = gen.message;
      return isRecord(m.kwargs) ? m.kwargs : m;
    }
  }
  return null;
}

function looksLikeLangChainResult(r: AttrReader): boolean {
  const raw = r.get(K.outputValue);
  return typeof raw === 'string' && raw.startsWith('{"generations"');
}

/** `generations[…].message.kwargs.response_metadata.model_name` of a LangChain chat model's `output.value`. */
export function langChainResponseModel(r: AttrReader): string | null {
  if (!looksLikeLangChainResult(r)) return null;
  const message = firstGenerationMessage(r.json(K.outputValue));
  const meta = message && isRecord(message.response_metadata) ? message.response_metadata : null;
  const model = meta?.model_name ?? meta?.model;
  return typeof model === 'string' && model.length > 0 ? model : null;
}

/** Tool-call ids by position from a LangChain result, for output messages recorded without them. */
export function langChainToolCallIds(r: AttrReader): string[] | null {
  if (!looksLikeLangChainResult(r)) return null;
  const message = firstGenerationMessage(r.json(K.outputValue));
  const plain = message ? fromLangChainMessage({ lc: 1, type: 'constructor', id: ['AIMessage'], kwargs: message }) : null;
  const calls = plain?.tool_calls;
  if (!Array.isArray(calls)) return null;
  return calls.map((c) => (isRecord(c) && typeof c.id === 'string' ? c.id : ''));
}

/**
 * The messages of a LangChain chat model's `input.value` (`{messages: [[…serialized messages]]}`, first batch) as
 * plain chat-message objects; null when the value is not that or a message does not convert.
 */
export function langChainInputMessages(r: AttrReader): Record<string, unknown>[] | null {
  const raw = r.get(K.inputValue);
  if (typeof raw !== 'string' || !raw.startsWith('{"messages":[[')) return null;
  const v = r.json(K.inputValue);
  const batch = isRecord(v) && Array.isArray(v.messages) && Array.isArray(v.messages[0]) ? v.messages[0] as unknown[] : null;
  if (!batch) return null;
  const out: Record<string, unknown>[] = [];
  for (const m of batch) {
    const plain = isRecord(m) ? fromLangChainMessage(m) : null;
    if (!plain) return null;
    out.push(plain);
  }
  return out;
}

export interface LangChainToolResult {
  result: unknown;
  toolCallId: string | null;
}

/** A tool span's `output.value` that is a serialized ToolMessage (bare or as `{output: …}`). */
export function langChainToolResult(value: unknown): LangChainToolResult | null {
  const candidate = isRecord(value) && isRecord(value.output) ? value.output : value;
  if (!isRecord(candidate) || lcClass(candidate) === null) return null;
  const plain = fromLangChainMessage(candidate);
  if (plain?.role !== 'tool') return null;
  return { result: plain.content ?? null, toolCallId: typeof plain.tool_call_id === 'string' ? plain.tool_call_id : null };
}

const ROUTE_TOKEN = /^[A-Za-z_][\w:-]*$/;

/**
 * A LangGraph conditional edge (RunnableLambda or a routing function) answers with the next node's name as plain
 * text (`tools`, `__end__`): a decision, not an assistant message.
 */
export function isLangGraphRoute(r: AttrReader, spanName: string): boolean {
  if (r.get(K.langgraphNode) === undefined || r.get(K.outputMime) === 'application/json') return false;
  const out = r.get(K.outputValue);
  if (typeof out !== 'string') return false;
  return spanName === 'RunnableLambda' || ROUTE_TOKEN.test(out.trim());
}

/**
 * The agent of a LangGraph `createReactAgent` graph: its model node (`langgraph_node` = "agent") answers with an
 * AIMessage that carries the agent's name.
 */
export function langGraphAgentName(r: AttrReader): string | null {
  if (r.get(K.langgraphNode) !== 'agent') return null;
  const out = r.json(K.outputValue);
  const list = isRecord(out) && Array.isArray(out.messages) ? out.messages : null;
  if (!list) return null;
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    const plain = isRecord(m) ? fromLangChainMessage(m) : null;
    if (plain?.role === 'assistant' && typeof plain.name === 'string' && plain.name.length > 0) return plain.name;
  }
  return null;
}
