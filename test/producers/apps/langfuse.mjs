// Langfuse's v5 SDK on OpenTelemetry (LangfuseSpanProcessor posts to <baseUrl>/api/public/otel/v1/traces): an agent
// observation with a session, a generation with usage details (cached input as its own bucket) and a linked prompt,
// and a tool observation. No model call: Langfuse records what the app tells it.
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, startActiveObservation } from '@langfuse/tracing';

const processor = new LangfuseSpanProcessor({
  publicKey: 'pk-lf-local', secretKey: 'sk-lf-local', baseUrl: process.env.OTEL_EXPORTER_OTLP_ENDPOINT, exportMode: 'immediate',
});
const provider = new NodeTracerProvider({ spanProcessors: [processor] });
provider.register();

await propagateAttributes({ sessionId: 'lf-session', userId: 'u-lf' }, () =>
  startActiveObservation('weather-agent', async (agent) => {
    agent.update({ input: 'Weather in Paris?' });
    await startActiveObservation('chat gpt-fake', async (generation) => {
      generation.update({
        model: 'gpt-fake',
        input: [{ role: 'system', content: 'You are a weather bot.' }, { role: 'user', content: 'Weather in Paris?' }],
        output: { role: 'assistant', content: 'It is sunny in Paris.' },
        usageDetails: { input: 8, output: 7, total: 19, input_cached_tokens: 4 },
        prompt: { name: 'weather-prompt', version: 3, isFallback: false },
      });
    }, { asType: 'generation' });
    await startActiveObservation('get_weather', async (tool) => {
      tool.update({ input: { city: 'Paris' }, output: { forecast: 'sunny' } });
    }, { asType: 'tool' });
    agent.update({ output: 'It is sunny in Paris.' });
  }, { asType: 'agent' }));

await processor.forceFlush();
await provider.shutdown();
