/**
 * A local, OpenAI-compatible stand-in for a model: POST /v1/chat/completions (plain or streamed as server-sent
 * events) and POST /v1/embeddings on 127.0.0.1.
 * Answers are canned but depend on the input, so traces look like real ones without any network:
 * - a "Rewrite" system prompt → a search query built from the question;
 * - a "judge" system prompt → a lenient verdict (it passes everything, which is the point of the demo);
 * - otherwise → first a lookup_order tool call when an order number is given, then an answer built from
 *   the top-ranked policy in the prompt (a stale draft there yields an unsupported "90 days" claim);
 * - any other tool offered → one call of the first tool (string parameters filled from the question), then an
 *   answer that quotes the tool's result.
 * The live-producer suite (test/producers) also uses it: `detailedUsage` adds cached-input and reasoning counts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeModel {
  /** Base URL, e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
  close(): Promise<void>;
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessageIn {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
  /** Text, or (as SDKs send it) a list of content parts. */
  content: string | null | Array<{ type: string; text?: string }>;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessageIn[];
  tools?: Array<{ type: 'function'; function: { name: string; parameters?: { properties?: Record<string, { type?: string }> } } }>;
  temperature?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] };
    finish_reason: 'stop' | 'tool_calls';
  }>;
  usage: Usage;
}

const RESPONSE_MODEL_SUFFIX = '-2025-04-14';

export interface FakeModelOptions {
  /** Multiplies the simulated model latency (see simulatedLatencyMs); 0 (the default) answers at once. */
  latencyScale?: number;
  /** How the server waits (tests pass a recorder). */
  delay?: (ms: number) => Promise<void>;
  /** Report half the prompt as cached input and 2 reasoning tokens inside the completion (OpenAI's usage details). */
  detailedUsage?: boolean;
}

/**
 * Roughly what a hosted chat model takes: time to the first token plus a per-token generation time, with a
 * jitter derived from the response id so a seeded demo run keeps its shape. Waterfalls then look like real ones.
 */
