// Fake provider APIs on 127.0.0.1 (port 0) that record every request and answer with a scripted stream:
// OpenAI Chat Completions and Responses, Anthropic Messages, Gemini streamGenerateContent, with text and tool calls;
// or an HTTP error, or a stream cut midway.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeApi = 'openai' | 'openai-responses' | 'anthropic' | 'gemini';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export type Behaviour =
  | { kind: 'answer'; text: string; toolCall?: { id: string; name: string; arguments: string } }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body: string }
  | { kind: 'cut'; text: string }
  /** Accepts, sends headers, then never finishes. */
  | { kind: 'hang' };

export interface FakeProvider {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Behaviours for the next requests, in order; the last one repeats. */
  script: Behaviour[];
  close(): Promise<void>;
}

const sse = (data: unknown, event?: string): string => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** The events of a whole answer, split so text arrives in two chunks. */
function answerEvents(api: FakeApi, text: string, toolCall?: { id: string; name: string; arguments: string }): string[] {
  const half = Math.ceil(text.length / 2);
  const pieces = [text.slice(0, half), text.slice(half)];
  switch (api) {
    case 'openai':
      return [
        ...pieces.map((p) => sse({ id: 'chatcmpl-1', model: 'fake-model-2026', choices: [{ index: 0, delta: { content: p } }] })),
        ...(toolCall ? [
          sse({ id: 'chatcmpl-1', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: '' } }] } }] }),
          sse({ id: 'chatcmpl-1', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: toolCall.arguments } }] } }] }),
        ] : []),
        sse({ id: 'chatcmpl-1', choices: [{ index: 0, delta: {}, finish_reason: toolCall ? 'tool_calls' : 'stop' }] }),
        sse({ id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: 20, completion_tokens: 8, total_tokens: 28, prompt_tokens_details: { cached_tokens: 4 } } }),
        'data: [DONE]\n\n',
      ];
    case 'openai-responses':
      return [
        sse({ type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } }, 'response.created'),
        ...pieces.map((p) => sse({ type: 'response.output_text.delta', delta: p }, 'response.output_text.delta')),
        ...(toolCall ? [sse({ type: 'response.output_item.done', item: { type: 'function_call', id: 'fc_1', call_id: toolCall.id, name: toolCall.name, arguments: toolCall.arguments } }, 'response.output_item.done')] : []),
        sse({
          type: 'response.completed',
          response: { id: 'resp_1', model: 'fake-model-2026', status: 'completed', usage: { input_tokens: 20, output_tokens: 8, total_tokens: 28, output_tokens_details: { reasoning_tokens: 2 } } },
        }, 'response.completed'),
      ];
    case 'anthropic':
      return [
        sse({ type: 'message_start', message: { id: 'msg_1', model: 'fake-model-2026', usage: { input_tokens: 20, output_tokens: 1, cache_read_input_tokens: 5 } } }, 'message_start'),
        sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
        ':ping\n\n',
        ...pieces.map((p) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } }, 'content_block_delta')),
        sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
        ...(toolCall ? [
          sse({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: toolCall.id, name: toolCall.name, input: {} } }, 'content_block_start'),
          sse({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: toolCall.arguments } }, 'content_block_delta'),
          sse({ type: 'content_block_stop', index: 1 }, 'content_block_stop'),
        ] : []),
        sse({ type: 'message_delta', delta: { stop_reason: toolCall ? 'tool_use' : 'end_turn' }, usage: { output_tokens: 8 } }, 'message_delta'),
        sse({ type: 'message_stop' }, 'message_stop'),
      ];
    case 'gemini':
      return [
        sse({ candidates: [{ content: { role: 'model', parts: [{ text: pieces[0] }] } }], modelVersion: 'fake-model-2026', responseId: 'g-1' }),
        sse({
          candidates: [{
            content: { role: 'model', parts: [{ text: pieces[1] }, ...(toolCall ? [{ functionCall: { id: toolCall.id, name: toolCall.name, args: JSON.parse(toolCall.arguments) } }] : [])] },
            finishReason: 'STOP',
          }],
          usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 6, thoughtsTokenCount: 2, totalTokenCount: 28 },
          modelVersion: 'fake-model-2026', responseId: 'g-1',
        }),
      ];
  }
}

export async function startFakeProvider(api: FakeApi, script: Behaviour[] = [{ kind: 'answer', text: 'Fake replay answer.' }]): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const fake = { requests, script } as FakeProvider;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) as Record<string, unknown> : {} });
      const behaviour = fake.script[Math.min(requests.length - 1, fake.script.length - 1)]!;
      if (behaviour.kind === 'status') {
        res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
        res.end(behaviour.body);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (behaviour.kind === 'hang') {
        res.write(': waiting\n\n');
        return;
      }
      const events = answerEvents(api, behaviour.text, behaviour.kind === 'answer' ? behaviour.toolCall : undefined);
      if (behaviour.kind === 'cut') {
        // Up to the first text event, half of the next, then the connection drops.
        const first = behaviour.text.slice(0, Math.ceil(behaviour.text.length / 2));
        const upTo = events.findIndex((e) => e.includes(JSON.stringify(first).slice(1, -1)));
        const next = events[upTo + 1] ?? '';
        res.write(events.slice(0, upTo + 1).join(''));
        res.write(next.slice(0, Math.floor(next.length / 2)), () => setTimeout(() => req.socket.destroy(), 20));
        return;
      }
      for (const e of events) res.write(e);
      res.end();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}/v1`;
  fake.close = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
  return fake;
}
