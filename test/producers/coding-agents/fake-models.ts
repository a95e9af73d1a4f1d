// Fake model servers for running the real coding-agent CLIs headless: Anthropic Messages, OpenAI Responses and
// Gemini generateContent. Each binds 127.0.0.1 on a free port and keeps every request it saw. The script is
// always the same: a request that offers a shell tool and asks to run `echo hello-from-tool` gets a tool call;
// the request that carries the tool's result gets a text answer; anything else gets a short text.
// Token counts are distinct, non-round numbers so fixtures show which count ended up where.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeModelKind = 'anthropic' | 'openai-responses' | 'gemini';

export interface RecordedModelRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
  /** What the fake decided to answer: 'tool_call', 'tool_result_answer', 'text', 'json', 'probe'. */
  answer: string;
}

export interface FakeModel {
  kind: FakeModelKind;
  url: string;
  port: number;
  requests: RecordedModelRequest[];
  close(): Promise<void>;
}

export const TOOL_COMMAND = 'echo hello-from-tool';
export const FINAL_TEXT = 'Done: the command printed hello-from-tool.';
export const GOODBYE_TEXT = 'Goodbye! It was nice working with you.';
export const SIDE_TEXT = 'Shell command check';

/** Token usage per kind of answer. */
export const USAGE = {
  toolCall: { input: 1234, cacheRead: 567, cacheWrite: 89, output: 42, reasoning: 17 },
  final: { input: 1301, cacheRead: 611, cacheWrite: 97, output: 23, reasoning: 11 },
  plain: { input: 1187, cacheRead: 533, cacheWrite: 71, output: 19, reasoning: 5 },
  side: { input: 211, cacheRead: 0, cacheWrite: 0, output: 7, reasoning: 0 },
} as const;
type Usage = (typeof USAGE)[keyof typeof USAGE];

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Start one fake model server. */
export async function startFakeModel(kind: FakeModelKind): Promise<FakeModel> {
  const requests: RecordedModelRequest[] = [];
  const handler = kind === 'anthropic' ? anthropic : kind === 'gemini' ? gemini : openaiResponses;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text === '' ? undefined : text;
      try {
        if (text !== '') body = JSON.parse(text);
      } catch {
        /* keep text */
      }
      const rec: RecordedModelRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, answer: '' };
      requests.push(rec);
      try {
        rec.answer = handler(rec, res);
      } catch (err) {
        rec.answer = `error: ${String(err)}`;
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err) } }));
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    kind,
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const data = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

function startSse(res: http.ServerResponse, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
}

