// `trace-lens replay` flags turned into ReplayEdits: --set param=value, --system-file, --prompt-file.
import { readFileSync } from 'node:fs';
import type { ParameterEdits, ReplayEdits, TemplateTarget } from '../core/replay/edits';
import { REPLAY_PROVIDERS, type ReplayProvider, type ReplayResponseFormat, type ReplayToolChoice } from '../core/replay/types';
import { UsageError } from './io';

/** --set names (the providers' snake_case words) → parameter, with the value parser. */
const SETTABLE: Record<string, { key: keyof ParameterEdits; parse: (raw: string) => unknown }> = {
  temperature: { key: 'temperature', parse: number },
  top_p: { key: 'topP', parse: number },
  top_k: { key: 'topK', parse: integer },
  max_tokens: { key: 'maxTokens', parse: integer },
  stop: { key: 'stop', parse: (raw) => raw.split(',').filter((s) => s.length > 0) },
  seed: { key: 'seed', parse: integer },
  frequency_penalty: { key: 'frequencyPenalty', parse: number },
  presence_penalty: { key: 'presencePenalty', parse: number },
  response_format: { key: 'responseFormat', parse: responseFormat },
  tool_choice: { key: 'toolChoice', parse: toolChoice },
  reasoning_effort: { key: 'reasoningEffort', parse: (raw) => raw },
};

export const SETTABLE_NAMES = Object.keys(SETTABLE);

function number(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`"${raw}" is not a number`);
  return n;
}

function integer(raw: string): number {
  const n = number(raw);
  if (!Number.isInteger(n)) throw new Error(`"${raw}" is not a whole number`);
  return n;
}

function responseFormat(raw: string): ReplayResponseFormat {
  if (raw === 'text') return { type: 'text' };
  if (raw === 'json' || raw === 'json_object') return { type: 'json' };
  throw new Error(`"${raw}" is not text or json (a JSON schema is kept from the span when it recorded one)`);
}

function toolChoice(raw: string): ReplayToolChoice {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return raw;
  if (raw.startsWith('tool:') && raw.length > 5) return { tool: raw.slice(5) };
  throw new Error(`"${raw}" is not auto, none, required or tool:NAME`);
}

export function parameterEdits(sets: readonly string[]): ParameterEdits {
  const edits: Record<string, unknown> = {};
  for (const item of sets) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`replay: --set expects param=value, got "${item}"`);
    const name = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    const spec = SETTABLE[name];
    if (!spec) throw new UsageError(`replay: --set ${name}: unknown parameter (known: ${SETTABLE_NAMES.join(', ')})`);
    if (raw === 'unset' || raw === 'null') {
      edits[spec.key] = null;
      continue;
    }
    try {
      edits[spec.key] = spec.parse(raw);
    } catch (error) {
      throw new UsageError(`replay: --set ${name}: ${(error as Error).message}`);
    }
  }
  return edits as ParameterEdits;
}

export function providerFlag(raw: string | undefined): ReplayProvider | undefined {
  if (raw === undefined) return undefined;
  if ((REPLAY_PROVIDERS as readonly string[]).includes(raw)) return raw as ReplayProvider;
  throw new UsageError(`replay: --provider must be one of ${REPLAY_PROVIDERS.join(', ')}, got "${raw}"`);
}

function templateTarget(raw: string | undefined): TemplateTarget {
  if (raw === undefined || raw === 'auto') return 'auto';
  if (raw === 'system' || raw === 'user') return raw;
  if (/^\d+$/.test(raw)) return { message: Number(raw) };
  throw new UsageError(`replay: --prompt-target must be auto, system, user or a message number, got "${raw}"`);
}

function readText(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`replay: cannot read ${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export interface EditFlags {
  model?: string;
  provider?: ReplayProvider;
  systemFile?: string;
  promptFile?: string;
  promptTarget?: string;
  userFile?: string;
  sets: readonly string[];
}

export function editsFromFlags(flags: EditFlags): ReplayEdits {
  const edits: ReplayEdits = {};
  if (flags.promptFile !== undefined) {
    edits.template = { text: readText('--prompt-file', flags.promptFile), label: flags.promptFile, target: templateTarget(flags.promptTarget) };
  } else if (flags.promptTarget !== undefined) throw new UsageError('replay: --prompt-target needs --prompt-file');
  if (flags.systemFile !== undefined) edits.system = readText('--system-file', flags.systemFile);
  if (flags.userFile !== undefined) edits.append = [{ role: 'user', text: readText('--user-file', flags.userFile) }];
  if (flags.model !== undefined) edits.model = flags.model;
  if (flags.provider !== undefined) edits.provider = flags.provider;
  const parameters = parameterEdits(flags.sets);
  if (Object.keys(parameters).length > 0) edits.parameters = parameters;
  return edits;
}
