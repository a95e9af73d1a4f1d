// The OpenAI client calls every OpenAI-instrumented producer app makes: a chat with a system message and a tool,
// the tool result sent back, a streamed chat with usage, and an embedding. `tool` wraps the tool's execution (so a
// producer can trace it). CommonJS, so zero-code instrumentation (require hooks) patches the client it loads.
const TOOLS = [{
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}];

async function weatherFlow(client, tool = (fn) => fn()) {
  const messages = [{ role: 'system', content: 'You are a weather bot.' }, { role: 'user', content: 'Weather in Paris?' }];
  const first = await client.chat.completions.create({ model: 'gpt-fake', messages, tools: TOOLS });
  const call = first.choices[0].message.tool_calls[0];
  const result = await tool(async () => `sunny in ${JSON.parse(call.function.arguments).city}`, call);
  messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: result });
  await client.chat.completions.create({ model: 'gpt-fake', messages, tools: TOOLS });
  const stream = await client.chat.completions.create({
    model: 'gpt-fake', messages: [{ role: 'user', content: 'Say something' }], stream: true, stream_options: { include_usage: true },
  });
  for await (const chunk of stream) void chunk;
  await client.embeddings.create({ model: 'text-embedding-fake', input: 'hello world' });
}

module.exports = { weatherFlow };
