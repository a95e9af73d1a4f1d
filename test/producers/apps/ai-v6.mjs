// Vercel AI SDK v6 with experimental_telemetry (ai.* spans): a tool loop with a system prompt, a streamed answer
// and an embedding, against the fake OpenAI-compatible model.
import { setupTracing } from './otel-setup.mjs';
import { createOpenAI } from '@ai-sdk/openai';
import { embed, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';

const provider = setupTracing('producer-ai-v6');
const openai = createOpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'fake-key' });
const telemetry = {
  isEnabled: true,
  functionId: 'weather-agent',
  metadata: { sessionId: 'ai6-session', userId: 'u-6', promptName: 'weather-prompt', promptVersion: '6' },
};
const getWeather = tool({
  description: 'Weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, forecast: 'sunny' }),
});

await generateText({
  model: openai.chat('gpt-fake'),
  system: 'You are a weather bot.',
  prompt: 'Weather in Paris?',
  tools: { get_weather: getWeather },
  stopWhen: stepCountIs(3),
  experimental_telemetry: telemetry,
});
const stream = streamText({ model: openai.chat('gpt-fake'), prompt: 'Say something', experimental_telemetry: telemetry });
await stream.consumeStream();
await embed({ model: openai.embedding('text-embedding-fake'), value: 'hello world', experimental_telemetry: telemetry });

await provider.forceFlush();
await provider.shutdown();
