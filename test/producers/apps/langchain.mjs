// LangChain + LangGraph through OpenInference: a createReactAgent with one tool, a plain chat call with a system
// message, against the fake OpenAI-compatible model.
import { setupTracing } from './otel-setup.mjs';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { SystemMessage, HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { z } from 'zod';

const provider = setupTracing('producer-langchain');
new LangChainInstrumentation().manuallyInstrument(CallbackManagerModule);

const configuration = { baseURL: process.env.FAKE_OPENAI_BASE_URL };
const model = new ChatOpenAI({ model: 'gpt-fake', apiKey: 'fake-key', configuration, temperature: 0 });
const getWeather = tool(async ({ city }) => `sunny in ${city}`, {
  name: 'get_weather',
  description: 'Weather for a city',
  schema: z.object({ city: z.string() }),
});

const agent = createReactAgent({ llm: model, tools: [getWeather], name: 'weather_agent', prompt: 'You are a weather bot.' });
await agent.invoke({ messages: [new HumanMessage('Weather in Paris?')] }, { metadata: { session_id: 'lc-session-1' } });

await model.invoke([new SystemMessage('You answer briefly.'), new HumanMessage('Say hi')]);

await provider.forceFlush();
await provider.shutdown();
