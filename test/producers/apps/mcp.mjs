// MCP through Traceloop's MCP instrumentation: a client and a server in one process (in-memory transport), one tool
// listed and called inside a workflow, so the client span's context travels to the server in the request's _meta.
import * as traceloop from '@traceloop/node-server-sdk';
import * as mcpClient from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { z } from 'zod';

traceloop.initialize({
  appName: 'producer-mcp',
  baseUrl: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
  apiKey: 'none',
  disableBatch: true,
  silenceInitializationMessage: true,
  traceloopSyncEnabled: false,
  logLevel: 'error',
  instrumentModules: { mcp: mcpClient },
});

const server = new McpServer({ name: 'weather-server', version: '1.0.0' });
server.registerTool('get_weather', { description: 'Weather for a city', inputSchema: { city: z.string() } },
  async ({ city }) => ({ content: [{ type: 'text', text: `sunny in ${city}` }] }));
const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
await server.connect(serverTransport);
const client = new mcpClient.Client({ name: 'weather-client', version: '1.0.0' });
await traceloop.withAssociationProperties({ session_id: 'mcp-session' }, () =>
  traceloop.withWorkflow({ name: 'mcp_workflow' }, async () => {
    await client.connect(clientTransport);
    await client.listTools();
    await client.callTool({ name: 'get_weather', arguments: { city: 'Paris' } });
  }));
await client.close();
await server.close();
await traceloop.forceFlush();
