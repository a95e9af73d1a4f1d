/** The bot's knowledge: policy documents and versioned prompt templates, read from the example folder. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLE_ROOT = join(__dirname, '..');

export interface PolicyDoc {
  id: string;
  title: string;
  status: 'published' | 'draft';
  text: string;
}

export interface PromptTemplate {
  name: string;
  version: string;
  template: string;
}

function splitHeader(text: string): { header: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { header: {}, body: text };
  const header: Record<string, string> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^(\w[\w.-]*):\s*(.*)$/.exec(line);
    if (kv) header[kv[1]!] = kv[2]!.trim();
  }
  return { header, body: text.slice(m[0].length) };
}

export function loadPolicies(root = EXAMPLE_ROOT): PolicyDoc[] {
  const dir = join(root, 'data', 'policies');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const { header, body } = splitHeader(readFileSync(join(dir, file), 'utf8'));
      return {
        id: header['id'] ?? file.replace(/\.md$/, ''),
        title: header['title'] ?? file,
        status: header['status'] === 'draft' ? 'draft' : 'published',
        text: body.replace(/\s+/g, ' ').trim(),
      };
    });
}

export function loadPrompt(name: string, version: string, root = EXAMPLE_ROOT): PromptTemplate {
  const text = readFileSync(join(root, 'prompts', name, `v${version}.md`), 'utf8');
  const { header, body } = splitHeader(text);
  return { name: header['name'] ?? name, version: header['version'] ?? version, template: body };
}

export function fillTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => variables[key] ?? whole);
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** Keyword overlap: how many distinct query words the document contains. */
export function overlapScore(query: string, doc: PolicyDoc): number {
  const docWords = new Set(words(`${doc.title} ${doc.text}`));
  return [...new Set(words(query))].filter((w) => docWords.has(w)).length;
}

/** Keyword density: query-word occurrences per 100 words (what the naive reranker trusts). */
export function densityScore(query: string, doc: PolicyDoc): number {
  const q = new Set(words(query));
  const all = words(doc.text);
  const hits = all.filter((w) => q.has(w)).length;
  return Math.round((hits / Math.max(all.length, 1)) * 10000) / 100;
}
