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
