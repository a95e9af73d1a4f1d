/**
 * Does what a span sent the model still come from the prompt file? When a span recorded no template, its rendered
 * prompt is compared instead: the system instructions (OTel `gen_ai.system_instructions`, the AI SDK's `system`, or
 * system messages) and the input messages, against the file's template with its placeholders filled from the span's
 * prompt variables (or matching any text where the span did not record the variable).
 */
import type { ChatMessage, MessagePart } from '../model/types';
import { normalizeTemplate, templateBody, type TemplateComparison } from './template';

export interface RenderedPrompt {
  systemInstructions: MessagePart[] | null;
  inputMessages: ChatMessage[] | null;
  variables: Record<string, string> | null;
}

// {{ name }}, {{{ name }}}, ${name}, {name}; {% … %} / {# … #} (Jinja tags) and {{#each}}-style blocks match any text.
const PLACEHOLDER = /\{\{\{?\s*([^{}]*?)\s*\}?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}|\$\{\s*([^{}]+?)\s*\}|\{\s*([A-Za-z_][\w.]*)\s*\}/g;
// Prompty-style role headers ("system:", "user:") separate sections; they are not sent to the model.
const ROLE_HEADER = /^[ \t]*(system|user|assistant|developer|human|ai)[ \t]*:[ \t]*$/gim;

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The template as literal segments with "any text" between them, over whitespace-collapsed text; null when it has
 * no literal text at all. Segments are trimmed where they meet a gap, so a placeholder that rendered empty fits.
 */
function templateSegments(template: string, variables: Record<string, string> | null): string[] | null {
  const body = collapse(normalizeTemplate(template).replace(ROLE_HEADER, ' '));
  const segments: string[] = [];
  let current = '';
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    current += body.slice(last, m.index);
    const name = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    const value = name && variables && Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value !== undefined) current += collapse(value);
    else {
      segments.push(current);
      current = '';
    }
    last = m.index + m[0].length;
  }
  segments.push(current + body.slice(last));
  const trimmed = segments.map((seg, i) => {
    let t = seg;
    if (i > 0) t = t.trimStart();
    if (i < segments.length - 1) t = t.trimEnd();
    return t;
  });
  return trimmed.join('').length > 0 ? trimmed : null;
}

/** Glob-style match (first segment at the start, last at the end, the others in order between): linear time. */
function matchesSegments(text: string, segments: readonly string[]): boolean {
  if (segments.length === 1) return text === segments[0];
  const first = segments[0]!;
  const lastSeg = segments[segments.length - 1]!;
  if (!text.startsWith(first) || !text.endsWith(lastSeg) || first.length + lastSeg.length > text.length) return false;
  let at = first.length;
  const end = text.length - lastSeg.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const found = text.indexOf(segments[i]!, at);
    if (found < 0 || found + segments[i]!.length > end) return false;
    at = found + segments[i]!.length;
  }
  return true;
}

function textOf(parts: readonly MessagePart[]): string {
  return parts.map((p) => (p.type === 'text' ? p.content : '')).filter((t) => t.length > 0).join('\n');
}

function isSystem(role: string): boolean {
  return role === 'system' || role === 'developer';
}

/** The texts a template could have rendered: the system part, the conversation part, and both together. */
function renderedCandidates(span: RenderedPrompt): string[] {
  const input = span.inputMessages ?? [];
  const system = span.systemInstructions ? textOf(span.systemInstructions) : textOf(input.filter((m) => isSystem(m.role)).flatMap((m) => m.parts));
  const conversation = input.filter((m) => !isSystem(m.role)).map((m) => textOf(m.parts)).filter((t) => t.length > 0).join('\n');
  const firstUser = input.find((m) => m.role === 'user');
  const candidates = [system, conversation, `${system}\n${conversation}`, firstUser ? textOf(firstUser.parts) : ''];
  return [...new Set(candidates.map(collapse).filter((t) => t.length > 0))];
}

/** null when the span sent nothing to compare, or the file's template has no text of its own. */
export function compareRenderedPrompt(span: RenderedPrompt, fileText: string): TemplateComparison | null {
  const candidates = renderedCandidates(span);
  if (candidates.length === 0) return null;
  const segments = templateSegments(templateBody(fileText), span.variables);
  if (!segments) return null;
  return candidates.some((c) => matchesSegments(c, segments)) ? 'same' : 'changed';
}
