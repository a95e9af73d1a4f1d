// Zero-code OpenTelemetry (node --require @opentelemetry/auto-instrumentations-node/register, exporter chosen by
// OTEL_EXPORTER_OTLP_PROTOCOL): the contrib OpenAI instrumentation records chat/embeddings spans and the message
// content as log records, under a hand-made invoke_agent span with OTel GenAI attributes.
const { trace } = require('@opentelemetry/api');
const OpenAI = require('openai');
const { weatherFlow } = require('./openai-flow.cjs');

const client = new OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'fake-key' });
const tracer = trace.getTracer('producer-otel-sdk');
tracer.startActiveSpan('invoke_agent weather-agent', {
  attributes: {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'weather-agent',
    'gen_ai.conversation.id': 'otel-conv-1',
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a weather bot.' }]),
    'gen_ai.prompt.name': 'weather-prompt',
    'gen_ai.prompt.version': '3',
  },
}, async (span) => {
  await weatherFlow(client, (fn, call) => tracer.startActiveSpan('execute_tool get_weather', {
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': call.id },
  }, async (toolSpan) => {
    const out = await fn();
    toolSpan.end();
    return out;
  }));
  span.end();
}).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
