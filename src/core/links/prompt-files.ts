/**
 * Find the workspace file for a prompt name + version. Conventions (under any `prompts/` folder by default):
 * `<name>/<version>.<ext>`, `<name>@<version>.<ext>`, `<name>.<version>.<ext>`, or any prompt file whose
 * header (YAML front matter / JSON object) declares name and version.
 */
import { readPromptHeader } from './front-matter';
import { matchAnyGlob } from './glob';
import { compareVersions, versionsEqual } from './versions';

export const PROMPT_EXTENSIONS = ['prompty', 'md', 'txt', 'yaml', 'yml', 'json', 'jinja', 'jinja2', 'hbs'] as const;
const EXT_GROUP = `{${PROMPT_EXTENSIONS.join(',')}}`;
export const DEFAULT_PROMPT_GLOBS: readonly string[] = [`**/prompts/**/*.${EXT_GROUP}`, '**/*.prompty'];

export type PromptConvention = 'front-matter' | 'dir' | 'at' | 'dot' | 'plain';

export interface PromptFileMatch {
  path: string;
  name: string;
  version: string | null;
  convention: PromptConvention;
}

export interface PromptFileResult {
  /** The file for the span's name + version. */
  exact: string | null;
  /** Highest version of that name in the workspace (an unversioned file only when nothing is versioned). */
  current: { path: string; version: string | null } | null;
  /** Every file of that name, highest version first. */
  all: PromptFileMatch[];
}

export interface PromptIdentity {
  name: string | null;
  version: string | null;
}

const VERSION_LIKE = /^v?\d[\w.+-]*$/i;
const EXCLUDED = /(^|\/)(node_modules|\.git)\//;
const CONVENTION_ORDER: PromptConvention[] = ['front-matter', 'dir', 'at', 'dot', 'plain'];

export function matchPromptFiles(
  ref: PromptIdentity,
  files: readonly string[],
  readHeader: (path: string) => string | undefined,
  globs: readonly string[] = DEFAULT_PROMPT_GLOBS,
): PromptFileResult {
  const empty: PromptFileResult = { exact: null, current: null, all: [] };
  if (!ref.name) return empty;
  const wanted = nameKey(ref.name);
  const all: PromptFileMatch[] = [];
  for (const original of files) {
    const path = original.replace(/\\/g, '/');
    if (EXCLUDED.test(path) || !matchAnyGlob(globs, path)) continue;
    const identity = identify(original, path, readHeader);
    if (identity && namesMatch(nameKey(identity.name), wanted)) all.push(identity);
  }
  all.sort(
    (a, b) =>
      (a.version === null ? 1 : 0) - (b.version === null ? 1 : 0) ||
      (a.version !== null && b.version !== null ? compareVersions(b.version, a.version) : 0) ||
      CONVENTION_ORDER.indexOf(a.convention) - CONVENTION_ORDER.indexOf(b.convention) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  const refVersion = ref.version;
  const exact = refVersion ? all.find((m) => m.version !== null && versionsEqual(m.version, refVersion)) : undefined;
  const top = all[0];
  return {
    exact: exact?.path ?? null,
    current: top ? { path: top.path, version: top.version } : null,
    all,
  };
}

/** The prompt a workspace file stands for (null when it is not a prompt file by the globs). */
export function promptFileIdentity(
  path: string, readHeader: (path: string) => string | undefined, globs: readonly string[] = DEFAULT_PROMPT_GLOBS,
): PromptFileMatch | null {
  const slashed = path.replace(/\\/g, '/');
  if (EXCLUDED.test(slashed) || !matchAnyGlob(globs, slashed)) return null;
  return identify(path, slashed, readHeader);
}

/** Do a recorded prompt name and a file's prompt name refer to the same prompt? */
export function promptNamesMatch(a: string, b: string): boolean {
  return namesMatch(nameKey(a), nameKey(b));
}

/** Name + version a file stands for, from its header first, then its path. */
function identify(
  original: string,
  path: string,
  readHeader: (path: string) => string | undefined,
): PromptFileMatch | null {
  const fromPath = identifyByPath(path);
  const headerText = readHeader(original);
  const header = headerText === undefined ? null : readPromptHeader(headerText, path);
  if (header?.name) {
    return {
      path: original,
      name: header.name,
      version: header.version ?? (fromPath?.version ?? null),
      convention: 'front-matter',
    };
  }
  if (!fromPath) return null;
  if (header?.version) return { ...fromPath, path: original, version: header.version, convention: 'front-matter' };
  return { ...fromPath, path: original };
}

function identifyByPath(path: string): PromptFileMatch | null {
  const promptsAt = path.lastIndexOf('prompts/');
  const rel = promptsAt >= 0 && (promptsAt === 0 || path[promptsAt - 1] === '/') ? path.slice(promptsAt + 8) : path;
  const slash = rel.lastIndexOf('/');
  const dir = slash >= 0 ? rel.slice(0, slash) : '';
  const file = slash >= 0 ? rel.slice(slash + 1) : rel;
  const dot = file.lastIndexOf('.');
  const stem = dot > 0 ? file.slice(0, dot) : file;
  const prefix = dir ? `${dir}/` : '';

  const at = stem.lastIndexOf('@');
  if (at > 0) return { path, name: prefix + stem.slice(0, at), version: stem.slice(at + 1), convention: 'at' };
  if (dir && VERSION_LIKE.test(stem)) return { path, name: dir, version: stem, convention: 'dir' };
  const dotted = /^(.+?)\.(v?\d[\w.+-]*)$/i.exec(stem);
  if (dotted) return { path, name: prefix + dotted[1]!, version: dotted[2]!, convention: 'dot' };
  return { path, name: prefix + stem, version: null, convention: 'plain' };
}

function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/\\/g, '/');
}

/** Equal, or one is a segment-aligned suffix of the other (`team/refund-answer` vs `refund-answer`). */
function namesMatch(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}
