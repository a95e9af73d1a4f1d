/**
 * Path normalization shared by the linking functions. Everything is compared in a "slash form":
 * forward slashes, upper-case drive letter, no scheme. Pure string work: no fs, no node:path
 * (recorded paths may come from another OS than the one running the editor).
 */

const DRIVE = /^([a-zA-Z]):(\/|$)/;

/** Decode %XX escapes; leaves malformed escapes untouched. */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/**
 * Turn a recorded path, URI or Windows path into slash form:
 * `file:///C:/x/y.ts` → `C:/x/y.ts`, `C:\x\y.ts` → `C:/x/y.ts`, `file:///app/a%20b.ts` → `/app/a b.ts`,
 * `webpack:///./src/a.ts` → `src/a.ts`. `./` and `..` segments are resolved lexically.
 */
export function toSlashPath(recorded: string): string {
  let p = recorded.trim();
  const uri = /^([a-zA-Z][a-zA-Z0-9+.-]+):\/\/(.*)$/.exec(p);
  if (uri) {
    const scheme = uri[1]!.toLowerCase();
    let rest = uri[2]!;
    if (scheme === 'file') {
      // file://host/share/x → //host/share/x ; file:///C:/x → C:/x ; file:///x → /x
      if (!rest.startsWith('/')) rest = '//' + rest;
      rest = percentDecode(rest);
      if (/^\/[a-zA-Z]:[/\\]/.test(rest) || /^\/[a-zA-Z]:$/.test(rest)) rest = rest.slice(1);
    } else {
      // bundler pseudo-schemes (webpack://, vite://...): keep the path part.
      rest = percentDecode(rest.replace(/^[^/]*\//, ''));
    }
    p = rest;
  }
  p = p.replace(/\\/g, '/');
  p = p.replace(DRIVE, (_m, d: string, tail: string) => `${d.toUpperCase()}:${tail}`);
  return collapseSegments(p);
}

function collapseSegments(p: string): string {
  const unc = p.startsWith('//');
  const absolute = p.startsWith('/');
  const parts = p.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && !DRIVE.test(out[out.length - 1] + '/')) {
      out.pop();
      continue;
    }
    out.push(part);
  }
  const body = out.join('/');
  if (unc) return '//' + body;
  if (absolute) return '/' + body;
  return body;
}

export function isAbsoluteSlashPath(p: string): boolean {
  return p.startsWith('/') || DRIVE.test(p);
}

/** Path segments of a slash-form path (drive letter kept as its own segment). */
export function segments(p: string): string[] {
  return p.split('/').filter((s) => s.length > 0);
}

/** Key for equality: drive letters compare case-insensitively (already upper-cased by toSlashPath). */
export function pathKey(p: string): string {
  return toSlashPath(p);
}

/** Join a root and a relative path in slash form. */
export function joinSlash(root: string, rel: string): string {
  const r = toSlashPath(root).replace(/\/+$/, '');
  const tail = toSlashPath(rel).replace(/^\/+/, '');
  if (tail === '') return r;
  return `${r}/${tail}`;
}

/** `child` relative to `root` when it lies inside it (segment-aligned), else null. */
export function relativeTo(root: string, child: string): string | null {
  const r = toSlashPath(root).replace(/\/+$/, '');
  const c = toSlashPath(child);
  if (c === r) return '';
  if (c.startsWith(r + '/')) return c.slice(r.length + 1);
  return null;
}

export function basename(p: string): string {
  const s = segments(toSlashPath(p));
  return s[s.length - 1] ?? '';
}
