/**
 * A local, OpenAI-compatible stand-in for a model: POST /v1/chat/completions on 127.0.0.1.
 * Answers are canned but depend on the input, so traces look like real ones without any network:
 * - a "Rewrite" system prompt → a search query built from the question;
 * - a "judge" system prompt → a lenient verdict (it passes everything, which is the point of the demo);
 * - otherwise → first a lookup_order tool call when an order number is given, then an answer built from
 *   the top-ranked policy in the prompt (a stale draft there yields an unsupported "90 days" claim).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
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
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessageIn[];
  tools?: Array<{ type: 'function'; function: { name: string } }>;
  temperature?: number;
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
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const RESPONSE_MODEL_SUFFIX = '-2025-04-14';

export interface FakeModelOptions {
  /** Multiplies the simulated model latency (see simulatedLatencyMs); 0 (the default) answers at once. */
  latencyScale?: number;
  /** How the server waits (tests pass a recorder). */
  delay?: (ms: number) => Promise<void>;
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
    void handle(req).then(
      (body) => {
        res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? { error: { message: 'not found' } }));
      },
      (err: unknown) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err) } }));
      },
    );
  });

  async function handle(req: IncomingMessage): Promise<ChatResponse | null> {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    counter++;
    const response = respond(request, `chatcmpl-fake-${counter}`);
    const latency = simulatedLatencyMs(response, options.latencyScale ?? 0);
    if (latency > 0) await delay(latency);
    return response;
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
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  let content: string | null = null;
  let toolCalls: ChatToolCall[] | undefined;

  if (system.startsWith('Rewrite')) content = rewriteQuery(user);
  else if (/judge/i.test(system)) content = JSON.stringify({ verdict: 'pass', score: 0.82, reason: 'Polite, cites a policy.' });
  else {
    const order = /#?(\d{4,})/.exec(user)?.[1];
    const toolResult = request.messages.find((m) => m.role === 'tool')?.content ?? null;
    const canLookUp = request.tools?.some((t) => t.function.name === 'lookup_order') ?? false;
    if (order && canLookUp && toolResult === null) {
      toolCalls = [
        { id: `call_${id.slice(-4)}${order}`, type: 'function', function: { name: 'lookup_order', arguments: JSON.stringify({ order_id: order }) } },
      ];
    } else content = composeAnswer(system, toolResult);
  }

  const promptTokens = estimateTokens(request.messages.map((m) => m.content ?? '').join('\n'));
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
