/**
 * Prompt file headers: YAML front matter (`---\nname: x\nversion: 3\n---`), a JSON object, or the
 * top-level keys of a YAML file. Only flat `key: value` pairs are read; that is all prompt identity needs.
 */

export interface FrontMatterSplit {
  /** Flat top-level keys of the header, or null when the text has no header. */
  header: Record<string, string> | null;
  body: string;
}

const FENCE = /^---[ \t]*\r?\n/;

export function splitFrontMatter(text: string): FrontMatterSplit {
  const t = text.replace(/^\uFEFF/, '');
  if (!FENCE.test(t)) return { header: null, body: t };
  const afterOpen = t.replace(FENCE, '');
  const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(afterOpen);
  if (!close) return { header: null, body: t };
  const yaml = afterOpen.slice(0, close.index);
  const body = afterOpen.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  return { header: parseFlatYaml(yaml), body };
}

export function parseFlatYaml(yaml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of yaml.split(/\r?\n/)) {
    const m = /^([A-Za-z_][\w.-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = unquote(stripComment(m[2]!.trim()));
    if (value !== '' && value !== '|' && value !== '>') out[m[1]!] = value;
  }
  return out;
}

function stripComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) return value;
  const hash = value.search(/\s#/);
  return hash < 0 ? value : value.slice(0, hash).trim();
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? m[2]! : value;
}

export interface PromptHeader {
  name: string | null;
  version: string | null;
}

/** name/version declared by a prompt file's header, if any. `path` picks the YAML/JSON reading. */
export function readPromptHeader(text: string, path = ''): PromptHeader | null {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  let fields: Record<string, unknown> | null = null;
  if (trimmed.startsWith('{')) fields = jsonHeader(trimmed);
  else {
    fields = splitFrontMatter(trimmed).header;
    if (!fields && /\.ya?ml$/i.test(path)) fields = parseFlatYaml(trimmed);
  }
  if (!fields) return null;
  const name = fieldText(fields['name']);
  const version = fieldText(fields['version']);
  if (name === null && version === null) return null;
  return { name, version };
}

function fieldText(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number') return String(v);
  return null;
}

function jsonHeader(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    return null;
  } catch {
    // A header may be cut short: read the first name/version pairs that are complete.
    const name = /"name"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
    const version = /"version"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(\d+(?:\.\d+)*))/.exec(text);
    return { name, version: version?.[1] ?? version?.[2] };
  }
}
