// Edits to a replay request, as one typed object: the model, the provider, parameters, the system
// instructions, the text of messages, or a prompt template filled with the span's recorded variables.
import { renderTemplate, type TemplateSection } from './template';
import {
  PARAMETER_NAMES, type ReplayContent, type ReplayMark, type ReplayMessage, type ReplayParameters, type ReplayProvider,
  type ReplayRequest,
} from './types';

/** Where a template without role headers goes: `auto` finds where the span's own prompt was rendered. */
export type TemplateTarget = 'auto' | 'system' | 'user' | { message: number };

export interface TemplateEdit {
  /** The prompt file's text (front matter or a JSON template field is taken off). */
  text: string;
  /** Laid over the variables the span recorded. */
  variables?: Record<string, string>;
  target?: TemplateTarget;
  /** What to call it in the replay's attributes (a file path, `name@version`). */
  label?: string;
}

export type ParameterEdits = { [K in keyof ReplayParameters]?: ReplayParameters[K] | null };

export interface ReplayEdits {
  provider?: ReplayProvider;
  model?: string;
  /** Replaces every system block; '' removes the system instructions. */
  system?: string;
  /** Replaces the text of message `index` (its tool calls stay). */
  messages?: Array<{ index: number; text: string }>;
  /** Messages added after the recorded ones (e.g. a span that recorded none). */
  append?: Array<{ role: 'user' | 'assistant'; text: string }>;
  /** A value sets the parameter; null removes it. */
  parameters?: ParameterEdits;
  template?: TemplateEdit;
}

export class ReplayEditError extends Error {
  override name = 'ReplayEditError';
}

export interface EditedRequest {
  request: ReplayRequest;
  /** One line per edit applied, in words (`template prompts/v2.md → system; filled: question`). */
  applied: string[];
}

function setText(m: ReplayMessage, text: string): ReplayMessage {
  if (m.role === 'tool') {
    const i = m.content.findIndex((c) => c.type === 'tool_result');
    if (i >= 0) {
      const content = [...m.content];
      content[i] = { ...(content[i] as Extract<ReplayContent, { type: 'tool_result' }>), result: text };
      return { ...m, content };
    }
  }
  const first = m.content.findIndex((c) => c.type === 'text');
  const others = m.content.filter((c) => c.type !== 'text');
  const at = first < 0 ? 0 : m.content.slice(0, first).filter((c) => c.type !== 'text').length;
  const content: ReplayContent[] = [...others.slice(0, at), { type: 'text', text }, ...others.slice(at)];
  return { ...m, content };
}