export function simulatedLatencyMs(response: ChatResponse, scale: number): number {
  if (!(scale > 0)) return 0;
  let jitter = 0;
  for (let i = 0; i < response.id.length; i++) jitter = (jitter * 31 + response.id.charCodeAt(i)) % 997;
  return Math.round(scale * (180 + 14 * response.usage.completion_tokens + (jitter % 160)));
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function startFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
  const delay = options.delay ?? wait;
  let counter = 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const isChat = req.url?.endsWith('/chat/completions') ?? false;
    const isEmbeddings = req.url?.endsWith('/embeddings') ?? false;
    if (req.method !== 'POST' || (!isChat && !isEmbeddings)) return json(404, { error: { message: 'not found' } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (isEmbeddings) return json(200, embed(body as EmbeddingRequest));
    const request = body as ChatRequest;
    counter++;
    const response = respond(request, `chatcmpl-fake-${counter}`);
    if (options.detailedUsage) response.usage = withDetails(response.usage);
    const latency = simulatedLatencyMs(response, options.latencyScale ?? 0);
    if (latency > 0) await delay(latency);
    if (!request.stream) return json(200, response);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of streamEvents(response, request.stream_options?.include_usage ?? false)) {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        baseUrl: `http://127.0.0.1:${port}/v1`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

export function respond(request: ChatRequest, id: string): ChatResponse {
  const system = textOf(request.messages.find((m) => m.role === 'system' || m.role === 'developer')?.content);
  const user = textOf([...request.messages].reverse().find((m) => m.role === 'user')?.content);
  let content: string | null = null;
  let toolCalls: ChatToolCall[] | undefined;

  if (system.startsWith('Rewrite')) content = rewriteQuery(user);
  else if (/judge/i.test(system)) content = JSON.stringify({ verdict: 'pass', score: 0.82, reason: 'Polite, cites a policy.' });
  else {
    const order = /#?(\d{4,})/.exec(user)?.[1];
    const toolMessage = request.messages.find((m) => m.role === 'tool');
    const toolResult = toolMessage ? textOf(toolMessage.content) : null;
    const canLookUp = request.tools?.some((t) => t.function.name === 'lookup_order') ?? false;
    const otherTool = canLookUp ? undefined : request.tools?.[0];
    if (order && canLookUp && toolResult === null) {
      toolCalls = [
        { id: `call_${id.slice(-4)}${order}`, type: 'function', function: { name: 'lookup_order', arguments: JSON.stringify({ order_id: order }) } },
      ];
    } else if (otherTool && toolResult === null) {
      toolCalls = [{ id: `call_${id.slice(-4)}`, type: 'function', function: { name: otherTool.function.name, arguments: JSON.stringify(toolArguments(otherTool, user)) } }];
    } else if (canLookUp || !toolResult) content = composeAnswer(system, toolResult);
    else content = `Fake answer: ${toolResult}`;
  }

  const promptTokens = estimateTokens(request.messages.map((m) => textOf(m.content)).join('\n'));
  const completionTokens = toolCalls ? 18 : estimateTokens(content ?? '');
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model + RESPONSE_MODEL_SUFFIX,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

function textOf(content: ChatMessageIn['content'] | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

/** Every string parameter of the tool gets the question's last capitalized word (a city, a name). */
function toolArguments(tool: NonNullable<ChatRequest['tools']>[number], question: string): Record<string, string> {
  const word = [...question.matchAll(/\b[A-Z][a-z]+\b/g)].pop()?.[0] ?? question;
  const args: Record<string, string> = {};
  for (const [name, schema] of Object.entries(tool.function.parameters?.properties ?? {})) {
    if (schema.type === undefined || schema.type === 'string') args[name] = word;
  }
  return args;
}

/** Half the prompt counted as a cache read; 2 of the completion tokens as reasoning (OpenAI reports both as subsets). */
function withDetails(usage: Usage): Usage {
  const completion = usage.completion_tokens + 2;
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: completion,
    total_tokens: usage.prompt_tokens + completion,
    prompt_tokens_details: { cached_tokens: Math.floor(usage.prompt_tokens / 2) },
    completion_tokens_details: { reasoning_tokens: 2 },
  };
}

/** The chat.completion.chunk events of a streamed answer: role, text in two pieces, tool calls, finish, usage. */
export function streamEvents(response: ChatResponse, includeUsage: boolean): unknown[] {
  const choice = response.choices[0]!;
  const base = { id: response.id, object: 'chat.completion.chunk', created: response.created, model: response.model };
  const chunk = (delta: unknown, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const events: unknown[] = [chunk({ role: 'assistant', content: '' })];
  const text = choice.message.content;
  if (text) {
    const half = Math.ceil(text.length / 2);
    events.push(chunk({ content: text.slice(0, half) }), chunk({ content: text.slice(half) }));
  }
  (choice.message.tool_calls ?? []).forEach((call, index) => {
    events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
    events.push(chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }));
  });
  events.push(chunk({}, choice.finish_reason));
  if (includeUsage) events.push({ ...base, choices: [], usage: response.usage });
  return events;
}

interface EmbeddingRequest {
  model: string;
  input: string | string[];
}

/** Deterministic 4-dimensional vectors; one token per 4 characters of input. */
function embed(request: EmbeddingRequest): unknown {
  const inputs = Array.isArray(request.input) ? request.input : [request.input];
  const tokens = inputs.reduce((sum, text) => sum + estimateTokens(String(text)), 0);
  return {
    object: 'list',
    model: request.model,
    data: inputs.map((text, index) => ({
      object: 'embedding', index, embedding: [0, 1, 2, 3].map((i) => ((String(text).charCodeAt(i) || 0) % 10) / 10),
    })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

const STOP_WORDS = new Set(['i', 'my', 'a', 'an', 'the', 'can', 'do', 'is', 'it', 'for', 'to', 'of', 'how', 'what', 'when', 'get', 'order', 'me', 'still', 'you']);

function rewriteQuery(question: string): string {
  const words = question
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w) && !/^\d+$/.test(w));
  return [...new Set([...words, 'refund', 'policy'])].join(' ');
}

/** Policies arrive in the prompt as `[id] (status) text` lines, best first. */
function composeAnswer(system: string, toolResult: string | null): string {
  const policies = [...system.matchAll(/^\[([\w-]+)\] \((\w+)\) (.+)$/gm)];
  const top = policies[0];
  const days = top ? /within (\d+) days/.exec(top[3]!)?.[1] : undefined;
  let order = '';
  if (toolResult) {
    const parsed = JSON.parse(toolResult) as { order_id?: string; item?: string; delivered?: string };
    order = `Your order #${parsed.order_id} (${parsed.item}) was delivered on ${parsed.delivered}. `;
  }
  if (!top) return `${order}I could not find a policy that answers this, so I am handing you to a colleague.`;
  const claim = days ? `You can request a refund within ${days} days of delivery.` : firstSentence(top[3]!);
  return `${order}${claim} [${top[1]}] Refunds go back to your original payment method.`;
}

function firstSentence(text: string): string {
  const m = /^.*?[.!?](?=\s|$)/.exec(text);
  return m ? m[0] : text;
}
