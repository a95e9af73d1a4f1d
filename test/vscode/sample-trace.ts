// A small, deterministic OTLP/JSON trace request for the extension-host and UI tests:
// invoke_agent → chat (llm, model + tokens) → execute_tool, optionally with hostile attribute values.
import { randomBytes } from 'node:crypto';

export const XSS_IMG = '<img src=x onerror="window.__atlXss=1;acquireVsCodeApi&&0">';
export const XSS_SCRIPT = '</script><script>window.__atlXss=2</script>';

export interface SampleTrace {
  traceId: string;
  rootSpanId: string;
  llmSpanId: string;
  toolSpanId: string;
  rootName: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  body: object;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const str = (v: string) => ({ stringValue: v });
const int = (v: number) => ({ intValue: v });

export function sampleTrace(
  options: { rootName?: string; hostile?: boolean; service?: string; llmText?: string } = {},
): SampleTrace {
  const traceId = hex(16);
  const rootSpanId = hex(8);
  const llmSpanId = hex(8);
  const toolSpanId = hex(8);
  const t0 = BigInt(Date.now()) * 1_000_000n;
  const at = (ms: number): string => (t0 + BigInt(ms) * 1_000_000n).toString();
  const rootName = options.rootName ?? 'invoke_agent weather-agent';
  const model = 'gpt-test-mini';
  const hostile = options.hostile
    ? [
        { key: 'xss.img', value: str(XSS_IMG) },
        { key: 'xss.script', value: str(XSS_SCRIPT) },
        { key: 'big.value', value: str('A'.repeat(1024 * 1024)) },
      ]
    : [];
  const spans = [
    {
      traceId, spanId: rootSpanId, name: rootName, kind: 1, startTimeUnixNano: at(0), endTimeUnixNano: at(160),
      attributes: [
        { key: 'gen_ai.operation.name', value: str('invoke_agent') },
        { key: 'gen_ai.agent.name', value: str('weather-agent') },
        { key: 'workload.id', value: str('weather') },
      ],
      status: { code: 0 },
    },
    {
      traceId, spanId: llmSpanId, parentSpanId: rootSpanId, name: `chat ${model}`, kind: 3,
      startTimeUnixNano: at(5), endTimeUnixNano: at(80),
      attributes: [
        { key: 'gen_ai.operation.name', value: str('chat') },
        { key: 'gen_ai.provider.name', value: str('openai') },
        { key: 'gen_ai.request.model', value: str(model) },
        { key: 'gen_ai.usage.input_tokens', value: int(42) },
        { key: 'gen_ai.usage.output_tokens', value: int(17) },
        ...hostile,
        ...(options.llmText ? [{ key: 'gen_ai.input.messages', value: str(JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: options.llmText }] }])) }] : []),
      ],
      status: { code: 0 },
    },
    {
      traceId, spanId: toolSpanId, parentSpanId: rootSpanId, name: 'execute_tool get_weather', kind: 1,
      startTimeUnixNano: at(85), endTimeUnixNano: at(120),
      attributes: [
        { key: 'gen_ai.operation.name', value: str('execute_tool') },
        { key: 'gen_ai.tool.name', value: str('get_weather') },
      ],
      status: { code: 2, message: 'tool failed' },
    },
  ];
  const body = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: str(options.service ?? 'sample-agent') }] },
      scopeSpans: [{ scope: { name: 'sample', version: '1.0.0' }, spans }],
    }],
  };
  return { traceId, rootSpanId, llmSpanId, toolSpanId, rootName, model, inputTokens: 42, outputTokens: 17, body };
}

export async function postTrace(httpPort: number, body: object): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}
