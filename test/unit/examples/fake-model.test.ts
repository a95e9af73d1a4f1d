import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { respond, simulatedLatencyMs, startFakeModel, type ChatRequest, type ChatResponse } from '../../../examples/refund-bot/src/fake-model';

const question: ChatRequest = {
  model: 'gpt-4.1-mini',
  messages: [
    { role: 'system', content: 'You are a support agent.\n[refund-policy-2025] (published) Items can be returned within 30 days of delivery.' },
    { role: 'user', content: 'Can I return my kettle?' },
  ],
};
const rewrite: ChatRequest = { ...question, messages: [{ role: 'system', content: 'Rewrite the question' }, question.messages[1]!] };

describe('fake model latency', () => {
  it('grows with the tokens generated and the scale, and is zero when turned off', () => {
    const long = respond(question, 'chatcmpl-fake-1');
    const short = { ...long, usage: { ...long.usage, completion_tokens: 2 } };
    assert.equal(simulatedLatencyMs(long, 0), 0);
    assert.ok(simulatedLatencyMs(long, 1) > simulatedLatencyMs(short, 1), 'a longer answer takes longer');
    assert.ok(Math.abs(simulatedLatencyMs(long, 2) - 2 * simulatedLatencyMs(long, 1)) <= 1, 'twice the scale, twice the time');
    assert.equal(simulatedLatencyMs(long, 1), simulatedLatencyMs(respond(question, 'chatcmpl-fake-1'), 1), 'the same run, the same shape');
  });

  it('the server waits that long before answering, and not at all by default', async () => {
    const waits: number[] = [];
    const slow = await startFakeModel({ latencyScale: 1, delay: async (ms) => { waits.push(ms); } });
    const instant = await startFakeModel({ delay: async (ms) => { waits.push(-ms); } });
    try {
      const post = async (baseUrl: string, body: ChatRequest) =>
        (await fetch(`${baseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<ChatResponse>;
      const answer = await post(slow.baseUrl, rewrite);
      assert.deepEqual(waits, [simulatedLatencyMs(answer, 1)]);
      await post(instant.baseUrl, rewrite);
      assert.equal(waits.length, 1, 'latency 0 never calls delay');
    } finally {
      await Promise.all([slow.close(), instant.close()]);
    }
  });
});

describe('fake model for live producers', () => {
  const weather: ChatRequest = {
    model: 'gpt-fake',
    messages: [{ role: 'system', content: 'You are a weather bot.' }, { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }],
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { properties: { city: { type: 'string' } } } } }],
  };

  it('calls any offered tool once with string parameters from the question, then quotes its result', () => {
    const first = respond(weather, 'chatcmpl-fake-1');
    const call = first.choices[0]!.message.tool_calls?.[0];
    assert.deepEqual([call?.id, call?.function.name, call?.function.arguments], ['call_ke-1', 'get_weather', '{"city":"Paris"}']);
    const second = respond({
      ...weather,
      messages: [...weather.messages, { role: 'assistant', content: null, tool_calls: [call!] }, { role: 'tool', content: 'sunny', tool_call_id: 'call_ke-1' }],
    }, 'chatcmpl-fake-2');
    assert.equal(second.choices[0]!.message.content, 'Fake answer: sunny');
  });

  it('streams chunks with usage details, and embeds', async () => {
    const model = await startFakeModel({ detailedUsage: true });
    try {
      const res = await fetch(`${model.baseUrl}/chat/completions`, {
        method: 'POST', body: JSON.stringify({ ...weather, stream: true, stream_options: { include_usage: true } }),
      });
      assert.equal(res.headers.get('content-type'), 'text/event-stream');
      const events = (await res.text()).split('\n\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
      assert.equal(events.at(-1), '[DONE]');
      const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as { choices: Array<{ delta: { tool_calls?: unknown[] } }>; usage?: unknown });
      assert.ok(chunks.some((c) => c.choices[0]?.delta.tool_calls), 'tool call deltas');
      assert.deepEqual(chunks.at(-1)?.usage, {
        prompt_tokens: 10, completion_tokens: 20, total_tokens: 30,
        prompt_tokens_details: { cached_tokens: 5 }, completion_tokens_details: { reasoning_tokens: 2 },
      });
      const embedded = await (await fetch(`${model.baseUrl}/embeddings`, {
        method: 'POST', body: JSON.stringify({ model: 'text-embedding-fake', input: ['hello world', 'abc'] }),
      })).json() as { data: Array<{ embedding: number[] }>; usage: { prompt_tokens: number } };
      assert.deepEqual([embedded.data.length, embedded.data[0]!.embedding.length, embedded.usage.prompt_tokens], [2, 4, 4]);
    } finally {
      await model.close();
    }
  });
});
