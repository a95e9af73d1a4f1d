// The compiled rules: finds secrets in strings (also inside JSON text), nested values and attribute maps,
// and replaces them. Immutable once built; every method returns a new value only where it changed.
import { createHmac } from 'node:crypto';
import { VALUE_PRESETS, compileValuePattern, globMatches } from '../contracts/patterns';
import type { AttrValue, Attributes } from '../model/types';
import { expandPresets, keyRuleName, type RedactionConfig, type RedactionMode } from './config';

interface ValueRule {
  name: string;
  /** Global copy of the rule's regex (lastIndex is reset before each use). */
  re: RegExp;
  check?: (match: string) => boolean;
}

interface KeyRule {
  name: string;
  /** Lowercased: keys match case-insensitively. */
  glob: string;
}

/** Hits per rule name, for one span or log record. */
export type HitCounts = Map<string, number>;

/** JSON inside a string inside JSON... is followed this deep. */
const MAX_JSON_DEPTH = 4;
const KEY_CACHE_LIMIT = 4096;
/** A value that already is a replacement (a trace exported from a redacting store and imported again). */
const REPLACEMENT = /^\[(?:REDACTED:[^\]]+|[^\]]+:[0-9a-f]{16})\]$/;

function countHit(hits: HitCounts, rule: string): void {
  hits.set(rule, (hits.get(rule) ?? 0) + 1);
}

/** A regex source that matches `text` literally in any letter case. */
function caseless(text: string): string {
  return [...text].map((c) => {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    if (lower !== upper) return `[${lower}${upper}]`;
    return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }).join('');
}

/** The longest literal run of a glob (what any key it matches must contain). */
function globLiteral(glob: string): string {
  return glob.split(/[*?]/).reduce((a, b) => (b.length > a.length ? b : a), '').replace(/\\/g, '');
}

function looksLikeJson(text: string): boolean {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  const c = text[i];
  return c === '{' || c === '[';
}

export class Redactor {
  readonly enabled: boolean;
  readonly mode: RedactionMode;
  /** Every active rule's name, in the order they take precedence. */
  readonly rules: readonly string[];
  private readonly valueRules: ValueRule[] = [];
  private readonly keyRules: KeyRule[] = [];
  /** One regex of every preset's hint: a string it does not match needs no preset regex at all. */
  private readonly valueFilter: RegExp | null;
  /** Custom patterns are their own prefilter. */
  private readonly customFilters: RegExp[] = [];
  /** Literal parts of the key globs: JSON text without any is not parsed. */
  private readonly keyFilter: RegExp | null;
  private readonly keyCache = new Map<string, string | null>();