/** Split a string into a few pieces so streamed deltas look like real ones. */
function pieces(s: string, n = 3): string[] {
  const size = Math.max(1, Math.ceil(s.length / n));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** Whether the user's latest text asks for the scripted shell command. */
function wantsTool(text: string): boolean {
  return text.includes('hello-from-tool');
}

// ---------------------------------------------------------------- Anthropic Messages

type Plan = { type: 'tool'; usage: Usage } | { type: 'text'; text: string; usage: Usage; answer: string };

function anthropicPlan(body: Json): Plan {
  const tools = arr(body.tools).filter(isObj);
  const messages = arr(body.messages).filter(isObj);
  const last = messages[messages.length - 1];
  const lastBlocks = last ? (typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : arr(last.content).filter(isObj)) : [];
  if (lastBlocks.some((b) => b.type === 'tool_result')) return { type: 'text', text: FINAL_TEXT, usage: USAGE.final, answer: 'tool_result_answer' };
  const lastText = lastBlocks.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n');
  if (tools.some((t) => t.name === 'Bash')) {
    if (wantsTool(lastText)) return { type: 'tool', usage: USAGE.toolCall };
    return { type: 'text', text: GOODBYE_TEXT, usage: USAGE.plain, answer: 'text' };
  }
  return { type: 'text', text: SIDE_TEXT, usage: USAGE.side, answer: 'side_text' };
}

let anthropicSeq = 0;
function anthropic(rec: RecordedModelRequest, res: http.ServerResponse): string {
  const path = rec.url.split('?')[0];
  const headers = { 'request-id': `req_fake${String(++anthropicSeq).padStart(20, '0')}` };
  if (rec.method === 'GET' && path.startsWith('/v1/models')) {
    sendJson(res, 200, { data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }], has_more: false, first_id: 'claude-sonnet-4-5', last_id: 'claude-sonnet-4-5' });
    return 'probe';
  }
  if (path === '/v1/messages/count_tokens') {
    sendJson(res, 200, { input_tokens: 1234 }, headers);
    return 'probe';
  }
  if (rec.method !== 'POST' || path !== '/v1/messages' || !isObj(rec.body)) {
    sendJson(res, 200, {}, headers);
    return 'probe';
  }
  const body = rec.body;
  const model = typeof body.model === 'string' ? body.model : 'claude-sonnet-4-5';
  const plan = anthropicPlan(body);
  const id = `msg_fake${String(anthropicSeq).padStart(20, '0')}`;
  const toolId = `toolu_fake${String(anthropicSeq).padStart(18, '0')}`;
  const u = plan.usage;
  const toolInput = { command: TOOL_COMMAND, description: 'Print hello-from-tool' };
  const stopReason = plan.type === 'tool' ? 'tool_use' : 'end_turn';
  const usage = { input_tokens: u.input, cache_creation_input_tokens: u.cacheWrite, cache_read_input_tokens: u.cacheRead, output_tokens: u.output };
  if (body.stream !== true) {
    const content = plan.type === 'tool' ? [{ type: 'tool_use', id: toolId, name: 'Bash', input: toolInput }] : [{ type: 'text', text: plan.text }];
    sendJson(res, 200, { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null, usage }, headers);
    return plan.type === 'tool' ? 'tool_call' : plan.answer;
  }
  startSse(res, headers);
  const ev = (type: string, data: Json): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  ev('message_start', {
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  if (plan.type === 'tool') {
    ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: toolId, name: 'Bash', input: {} } });
    for (const p of pieces(JSON.stringify(toolInput), 4)) ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: p } });
  } else {
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    ev('ping', {});
    for (const p of pieces(plan.text)) ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } });
  }
  ev('content_block_stop', { index: 0 });
  ev('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: u.output } });
  ev('message_stop', {});
  res.end();
  return plan.type === 'tool' ? 'tool_call' : plan.answer;
}

// ---------------------------------------------------------------- OpenAI Responses

/** Arguments for whichever shell tool the request offers (Codex renames its shell tool between versions). */
function openaiShellCall(tools: Json[]): { name: string; args: unknown } | null {
  const fn = (name: string): Json | undefined => tools.find((t) => t.name === name);
  const exec = fn('exec_command');
  if (exec) return { name: 'exec_command', args: { cmd: TOOL_COMMAND } };
  const shellCommand = fn('shell_command');
  if (shellCommand) return { name: 'shell_command', args: { command: TOOL_COMMAND } };
  const shell = fn('shell') ?? fn('container.exec') ?? fn('local_shell');
  if (shell) {
    const params = isObj(shell.parameters) && isObj(shell.parameters.properties) ? shell.parameters.properties : {};
    const cmd = isObj(params.command) ? params.command : undefined;
    const args = cmd && cmd.type === 'string' ? { command: TOOL_COMMAND } : { command: ['bash', '-lc', TOOL_COMMAND] };
    return { name: String(shell.name), args };
  }
  return null;
}

