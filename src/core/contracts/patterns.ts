/** Globs, value regexes and the named presets for secrets and personal data. */

const globCache = new Map<string, RegExp>();

/** `*` any run of characters, `?` one character, `\` escapes the next character. Whole-string, case-sensitive. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) src += escapeRegExp(glob[++i]!);
    else if (c === '*') src += '[\\s\\S]*';
    else if (c === '?') src += '[\\s\\S]';
    else src += escapeRegExp(c);
  }
  re = new RegExp(`^${src}$`);
  globCache.set(glob, re);
  return re;
}

export function globMatches(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}

export function isGlob(text: string): boolean {
  return /[*?\\]/.test(text);
}

/** Escape a literal name so it can be used as a glob. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?\\]/g, (c) => `\\${c}`);
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
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
