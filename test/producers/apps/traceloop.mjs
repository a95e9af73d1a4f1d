// Traceloop's Node SDK (OpenLLMetry): a workflow with an association property (session), an agent, a tool and
// the shared OpenAI weather flow, exported to baseUrl.
import * as traceloop from '@traceloop/node-server-sdk';
import OpenAI from 'openai';
import flow from './openai-flow.cjs';

traceloop.initialize({
  appName: 'producer-traceloop',
  baseUrl: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
  apiKey: 'none',
  disableBatch: true,
  silenceInitializationMessage: true,
  logLevel: process.env.PRODUCER_DEBUG ? 'debug' : 'error',
  traceloopSyncEnabled: false,
  instrumentModules: { openAI: OpenAI },
});
const client = new OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'fake-key' });
await traceloop.withAssociationProperties({ session_id: 'tl-session', user_id: 'u-tl' }, () =>
  traceloop.withWorkflow({ name: 'weather_workflow' }, () =>
    traceloop.withAgent({ name: 'weather_agent' }, () =>
      flow.weatherFlow(client, (fn) => traceloop.withTool({ name: 'get_weather' }, fn)))));
await traceloop.forceFlush();
