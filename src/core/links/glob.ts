/**
 * A small glob matcher for workspace-relative paths: `**` (any number of segments), `*` (within a
 * segment), `?` (one character), `{a,b}` (alternatives, may nest). Matching is case-sensitive and
 * uses forward slashes.
 */

export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${translate(glob.replace(/\\/g, '/'))}$`);
}

export function matchGlob(glob: string, path: string): boolean {
  return globToRegExp(glob).test(path.replace(/\\/g, '/'));
}

export function matchAnyGlob(globs: readonly string[], path: string): boolean {
  return globs.some((g) => matchGlob(g, path));
}

function translate(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      const followedBySlash = glob[i + 2] === '/';
      if (atSegmentStart && followedBySlash) {
        out += '(?:[^/]*/)*'; // `**/` matches zero or more whole segments
        i += 3;
      } else {
        out += '.*';
        i += 2;
      }
      continue;
    }
    if (ch === '*') {
      out += '[^/]*';
      i++;
      continue;
    }
    if (ch === '?') {
      out += '[^/]';
      i++;
      continue;
    }
    if (ch === '{') {
      const close = matchingBrace(glob, i);
      if (close > 0) {
        const alternatives = splitTopLevel(glob.slice(i + 1, close));
        out += `(?:${alternatives.map(translate).join('|')})`;
        i = close + 1;
        continue;
      }
    }
    out += ch.replace(/[.+^$()|[\]{}\\]/g, '\\$&');
    i++;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
