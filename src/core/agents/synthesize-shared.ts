// What the per-agent event readers share.
export interface EventTarget {
  traceId: string;
  spanId: string;
}

/** One text message in the OTel GenAI parts shape, as the JSON text `gen_ai.*.messages` carries. */
export function textMessages(role: string, text: string): string {
  return JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]);
}
