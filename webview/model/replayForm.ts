// The Replay tab's editable form: the recorded request as text fields, and the typed edits (ReplayEdits) the
// fields differ by. Pure: parsing a field either gives a value or says what is wrong with it.
import type { ParameterEdits, ReplayEdits } from '../../src/core/replay/edits';
import type {
  ReplayMark, ReplayMessage, ReplayParameters, ReplayProvider, ReplayRequest, ReplayResponseFormat, ReplayToolChoice,
} from '../../src/core/replay/types';

/** The APIs a replay speaks, in the order the picker lists them. */
export const PROVIDER_CHOICES: ReadonlyArray<{ value: ReplayProvider; label: string }> = [
  { value: 'openai', label: 'OpenAI Chat Completions (or compatible)' },
  { value: 'openai-responses', label: 'OpenAI Responses' },
  { value: 'anthropic', label: 'Anthropic Messages' },
  { value: 'gemini', label: 'Google Gemini' },
];

export type ParameterName = keyof ReplayParameters;

/** The editable parameters, with how each is written in its field. */
export const PARAMETER_FIELDS: ReadonlyArray<{ name: ParameterName; label: string; hint: string }> = [
  { name: 'temperature', label: 'temperature', hint: 'a number, e.g. 0.2' },
  { name: 'topP', label: 'top_p', hint: 'a number between 0 and 1' },
  { name: 'topK', label: 'top_k', hint: 'a whole number' },
  { name: 'maxTokens', label: 'max tokens', hint: 'a whole number' },
  { name: 'stop', label: 'stop', hint: 'a JSON list of strings, e.g. ["END"]' },
  { name: 'seed', label: 'seed', hint: 'a whole number' },
  { name: 'frequencyPenalty', label: 'frequency penalty', hint: 'a number' },
  { name: 'presencePenalty', label: 'presence penalty', hint: 'a number' },
  { name: 'responseFormat', label: 'response format', hint: 'text, json, or {"type":"json_schema","name":…,"schema":{…}}' },
  { name: 'toolChoice', label: 'tool choice', hint: 'auto, none, required, or a tool name' },
  { name: 'reasoningEffort', label: 'reasoning effort', hint: 'e.g. low, medium, high' },
];

export interface ReplayForm {
  /** '' while the recorded provider maps to none and none was picked. */
  provider: ReplayProvider | '';
  model: string;
  system: string;
  /** The editable text of each message (a tool message's result). */
  messages: string[];
  parameters: Record<ParameterName, string>;
}

/** The text a message's field shows and edits: its text parts, or a tool message's result. */
export function editableText(m: ReplayMessage): string {
  if (m.role === 'tool') {
    const result = m.content.find((c) => c.type === 'tool_result');
    if (result && result.type === 'tool_result') return result.result;
  }
  return m.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n');
}

export function parameterText(name: ParameterName, value: ReplayParameters[ParameterName] | undefined): string {
  if (value === undefined) return '';
  if (name === 'stop') return JSON.stringify(value);
  if (name === 'responseFormat') {
    const f = value as ReplayResponseFormat;
    return f.type === 'json_schema' ? JSON.stringify(f) : f.type;
  }
  if (name === 'toolChoice') {
    const c = value as ReplayToolChoice;
    return typeof c === 'string' ? c : c.tool;
  }
  return String(value);
}

export function formFromRequest(request: ReplayRequest): ReplayForm {
  const parameters = Object.fromEntries(PARAMETER_FIELDS.map(({ name }) => [name, parameterText(name, request.parameters[name])]));
  return {
    provider: request.provider ?? '',
    model: request.model ?? '',
    system: request.system.join('\n\n'),
    messages: request.messages.map(editableText),
    parameters: parameters as Record<ParameterName, string>,
  };
}

type Parsed<T> = { value: T } | { error: string };

