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

/** What a preset finds: a credential (on by default in redaction, and alerted) or personal data. */
export type PresetCategory = 'credential' | 'personal';

export interface ValuePreset {
  pattern: string;
  flags: string;
  description: string;
  category: PresetCategory;
  /** A cheap regex source that every match contains: strings without it skip the preset. */
  hint: string;
  /** Rejects a regex match that is not the real thing (a failed checksum, a prose word). */
  check?: (match: string) => boolean;
}

/** Luhn checksum over the digits of `text` (separators ignored). */
export function luhnValid(text: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    digits++;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits > 0 && sum % 10 === 0;
}

/** Card numbers of the major networks (Visa, Mastercard, Amex, Discover, JCB, Diners) that pass Luhn. */
function isCardNumber(match: string): boolean {
  const digits = match.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  const network = /^(?:4\d{12}(?:\d{3}){0,2}|5[1-5]\d{14}|2(?:2[2-9]|[3-6]\d|7[01])\d{13}|2720\d{12}|3[47]\d{13}|6(?:011|5\d\d|4[4-9]\d)\d{12,15}|35\d{14,17}|3(?:0[0-5]|[68]\d)\d{11,16})$/;
  return network.test(digits) && luhnValid(digits);
}

/** US SSN rules: no area 000, 666 or 9xx, no group 00, no serial 0000. */
function isSsn(match: string): boolean {
  const [area, group, serial] = match.split('-') as [string, string, string];
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/** IBAN: 15–34 characters whose ISO 7064 mod-97 checksum is 1. */
export function ibanValid(match: string): boolean {
  const iban = match.replace(/ /g, '');
  if (iban.length < 15 || iban.length > 34) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const c of moved) {
    const code = c.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    rest = (value > 9 ? rest * 100 + value : rest * 10 + value) % 97;
  }
  return rest === 1;
}

/** A bearer token has a digit or a symbol in it; "bearer instruments" is prose. */
function isBearerToken(match: string): boolean {
  const token = match.replace(/^bearer\s+/i, '');
  return /[0-9\-._~+/=]/.test(token);
}

/**
 * Named value patterns: `"preset:<name>"` in a forbidden rule, and the redaction presets. Order matters to
 * redaction: where two presets match the same text the earlier one names it (an Anthropic key also looks
 * like an OpenAI one).
 */
export const VALUE_PRESETS: Readonly<Record<string, ValuePreset>> = {
  'private-key': {
    // The whole PEM block when its END line is there, else everything from the header on.
    pattern: '-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----(?:[\\s\\S]*?-----END (?:[A-Z]+ )*PRIVATE KEY-----|[\\s\\S]*)',
    flags: '',
    description: 'a PEM private key',
    category: 'credential',
    hint: 'PRIVATE KEY-----',
  },
  'anthropic-key': {
    pattern: '\\bsk-ant-[A-Za-z0-9_-]{20,}',
    flags: '',
    description: 'an Anthropic API key (sk-ant-...)',
    category: 'credential',
    hint: 'sk-ant-',
  },
  'openai-key': {
    pattern: '\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}',
    flags: '',
    description: 'an OpenAI API key (sk-..., sk-proj-...)',
    category: 'credential',
    hint: 'sk-',
  },
  'aws-key': {
    pattern: '\\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b',
    flags: '',
    description: 'an AWS access key id',
    category: 'credential',
    hint: 'A(?:KI|SI|BI|CC)A',
  },
  'github-token': {
    pattern: '\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})',
    flags: '',
    description: 'a GitHub token',
    category: 'credential',
    hint: 'gh[pousr]_|github_pat_',
  },
  'bearer-token': {
    pattern: '\\bbearer\\s+[A-Za-z0-9\\-._~+/]{8,}=*',
    flags: 'i',
    description: 'an HTTP bearer token',
    category: 'credential',
    hint: '[Bb][Ee][Aa][Rr][Ee][Rr]',
    check: isBearerToken,
  },
  jwt: {
    pattern: '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}',
    flags: '',
    description: 'a JSON Web Token',
    category: 'credential',
    hint: 'eyJ',
  },
  email: {
    // Starts only where a run of local-part characters starts: from inside a long run every start would
    // rescan it (quadratic on a base64 blob that holds one '@').
    pattern: '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}',
    flags: '',
    description: 'an e-mail address',
    category: 'personal',
    hint: '@',
  },
  'credit-card': {
    // Not part of a longer number, word, UUID or decimal fraction.
    pattern: '(?<![\\w.-])(?:\\d[ -]?){12,18}\\d(?![\\w-]|\\.\\d)',
    flags: '',
    description: 'a payment card number (Luhn-checked)',
    category: 'personal',
    hint: '\\d[ -]?\\d[ -]?\\d[ -]?\\d[ -]?\\d[ -]?\\d',
    check: isCardNumber,
  },
  'us-ssn': {
    pattern: '(?<![\\w-])\\d{3}-\\d{2}-\\d{4}(?![\\w-])',
    flags: '',
    description: 'a US social security number (123-45-6789)',
    category: 'personal',
    hint: '\\d{3}-\\d\\d-\\d{4}',
    check: isSsn,
  },
  iban: {
    pattern: '\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b',
    flags: '',
    description: 'an IBAN (checksum-verified)',
    category: 'personal',
    hint: '[A-Z]{2}\\d\\d',
    check: ibanValid,
  },
};

const valueCache = new Map<string, RegExp>();
const checks = new Map<string, (match: string) => boolean>();

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
    if (preset.check) checks.set(pattern, preset.check);
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

/** Whether `value` holds a match of a compiled value pattern, honouring a preset's check (checksums). */
export function valuePatternMatches(pattern: string, value: string): boolean {
  const re = compileValuePattern(pattern);
  const check = checks.get(pattern);
  if (!check) return re.test(value);
  const global = new RegExp(re.source, `${re.flags}g`);
  for (let m = global.exec(value); m; m = global.exec(value)) {
    if (check(m[0])) return true;
    if (m[0].length === 0) global.lastIndex++;
  }
  return false;
}