  constructor(config: RedactionConfig, private readonly secret: Uint8Array) {
    this.mode = config.mode;
    const disabled = new Set(config.disabledRules);
    const hints: string[] = [];
    if (config.enabled) {
      const presets = expandPresets([...config.presets, ...(config.personalData ? ['personal-data'] : [])]);
      // Presets in their table order (it settles which rule names text two presets match).
      for (const [name, preset] of Object.entries(VALUE_PRESETS)) {
        if (!presets.includes(name) || disabled.has(name)) continue;
        const re = compileValuePattern(`preset:${name}`);
        this.valueRules.push({ name, re: new RegExp(re.source, `${re.flags}g`), ...(preset.check ? { check: preset.check } : {}) });
        hints.push(preset.hint);
      }
      for (const [name, pattern] of Object.entries(config.patterns)) {
        if (disabled.has(name) || VALUE_PRESETS[name]) continue;
        const re = compileValuePattern(pattern);
        this.valueRules.push({ name, re: new RegExp(re.source, `${re.flags.replace(/[gy]/g, '')}g`) });
        this.customFilters.push(new RegExp(re.source, re.flags.replace(/[gy]/g, '')));
      }
      for (const glob of config.keys) {
        const name = keyRuleName(glob);
        if (!disabled.has(name) && glob.trim()) this.keyRules.push({ name, glob: glob.toLowerCase() });
      }
    }
    this.valueFilter = hints.length ? new RegExp(hints.join('|')) : null;
    const literals = this.keyRules.map((k) => globLiteral(k.glob)).filter((l) => l.length > 0);
    // A glob with no literal (`*`) can match any key: then every JSON text is parsed.
    this.keyFilter = this.keyRules.length === 0 ? null
      : literals.length < this.keyRules.length ? /[{[]/ : new RegExp(literals.map(caseless).join('|'));
    this.rules = [...this.valueRules.map((r) => r.name), ...this.keyRules.map((r) => r.name)];
    this.enabled = this.rules.length > 0;
  }

  /** The key rule whose glob matches an attribute or JSON key, if any. */
  keyRule(key: string): string | null {
    if (this.keyRules.length === 0) return null;
    let rule = this.keyCache.get(key);
    if (rule === undefined) {
      const lower = key.toLowerCase();
      rule = this.keyRules.find((k) => globMatches(k.glob, lower))?.name ?? null;
      if (this.keyCache.size >= KEY_CACHE_LIMIT) this.keyCache.clear();
      this.keyCache.set(key, rule);
    }
    return rule;
  }

  /** What replaces a value: `[REDACTED:rule]`, or `[rule:<16 hex of an HMAC>]` in hash mode. */
  replacement(rule: string, value: string): string {
    if (this.mode === 'replace') return `[REDACTED:${rule}]`;
    const digest = createHmac('sha256', this.secret).update(rule).update('\0').update(value).digest('hex');
    return `[${rule}:${digest.slice(0, 16)}]`;
  }

  /** A string with every match replaced (JSON text is parsed and redacted value by value). */
  redactText(text: string, hits: HitCounts, depth = 0): string {
    if (text.length < 3) return text;
    const valueHit = (this.valueFilter !== null && this.valueFilter.test(text)) || this.customFilters.some((re) => re.test(text));
    if (looksLikeJson(text) && depth < MAX_JSON_DEPTH && (valueHit || (this.keyFilter !== null && this.keyFilter.test(text)))) {
      let parsed: unknown;
      let ok = true;
      try {
        parsed = JSON.parse(text);
      } catch {
        ok = false;
      }
      if (ok && parsed !== null && typeof parsed === 'object') {
        const out = this.redactValue(parsed as AttrValue, hits, depth + 1);
        return out === parsed ? text : JSON.stringify(out);
      }
    }
    return valueHit ? this.replaceMatches(text, hits) : text;
  }

  private replaceMatches(text: string, hits: HitCounts): string {
    const found: Array<{ start: number; end: number; order: number }> = [];
    this.valueRules.forEach((rule, order) => {
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
        if (m[0].length === 0) {
          rule.re.lastIndex++;
          continue;
        }
        if (!rule.check || rule.check(m[0])) found.push({ start: m.index, end: m.index + m[0].length, order });
      }
    });
    if (found.length === 0) return text;
    found.sort((a, b) => a.start - b.start || a.order - b.order || b.end - a.end);
    let out = '';
    let at = 0;
    for (const match of found) {
      if (match.start < at) continue; // inside text an earlier match already took
      const rule = this.valueRules[match.order]!.name;
      out += text.slice(at, match.start) + this.replacement(rule, text.slice(match.start, match.end));
      at = match.end;
      countHit(hits, rule);
    }
    return out + text.slice(at);
  }

  /** A nested value with its secrets replaced; the same object when nothing was found. */
  redactValue(value: AttrValue, hits: HitCounts, depth = 0): AttrValue {
    if (typeof value === 'string') return this.redactText(value, hits, depth);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let out: AttrValue[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const next = this.redactValue(value[i]!, hits, depth);
        if (next !== value[i] && !out) out = value.slice();
        if (out) out[i] = next;
      }
      return out ?? value;
    }
    return this.redactMap(value, hits, depth);
  }

  /** Attributes (or any string-keyed map): key globs replace whole values, the rest is searched. */
  redactMap<T extends Attributes>(map: T, hits: HitCounts, depth = 0): T {
    let out: Attributes | null = null;
    for (const key of Object.keys(map)) {
      const value = map[key]!;
      const keyRule = this.keyRule(key);
      let next: AttrValue;
      if (keyRule !== null) {
        // A flag says nothing secret (Codex sends `auth.env_openai_api_key_present: false`): left as it is.
        if (value === null || value === '' || typeof value === 'boolean' || (typeof value === 'string' && REPLACEMENT.test(value))) continue;
        next = this.replacement(keyRule, typeof value === 'string' ? value : JSON.stringify(value));
        countHit(hits, keyRule);
      } else {
        next = this.redactValue(value, hits, depth);
      }
      if (next !== value) {
        out ??= { ...map };
        out[key] = next;
      }
    }
    return (out ?? map) as T;
  }
}