let openaiSeq = 0;
function openaiResponses(rec: RecordedModelRequest, res: http.ServerResponse): string {
  const path = rec.url.split('?')[0];
  if (rec.method === 'GET' && path.endsWith('/models')) {
    sendJson(res, 200, { object: 'list', data: [], models: [] });
    return 'probe';
  }
  if (rec.method !== 'POST' || !path.endsWith('/responses') || !isObj(rec.body)) {
    sendJson(res, 200, {});
    return 'probe';
  }
  const body = rec.body;
  const model = typeof body.model === 'string' ? body.model : 'gpt-5-codex';
  const input = arr(body.input).filter(isObj);
  const tools = arr(body.tools).filter(isObj);
  const last = input[input.length - 1];
  const lastUserText = (() => {
    for (let i = input.length - 1; i >= 0; i--) {
      const it = input[i];
      if (it.type === 'function_call_output' || it.type === 'custom_tool_call_output') return '';
      if (it.role === 'user') {
        const content = typeof it.content === 'string' ? [{ text: it.content }] : arr(it.content).filter(isObj);
        return content.map((c) => (typeof c.text === 'string' ? c.text : '')).join('\n');
      }
    }
    return '';
  })();
  const n = ++openaiSeq;
  const respId = `resp_fake${String(n).padStart(16, '0')}`;
  let usage: Usage;
  let answer: string;
  type Item = Json;
  let item: Item;
  const call = tools.length > 0 && wantsTool(lastUserText) && last?.type !== 'function_call_output' ? openaiShellCall(tools) : null;
  if (call) {
    usage = USAGE.toolCall;
    answer = 'tool_call';
    item = { type: 'function_call', id: `fc_fake${String(n).padStart(16, '0')}`, call_id: `call_fake${String(n).padStart(16, '0')}`, name: call.name, arguments: JSON.stringify(call.args), status: 'completed' };
  } else {
    const afterTool = last?.type === 'function_call_output' || last?.type === 'custom_tool_call_output';
    const text = afterTool ? FINAL_TEXT : tools.length > 0 ? GOODBYE_TEXT : SIDE_TEXT;
    usage = afterTool ? USAGE.final : tools.length > 0 ? USAGE.plain : USAGE.side;
    answer = afterTool ? 'tool_result_answer' : tools.length > 0 ? 'text' : 'side_text';
    item = { type: 'message', id: `msg_fake${String(n).padStart(16, '0')}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
  }
  const responseObj = (status: string, output: Item[]): Json => ({
    id: respId,
    object: 'response',
    created_at: 1796601600 + n,
    status,
    model,
    output,
    ...(status === 'completed'
      ? {
          usage: {
            input_tokens: usage.input + usage.cacheRead,
            input_tokens_details: { cached_tokens: usage.cacheRead },
            output_tokens: usage.output + usage.reasoning,
            output_tokens_details: { reasoning_tokens: usage.reasoning },
            total_tokens: usage.input + usage.cacheRead + usage.output + usage.reasoning,
          },
        }
      : {}),
  });
  if (body.stream === false) {
    sendJson(res, 200, responseObj('completed', [item]));
    return answer;
  }
  startSse(res, { 'x-request-id': `req_fake${String(n).padStart(16, '0')}` });
  let seq = 0;
  const ev = (type: string, data: Json): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  };
  ev('response.created', { response: responseObj('in_progress', []) });
  ev('response.in_progress', { response: responseObj('in_progress', []) });
  if (item.type === 'function_call') {
    const args = String(item.arguments);
    ev('response.output_item.added', { output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
    for (const p of pieces(args)) ev('response.function_call_arguments.delta', { item_id: item.id, output_index: 0, delta: p });
    ev('response.function_call_arguments.done', { item_id: item.id, output_index: 0, arguments: args });
  } else {
    const text = String((item.content as Json[])[0].text);
    ev('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
    ev('response.content_part.added', { item_id: item.id, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    for (const p of pieces(text)) ev('response.output_text.delta', { item_id: item.id, output_index: 0, content_index: 0, delta: p });
    ev('response.output_text.done', { item_id: item.id, output_index: 0, content_index: 0, text });
    ev('response.content_part.done', { item_id: item.id, output_index: 0, content_index: 0, part: { type: 'output_text', text, annotations: [] } });
  }
  ev('response.output_item.done', { output_index: 0, item });
  ev('response.completed', { response: responseObj('completed', [item]) });
  res.end();
  return answer;
}

// ---------------------------------------------------------------- Gemini generateContent

/** A JSON value that fits a (JSON or OpenAPI-ish) schema, for the CLI's structured side calls. */
function fillSchema(schema: unknown, key = ''): unknown {
  if (!isObj(schema)) return 'ok';
  const type = String(schema.type ?? '').toLowerCase();
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    if (key === 'next_speaker' && schema.enum.includes('user')) return 'user';
    return schema.enum[0];
  }
  if (type === 'object' || isObj(schema.properties)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(isObj(schema.properties) ? schema.properties : {})) out[k] = fillSchema(v, k);
    return out;
  }
  if (type === 'array') return [];
  if (type === 'boolean') return false;
  if (type === 'number' || type === 'integer') return 0;
  if (key === 'next_speaker') return 'user';
  if (key === 'model_choice') return 'flash';
  return key === 'reasoning' ? 'The request is simple.' : 'ok';
}

let geminiSeq = 0;
function gemini(rec: RecordedModelRequest, res: http.ServerResponse): string {
  const [path] = rec.url.split('?');
  const n = ++geminiSeq;
  const m = /\/models\/([^/:]+):(\w+)$/.exec(path);
  if (!m || rec.method !== 'POST' || !isObj(rec.body)) {
    if (rec.method === 'GET' && path.includes('/models')) sendJson(res, 200, { models: [] });
    else sendJson(res, 200, {});
    return 'probe';
  }
  const [, model, method] = m;
  const body = rec.body;
  if (method === 'countTokens') {
    sendJson(res, 200, { totalTokens: 1234 });
    return 'probe';
  }
  if (method === 'embedContent' || method === 'batchEmbedContents') {
    sendJson(res, 200, { embedding: { values: [0.1, 0.2, 0.3] }, embeddings: [{ values: [0.1, 0.2, 0.3] }] });
    return 'probe';
  }
  const contents = arr(body.contents).filter(isObj);
  const last = contents[contents.length - 1];
  const lastParts = last ? arr(last.parts).filter(isObj) : [];
  const tools = arr(body.tools).filter(isObj).flatMap((t) => arr(t.functionDeclarations).filter(isObj));
  const gen = isObj(body.generationConfig) ? body.generationConfig : isObj(body.config) ? body.config : {};
  let parts: Json[];
  let usage: Usage;
  let answer: string;
  let finish = 'STOP';
  if (lastParts.some((p) => isObj(p.functionResponse))) {
    parts = [{ text: FINAL_TEXT }];
    usage = USAGE.final;
    answer = 'tool_result_answer';
  } else if (gen.responseMimeType === 'application/json') {
    parts = [{ text: JSON.stringify(fillSchema(gen.responseJsonSchema ?? gen.responseSchema)) }];
    usage = USAGE.side;
    answer = 'json';
  } else if (tools.some((t) => t.name === 'run_shell_command') && wantsTool(lastParts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('\n'))) {
    parts = [{ functionCall: { name: 'run_shell_command', args: { command: TOOL_COMMAND, description: 'Print hello-from-tool' } } }];
    usage = USAGE.toolCall;
    answer = 'tool_call';
  } else if (tools.length > 0) {
    parts = [{ text: GOODBYE_TEXT }];
    usage = USAGE.plain;
    answer = 'text';
  } else {
    parts = [{ text: SIDE_TEXT }];
    usage = USAGE.side;
    answer = 'side_text';
  }
  if (answer === 'tool_call') finish = 'STOP';
  const usageMetadata = {
    promptTokenCount: usage.input + usage.cacheRead,
    cachedContentTokenCount: usage.cacheRead,
    candidatesTokenCount: usage.output,
    thoughtsTokenCount: usage.reasoning,
    totalTokenCount: usage.input + usage.cacheRead + usage.output + usage.reasoning,
  };
  const chunk = (p: Json[], final: boolean): Json => ({
    candidates: [{ content: { role: 'model', parts: p }, index: 0, ...(final ? { finishReason: finish } : {}) }],
    ...(final ? { usageMetadata } : {}),
    modelVersion: model,
    responseId: `fakeResp${String(n).padStart(12, '0')}`,
  });
  if (method === 'generateContent') {
    sendJson(res, 200, chunk(parts, true));
    return answer;
  }
  startSse(res);
  // Text streams in pieces (the last piece carries finishReason and usage); a function call is one chunk.
  const text = parts.length === 1 && typeof parts[0].text === 'string' ? parts[0].text : null;
  const chunks = text !== null && answer !== 'json' ? pieces(text).map((t) => [{ text: t }]) : [parts];
  chunks.forEach((p, i) => res.write(`data: ${JSON.stringify(chunk(p, i === chunks.length - 1))}\r\n\r\n`));
  res.end();
  return answer;
}
