/** Does the template a span recorded still match the prompt file in the workspace? */
import { splitFrontMatter } from './front-matter';

export type TemplateComparison = 'same' | 'changed';

const TEMPLATE_FIELDS = ['template', 'prompt', 'content', 'text'] as const;

export function normalizeTemplate(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}

/** The template part of a prompt file: the body after front matter, or a JSON file's template field. */
export function templateBody(fileText: string): string {
  const trimmed = fileText.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const record = parsed as Record<string, unknown>;
        for (const field of TEMPLATE_FIELDS) {
          const value = record[field];
          if (typeof value === 'string') return value;
        }
      }
    } catch {
      // not JSON: compare the text as is
    }
  }
  return splitFrontMatter(fileText).body;
}

export function compareTemplate(spanTemplate: string, fileText: string): TemplateComparison {
  return normalizeTemplate(spanTemplate) === normalizeTemplate(templateBody(fileText)) ? 'same' : 'changed';
}
