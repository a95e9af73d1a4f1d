/**
 * Which prompt (name, version, template, variables) a span used. NormalizedSpan fields win; raw
 * attributes are read per normalization-map.json `prompt_*` keys when the span was not normalized.
 */
import type { AttrValue, Attributes } from '../model/types';
import { readObject, readString, scalarText } from './attributes';

export interface PromptRef {
  name: string | null;
  version: string | null;
  template: string | null;
  variables: Record<string, string> | null;
}

export interface PromptRefSource {
  attributes: Attributes;
  promptName?: string | null;
  promptVersion?: string | null;
  promptTemplate?: string | null;
  promptVariables?: Record<string, string> | null;
}

/** `key` or `key#field` (field of a JSON/kvlist value). Priority order. */
const NAME_KEYS = [
  'gen_ai.prompt.name',
  'langfuse.observation.prompt.name',
  'langfuse.prompt.name',
  'ai.telemetry.metadata.langfusePrompt#name',
  'traceloop.prompt.key',
  'prompt.id',
  'metadata#lc_hub_repo',
  // seen in practice (Vercel metadata / runtime context, OpenInference metadata); the normalizer reads them too
  'ai.telemetry.metadata.promptName',
  'ai.settings.context.promptName',
  'metadata#promptName',
] as const;
const VERSION_KEYS = [
  'gen_ai.prompt.version',
  'llm.prompt_template.version',
  'langfuse.observation.prompt.version',
  'langfuse.prompt.version',
  'ai.telemetry.metadata.langfusePrompt#version',
  'traceloop.prompt.version',
  'traceloop.prompt.version_name',
  'traceloop.prompt.version_hash',
  'metadata#lc_hub_commit_hash',
  'ai.telemetry.metadata.promptVersion',
  'ai.settings.context.promptVersion',
  'metadata#promptVersion',
] as const;
const TEMPLATE_KEYS = ['llm.prompt_template.template'] as const;
const VARIABLE_PREFIXES = ['gen_ai.prompt.variable.', 'traceloop.prompt.template_variables.'] as const;
const VARIABLE_OBJECT_KEYS = ['llm.prompt_template.variables'] as const;

export function extractPromptRef(span: PromptRefSource): PromptRef | null {
  const attrs = span.attributes ?? {};
  const ref: PromptRef = {
    name: span.promptName ?? firstOf(attrs, NAME_KEYS),
    version: span.promptVersion ?? firstOf(attrs, VERSION_KEYS),
    template: span.promptTemplate ?? firstOf(attrs, TEMPLATE_KEYS),
    variables: span.promptVariables ?? readVariables(attrs),
  };
  if (ref.name === null && ref.version === null && ref.template === null && ref.variables === null) return null;
  return ref;
}

function firstOf(attrs: Attributes, keys: readonly string[]): string | null {
  for (const spec of keys) {
    const hash = spec.indexOf('#');
    if (hash < 0) {
      const v = readString(attrs, spec);
      if (v !== null) return v;
      continue;
    }
    const key = spec.slice(0, hash);
    const field = spec.slice(hash + 1);
    // `metadata#x` may also arrive flattened as `metadata.x`.
    const nested = readObject(attrs, key)?.[field] ?? attrs[`${key}.${field}`];
    const text = nested === undefined ? null : scalarText(nested);
    if (text !== null && text.trim() !== '') return text;
  }
  return null;
}

function readVariables(attrs: Attributes): Record<string, string> | null {
  const vars: Record<string, string> = {};
  let found = false;
  for (const key of VARIABLE_OBJECT_KEYS) {
    const obj = readObject(attrs, key);
    if (!obj) continue;
    for (const [k, v] of Object.entries(obj)) {
      Object.defineProperty(vars, k, { value: textOf(v), enumerable: true, writable: true, configurable: true });
      found = true;
    }
  }
  for (const [key, value] of Object.entries(attrs)) {
    const prefix = VARIABLE_PREFIXES.find((p) => key.startsWith(p));
    if (!prefix) continue;
    vars[key.slice(prefix.length)] = textOf(value);
    found = true;
  }
  return found ? vars : null;
}

function textOf(v: AttrValue): string {
  return scalarText(v) ?? '';
}
