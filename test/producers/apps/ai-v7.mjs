// Vercel AI SDK v7 with @ai-sdk/otel: AI_TELEMETRY=otel (OpenTelemetry GenAI spans: invoke_agent, chat,
// execute_tool) or legacy (LegacyOpenTelemetry, ai.* spans). A tool loop with a system prompt whose prompt name and
// version travel as runtime context (the chat span gets only the name), a streamed answer and an embedding.
import { setupTracing } from './otel-setup.mjs';
import { createOpenAI } from '@ai-sdk/openai';
import { LegacyOpenTelemetry, OpenTelemetry } from '@ai-sdk/otel';
import { embed, generateText, registerTelemetry, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';

const legacy = process.env.AI_TELEMETRY === 'legacy';
const provider = setupTracing(`producer-ai-v7-${legacy ? 'legacy' : 'otel'}`);
const enrichSpan = ({ spanType }) => (spanType === 'languageModel' ? { 'gen_ai.prompt.name': 'weather-prompt' } : undefined);
registerTelemetry(legacy ? new LegacyOpenTelemetry() : new OpenTelemetry({ enrichSpan, runtimeContext: true, usage: true }));

const openai = createOpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'fake-key' });
const runtimeContext = { promptName: 'weather-prompt', promptVersion: '7', sessionId: 'ai7-session' };
const telemetry = {
  functionId: 'weather-agent',
  includeRuntimeContext: { promptName: true, promptVersion: true, sessionId: true },
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
  runtimeContext,
  telemetry,
});
const stream = streamText({ model: openai.chat('gpt-fake'), prompt: 'Say something', telemetry: { functionId: 'streamer' } });
await stream.consumeStream();
await embed({ model: openai.embedding('text-embedding-fake'), value: 'hello world', telemetry: { functionId: 'embedder' } });

await provider.forceFlush();
await provider.shutdown();
