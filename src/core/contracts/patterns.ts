/** Globs, value regexes and the named presets for secrets and personal data. */

/** A glob as tokens: a literal character, `?` (any one character) or `*` (any run). */
type GlobToken = string | typeof ANY_ONE | typeof ANY_RUN;
const ANY_ONE = Symbol('?');
const ANY_RUN = Symbol('*');
const globCache = new Map<string, GlobToken[]>();

function tokenize(glob: string): GlobToken[] {
  let tokens = globCache.get(glob);
  if (tokens) return tokens;
  tokens = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) tokens.push(glob[++i]!);
    else if (c === '*') tokens.push(ANY_RUN);
    else if (c === '?') tokens.push(ANY_ONE);
    else tokens.push(c);
  }
  globCache.set(glob, tokens);
  return tokens;
}

/**
 * `*` any run of characters, `?` one character, a backslash escapes the next character. Whole-string,
 * case-sensitive. Matched without regexes, backtracking only to the last `*`: span names come from
 * the agent and may be long, and a regex of several `.*` could backtrack for a very long time.
 */
export function globMatches(glob: string, value: string): boolean {
  const tokens = tokenize(glob);
  let t = 0;
  let v = 0;
  let starToken = -1;
  let starValue = 0;
  while (v < value.length) {
    const token = tokens[t];
    if (token === ANY_RUN) {
      starToken = t++;
      starValue = v;
    } else if (token !== undefined && (token === ANY_ONE || token === value[v])) {
      t++;
      v++;
    } else if (starToken >= 0) {
      t = starToken + 1;
      v = ++starValue;
    } else {
      return false;
    }
  }
  while (tokens[t] === ANY_RUN) t++;
  return t === tokens.length;
}

export function isGlob(text: string): boolean {
  return /[*?\\]/.test(text);
}

/** Escape a literal name so it can be used as a glob. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?\\]/g, (c) => `\\${c}`);
}

/** Named value patterns usable as `"preset:<name>"` in a forbidden rule. */
export const VALUE_PRESETS: Readonly<Record<string, { pattern: string; flags: string; description: string }>> = {
  email: {
    pattern: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}',
    flags: '',
    description: 'an e-mail address',
  },
  'openai-key': {
    pattern: '\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}',
    flags: '',
    description: 'an OpenAI API key (sk-..., sk-proj-...)',
  },
  'anthropic-key': {
    pattern: '\\bsk-ant-[A-Za-z0-9_-]{20,}',
    flags: '',
    description: 'an Anthropic API key (sk-ant-...)',
  },
  'aws-key': {
    pattern: '\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b',
    flags: '',
    description: 'an AWS access key id',
  },
  'github-token': {
    pattern: '\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})',
    flags: '',
    description: 'a GitHub token',
  },
  'bearer-token': {
    pattern: '\\bbearer\\s+[A-Za-z0-9\\-._~+/]{8,}=*',
    flags: 'i',
    description: 'an HTTP bearer token',
  },
  jwt: {
    pattern: '\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}',
    flags: '',
    description: 'a JSON Web Token',
  },
  'private-key': {
    pattern: '-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----',
    flags: '',
    description: 'a PEM private key',
  },
};

const valueCache = new Map<string, RegExp>();

/**
 * Compile a value pattern: `preset:<name>`, `/source/flags`, or a plain regex source.
 * Throws a readable Error for an unknown preset or a bad regex (the loader turns it into a problem).
 */
export function compileValuePattern(pattern: string): RegExp {
  const cached = valueCache.get(pattern);
  if (cached) return cached;
  let source = pattern;
  let flags = '';
  if (pattern.startsWith('preset:')) {
    const name = pattern.slice('preset:'.length);
    const preset = VALUE_PRESETS[name];
    if (!preset) throw new Error(`unknown preset '${name}' (known: ${Object.keys(VALUE_PRESETS).join(', ')})`);
    source = preset.pattern;
    flags = preset.flags;
  } else {
    const literal = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
    if (literal) {
      source = literal[1]!;
      flags = literal[2]!;
      if (/[gy]/.test(flags)) throw new Error(`flags 'g' and 'y' are not allowed in '${pattern}'`);
    }
  }
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    throw new Error(`bad regular expression '${pattern}': ${(err as Error).message}`);
  }
  valueCache.set(pattern, re);
  return re;
}
