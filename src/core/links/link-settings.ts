/** The `agentTraceLens.*` settings span links read, validated (no vscode import). */
import type { PathMapping } from './path-mapping';
import { DEFAULT_PROMPT_GLOBS } from './prompt-files';

export interface LinkSettings {
  pathMappings: PathMapping[];
  codeLensEnabled: boolean;
  hoverEnabled: boolean;
  gutterEnabled: boolean;
  promptGlobs: string[];
}

/** Reads `agentTraceLens.<key>` with a default (the shape of WorkspaceConfiguration.get). */
export type LinkSettingGetter = <T>(key: string, defaultValue: T) => T;

export const LINK_SETTING_KEYS = {
  pathMappings: 'links.pathMappings',
  codeLensEnabled: 'codeLens.enabled',
  hoverEnabled: 'hover.enabled',
  gutterEnabled: 'gutter.enabled',
  promptGlobs: 'prompts.globs',
} as const;

function mappings(value: unknown): PathMapping[] {
  if (!Array.isArray(value)) return [];
  const out: PathMapping[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { from, to } = entry as { from?: unknown; to?: unknown };
    if (typeof from === 'string' && typeof to === 'string' && from.trim() !== '' && to.trim() !== '') {
      out.push({ from: from.trim(), to: to.trim() });
    }
  }
  return out;
}

function globs(value: unknown): string[] {
  if (!Array.isArray(value)) return [...DEFAULT_PROMPT_GLOBS];
  const list = value.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
  return list.length > 0 ? list : [...DEFAULT_PROMPT_GLOBS];
}

function flag(value: unknown): boolean {
  return value !== false;
}

export function readLinkSettings(get: LinkSettingGetter): LinkSettings {
  return {
    pathMappings: mappings(get<unknown>(LINK_SETTING_KEYS.pathMappings, [])),
    codeLensEnabled: flag(get<unknown>(LINK_SETTING_KEYS.codeLensEnabled, true)),
    hoverEnabled: flag(get<unknown>(LINK_SETTING_KEYS.hoverEnabled, true)),
    gutterEnabled: flag(get<unknown>(LINK_SETTING_KEYS.gutterEnabled, true)),
    promptGlobs: globs(get<unknown>(LINK_SETTING_KEYS.promptGlobs, DEFAULT_PROMPT_GLOBS)),
  };
}