const INTEGERS: ReadonlySet<ParameterName> = new Set(['topK', 'maxTokens', 'seed']);
const NUMBERS: ReadonlySet<ParameterName> = new Set(['temperature', 'topP', 'frequencyPenalty', 'presencePenalty']);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A field's text as the parameter's value; '' unsets it (null). */
export function parseParameter(name: ParameterName, raw: string): Parsed<ReplayParameters[ParameterName] | null> {
  const text = raw.trim();
  if (text === '') return { value: null };
  if (NUMBERS.has(name) || INTEGERS.has(name)) {
    const n = Number(text);
    if (!Number.isFinite(n)) return { error: `${name}: "${text}" is not a number` };
    if (INTEGERS.has(name) && !Number.isInteger(n)) return { error: `${name}: "${text}" is not a whole number` };
    return { value: n };
  }
  if (name === 'stop') {
    const list = text.startsWith('[') ? parseJson(text) : [text];
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) return { error: 'stop: write a JSON list of strings, e.g. ["END"]' };
    return { value: list as string[] };
  }
  if (name === 'responseFormat') {
    if (text === 'text' || text === 'json') return { value: { type: text } };
    const f = parseJson(text) as Record<string, unknown> | undefined;
    if (f && f.type === 'json_schema' && typeof f.name === 'string' && typeof f.schema === 'object' && f.schema !== null) {
      return { value: f as unknown as ReplayResponseFormat };
    }
    return { error: 'response format: text, json, or {"type":"json_schema","name":…,"schema":{…}}' };
  }
  if (name === 'toolChoice') {
    return { value: text === 'auto' || text === 'none' || text === 'required' ? text : { tool: text } };
  }
  return { value: text };
}

export interface FormEdits {
  edits: ReplayEdits;
  /** Fields whose text is not a value (nothing is run while there are any). */
  errors: string[];
}

/** The edits the form makes to the recorded request: only what differs from the recording. */
export function editsFromForm(request: ReplayRequest, form: ReplayForm): FormEdits {
  const recorded = formFromRequest(request);
  const edits: ReplayEdits = {};
  const errors: string[] = [];
  if (form.provider !== recorded.provider && form.provider !== '') edits.provider = form.provider;
  if (form.model !== recorded.model) {
    if (form.model.trim() === '') errors.push('model: enter the model to send it to');
    else edits.model = form.model.trim();
  }
  if (form.system !== recorded.system) edits.system = form.system;
  const messages = form.messages.flatMap((text, index) => (text !== recorded.messages[index] ? [{ index, text }] : []));
  if (messages.length > 0) edits.messages = messages;
  const parameters: ParameterEdits = {};
  for (const { name } of PARAMETER_FIELDS) {
    if (form.parameters[name] === recorded.parameters[name]) continue;
    const parsed = parseParameter(name, form.parameters[name]);
    if ('error' in parsed) errors.push(parsed.error);
    else (parameters as Record<string, unknown>)[name] = parsed.value;
  }
  if (Object.keys(parameters).length > 0) edits.parameters = parameters;
  return { edits, errors };
}

/** Marks about one place of the request: `system` covers `system[1]`, `messages[2]` only itself. */
export function marksAt(marks: readonly ReplayMark[], where: string): ReplayMark[] {
  return marks.filter((m) => m.where === where || m.where.startsWith(`${where}[`) || m.where.startsWith(`${where}.`));
}

/** Marks no section shows beside its field (the request as a whole, the model, the provider, no messages). */
export function generalMarks(marks: readonly ReplayMark[]): ReplayMark[] {
  return marks.filter((m) => !/^(system|messages\[|tools)/.test(m.where));
}

/** The words a mark's kind is shown with. */
export function markLabel(kind: ReplayMark['kind']): string {
  switch (kind) {
    case 'redacted': return 'redacted';
    case 'truncated': return 'truncated';
    case 'no-messages': return 'messages not recorded';
    case 'no-tool-definitions': return 'tool definitions not recorded';
    case 'tool-call-id-missing': return 'call id not recorded';
    case 'empty-message': return 'content not recorded';
    case 'unsupported-content': return 'not sent';
    case 'no-model': return 'model not recorded';
    case 'missing-variable': return 'variable not recorded';
    case 'unknown-provider': return 'provider unknown';
  }
}
