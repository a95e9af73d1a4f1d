// What to redact: the settings shape (`agentTraceLens.redaction.*`, `trace-lens serve --redaction-file`),
// its defaults, and how it resolves into the list of active rules.
import { VALUE_PRESETS, type PresetCategory } from '../contracts/patterns';

export type RedactionMode = 'replace' | 'hash';

export interface RedactionConfig {
  /** Master switch. */
  enabled: boolean;
  /** Preset names or groups (`credentials`, `personal-data`, `all`). */
  presets: string[];
  /** Adds the `personal-data` group: e-mail, card numbers, US SSNs, IBANs. */
  personalData: boolean;
  /** Attribute-key globs (case-insensitive) whose whole value goes, at any depth. */
  keys: string[];
  /** Custom rules: name → regex source or `/source/flags`. */
  patterns: Record<string, string>;
  /** `[REDACTED:rule]`, or `[rule:hmac]` so equal values stay linkable. */
  mode: RedactionMode;
  /** Rule names turned off (a preset name, `key:<glob>`, or a custom pattern's name). */
  disabledRules: string[];
}

export const PRESET_GROUPS: Readonly<Record<string, PresetCategory | 'all'>> = {
  credentials: 'credential',
  'personal-data': 'personal',
  all: 'all',
};

export const DEFAULT_REDACTION_KEYS: readonly string[] = [
  '*password*', '*passwd*', '*secret*', '*api_key*', '*api-key*', '*apikey*', '*access_token*', '*refresh_token*',
  '*auth_token*', '*session_token*', '*authorization*', '*cookie*', '*private_key*',
];

export const DEFAULT_REDACTION: Readonly<RedactionConfig> = {
  enabled: true,
  presets: ['credentials'],
  personalData: false,
  keys: [...DEFAULT_REDACTION_KEYS],
  patterns: {},
  mode: 'replace',
  disabledRules: [],
};

export const REDACTION_OFF: Readonly<RedactionConfig> = { ...DEFAULT_REDACTION, enabled: false };

/** The rule name of an attribute-key glob. */
export function keyRuleName(glob: string): string {
  return `key:${glob}`;
}

function presetsIn(category: PresetCategory | 'all'): string[] {
  return Object.entries(VALUE_PRESETS).filter(([, p]) => category === 'all' || p.category === category).map(([n]) => n);
}

/** Preset names a list of names and groups stands for; throws on an unknown one. */
export function expandPresets(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const group = PRESET_GROUPS[name];
    if (group) for (const p of presetsIn(group)) out.add(p);
    else if (VALUE_PRESETS[name]) out.add(name);
    else {
      throw new Error(`unknown redaction preset '${name}' (known: ${[...Object.keys(PRESET_GROUPS), ...Object.keys(VALUE_PRESETS)].join(', ')})`);
    }
  }
  return [...out];
}

/** Whether a rule alerts: credentials, key globs and custom patterns do; personal-data presets are only counted. */
export function isSecretRule(rule: string): boolean {
  const preset = VALUE_PRESETS[rule];
  return preset ? preset.category === 'credential' : true;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`${what} must be a list of strings`);
  return value as string[];
}

/**
 * A config from untrusted JSON (a settings section or a redaction file), over `base`. Unknown fields are
 * ignored; a wrong type or an unknown preset throws with the field's name.
 */
export function parseRedactionConfig(input: unknown, base: RedactionConfig = DEFAULT_REDACTION): RedactionConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new Error('redaction settings must be an object');
  const o = input as Record<string, unknown>;
  const config: RedactionConfig = { ...base, presets: [...base.presets], keys: [...base.keys], patterns: { ...base.patterns }, disabledRules: [...base.disabledRules] };
  if (o.enabled !== undefined) {
    if (typeof o.enabled !== 'boolean') throw new Error("'enabled' must be true or false");
    config.enabled = o.enabled;
  }
  if (o.personalData !== undefined) {
    if (typeof o.personalData !== 'boolean') throw new Error("'personalData' must be true or false");
    config.personalData = o.personalData;
  }
  if (o.presets !== undefined) config.presets = stringList(o.presets, "'presets'");
  if (o.keys !== undefined) config.keys = stringList(o.keys, "'keys'");
  if (o.disabledRules !== undefined) config.disabledRules = stringList(o.disabledRules, "'disabledRules'");
  if (o.mode !== undefined) {
    if (o.mode !== 'replace' && o.mode !== 'hash') throw new Error("'mode' must be \"replace\" or \"hash\"");
    config.mode = o.mode;
  }
  if (o.patterns !== undefined) {
    if (o.patterns === null || typeof o.patterns !== 'object' || Array.isArray(o.patterns)
      || Object.values(o.patterns).some((v) => typeof v !== 'string')) {
      throw new Error("'patterns' must map rule names to regular expressions");
    }
    config.patterns = { ...(o.patterns as Record<string, string>) };
  }
  expandPresets(config.presets);
  return config;
}
