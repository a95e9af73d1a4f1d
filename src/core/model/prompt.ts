// Prompt identity (name, version, template, variables) across vocabularies.
import { asText, attrKey, attrKeys, isRecord, type AttrReader } from './attributes';
import { PREFIX } from './flattened';

const PROMPT_NAME_KEYS = attrKeys([
  'gen_ai.prompt.name', 'langfuse.observation.prompt.name', 'langfuse.prompt.name',
  'ai.telemetry.metadata.langfusePrompt#name', 'traceloop.prompt.key', 'prompt.id', 'metadata#lc_hub_repo',
  // Conventions seen in practice for Vercel metadata / runtime context and OpenInference metadata.
  'ai.telemetry.metadata.promptName', 'ai.settings.context.promptName', 'metadata#promptName',
]);

const PROMPT_VERSION_KEYS = attrKeys([
  'gen_ai.prompt.version', 'llm.prompt_template.version', 'langfuse.observation.prompt.version', 'langfuse.prompt.version',
  'ai.telemetry.metadata.langfusePrompt#version', 'traceloop.prompt.version', 'traceloop.prompt.version_name',
  'traceloop.prompt.version_hash', 'metadata#lc_hub_commit_hash',
  'ai.telemetry.metadata.promptVersion', 'ai.settings.context.promptVersion', 'metadata#promptVersion',
]);

const PROMPT_TEMPLATE_KEYS = attrKeys(['llm.prompt_template.template']);
const TEMPLATE_VARIABLES = attrKey('llm.prompt_template.variables');

export interface PromptIdentity {
  promptName: string | null;
  promptVersion: string | null;
  promptTemplate: string | null;
  promptVariables: Record<string, string> | null;
}

function collectPrefixed(r: AttrReader, keys: string[] | null, prefix: string): Record<string, string> | null {
  if (!keys) return null;
  // fromEntries defines own keys, so a `__proto__` variable name from span data stays a variable.
  return Object.fromEntries(keys.map((k) => [k.slice(prefix.length), asText(r.attrs[k]) ?? '']));
}

function variablesFromObject(v: unknown): Record<string, string> | null {
  if (!isRecord(v)) return null;
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, asText(val) ?? '']));
}

export function readPrompt(r: AttrReader): PromptIdentity {
  const fam = r.families;
  const promptVariables =
    collectPrefixed(r, fam.otelPromptVar, PREFIX.otelPromptVar) ??
    variablesFromObject(r.json(TEMPLATE_VARIABLES)) ??
    collectPrefixed(r, fam.tlPromptVar, PREFIX.tlPromptVar);
  return {
    promptName: r.str(PROMPT_NAME_KEYS),
    promptVersion: r.str(PROMPT_VERSION_KEYS),
    promptTemplate: r.str(PROMPT_TEMPLATE_KEYS),
    promptVariables,
  };
}
