// Flattened, indexed attribute families (`llm.input_messages.0.message.role`, `gen_ai.prompt.1.content`, ...).
// AttrReader buckets the keys of these families in its single pass over the span's keys (prefix checks, no regexes).
import type { Attributes } from './types';

export const PREFIX = {
  oiInput: 'llm.input_messages.',
  oiOutput: 'llm.output_messages.',
  tlPrompt: 'gen_ai.prompt.',
  tlCompletion: 'gen_ai.completion.',
  retrievalDocs: 'retrieval.documents.',
  otelPromptVar: 'gen_ai.prompt.variable.',
  tlPromptVar: 'traceloop.prompt.template_variables.',
} as const;

/** Keys found per family; null when the family is absent (the common case). */
export interface FlatFamilies {
  oiInput: string[] | null;
  oiOutput: string[] | null;
  tlPrompt: string[] | null;
  tlCompletion: string[] | null;
  retrievalDocs: string[] | null;
  otelPromptVar: string[] | null;
  tlPromptVar: string[] | null;
}

export type FamilyName = keyof FlatFamilies;

export function emptyFamilies(): FlatFamilies {
  return {
    oiInput: null, oiOutput: null, tlPrompt: null, tlCompletion: null,
    retrievalDocs: null, otelPromptVar: null, tlPromptVar: null,
  };
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** The indexed family a key belongs to, by prefix checks (memoized by the caller). */
export function familyOf(key: string): FamilyName | null {
  const c = key.charCodeAt(0);
  if (c === 108 /* l */) {
    if (key.startsWith(PREFIX.oiInput)) return 'oiInput';
    if (key.startsWith(PREFIX.oiOutput)) return 'oiOutput';
  } else if (c === 103 /* g */) {
    if (key.startsWith(PREFIX.tlPrompt)) {
      if (isDigit(key, PREFIX.tlPrompt.length)) return 'tlPrompt';
      if (key.startsWith(PREFIX.otelPromptVar)) return 'otelPromptVar';
    } else if (key.startsWith(PREFIX.tlCompletion) && isDigit(key, PREFIX.tlCompletion.length)) {
      return 'tlCompletion';
    }
  } else if (c === 114 /* r */) {
    if (key.startsWith(PREFIX.retrievalDocs) && isDigit(key, PREFIX.retrievalDocs.length)) return 'retrievalDocs';
  } else if (c === 116 /* t */) {
    if (key.startsWith(PREFIX.tlPromptVar)) return 'tlPromptVar';
  }
  return null;
}

type Tree = Record<string, unknown>;

/**
 * Rebuild nested objects from flattened keys: `0.message.tool_calls.1.tool_call.id` → tree['0'].message.tool_calls['1']...
 * Numeric segments stay object keys; `indexed()` turns such an object into an array ordered by index.
 */
export function unflatten(attrs: Attributes, keys: readonly string[], prefixLength: number): Tree {
  // Null-prototype nodes: keys come from span data, and a `__proto__` segment must stay a plain key
  // instead of reaching Object.prototype.
  const root: Tree = Object.create(null) as Tree;
  for (const key of keys) {
    const segs = key.slice(prefixLength).split('.');
    let node = root;
    for (let i = 0; i < segs.length - 1; i++) {
      const s = segs[i] as string;
      let next = node[s];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        next = Object.create(null) as Tree;
        node[s] = next;
      }
      node = next as Tree;
    }
    node[segs[segs.length - 1] as string] = attrs[key];
  }
  return plainTree(root);
}

/** The built tree as ordinary objects (they reach the span model); fromEntries keeps `__proto__` an own key. */
function plainTree(node: Tree): Tree {
  return Object.fromEntries(Object.entries(node).map(([k, v]) =>
    [k, typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === null ? plainTree(v as Tree) : v]));
}

/** Values of an object keyed by decimal indexes, in index order (other keys ignored). */
export function indexed(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'object' || v === null) return [];
  const entries: [number, unknown][] = [];
  for (const [k, val] of Object.entries(v)) {
    const n = Number(k);
    if (k.length > 0 && Number.isInteger(n) && n >= 0) entries.push([n, val]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  return entries.map((e) => e[1]);
}