function messageText(m: ReplayMessage): string {
  return m.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Where the span's own template was rendered: system, or the message whose text it equals. */
function recordedTarget(request: ReplayRequest): 'system' | { message: number } | null {
  const { promptTemplate, promptVariables } = request.source;
  if (!promptTemplate) return null;
  const rendered = renderTemplate(promptTemplate, promptVariables ?? {}).sections.map((s) => s.text).join('\n');
  const wanted = collapse(rendered);
  if (wanted.length === 0) return null;
  if (collapse(request.system.join('\n')) === wanted) return 'system';
  const i = request.messages.findIndex((m) => collapse(messageText(m)) === wanted);
  return i >= 0 ? { message: i } : null;
}

function firstUser(request: ReplayRequest): number {
  return request.messages.findIndex((m) => m.role === 'user');
}

function resolveTarget(request: ReplayRequest, target: TemplateTarget): 'system' | { message: number } {
  if (target === 'system') return 'system';
  if (target === 'user') {
    const i = firstUser(request);
    if (i < 0) throw new ReplayEditError('the template goes to the first user message, but the request has none');
    return { message: i };
  }
  if (target !== 'auto') return target;
  const recorded = recordedTarget(request);
  if (recorded) return recorded;
  if (request.system.length > 0) return 'system';
  const i = firstUser(request);
  return i >= 0 ? { message: i } : 'system';
}

/** Marks about text that an edit replaced no longer hold (a redacted system prompt that was rewritten). */
function dropMarksAt(request: ReplayRequest, where: (w: string) => boolean): ReplayRequest {
  return { ...request, marks: request.marks.filter((m) => !where(m.where)) };
}

const TEXT_MARKS = new Set(['redacted', 'truncated', 'empty-message']);

function withMessageText(request: ReplayRequest, index: number, text: string): ReplayRequest {
  const m = request.messages[index];
  if (!m) throw new ReplayEditError(`message ${index} does not exist (the request has ${request.messages.length})`);
  const messages = [...request.messages];
  messages[index] = setText(m, text);
  const edited = { ...request, messages };
  return { ...edited, marks: edited.marks.filter((mark) => !(mark.where === `messages[${index}]` && TEXT_MARKS.has(mark.kind))) };
}

function withSystem(request: ReplayRequest, system: string[]): ReplayRequest {
  return dropMarksAt({ ...request, system }, (w) => w === 'system' || w.startsWith('system['));
}

function applyTemplate(request: ReplayRequest, edit: TemplateEdit, applied: string[]): ReplayRequest {
  const variables = { ...(request.source.promptVariables ?? {}), ...(edit.variables ?? {}) };
  const rendered = renderTemplate(edit.text, variables);
  const label = edit.label ?? 'template';
  const places: string[] = [];
  let out = request;
  const put = (section: TemplateSection, target: 'system' | { message: number }): void => {
    if (target === 'system') {
      out = withSystem(out, [section.text]);
      places.push('system');
    } else {
      out = withMessageText(out, target.message, section.text);
      places.push(`message ${target.message}`);
    }
  };
  for (const section of rendered.sections) {
    if (section.role === null) put(section, resolveTarget(out, edit.target ?? 'auto'));
    else if (section.role === 'system') put(section, 'system');
    else if (section.role === 'user') put(section, resolveTarget(out, 'user'));
    else throw new ReplayEditError(`${label}: an assistant section in a template cannot be placed (write it as a message edit)`);
  }
  const marks: ReplayMark[] = rendered.missing.map((name) => ({
    kind: 'missing-variable', where: places.join(', ') || 'template',
    message: `the span recorded no value for {${name}}: it is sent as written`,
  }));
  const filled = rendered.filled.length > 0 ? `; filled: ${rendered.filled.join(', ')}` : '';
  const missing = rendered.missing.length > 0 ? `; not recorded: ${rendered.missing.join(', ')}` : '';
  applied.push(`${label} → ${places.join(', ')}${filled}${missing}`);
  return { ...out, marks: [...out.marks, ...marks] };
}

function applyParameters(parameters: ReplayParameters, edits: ParameterEdits, applied: string[]): ReplayParameters {
  const next: Record<string, unknown> = { ...parameters };
  for (const name of PARAMETER_NAMES) {
    if (!Object.hasOwn(edits, name)) continue;
    const value = edits[name];
    if (value === null || value === undefined) delete next[name];
    else next[name] = value;
    applied.push(`${name} = ${value === null || value === undefined ? '(unset)' : JSON.stringify(value)}`);
  }
  return next as ReplayParameters;
}

/** The request with the edits applied, in a fixed order (template, system, messages, appended messages, model, provider, parameters). */
export function applyEdits(request: ReplayRequest, edits: ReplayEdits): EditedRequest {
  const applied: string[] = [];
  let out = request;
  if (edits.template) out = applyTemplate(out, edits.template, applied);
  if (edits.system !== undefined) {
    out = withSystem(out, edits.system.length > 0 ? [edits.system] : []);
    applied.push(edits.system.length > 0 ? 'system instructions replaced' : 'system instructions removed');
  }
  for (const m of edits.messages ?? []) {
    out = withMessageText(out, m.index, m.text);
    applied.push(`message ${m.index} text replaced`);
  }
  for (const m of edits.append ?? []) {
    out = { ...out, messages: [...out.messages, { role: m.role, content: [{ type: 'text', text: m.text }] }] };
    applied.push(`${m.role} message added`);
  }
  if (edits.model !== undefined) {
    if (edits.model.trim().length === 0) throw new ReplayEditError('the model must not be empty');
    out = { ...out, model: edits.model, marks: out.marks.filter((m) => m.kind !== 'no-model') };
    applied.push(`model = ${edits.model}`);
  }
  if (edits.provider !== undefined) {
    out = { ...out, provider: edits.provider, marks: out.marks.filter((m) => m.kind !== 'unknown-provider') };
    applied.push(`provider = ${edits.provider}`);
  }
  if (edits.parameters) out = { ...out, parameters: applyParameters(out.parameters, edits.parameters, applied) };
  if (out.messages.length > 0) out = { ...out, marks: out.marks.filter((m) => m.kind !== 'no-messages') };
  return { request: out, applied };
}
