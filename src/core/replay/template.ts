// A prompt template filled with variables, split at Prompty-style role headers ("system:", "user:" on a line of
// their own). Placeholders: {{ name }}, {{{ name }}}, ${name}, {name}; one the variables lack stays as written
// and is reported missing.
import { normalizeTemplate, templateBody } from '../links/template';

export type TemplateRole = 'system' | 'user' | 'assistant';

export interface TemplateSection {
  /** null when the template has no role headers. */
  role: TemplateRole | null;
  text: string;
}

export interface RenderedTemplate {
  sections: TemplateSection[];
  /** Placeholder names no variable filled, in order of first use. */
  missing: string[];
  /** Placeholder names that were filled. */
  filled: string[];
}

const PLACEHOLDER = /\{\{\{?\s*([A-Za-z_][\w.-]*)\s*\}?\}\}|\$\{\s*([A-Za-z_][\w.]*)\s*\}|\{\s*([A-Za-z_][\w.]*)\s*\}/g;
const ROLE_HEADER = /^[ \t]*(system|user|assistant|developer|human|ai)[ \t]*:[ \t]*$/gim;

function headerRole(word: string): TemplateRole {
  const w = word.toLowerCase();
  if (w === 'system' || w === 'developer') return 'system';
  if (w === 'assistant' || w === 'ai') return 'assistant';
  return 'user';
}

function fill(text: string, variables: Readonly<Record<string, string>>, missing: Set<string>, filled: Set<string>): string {
  return text.replace(PLACEHOLDER, (whole, a: string | undefined, b: string | undefined, c: string | undefined) => {
    const name = (a ?? b ?? c)!;
    if (Object.hasOwn(variables, name)) {
      filled.add(name);
      return variables[name]!;
    }
    missing.add(name);
    return whole;
  });
}

/** Render a prompt file's text (front matter or a JSON file's template field are taken off first). */
export function renderTemplate(fileText: string, variables: Readonly<Record<string, string>>): RenderedTemplate {
  const body = normalizeTemplate(templateBody(fileText));
  const missing = new Set<string>();
  const filled = new Set<string>();
  const headers = [...body.matchAll(ROLE_HEADER)];
  const sections: TemplateSection[] = [];
  if (headers.length === 0) {
    sections.push({ role: null, text: fill(body, variables, missing, filled) });
  } else {
    const before = body.slice(0, headers[0]!.index).trim();
    if (before.length > 0) sections.push({ role: 'system', text: fill(before, variables, missing, filled) });
    headers.forEach((h, i) => {
      const end = i + 1 < headers.length ? headers[i + 1]!.index : body.length;
      const text = body.slice(h.index + h[0].length, end).replace(/^\n+/, '').replace(/\n+$/, '');
      if (text.length > 0) sections.push({ role: headerRole(h[1]!), text: fill(text, variables, missing, filled) });
    });
  }
  return { sections, missing: [...missing], filled: [...filled] };
}
