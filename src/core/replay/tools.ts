// Tool definitions as the producers record them: OTel `gen_ai.tool.definitions` (OTel, OpenAI or AI SDK shape),
// OpenInference `llm.tools.N.tool.json_schema` and its invocation parameters' `tools`, the AI SDK's
// `ai.prompt.tools` (a list of JSON texts), Traceloop's `llm.request.functions.N.*`. Anthropic and Gemini shapes too.
import { AttrReader, attrKey, isRecord, parseMaybeJson } from '../model/attributes';
import { indexed, unflatten } from '../model/flattened';
import type { ReplayToolDefinition } from './types';

const K = {
  otel: attrKey('gen_ai.tool.definitions'),
  vercel: attrKey('ai.prompt.tools'),
  invocationTools: attrKey('llm.invocation_parameters#tools'),
  langfuseTools: attrKey('langfuse.observation.model.parameters#tools'),
};

const OI_TOOLS = /^llm\.tools\.(\d+)\.tool\.json_schema$/;
const TL_FUNCTIONS = 'llm.request.functions.';

function schemaOf(v: unknown): Record<string, unknown> | null {
  const parsed = parseMaybeJson(v);
  return isRecord(parsed) ? parsed : null;
}

/** One definition in any of the shapes; a Gemini `functionDeclarations` entry yields several. */
function definitions(value: unknown): ReplayToolDefinition[] {
  const v = parseMaybeJson(value);
  if (!isRecord(v)) return [];
  if (Array.isArray(v.functionDeclarations)) return v.functionDeclarations.flatMap(definitions);
  const fn = isRecord(v.function) ? v.function : v;
  const name = fn.name;
  if (typeof name !== 'string' || name.length === 0) return [];
  const description = typeof fn.description === 'string' ? fn.description : null;
  const parameters = schemaOf(fn.parameters ?? fn.inputSchema ?? fn.input_schema ?? fn.parametersJsonSchema ?? fn.arguments);
  return [{ name, description, parameters }];
}

function list(value: unknown): ReplayToolDefinition[] | null {
  const v = parseMaybeJson(value);
  if (!Array.isArray(v)) return null;
  return v.flatMap(definitions);
}

function openInferenceTools(r: AttrReader): ReplayToolDefinition[] | null {
  const found: Array<[number, ReplayToolDefinition[]]> = [];
  for (const key in r.attrs) {
    const m = OI_TOOLS.exec(key);
    if (m) found.push([Number(m[1]), definitions(r.attrs[key])]);
  }
  if (found.length === 0) return null;
  return found.sort((a, b) => a[0] - b[0]).flatMap(([, d]) => d);
}

function traceloopFunctions(r: AttrReader): ReplayToolDefinition[] | null {
  const keys = Object.keys(r.attrs).filter((k) => k.startsWith(TL_FUNCTIONS));
  if (keys.length === 0) return null;
  const tree = unflatten(r.attrs, keys, TL_FUNCTIONS.length);
  return indexed(tree).flatMap(definitions);
}

/** The definitions the span recorded, or null when it recorded none (an empty list recorded stays []). */
export function readToolDefinitions(readers: readonly AttrReader[]): ReplayToolDefinition[] | null {
  for (const r of readers) {
    const tools = (r.has(K.otel) ? list(r.get(K.otel)) : null)
      ?? openInferenceTools(r)
      ?? (r.has(K.invocationTools) ? list(r.get(K.invocationTools)) : null)
      ?? (r.has(K.vercel) ? list(r.get(K.vercel)) : null)
      ?? traceloopFunctions(r)
      ?? (r.has(K.langfuseTools) ? list(r.get(K.langfuseTools)) : null);
    if (tools) return tools;
  }
  return null;
}
