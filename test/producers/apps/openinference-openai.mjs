// OpenInference's OpenAI instrumentation under an AGENT span with a session: the shared OpenAI weather flow.
import { setupTracing } from './otel-setup.mjs';
import { trace } from '@opentelemetry/api';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import OpenAI from 'openai';
import flow from './openai-flow.cjs';

const provider = setupTracing('producer-openinference');
new OpenAIInstrumentation().manuallyInstrument(OpenAI);
const client = new OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'fake-key' });
const tracer = trace.getTracer('producer-openinference');
await tracer.startActiveSpan('weather-agent', {
  attributes: { 'openinference.span.kind': 'AGENT', 'session.id': 'oi-session', 'user.id': 'u-oi', 'input.value': 'Weather in Paris?' },
}, async (span) => {
  await flow.weatherFlow(client, (fn, call) => tracer.startActiveSpan('get_weather', {
    attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather', 'tool_call.id': call.id,
      'input.value': call.function.arguments },
  }, async (toolSpan) => {
    const out = await fn();
    toolSpan.setAttribute('output.value', out);
    toolSpan.end();
    return out;
  }));
  span.end();
});
await provider.forceFlush();
await provider.shutdown();
